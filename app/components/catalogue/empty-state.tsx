import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CategorySummary, FilterOption } from "~/types/catalogue";
import { catalogueSearch, fenToYuanInput, type CatalogueParam, type CatalogueQuery } from "~/utils/catalogue-links";

type Query = Pick<CatalogueQuery, "q" | "search" | "filters" | "sort">;

/** When nothing matches: which filter to drop, what others search for, where to browse. */
export function CatalogueEmptyState({
  query,
  categories,
  cooperatives,
  suggestion = null,
}: {
  query: Query;
  categories: readonly CategorySummary[];
  cooperatives: readonly FilterOption[];
  /** A spelling or pinyin reading of the query that finds something. */
  suggestion?: string | null;
}) {
  const { t } = useTranslation("catalogue");
  const { filters } = query;
  const removals: { param: CatalogueParam | "price"; label: string }[] = [];
  if (filters.category) removals.push({ param: "category", label: categories.find((c) => c.slug === filters.category)?.name ?? filters.category });
  if (filters.cert) removals.push({ param: "cert", label: t(`certTypes.${filters.cert}`) });
  if (filters.coop) removals.push({ param: "coop", label: cooperatives.find((c) => c.slug === filters.coop)?.name ?? filters.coop });
  if (filters.temp) removals.push({ param: "temp", label: t(`temperatures.${filters.temp}`) });
  if (filters.minFen !== undefined || filters.maxFen !== undefined) {
    const min = filters.minFen !== undefined ? `¥${fenToYuanInput(filters.minFen)}` : "";
    const max = filters.maxFen !== undefined ? `¥${fenToYuanInput(filters.maxFen)}` : "";
    removals.push({ param: "price", label: `${min}–${max}` });
  }
  // The closest categories first: those sharing a character with the query or the suggestion.
  const wanted = new Set([...(query.q + (suggestion ?? ""))].filter((c) => /\p{Script=Han}/u.test(c)));
  const closeness = (name: string) => [...name].filter((c) => wanted.has(c)).length;
  const byCloseness = [...categories].sort((a, b) => closeness(b.name) - closeness(a.name));
  const popular = t("search.empty.popularSearches", { returnObjects: true }) as unknown;
  const popularSearches = Array.isArray(popular) ? (popular as string[]) : [];
  return (
    <section className="empty-state card" aria-labelledby="empty-title">
      <h2 id="empty-title">{t("search.empty.title")}</h2>
      {query.search ? <p>{t("search.empty.withQuery", { q: query.q })}</p> : null}
      {suggestion ? (
        <p className="empty-state__suggestion">
          {t("search.empty.didYouMean")}{" "}
          <Link to={`/products${catalogueSearch(query, { q: suggestion, cursor: null })}`}>{suggestion}</Link>
        </p>
      ) : null}
      {removals.length > 0 || query.search ? (
        <>
          <p className="empty-state__label">{t("search.empty.tryRemoving")}</p>
          <ul className="chip-list">
            {query.search ? (
              <li>
                <Link className="chip" to={`/products${catalogueSearch(query, { q: null, sort: null })}`}>
                  {t("search.empty.removeQuery")}
                </Link>
              </li>
            ) : null}
            {removals.map((removal) => (
              <li key={removal.param}>
                <Link
                  className="chip"
                  to={`/products${catalogueSearch(query, removal.param === "price" ? { min: null, max: null } : { [removal.param]: null })}`}
                >
                  {t("search.empty.remove", { label: removal.label })}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="empty-state__label">{t("search.empty.popular")}</p>
      <ul className="chip-list">
        {popularSearches.map((term) => (
          <li key={term}>
            <Link className="chip" to={`/products?${new URLSearchParams({ q: term })}`}>
              {term}
            </Link>
          </li>
        ))}
      </ul>
      <p className="empty-state__label">{t("search.empty.browseCategories")}</p>
      <ul className="chip-list">
        {byCloseness.map((category) => (
          <li key={category.slug}>
            <Link className="chip" to={`/products?${new URLSearchParams({ category: category.slug })}`}>
              {category.name}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
