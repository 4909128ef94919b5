import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Breadcrumbs } from "~/components/catalogue/breadcrumbs";
import { CompactCertificateList } from "~/components/product/certificate-list";
import { PinIcon } from "~/components/catalogue/cooperative-card";
import { ImpactSection } from "~/components/catalogue/impact-section";
import { publicCooperativeImpact } from "~/models/impact.server";
import { ProductGrid } from "~/components/catalogue/product-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getCooperativeProfile } from "~/models/catalogue.server";
import catalogueStyles from "~/styles/catalogue.css";
import { slugParamsSchema } from "~/utils/catalogue-params.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { publicPageCache } from "~/services/page-cache.server";
import { publicPageHeaders } from "~/utils/http-cache.server";
import { htmlOnlyPage } from "~/utils/hydration";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { notFound } from "~/utils/responses.server";
import { canonicalUrl, errorMeta, seoMeta, summarize } from "~/utils/seo";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];
export const headers = publicPageHeaders;
export const handle = htmlOnlyPage;


export async function loader({ request, params }: LoaderFunctionArgs) {
  // A visitor who already has this page gets a 304 before any catalogue query.
  const cache = await publicPageCache(request);
  if (cache.notModified) return cache.notModified;
  const parsed = slugParamsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const locale = await getLocale(request);
  const cooperative = await getCooperativeProfile(db(), { slug: parsed.data.slug, locale, today: chinaToday() });
  if (!cooperative) throw notFound();
  const [t, common] = await Promise.all([getFixedT(locale, "catalogue"), getFixedT(locale, "common")]);
  return json({
    cooperative,
    impact: await publicCooperativeImpact(db(), { slug: cooperative.slug, today: chinaToday() }),
    trail: [{ name: t("product.home"), to: "/" }, { name: t("cooperatives.cooperatives"), to: "/cooperatives" }, { name: cooperative.name }],
    seo: {
      title: t("meta.cooperativeTitle", { name: cooperative.name, county: cooperative.county }),
      description: summarize(cooperative.story || t("meta.cooperativesDescription")),
      canonical: canonicalUrl(getEnv().publicUrl, `/cooperatives/${cooperative.slug}`),
      type: "website" as const,
      locale,
      siteName: common("brand.name"),
    },
  }, { headers: cache.headers });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? seoMeta(data.seo) : errorMeta(matches));

export default function CooperativePage() {
  const { cooperative, impact, trail } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalogue");
  const hasTrust = cooperative.brands.length > 0 || cooperative.certificates.length > 0;
  return (
    <div className="coop-profile" data-testid="cooperative">
      <Breadcrumbs trail={trail} label={t("product.breadcrumbs")} />
      <header className="coop-profile__hero">
        <span className="coop-profile__mark" aria-hidden="true">
          {[...cooperative.name][0]}
        </span>
        <div>
          <h1>{cooperative.name}</h1>
          <p className="coop-profile__county">
            <PinIcon />
            {cooperative.county}
          </p>
        </div>
      </header>
      <dl className="coop-profile__stats">
        {cooperative.memberHouseholds !== null ? (
          <div>
            <dt>{t("cooperatives.membersLabel")}</dt>
            <dd>{t("cooperatives.statMembers", { count: cooperative.memberHouseholds })}</dd>
          </div>
        ) : null}
        {cooperative.foundedYear !== null ? (
          <div>
            <dt>{t("cooperatives.foundedLabel")}</dt>
            <dd>{t("cooperatives.statFounded", { year: cooperative.foundedYear })}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("cooperatives.productsTitle")}</dt>
          <dd>{t("cooperatives.statProducts", { count: cooperative.products.length })}</dd>
        </div>
      </dl>

      <div className="coop-profile__columns">
        {cooperative.story ? (
          <section className="coop-profile__story" aria-labelledby="story-title">
            <h2 id="story-title">{t("cooperatives.storyTitle")}</h2>
            {cooperative.story.split(/\n\s*\n/).map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </section>
        ) : null}
        <section className="coop-profile__trust card" aria-labelledby="trust-title">
          <h2 id="trust-title" className="visually-hidden">
            {t("cooperatives.brandsTitle")} / {t("cooperatives.certificatesTitle")}
          </h2>
          {!hasTrust ? <p className="muted">{t("cooperatives.noTrust")}</p> : null}
          {cooperative.brands.length > 0 ? (
            <>
              <h3>{t("cooperatives.brandsTitle")}</h3>
              <ul className="trust-list">
                {cooperative.brands.map((brand) => (
                  <li key={`${brand.registrationNumber}-${brand.niceClass}`}>
                    <strong>
                      {brand.name}
                      <span aria-hidden="true">®</span>
                    </strong>
                    <span className="muted">
                      {t("cooperatives.registrationNumber", { number: brand.registrationNumber })} ·{" "}
                      {t("cooperatives.niceClass", { class: brand.niceClass })}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {cooperative.certificates.length > 0 ? (
            <>
              <h3>{t("cooperatives.certificatesTitle")}</h3>
              <CompactCertificateList certificates={cooperative.certificates} validity={(c) => t("cooperatives.validUntil", { date: c.expiresOn })} />
            </>
          ) : null}
        </section>
      </div>

      {impact ? <ImpactSection impact={impact} /> : null}

      <section className="coop-profile__products" aria-labelledby="products-title">
        <h2 id="products-title">{t("cooperatives.productsTitle")}</h2>
        {cooperative.products.length > 0 ? (
          <ProductGrid products={cooperative.products} />
        ) : (
          <p className="muted">{t("cooperatives.noProducts")}</p>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
