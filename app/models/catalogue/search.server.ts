import { sql, type Kysely, type RawBuilder, type SqlBool } from "kysely";
import type { Database } from "../../../db/schema";
import type { Locale } from "~/i18n";
import { RELEVANCE_RANK, type CatalogueCursor, type CatalogueFilters, type CatalogueSort } from "~/utils/catalogue-params";
import { catalogueMemo } from "~/utils/http-cache.server";
import { escapeLike, type ParsedSearch } from "~/utils/search";
import { cardRowsInOrder, cardsFor, publicProduct, shownToShoppers, type CardRow, type ProductCard } from "./shared.server";

// The public catalogue list: search, filters, four sorts and keyset pagination.
//
// Every sort ends with the product id, so the order is total and a cursor (the sort key
// of the last product shown plus its id) says exactly where the next page starts: no
// product repeats or goes missing between pages, whatever is inserted meanwhile.

export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 100;

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

function tokenArray(search: ParsedSearch): RawBuilder<string[]> {
  return sql<string[]>`ARRAY[${sql.join(search.tokens)}]::text[]`;
}

/**
 * Whether the given text columns hold the search: every token through a GIN index, then each
 * phrase as typed. A phrase that is itself a token (one or two Chinese characters, a word of
 * up to twelve letters) is already proven by the index: checking it again would read every
 * match's text, which at 100,000 products cost more than the rest of the search.
 */
function holds(search: ParsedSearch, tokens: "p.search_tokens" | "p.name_tokens", texts: RawBuilder<string>[]): RawBuilder<SqlBool> {
  const conditions: RawBuilder<unknown>[] = [sql`${sql.ref(tokens)} @> ${tokenArray(search)}`];
  for (const phrase of search.phrases) {
    if (search.tokens.includes(phrase)) continue;
    const like = likeContains(phrase);
    conditions.push(sql`(${sql.join(texts.map((text) => sql`${text} LIKE ${like} ESCAPE '\\'`), sql` OR `)})`);
  }
  return sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}

/** The product mentions the search somewhere: names, counties or descriptions. */
function mentions(search: ParsedSearch): RawBuilder<SqlBool> {
  return holds(search, "p.search_tokens", [sql`p.search_text`]);
}

/** A name (either language) holds the search as typed: "绿_茶" is in "绿_茶礼盒", not in "绿X茶礼盒". */
function nameContains(search: ParsedSearch): RawBuilder<SqlBool> {
  const names = [sql<string>`lower(p.name_zh)`, sql<string>`lower(p.name_en)`];
  const tokens = holds(search, "p.name_tokens", names);
  if (search.tokens.includes(search.text)) return tokens;
  const like = likeContains(search.text);
  return sql<SqlBool>`(${tokens} AND (${sql.join(names.map((name) => sql`${name} LIKE ${like} ESCAPE '\\'`), sql` OR `)}))`;
}

/** A name is the search (the lower-cased name indexes answer it). */
function nameIs(search: ParsedSearch): RawBuilder<SqlBool> {
  return sql<SqlBool>`(lower(p.name_zh) = ${search.text} OR lower(p.name_en) = ${search.text})`;
}

