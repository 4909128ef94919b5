import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/forms";
import { formatDay } from "~/components/stays/format";
import { StayGrid } from "~/components/stays/stay-card";
import { parseStayFilters, staySearchQuery, MAX_GUESTS, type StayFilters } from "~/schemas/stays";
import { staySearchPage } from "~/services/stay-pages.server";
import staysStyles from "~/styles/stays.css";
import type { StayCardView } from "~/types/stays";
import { chinaToday } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { PERSONAL_CACHE_CONTROL, PUBLIC_VARY, publicPageHeaders } from "~/utils/http-cache.server";
import { htmlOnlyPage } from "~/utils/hydration";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { canonicalUrl, errorMeta, seoMeta, summarize } from "~/utils/seo";
import { KeysetPagination } from "~/components/catalogue/pagination";

// Finding a stay or a farm experience: a plain GET form and links, HTML only like the catalogue.
// With dates, only places free for every night of the range are listed; keyset paging by id.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staysStyles }];
export const headers = publicPageHeaders;
export const handle = htmlOnlyPage;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const locale = await getLocale(request);
  const { filters, ignored } = parseStayFilters(url.searchParams);
  const [page, t, common] = await Promise.all([staySearchPage(db(), { filters, locale }), getFixedT(locale, "stays"), getFixedT(locale, "common")]);
  const { after: _after, ...withoutCursor } = filters;
  return json(
    {
      filters: withoutCursor,
      locale,
      ignored,
      today: chinaToday(),
      listings: page.listings,
      counties: page.counties,
      onLaterPage: filters.after !== undefined,
      nextPage: page.nextAfter !== null ? `/stays${staySearchQuery(withoutCursor, { after: page.nextAfter })}` : null,
      firstPage: `/stays${staySearchQuery(withoutCursor)}`,
      seo: {
        title: t("meta.listTitle"),
        description: summarize(t("meta.listDescription")),
        canonical: canonicalUrl(getEnv().publicUrl, "/stays"),
        type: "website" as const,
        locale,
        siteName: common("brand.name"),
        noindex: url.search.length > 0,
      },
    },
    // Free nights change with every booking: never a shared copy.
    { headers: { "Cache-Control": PERSONAL_CACHE_CONTROL, Vary: PUBLIC_VARY } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? seoMeta(data.seo) : errorMeta(matches));

/** The link of a card: the stay page, carrying the dates and guests searched for. */
function stayHref(stay: StayCardView, filters: StayFilters): string {
  const params = new URLSearchParams();
  if (filters.checkIn && filters.checkOut) {
    params.set("checkIn", filters.checkIn);
    params.set("checkOut", filters.checkOut);
  }
  if (filters.guests) params.set("guests", String(filters.guests));
  const query = params.toString();
  return `/stays/${stay.slug}${query ? `?${query}` : ""}${query && stay.kind === "stay" ? "#price" : ""}`;
}

export default function StaysIndex() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("stays");
  const { filters } = data;
  return (
    <div className="stays">
      <header className="stays__header">
        <h1>{t("search.title")}</h1>
        <p className="muted">{t("search.intro")}</p>
      </header>
      {data.ignored.length > 0 ? (
        <p className="notice notice--warn">
          {t("search.ignored", { params: data.ignored.map((name) => t(`search.paramNames.${name}`)).join(t("search.listSeparator")) })}
        </p>
      ) : null}
      <div className="stays__layout">
        <section className="stays__filters card" aria-labelledby="stay-filters-title">
          <h2 id="stay-filters-title">{t("search.filtersTitle")}</h2>
          <form method="get" action="/stays" className="stay-filters" data-testid="stay-filters">
            <SelectField id="stay-county" name="county" label={t("search.county")} defaultValue={filters.county ?? ""}>
              <option value="">{t("search.anyCounty")}</option>
              {data.counties.map((county) => (
                <option key={county.value} value={county.value}>
                  {county.label}
                </option>
              ))}
            </SelectField>
            <div className="stay-filters__dates">
              <Field id="stay-check-in" name="checkIn" type="date" label={t("search.checkIn")} min={data.today} defaultValue={filters.checkIn ?? ""} />
              <Field id="stay-check-out" name="checkOut" type="date" label={t("search.checkOut")} min={data.today} defaultValue={filters.checkOut ?? ""} />
            </div>
            <Field id="stay-guests" name="guests" type="number" inputMode="numeric" min={1} max={MAX_GUESTS} label={t("search.guests")} defaultValue={filters.guests ?? ""} />
            {/* Type and price narrow a search rarely: folded away on a phone unless one is set. */}
            <details className="stay-filters__more" open={filters.kind || filters.maxPriceFen ? true : undefined}>
              <summary>{t("search.more")}</summary>
              <SelectField id="stay-kind" name="kind" label={t("search.kind")} defaultValue={filters.kind ?? ""}>
                <option value="">{t("search.anyKind")}</option>
                <option value="stay">{t("kinds.stay")}</option>
                <option value="experience">{t("kinds.experience")}</option>
              </SelectField>
              <Field
                id="stay-max"
                name="max"
                type="number"
                inputMode="numeric"
                min={1}
                label={t("search.maxPrice")}
                hint={t("search.maxPriceHint")}
                defaultValue={filters.maxPriceFen ? Math.floor(filters.maxPriceFen / 100) : ""}
              />
            </details>
            <div className="stay-filters__actions">
              <button type="submit" className="button">
                {t("search.submit")}
              </button>
              {data.firstPage !== "/stays" ? (
                <Link to="/stays" className="button button--ghost">
                  {t("search.reset")}
                </Link>
              ) : null}
            </div>
          </form>
        </section>
        <section className="stays__results" aria-labelledby="stay-results-title">
          <h2 id="stay-results-title" className="visually-hidden">
            {t("search.resultsLabel")}
          </h2>
          {filters.checkIn && filters.checkOut ? <p className="muted">{t("search.datesNote", { checkIn: formatDay(filters.checkIn, data.locale), checkOut: formatDay(filters.checkOut, data.locale) })}</p> : null}
          <p className="stays__count" role="status" data-testid="stay-count">
            {t("search.count", { count: data.listings.length })}
          </p>
          {data.listings.length > 0 ? (
            <StayGrid stays={data.listings} hrefFor={(stay) => stayHref(stay, filters)} label={t("search.resultsLabel")} />
          ) : (
            <p className="notice" data-testid="stay-none">
              {t("search.none")}
            </p>
          )}
          <KeysetPagination page={data} namespace="stays" nextTestId="stay-next" />
        </section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
