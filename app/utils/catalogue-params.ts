import { z } from "zod";
import type { CertificationType, TemperatureClass } from "../../db/schema";
import { parseYuanToFen } from "./money";
import { MAX_QUERY_LENGTH, parseSearchQuery, type ParsedSearch } from "./search";

// The catalogue's search parameters are typed by strangers and shared as links, so they
// are parsed leniently: a value that makes no sense is dropped (and reported, so the page
// can say so) instead of failing the request. Nothing here touches the database.

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

const MAX_CURSOR_LENGTH = 300;
// Timestamps travel in cursors as whole microseconds since 1970 (exact, unlike a JS Date),
// bounded so that turning one back into a timestamp can never overflow in SQL.
const MAX_EPOCH_MICROS = 4_102_444_800_000_000; // 2100-01-01
const MAX_RANK = 1_000_000;

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(120);
const id = z.number().int().positive().max(2_147_483_647);
const micros = z.number().int().min(0).max(MAX_EPOCH_MICROS).nullable();

const cursorSchema = z.discriminatedUnion("s", [
  z.object({ s: z.literal("newest"), t: micros, id }).strict(),
  z.object({ s: z.literal("price_asc"), p: z.number().int().min(0).max(100_000_000), id }).strict(),
  z.object({ s: z.literal("price_desc"), p: z.number().int().min(0).max(100_000_000), id }).strict(),
  z.object({ s: z.literal("relevance"), r: z.number().int().min(0).max(MAX_RANK), t: micros, id }).strict(),
]);

/** Where the previous page ended: the sort key of its last product and that product's id. */
export type CatalogueCursor = z.infer<typeof cursorSchema>;

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

function base64UrlDecode(encoded: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
  try {
    return atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
}

/** The opaque token a "next page" link carries. */
export function encodeCursor(cursor: CatalogueCursor): string {
  return base64UrlEncode(JSON.stringify(cursor));
}

/** The cursor in a token, or null for anything that is not one of ours. */
export function decodeCursor(token: string | null | undefined): CatalogueCursor | null {
  if (!token || token.length > MAX_CURSOR_LENGTH) return null;
  const text = base64UrlDecode(token);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** What a shopper typed, made safe to show again and to search for. */
export function cleanQueryText(raw: string): string {
  return raw.replace(/\p{Cc}/gu, " ").replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_LENGTH).trim();
}

function parseEnum<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

export function parseCatalogueParams(params: URLSearchParams): CatalogueQuery {
  const ignored: CatalogueParam[] = [];
  const present = (name: CatalogueParam) => {
    const value = params.get(name);
    return value === null || value.trim() === "" ? null : value.trim();
  };

  const rawQ = params.get("q") ?? "";
  const q = cleanQueryText(rawQ);
  const search = q ? parseSearchQuery(q) : null;
  if (q && !search) ignored.push("q");

  const filters: CatalogueFilters = {};
  const category = present("category");
  if (category !== null) {
    if (slug.safeParse(category).success) filters.category = category;
    else ignored.push("category");
  }
  const coop = present("coop");
  if (coop !== null) {
    if (slug.safeParse(coop).success) filters.coop = coop;
    else ignored.push("coop");
  }
  const cert = present("cert");
  if (cert !== null) {
    filters.cert = parseEnum(CERTIFICATION_TYPES, cert);
    if (!filters.cert) ignored.push("cert");
  }
  const temp = present("temp");
  if (temp !== null) {
    filters.temp = parseEnum(TEMPERATURE_CLASSES, temp);
    if (!filters.temp) ignored.push("temp");
  }
  for (const name of ["min", "max"] as const) {
    const raw = present(name);
    if (raw === null) continue;
    const fen = parseYuanToFen(raw);
    if (fen === null || fen > 100_000_000) ignored.push(name);
    else filters[name === "min" ? "minFen" : "maxFen"] = fen;
  }
  let swappedPriceRange = false;
  if (filters.minFen !== undefined && filters.maxFen !== undefined && filters.minFen > filters.maxFen) {
    [filters.minFen, filters.maxFen] = [filters.maxFen, filters.minFen];
    swappedPriceRange = true;
  }
  for (const key of Object.keys(filters) as (keyof CatalogueFilters)[]) {
    if (filters[key] === undefined) delete filters[key];
  }

  const rawSort = present("sort");
  const requestedSort = parseEnum(CATALOGUE_SORTS, rawSort);
  if (rawSort !== null && !requestedSort) ignored.push("sort");
  let sort: CatalogueSort = requestedSort ?? (search ? "relevance" : "newest");
  // Relevance means nothing without a search (the shopper cleared the box): newest instead.
  if (sort === "relevance" && !search) sort = "newest";

  const rawCursor = present("cursor");
  let cursor = decodeCursor(rawCursor);
  if (cursor && cursor.s !== sort) cursor = null;
  if (rawCursor !== null && !cursor) ignored.push("cursor");

  return { q, search, filters, sort, cursor, ignored, swappedPriceRange };
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
