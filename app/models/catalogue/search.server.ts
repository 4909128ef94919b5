import { sql, type Kysely, type RawBuilder, type SqlBool } from "kysely";
import type { Database } from "../../../db/schema";
import type { Locale } from "~/i18n";
import type { CatalogueCursor, CatalogueFilters, CatalogueSort } from "~/utils/catalogue-params";
import { catalogueMemo } from "~/utils/http-cache.server";
import { escapeLike, type ParsedSearch } from "~/utils/search";
import { cardsFor, publicProduct, selectCardColumns, shownToShoppers, type CardRow, type ProductCard } from "./shared.server";

// The public catalogue list: search, filters, four sorts and keyset pagination.
//
// Every sort ends with the product id, so the order is total and a cursor (the sort key
// of the last product shown plus its id) says exactly where the next page starts: no
// product repeats or goes missing between pages, whatever is inserted meanwhile.

export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 100;

// Relevance ranks: an exact name first, then names containing the query (shorter names
// first: "奉节脐橙" before "奉节脐橙果干片"), then everything else that matched.
const EXACT_NAME = 0;
const OTHER_MATCH = 100_000;

export interface CatalogueSearch {
  search: ParsedSearch | null;
  filters: CatalogueFilters;
  sort: CatalogueSort;
  cursor: CatalogueCursor | null;
  locale: Locale;
  /** The China day certificates are judged on, bound as a parameter. */
  today: string;
  pageSize?: number;
}

export interface CataloguePage {
  products: ProductCard[];
  total: number;
  nextCursor: CatalogueCursor | null;
}

function likeContains(fragment: string): string {
  return `%${escapeLike(fragment)}%`;
}

/** Everything that decides whether a product is in the list (not where the page starts). */
function matches({ search, filters, today }: Pick<CatalogueSearch, "search" | "filters" | "today">): RawBuilder<SqlBool> {
  const conditions: RawBuilder<unknown>[] = [publicProduct("p")];
  if (search) {
    // The GIN index narrows by tokens; the LIKE then insists on each phrase as typed.
    conditions.push(sql`p.search_tokens @> ARRAY[${sql.join(search.tokens)}]::text[]`);
    for (const phrase of search.phrases) {
      conditions.push(sql`p.search_text LIKE ${likeContains(phrase)} ESCAPE '\\'`);
    }
  }
  if (filters.category) {
    conditions.push(sql`p.category_id = (SELECT cat.id FROM categories cat WHERE cat.slug = ${filters.category})`);
  }
  if (filters.coop) {
    conditions.push(sql`p.cooperative_id = (SELECT co.id FROM cooperatives co WHERE co.slug = ${filters.coop})`);
  }
  if (filters.cert) {
    conditions.push(sql`EXISTS (
      SELECT 1 FROM product_certifications pc JOIN certifications c ON c.id = pc.certification_id
      WHERE pc.product_id = p.id AND c.type = ${filters.cert} AND ${shownToShoppers("c", today)}
    )`);
  }
  if (filters.temp) conditions.push(sql`p.temperature_class = ${filters.temp}`);
  if (filters.minFen !== undefined) conditions.push(sql`p.price_from_fen >= ${filters.minFen}`);
  if (filters.maxFen !== undefined) conditions.push(sql`p.price_from_fen <= ${filters.maxFen}`);
  return sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}

function nameRank(column: "p.name_zh" | "p.name_en", search: ParsedSearch): RawBuilder<number> {
  const ref = sql.ref(column);
  return sql<number>`CASE
    WHEN lower(${ref}) = ${search.text} THEN ${EXACT_NAME}
    WHEN lower(${ref}) LIKE ${likeContains(search.text)} ESCAPE '\\' THEN 1 + least(char_length(${ref}), ${OTHER_MATCH - 2})
    ELSE ${OTHER_MATCH} END`;
}

function relevanceRank(search: ParsedSearch): RawBuilder<number> {
  return sql<number>`least(${nameRank("p.name_zh", search)}, ${nameRank("p.name_en", search)})::int`;
}

// Publication times travel in cursors as whole microseconds: exact, unlike a JS Date.
const publishedMicros = sql<number | null>`(extract(epoch FROM p.published_at) * 1000000)::bigint`;
function timestampFromMicros(micros: number): RawBuilder<Date> {
  return sql<Date>`(timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond')`;
}

