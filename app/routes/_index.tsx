import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckIcon } from "~/components/catalogue/cert-badges";
import { CooperativeList } from "~/components/catalogue/cooperative-card";
import { ProductGrid } from "~/components/catalogue/product-card";
import { SectionHeading } from "~/components/catalogue/section-heading";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getSeasonalPicks, listCategories, listCooperatives } from "~/models/catalogue.server";
import catalogueStyles from "~/styles/catalogue.css";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { publicPageCache } from "~/services/page-cache.server";
import { publicPageHeaders } from "~/utils/http-cache.server";
import { htmlOnlyPage } from "~/utils/hydration";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { canonicalUrl, errorMeta, seoMeta } from "~/utils/seo";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];
export const headers = publicPageHeaders;
export const handle = htmlOnlyPage;

const HOME_COOPERATIVES = 6;

export async function loader({ request }: LoaderFunctionArgs) {
  // A visitor who already has this page gets a 304 before any catalogue query.
  const cache = await publicPageCache(request);
  if (cache.notModified) return cache.notModified;
  const locale = await getLocale(request);
  const today = chinaToday();
  const [picks, categories, cooperatives, t, common] = await Promise.all([
    getSeasonalPicks(db(), { locale, today }),
    listCategories(db(), { locale }),
    listCooperatives(db(), { locale }),
    getFixedT(locale, "catalogue"),
    getFixedT(locale, "common"),
  ]);
  // Cooperatives with the most on sale first: the home page shows a handful.
  const featured = [...cooperatives].sort((a, b) => b.productCount - a.productCount).slice(0, HOME_COOPERATIVES);
  const monthName = new Intl.DateTimeFormat("en", { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2000, picks.month - 1, 1)));
  return json({
    picks,
    monthName,
    categories,
    cooperatives: featured,
    seo: {
      title: t("meta.homeTitle"),
      description: t("meta.homeDescription"),
      canonical: canonicalUrl(getEnv().publicUrl, "/"),
      type: "website" as const,
      locale,
      siteName: common("brand.name"),
    },
  }, { headers: cache.headers });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? seoMeta(data.seo) : errorMeta(matches));

export default function Home() {
  const { picks, monthName, categories, cooperatives } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalogue");
  return (
    <div className="home">
      <section className="hero" aria-labelledby="hero-title">
        <div className="hero__text">
          <p className="hero__eyebrow">{t("home.eyebrow")}</p>
          <h1 id="hero-title">{t("home.title")}</h1>
          <p className="hero__lead">{t("home.lead")}</p>
          <p className="hero__actions">
            <Link to="/products" className="button hero__cta">
              {t("home.shopAll")}
            </Link>
            <Link to="/cooperatives" className="button button--ghost hero__secondary">
              {t("home.meetCooperatives")}
            </Link>
          </p>
        </div>
        <svg className="hero__art" viewBox="0 0 400 260" preserveAspectRatio="xMidYMax slice" aria-hidden="true" focusable="false">
          <path d="M0 200 L70 110 L120 160 L190 70 L260 150 L310 100 L400 190 L400 260 L0 260Z" fill="#2f7d4f" opacity=".35" />
          <path d="M0 230 L90 150 L150 200 L230 120 L320 200 L400 160 L400 260 L0 260Z" fill="#1f5f3f" opacity=".55" />
          <circle cx="320" cy="60" r="26" fill="#e8a33d" />
          <path d="M0 245 C80 225 160 262 240 240 S360 232 400 244 L400 260 L0 260Z" fill="#143d29" />
        </svg>
      </section>

      {/* The season's picks come straight after the greeting: on a phone the first screen shows products. */}
      <section className="home__section" aria-labelledby="picks-title" data-testid="seasonal-picks">
        <SectionHeading
          id="picks-title"
          title={picks.inSeason ? t("home.seasonalTitle", { month: picks.month, monthName }) : t("home.newestTitle")}
          lead={picks.inSeason ? t("home.seasonalLead") : t("home.newestLead")}
          link={{ to: "/products", label: t("home.viewAll") }}
        />
        <ProductGrid products={picks.products} priorityCount={2} />
      </section>

      <ul className="trust-points" aria-label={t("home.trust.label")}>
        {(["verified", "traced", "direct"] as const).map((key) => (
          <li key={key} className="trust-point">
            <span className="trust-point__icon" aria-hidden="true">
              <CheckIcon />
            </span>
            <div>
              <h2 className="trust-point__title">{t(`home.trust.${key}.title`)}</h2>
              <p>{t(`home.trust.${key}.body`)}</p>
            </div>
          </li>
        ))}
      </ul>

      <section className="home__section" aria-labelledby="categories-title">
        <SectionHeading id="categories-title" title={t("home.categoriesTitle")} />
        <ul className="category-tiles">
          {categories.map((category) => (
            <li key={category.slug}>
              <Link to={`/products?category=${category.slug}`} className="category-tile" data-category={category.slug}>
                <span className="category-tile__name">{category.name}</span>
                <span className="category-tile__count">{t("home.categoryCount", { count: category.productCount })}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="home__section" aria-labelledby="coops-title">
        <SectionHeading
          id="coops-title"
          title={t("home.cooperativesTitle")}
          lead={t("home.cooperativesLead")}
          link={{ to: "/cooperatives", label: t("home.allCooperatives") }}
        />
        <CooperativeList cooperatives={cooperatives} showStory={false} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
