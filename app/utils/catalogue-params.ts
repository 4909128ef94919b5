import { z } from "zod";
import {
  CATALOGUE_SORTS,
  CERTIFICATION_TYPES,
  TEMPERATURE_CLASSES,
  type CatalogueCursor,
  type CatalogueFilters,
  type CatalogueParam,
  type CatalogueQuery,
  type CatalogueSort,
} from "~/utils/catalogue-links";
import { parseYuanToFen } from "~/utils/money";
import { MAX_QUERY_LENGTH, parseSearchQuery } from "~/utils/search";

// Pages import the names, types and link builders from catalogue-links.ts (no zod in the
// browser); they are re-exported here for the server code and tests that parse and link.
export * from "~/utils/catalogue-links";

// The catalogue's search parameters are typed by strangers and shared as links, so they
// are parsed leniently: a value that makes no sense is dropped (and reported, so the page
// can say so) instead of failing the request. Nothing here touches the database.

const MAX_CURSOR_LENGTH = 300;
// Timestamps travel in cursors as whole microseconds since 1970 (exact, unlike a JS Date),
// bounded so that turning one back into a timestamp can never overflow in SQL.
const MAX_EPOCH_MICROS = 4_102_444_800_000_000; // 2100-01-01
/**
 * Relevance tiers, best first (tierOf in models/catalogue/search.server.ts): from "a name is the
 * query" (0) to "only the description mentions it" (7).
 */
export const RELEVANCE_TIERS = 8;
const MAX_SALES = 2_147_483_647;

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(120);
const id = z.number().int().positive().max(2_147_483_647);
const micros = z.number().int().min(0).max(MAX_EPOCH_MICROS).nullable();

const cursorSchema = z.discriminatedUnion("s", [
  z.object({ s: z.literal("newest"), t: micros, id }).strict(),
  z.object({ s: z.literal("price_asc"), p: z.number().int().min(0).max(100_000_000), id }).strict(),
  z.object({ s: z.literal("price_desc"), p: z.number().int().min(0).max(100_000_000), id }).strict(),
  z.object({ s: z.literal("relevance"), r: z.number().int().min(0).max(RELEVANCE_TIERS - 1), a: z.union([z.literal(0), z.literal(1)]), n: z.number().int().min(0).max(MAX_SALES), id }).strict(),
]) satisfies z.ZodType<CatalogueCursor>;

/** Route parameters and the size picked in a product URL. */
export const slugParamsSchema = z.object({ slug });
export const skuSchema = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/);

function base64UrlDecode(encoded: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
  try {
    return atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
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