/** Newest first; products never given a publication time sort before the rest (as DESC does). */
function afterNewest(t: number | null, id: number): RawBuilder<SqlBool> {
  return t === null
    ? sql<SqlBool>`((p.published_at IS NULL AND p.id < ${id}) OR p.published_at IS NOT NULL)`
    : sql<SqlBool>`((p.published_at, p.id) < (${timestampFromMicros(t)}, ${id}))`;
}

function startAfter(cursor: CatalogueCursor, rank: RawBuilder<number> | null): RawBuilder<SqlBool> {
  switch (cursor.s) {
    case "newest":
      return afterNewest(cursor.t, cursor.id);
    case "price_asc":
      return sql<SqlBool>`((p.price_from_fen, p.id) > (${cursor.p}, ${cursor.id}))`;
    case "price_desc":
      return sql<SqlBool>`((p.price_from_fen, p.id) < (${cursor.p}, ${cursor.id}))`;
    case "relevance":
      if (!rank) return sql<SqlBool>`false`;
      return sql<SqlBool>`(${rank} > ${cursor.r} OR (${rank} = ${cursor.r} AND ${afterNewest(cursor.t, cursor.id)}))`;
  }
}

type PageRow = CardRow & { rank: number | null; published_us: number | null };

function cursorAfter(row: PageRow, sort: CatalogueSort): CatalogueCursor {
  switch (sort) {
    case "newest":
      return { s: "newest", t: row.published_us, id: row.id };
    case "price_asc":
      return { s: "price_asc", p: row.price_from_fen ?? 0, id: row.id };
    case "price_desc":
      return { s: "price_desc", p: row.price_from_fen ?? 0, id: row.id };
    case "relevance":
      return { s: "relevance", r: row.rank ?? OTHER_MATCH, t: row.published_us, id: row.id };
  }
}

// Each sort ends with the id, so the order is total (see startAfter for the matching cursors).
const PAGE_ORDER: Record<CatalogueSort, string> = {
  newest: "p.published_at DESC NULLS FIRST, p.id DESC",
  price_asc: "p.price_from_fen ASC, p.id ASC",
  price_desc: "p.price_from_fen DESC, p.id DESC",
  relevance: "$rank, p.published_at DESC NULLS FIRST, p.id DESC",
};

// Counting every match is as costly as the page itself and is the same for every visitor
// and every page of a search: once per catalogue version and search.
const searchTotals = catalogueMemo<number>();

/** One page of the catalogue (one query), the total that matches (one query), badges (one query). */
export async function searchCatalogue(db: Kysely<Database>, options: CatalogueSearch): Promise<CataloguePage> {
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const sort: CatalogueSort = options.sort === "relevance" && !options.search ? "newest" : options.sort;
  const rank = options.search ? relevanceRank(options.search) : null;
  const where = matches(options);
  const cursor = options.cursor && options.cursor.s === sort ? options.cursor : null;

  // The page's products are chosen first, by id alone, and only those get their card's
  // picture and stock: joining those for every match before the sort cost more than the search.
  let hits = db
    .selectFrom("products as p")
    .select(["p.id", (rank ?? sql<number | null>`NULL::int`).as("rank"), publishedMicros.as("published_us")])
    .where(where);
  if (cursor) hits = hits.where(startAfter(cursor, rank));
  hits = hits.orderBy(sql.raw(PAGE_ORDER[sort].replace("$rank", "rank"))).limit(pageSize + 1);
  const query = selectCardColumns(db)
    .innerJoin(hits.as("hit"), "hit.id", "p.id")
    .select(["hit.rank", "hit.published_us"])
    .orderBy(sql.raw(PAGE_ORDER[sort].replace("$rank", "hit.rank")));
  const countQuery = db
    .selectFrom("products as p")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where(where);
  const counted = countQuery.compile();
  const [rows, total] = await Promise.all([
    query.execute() as Promise<PageRow[]>,
    searchTotals(db, `${counted.sql}\n${JSON.stringify(counted.parameters)}`, async () => Number((await countQuery.executeTakeFirstOrThrow()).total)),
  ]);

  const pageRows = rows.slice(0, pageSize);
  const last = pageRows.at(-1);
  const nextCursor = rows.length > pageSize && last ? cursorAfter(last, sort) : null;
  const products = await cardsFor(db, { rows: pageRows, locale: options.locale, today: options.today });
  return { products, total, nextCursor };
}
