import type { CertificationType, TemperatureClass } from "~db/schema";
import type { ParsedSearch } from "~/utils/search";

// The catalogue's parameters as pages use them: the names, the types, and the links built
// from a parsed query. No zod here, so pages can import this without shipping a validator to
// the browser; parsing what strangers type lives in catalogue-params.ts, on the server.

export const CERTIFICATION_TYPES = [
  "green_food",
  "organic",
  "geographical_indication",
  "pollution_free",
  "poverty_alleviation",
  "other",
] as const satisfies readonly CertificationType[];
export const TEMPERATURE_CLASSES = ["ambient", "chilled", "frozen"] as const satisfies readonly TemperatureClass[];
export const CATALOGUE_SORTS = ["relevance", "newest", "price_asc", "price_desc"] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

/** The parameters the catalogue understands, in the order links are written. */
export const CATALOGUE_PARAMS = ["q", "category", "cert", "coop", "temp", "min", "max", "sort", "cursor"] as const;
export type CatalogueParam = (typeof CATALOGUE_PARAMS)[number];

/** Where the previous page ended: the sort key of its last product and that product's id. */
export type CatalogueCursor =
  | { s: "newest"; t: number | null; id: number }
  | { s: "price_asc"; p: number; id: number }
  | { s: "price_desc"; p: number; id: number }
  /** Relevance: the tier (0 = a name is the query … 7 = only the description mentions it), in stock (1/0), sales, then name and id. */
  | { s: "relevance"; r: number; a: 0 | 1; n: number; id: number };

export interface CatalogueFilters {
  category?: string;
  cert?: CertificationType;
  coop?: string;
  temp?: TemperatureClass;
  minFen?: number;
  maxFen?: number;
}

export interface CatalogueQuery {
  /** What to show in the search box: control characters removed, at most MAX_QUERY_LENGTH. */
  q: string;
  search: ParsedSearch | null;
  filters: CatalogueFilters;
  sort: CatalogueSort;
  cursor: CatalogueCursor | null;
  /** Parameters that were present but made no sense, and so were not applied. */
  ignored: CatalogueParam[];
  /** True when min and max were given the wrong way round and have been swapped. */
  swappedPriceRange: boolean;
}

function base64UrlEncode(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The opaque token a "next page" link carries. */
export function encodeCursor(cursor: CatalogueCursor): string {
  return base64UrlEncode(JSON.stringify(cursor));
}

/** Fen as a shopper would type it back into a price box: "80", "79.9". */
export function fenToYuanInput(fen: number): string {
  if (fen % 100 === 0) return String(fen / 100);
  return (fen / 100).toFixed(2).replace(/0$/, "");
}

/**
 * The canonical search parameters of a query, with some of them replaced or removed:
 * links never repeat a value that was ignored, and a changed filter starts at page one.
 */
export function catalogueSearch(
  query: Pick<CatalogueQuery, "q" | "filters" | "sort" | "search">,
  changes: Partial<Record<CatalogueParam, string | null>> = {},
): string {
  const values: Partial<Record<CatalogueParam, string>> = {};
  if (query.q && query.search) values.q = query.q;
  if (query.filters.category) values.category = query.filters.category;
  if (query.filters.cert) values.cert = query.filters.cert;
  if (query.filters.coop) values.coop = query.filters.coop;
  if (query.filters.temp) values.temp = query.filters.temp;
  if (query.filters.minFen !== undefined) values.min = fenToYuanInput(query.filters.minFen);
  if (query.filters.maxFen !== undefined) values.max = fenToYuanInput(query.filters.maxFen);
  const defaultSort: CatalogueSort = query.search ? "relevance" : "newest";
  if (query.sort !== defaultSort) values.sort = query.sort;
  for (const [name, value] of Object.entries(changes) as [CatalogueParam, string | null][]) {
    if (value === null || value === "") delete values[name];
    else values[name] = value;
  }
  const params = new URLSearchParams();
  for (const name of CATALOGUE_PARAMS) {
    const value = values[name];
    if (value !== undefined) params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** How many filters (not the search, not the sort) narrow the list. */
export function activeFilterCount(filters: CatalogueFilters): number {
  const { minFen, maxFen, ...rest } = filters;
  const price = minFen !== undefined || maxFen !== undefined ? 1 : 0;
  return Object.values(rest).filter((value) => value !== undefined).length + price;
}