/** The list's filters: everything that decides whether a product is in it, but the search. */
function filtered({ filters, today }: Pick<CatalogueSearch, "filters" | "today">): RawBuilder<SqlBool> {
  const conditions: RawBuilder<unknown>[] = [publicProduct("p")];
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

type OrderedSort = Exclude<CatalogueSort, "relevance">;

function startAfter(cursor: Extract<CatalogueCursor, { s: OrderedSort }>): RawBuilder<SqlBool> {
  switch (cursor.s) {
    case "newest":
      return afterNewest(cursor.t, cursor.id);
    case "price_asc":
      return sql<SqlBool>`((p.price_from_fen, p.id) > (${cursor.p}, ${cursor.id}))`;
    case "price_desc":
      return sql<SqlBool>`((p.price_from_fen, p.id) < (${cursor.p}, ${cursor.id}))`;
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
      return { s: "relevance", r: row.rank ?? RELEVANCE_RANK.mentions, t: row.published_us, id: row.id };
  }
}

// Each sort ends with the id, so the order is total (see startAfter for the matching cursors).
const PAGE_ORDER: Record<OrderedSort, string> = {
  newest: "p.published_at DESC NULLS FIRST, p.id DESC",
  price_asc: "p.price_from_fen ASC, p.id ASC",
  price_desc: "p.price_from_fen DESC, p.id DESC",
};

// Counting every match is as costly as the page itself and is the same for every visitor
// and every page of a search: once per catalogue version and search.
const searchCounts = catalogueMemo<number>();

function countOnce(db: Kysely<Database>, where: RawBuilder<SqlBool>): Promise<number> {
  const query = db
    .selectFrom("products as p")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where(where);
  const compiled = query.compile();
  return searchCounts(db, `${compiled.sql}\n${JSON.stringify(compiled.parameters)}`, async () => Number((await query.executeTakeFirstOrThrow()).total));
}

/** One sort's page: the ids are chosen first, and only those get their card's picture and stock. */
async function orderedPage(
  db: Kysely<Database>,
  { where, sort, cursor, limit }: { where: RawBuilder<SqlBool>; sort: OrderedSort; cursor: RawBuilder<SqlBool> | null; limit: number },
): Promise<Array<{ id: number; published_us: number | null }>> {
  let hits = db.selectFrom("products as p").select(["p.id", publishedMicros.as("published_us")]).where(where);
  if (cursor) hits = hits.where(cursor);
  return hits.orderBy(sql.raw(PAGE_ORDER[sort])).limit(limit).execute();
}

/** The name a search's length rank is measured on: Chinese for a search with Chinese in it. */
function rankedName(search: ParsedSearch): RawBuilder<string> {
  return /\p{Script=Han}/u.test(search.text) ? sql<string>`p.name_zh` : sql<string>`p.name_en`;
}

type RelevanceCursor = Extract<CatalogueCursor, { s: "relevance" }>;
type RelevanceHit = { id: number; rank: number; published_us: number | null };

/**
 * A relevance page, read stage by stage from the cursor's until it is full: names that are
 * the search; names that hold it, shortest first; products that only mention it. A name
 * that is the search or holds it implies a mention, so the first two stages are looked up by
 * name alone, and each stage is one query in the order of an index (name length, then newest),
 * so a common word reads a page of products rather than ranking every one that matches. The
 * last stage is skipped when it holds nothing: a common word is in most matching names, and
 * looking in newest order for the few that merely mention it would walk the whole catalogue.
 */
async function relevancePage(
  db: Kysely<Database>,
  {
    list,
    search,
    cursor,
    limit,
    common,
  }: { list: RawBuilder<SqlBool>; search: ParsedSearch; cursor: RelevanceCursor | null; limit: number; common: boolean },
): Promise<RelevanceHit[]> {
  const { exactName, mentions: mentioned } = RELEVANCE_RANK;
  const from = cursor?.r ?? exactName;
  const hits: RelevanceHit[] = [];
  const read = async (where: RawBuilder<SqlBool>, rank: number, after: RawBuilder<SqlBool> | null) => {
    const rows = await orderedPage(db, { where: sql<SqlBool>`(${list} AND ${where})`, sort: "newest", cursor: after, limit: limit - hits.length });
    hits.push(...rows.map((row) => ({ ...row, rank })));
  };
  const resumeNewest = (rank: number) => (cursor && cursor.r === rank ? afterNewest(cursor.t, cursor.id) : null);

  if (from === exactName) await read(nameIs(search), exactName, resumeNewest(exactName));

  if (hits.length < limit && from < mentioned) {
    const name = rankedName(search);
    const length = sql<number>`char_length(${name})`;
    let query = db
      .selectFrom("products as p")
      .select(["p.id", publishedMicros.as("published_us"), sql<number>`1 + ${length}`.as("rank")])
      .where(sql<SqlBool>`(${list} AND ${nameContains(search)} AND NOT ${nameIs(search)})`);
    if (cursor && from > exactName) {
      const shown = from - 1;
      query = query.where(sql<SqlBool>`(${length} > ${shown} OR (${length} = ${shown} AND ${afterNewest(cursor.t, cursor.id)}))`);
    }
    const ordered = query.orderBy(length).orderBy(sql.raw(PAGE_ORDER.newest)).limit(limit - hits.length);
    // The planner multiplies the frequencies of a search's tokens as if they were independent
    // ("奉节", "节脐" and "脐橙" nearly always come together), expects a handful of names, and
    // reads every match to sort them. When the counts say the search is common, the names are
    // read in the order of the length index instead, which fills a page after a few hundred entries.
    const rows = common
      ? await db.transaction().execute(async (trx) => {
          // For this transaction only; parallel workers cost more to start than the walk takes.
          await sql`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true),
            set_config('max_parallel_workers_per_gather', '0', true)`.execute(trx);
          return trx.executeQuery(ordered.compile()).then((result) => result.rows);
        })
      : await ordered.execute();
    hits.push(...rows);
  }

  if (hits.length < limit) {
    const onlyMentioned = sql<SqlBool>`(${mentions(search)} AND NOT ${nameContains(search)})`;
    if ((await countOnce(db, sql<SqlBool>`(${list} AND ${onlyMentioned})`)) > 0) await read(onlyMentioned, mentioned, resumeNewest(mentioned));
  }
  return hits;
}

/** One page of the catalogue, the total that matches (once per catalogue version), and the cards' badges. */
export async function searchCatalogue(db: Kysely<Database>, options: CatalogueSearch): Promise<CataloguePage> {
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const sort: CatalogueSort = options.sort === "relevance" && !options.search ? "newest" : options.sort;
  const cursor = options.cursor && options.cursor.s === sort ? options.cursor : null;
  const list = filtered(options);
  const where = options.search ? sql<SqlBool>`(${list} AND ${mentions(options.search)})` : list;
  const limit = pageSize + 1;

  let total: number;
  let hits: Array<{ id: number; rank?: number; published_us: number | null }>;
  if (sort === "relevance" && options.search) {
    // Both counts are remembered per catalogue version: a search at least one listed product in
    // 200 matches is common enough to be read in index order.
    const [matching, listed] = await Promise.all([countOnce(db, where), countOnce(db, list)]);
    total = matching;
    const search = { list, search: options.search, cursor: cursor?.s === "relevance" ? cursor : null, limit, common: matching * 200 >= listed };
    hits = await relevancePage(db, search);
  } else {
    const ordered = cursor && cursor.s !== "relevance" ? startAfter(cursor) : null;
    [hits, total] = await Promise.all([orderedPage(db, { where, sort: sort as OrderedSort, cursor: ordered, limit }), countOnce(db, where)]);
  }

  const hitsById = new Map(hits.map((hit) => [hit.id, hit]));
  const rows: PageRow[] = (await cardRowsInOrder(db, [...hitsById.keys()])).map((card) => {
    const hit = hitsById.get(card.id)!;
    return { ...card, rank: hit.rank ?? null, published_us: hit.published_us };
  });

  const pageRows = rows.slice(0, pageSize);
  const last = pageRows.at(-1);
  const nextCursor = hits.length > pageSize && last ? cursorAfter(last, sort) : null;
  const products = await cardsFor(db, { rows: pageRows, locale: options.locale, today: options.today });
  return { products, total, nextCursor };
}
