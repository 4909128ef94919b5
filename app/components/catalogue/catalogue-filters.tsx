import { Form, Link, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/forms";
import { useHydrated } from "~/utils/hydration";
import type { CategorySummary, FilterOption } from "~/types/catalogue";
import {
  activeFilterCount,
  catalogueSearch,
  CATALOGUE_SORTS,
  CERTIFICATION_TYPES,
  fenToYuanInput,
  TEMPERATURE_CLASSES,
  type CatalogueQuery,
} from "~/utils/catalogue-links";

type Query = Pick<CatalogueQuery, "q" | "search" | "filters" | "sort">;

/**
 * The filter panel: a plain GET form, so it works before JavaScript loads. It is folded
 * away on phones unless a filter is applied, and unfolded on wide screens. The catalogue
 * script (app/enhance/catalogue.ts) applies `data-autosubmit` forms on change and hides
 * their `data-apply` buttons.
 */
export function CatalogueFilters({
  query,
  categories,
  cooperatives,
}: {
  query: Query;
  categories: readonly CategorySummary[];
  cooperatives: readonly FilterOption[];
}) {
  const { t } = useTranslation("catalogue");
  const count = activeFilterCount(query.filters);
  const { filters } = query;
  // Each form gets a fresh key per query so its fields show the applied values after a navigation.
  const formKey = catalogueSearch(query);
  return (
    <details className="catalogue-filters" open={count > 0 || undefined}>
      <summary className="catalogue-filters__summary">
        <FilterIcon />
        {count > 0 ? t("search.filtersActive", { count }) : t("search.filtersTitle")}
      </summary>
      <Form method="get" action="/products" className="catalogue-filters__form" key={formKey} data-autosubmit>
        {query.search ? <input type="hidden" name="q" value={query.q} /> : null}
        {query.sort !== (query.search ? "relevance" : "newest") ? <input type="hidden" name="sort" value={query.sort} /> : null}
        <SelectField id="filter-category" label={t("search.category")} name="category" defaultValue={filters.category ?? ""}>
          <option value="">{t("search.anyCategory")}</option>
          {categories.map((category) => (
            <option key={category.slug} value={category.slug}>
              {category.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-cert" label={t("search.cert")} name="cert" defaultValue={filters.cert ?? ""}>
          <option value="">{t("search.anyCert")}</option>
          {CERTIFICATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`certTypes.${type}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-coop" label={t("search.coop")} name="coop" defaultValue={filters.coop ?? ""}>
          <option value="">{t("search.anyCoop")}</option>
          {cooperatives.map((coop) => (
            <option key={coop.slug} value={coop.slug}>
              {coop.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-temp" label={t("search.temp")} name="temp" defaultValue={filters.temp ?? ""}>
          <option value="">{t("search.anyTemp")}</option>
          {TEMPERATURE_CLASSES.map((temp) => (
            <option key={temp} value={temp}>
              {t(`temperatures.${temp}`)}
            </option>
          ))}
        </SelectField>
        <fieldset className="catalogue-filters__price">
          <legend>{t("search.priceRange")}</legend>
          <Field id="filter-min" label={t("search.min")} name="min" type="number" inputMode="decimal" min="0" step="0.01" defaultValue={filters.minFen !== undefined ? fenToYuanInput(filters.minFen) : ""} />
          <Field id="filter-max" label={t("search.max")} name="max" type="number" inputMode="decimal" min="0" step="0.01" defaultValue={filters.maxFen !== undefined ? fenToYuanInput(filters.maxFen) : ""} />
        </fieldset>
        <div className="catalogue-filters__actions">
          <button type="submit" data-apply>
            {t("search.apply")}
          </button>
          {count > 0 ? (
            <Link to={`/products${catalogueSearch({ ...query, filters: {} })}`} className="button button--ghost">
              {t("search.clear")}
            </Link>
          ) : null}
        </div>
      </Form>
    </details>
  );
}

/** The sort menu: changes apply at once once the page runs scripts, with a button until then. */
export function SortForm({ query }: { query: Query }) {
  const { t } = useTranslation("catalogue");
  const submit = useSubmit();
  const hydrated = useHydrated();
  const { filters } = query;
  const hidden: [string, string][] = [];
  if (query.search) hidden.push(["q", query.q]);
  if (filters.category) hidden.push(["category", filters.category]);
  if (filters.cert) hidden.push(["cert", filters.cert]);
  if (filters.coop) hidden.push(["coop", filters.coop]);
  if (filters.temp) hidden.push(["temp", filters.temp]);
  if (filters.minFen !== undefined) hidden.push(["min", fenToYuanInput(filters.minFen)]);
  if (filters.maxFen !== undefined) hidden.push(["max", fenToYuanInput(filters.maxFen)]);
  const sorts = CATALOGUE_SORTS.filter((sort) => sort !== "relevance" || query.search);
  return (
    <Form method="get" action="/products" className="sort-form" key={catalogueSearch(query)} data-autosubmit>
      {hidden.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor="catalogue-sort">{t("search.sort")}</label>
      <select id="catalogue-sort" name="sort" defaultValue={query.sort} onChange={(event) => submit(event.currentTarget.form)}>
        {sorts.map((sort) => (
          <option key={sort} value={sort}>
            {t(`search.sorts.${sort}`)}
          </option>
        ))}
      </select>
      {hydrated ? null : (
        <button type="submit" className="button--ghost" data-apply>
          {t("search.applySort")}
        </button>
      )}
    </Form>
  );
}

function FilterIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d="M4 6h16M7 12h10M10 18h4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
