import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CatalogueEmptyState } from "~/components/catalogue/empty-state";
import { CatalogueFilters, SortForm } from "~/components/catalogue/catalogue-filters";
import { EnhanceScript } from "~/components/catalogue/enhance-script";
import { ProductGrid } from "~/components/catalogue/product-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listCategories, listCooperativeOptions, searchCatalogue, suggestSearch } from "~/models/catalogue.server";
import catalogueStyles from "~/styles/catalogue.css";
import { catalogueSearch, encodeCursor } from "~/utils/catalogue-links";
import { parseCatalogueParams } from "~/utils/catalogue-params.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { publicPageCache } from "~/services/page-cache.server";
import { enhanceScriptSrc } from "~/utils/enhance-script.server";
import { publicPageHeaders } from "~/utils/http-cache.server";
import { htmlOnlyPage } from "~/utils/hydration";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { canonicalUrl, errorMeta, seoMeta, summarize } from "~/utils/seo";
import { KeysetPagination } from "~/components/catalogue/pagination";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];
export const headers = publicPageHeaders;
export const handle = htmlOnlyPage;

export async function loader({ request }: LoaderFunctionArgs) {
  // A visitor who already has this page gets a 304 before any catalogue query.
  const cache = await publicPageCache(request);
  if (cache.notModified) return cache.notModified;
  const url = new URL(request.url);
  const locale = await getLocale(request);
  // Anything unparseable is dropped here (and reported on the page), never passed on.
  const query = parseCatalogueParams(url.searchParams);
  const today = chinaToday();
  const [page, categories, cooperatives, t, common] = await Promise.all([
    searchCatalogue(db(), { ...query, locale, today }),
    listCategories(db(), { locale }),
    listCooperativeOptions(db(), { locale }),
    getFixedT(locale, "catalogue"),
    getFixedT(locale, "common"),
  ]);
  // No dead ends: a search that found nothing offers what it probably meant.
  const suggestion = page.total === 0 && query.search ? await suggestSearch(db(), query.search) : null;
  const seo = {
    title: query.search ? t("meta.searchTitle", { q: query.q }) : t("meta.productsTitle"),
    description: summarize(t("meta.productsDescription")),
    canonical: canonicalUrl(getEnv().publicUrl, "/products"),
    type: "website" as const,
    locale,
    siteName: common("brand.name"),
    // Search results and later pages are for people; the plain catalogue is for crawlers.
    noindex: Boolean(query.search || query.cursor || query.ignored.length),
  };
  return json({
    query: { q: query.q, search: query.search, filters: query.filters, sort: query.sort },
    onLaterPage: query.cursor !== null,
    ignored: query.ignored,
    swappedPriceRange: query.swappedPriceRange,
    products: page.products,
    total: page.total,
    suggestion,
    nextPage: page.nextCursor ? `/products${catalogueSearch(query, { cursor: encodeCursor(page.nextCursor) })}` : null,
    firstPage: `/products${catalogueSearch(query)}`,
    categories,
    cooperatives,
    seo,
    enhanceScript: enhanceScriptSrc(),
  }, { headers: cache.headers });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? seoMeta(data.seo) : errorMeta(matches));

export default function ProductsIndex() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalogue");
  const { query } = data;
  const ignoredParams = data.ignored.filter((param) => param !== "q");
  return (
    <div className="catalogue">
      <header className="catalogue__header">
        <h1>{query.search ? t("search.resultsFor", { q: query.q }) : t("search.title")}</h1>
      </header>
      {data.ignored.includes("q") ? <p className="notice notice--warn">{t("search.noSearchable")}</p> : null}
      {ignoredParams.length > 0 ? (
        <p className="notice notice--warn">
          {t("search.ignored", { params: ignoredParams.map((param) => t(`search.paramNames.${param}`)).join(t("search.listSeparator")) })}
        </p>
      ) : null}
      {data.swappedPriceRange ? <p className="notice notice--warn">{t("search.swapped")}</p> : null}
      <div className="catalogue__layout">
        <aside className="catalogue__aside">
          <CatalogueFilters query={query} categories={data.categories} cooperatives={data.cooperatives} />
        </aside>
        <section className="catalogue__results" aria-labelledby="results-title">
          <h2 id="results-title" className="visually-hidden">
            {t("search.resultsLabel")}
          </h2>
          <div className="catalogue__toolbar">
            <p className="catalogue__count" role="status" data-testid="result-count">
              {t("search.count", { count: data.total })}
            </p>
            <SortForm query={query} />
          </div>
          {data.products.length > 0 ? (
            <ProductGrid products={data.products} label={t("search.resultsLabel")} priorityCount={2} />
          ) : data.total === 0 ? (
            <CatalogueEmptyState query={query} categories={data.categories} cooperatives={data.cooperatives} suggestion={data.suggestion} />
          ) : null}
          <KeysetPagination page={data} namespace="catalogue" prefetch="intent" />
        </section>
      </div>
      <EnhanceScript src={data.enhanceScript} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
