import { sql, type Kysely, type RawBuilder, type SqlBool } from "kysely";
import type { Database } from "~db/schema";
import type { Locale } from "~/i18n";
import { RELEVANCE_TIERS, type CatalogueCursor, type CatalogueFilters, type CatalogueSort } from "~/utils/catalogue-params";
import { catalogueMemo } from "~/models/catalogue/version.server";
import type { ParsedSearch } from "~/utils/search";
import { pinyinOf, searchTerms, termsQuery, type SearchTerm } from "~/utils/search.server";
import { searchVocabulary } from "~/models/search-synonyms.server";
import { cardRowsInOrder, cardsFor, publicProduct, shownToShoppers, type CardRow, type ProductCard } from "~/models/catalogue/shared.server";

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
  /** Past this many matches a name tier is read from the front of the relevance order (tests lower it). */
  denseTier?: number;
}

export interface CataloguePage {
  products: ProductCard[];
  total: number;
  nextCursor: CatalogueCursor | null;
}

/** What narrows the list besides being shown to shoppers and the search: the filters. */
function filterConditions({ filters, today }: Pick<CatalogueSearch, "filters" | "today">): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
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
  return conditions;
}

function allOf(conditions: RawBuilder<unknown>[]): RawBuilder<SqlBool> {
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

type RelevanceKey = { tier: number; in_stock: boolean; sales: number };
type PageRow = CardRow & { key: RelevanceKey | null; published_us: number | null };

function cursorAfter(row: PageRow, sort: CatalogueSort): CatalogueCursor {
  switch (sort) {
    case "newest":
      return { s: "newest", t: row.published_us, id: row.id };
    case "price_asc":
      return { s: "price_asc", p: row.price_from_fen ?? 0, id: row.id };
    case "price_desc":
      return { s: "price_desc", p: row.price_from_fen ?? 0, id: row.id };
    case "relevance":
      return { s: "relevance", r: row.key?.tier ?? RELEVANCE_TIERS - 1, a: row.key?.in_stock ? 1 : 0, n: row.key?.sales ?? 0, id: row.id };
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


// ------------------------------------------------------------------ relevance

/**
 * Where the query's words are found, best first: 0 a name is the query; 1 the product is what
 * was typed (the head of its name: 脐橙 for 奉节脐橙, not for 奉节脐橙果干片); 2 the name holds every
 * word as typed (including the everyday words its words are kinds of: 百花蜜 is 蜂蜜); 3 the product
 * is what a synonym or pinyin reading names; 4 the name holds the words through synonyms, pinyin,
 * a longer word or single characters; 5 in the category;
 * 6 in the brand, cooperative or county; 7 only in the description. Every word of the query must be
 * found somewhere (the document match). One condition per tier; a product is in the first whose
 * condition it meets. Tiers 1–4 read the name's words from product_ranks (r); the exact name
 * (through the products' lower(name) indexes) and the later tiers read the product (p).
 */
function tierConditions(terms: readonly SearchTerm[], text: string): RawBuilder<SqlBool>[] {
  const inName = (query: string) => sql<SqlBool>`(r.name_terms @@ ${query}::tsquery)`;
  const isNamed = (expanded: boolean) => inName(`(${termsQuery(terms, { expanded })}) & ${termsQuery(terms, { expanded, head: true })}`);
  const inDocument = (weights: string) => sql<SqlBool>`(p.search_document @@ ${termsQuery(terms, { expanded: true, weights })}::tsquery)`;
  return [
    sql<SqlBool>`(lower(p.name_zh) = ${text} OR lower(p.name_en) = ${text})`,
    isNamed(false),
    inName(termsQuery(terms, { expanded: false })),
    isNamed(true),
    inName(termsQuery(terms, { expanded: true })),
    inDocument("AB"),
    inDocument("ABC"),
    sql<SqlBool>`true`,
  ];
}

function documentMatches(terms: readonly SearchTerm[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`(p.search_document @@ ${termsQuery(terms, { expanded: true })}::tsquery)`;
}

type RelevanceHit = { id: number; published_us: null; key: RelevanceKey };

/** The name tiers (see tierConditions): each implies the next but one, and all imply tier 4. */
const NAME_TIERS = [1, 2, 3, 4] as const;
/** Past this many matches a tier is read from the front of the relevance order (see relevancePage). */
const DENSE_TIER = 1_000;
type TierSizes = { listed: number; tiers: Map<number, number> };
const nameTierSizes = catalogueMemo<TierSizes>();

/** How many listed products there are and each name tier holds, counted once per catalogue version. */
function countNameTiers(db: Kysely<Database>, tiers: readonly RawBuilder<SqlBool>[]): Promise<TierSizes> {
  const query = sql<Record<string, number>>`
    SELECT (SELECT count(*) FROM product_ranks WHERE listed)::int AS listed,
      ${sql.join(NAME_TIERS.map((tier) => sql`count(*) FILTER (WHERE ${tiers[tier]!})::int AS ${sql.ref(`t${tier}`)}`))}
    FROM product_ranks r WHERE r.listed AND ${tiers[4]!}`;
  const compiled = query.compile(db);
  return nameTierSizes(db, `tiers\n${compiled.sql}\n${JSON.stringify(compiled.parameters)}`, async () => {
    const row = (await query.execute(db)).rows[0]!;
    return { listed: Number(row.listed), tiers: new Map(NAME_TIERS.map((tier) => [tier, Number(row[`t${tier}`])])) };
  });
}

/**
 * A relevance page: tier, then in stock before sold out, then sales, then the name in the page's
 * language (the shorter first: the plainer name is the thing itself, 奉节脐橙 before 奉节晚熟脐橙),
 * then the id. Read tier by tier, best first, each with a LIMIT of what the page still needs,
 * so a common word never ranks all its matches: the next tier is only read when the page is not
 * full. Everything the name tiers and the tie-breaks read is in product_ranks (kept by
 * triggers), so those tiers never touch a product row: products joins in only for the filters
 * and the later tiers (a LEFT JOIN on its key, which PostgreSQL drops when nothing reads it).
 * The cursor carries tier, stock and sales as shown; the name is read again from its id, and
 * the tiers after the cursor's are read from their start.
 */
async function relevancePage(
  db: Kysely<Database>,
  {
    filters,
    terms,
    text,
    cursor,
    limit,
    locale,
    denseTier,
  }: {
    filters: RawBuilder<unknown>[];
    terms: readonly SearchTerm[];
    text: string;
    cursor: RelevanceCursor | null;
    limit: number;
    locale: Locale;
    denseTier: number;
  },
): Promise<RelevanceHit[]> {
  const name = sql.raw(locale === "en" ? "r.name_en_key" : "r.name_zh_key");
  const tiers = tierConditions(terms, text);
  const matches = documentMatches(terms);
  const hits: RelevanceHit[] = [];
  const firstTier = cursor ? Math.min(Math.max(Math.trunc(cursor.r), 0), tiers.length - 1) : 0;
  // Ids of the tiers read to their end on this page: excluded by id, far cheaper than checking
  // every match against those tiers' conditions again. The tiers before the cursor's (and the
  // cursor's own, read only from the cursor on) are excluded by their conditions.
  const seen: number[] = [];
  const sizes = await countNameTiers(db, tiers);
  const relevanceOrder = sql`r.sold_out, r.sales DESC, char_length(${name}), ${name}, r.product_id`;
  // The same order, written so that it cannot be read from that index: a tier of few matches
  // (or one past a cursor or through a filter) is found through the GIN index and sorted, never
  // by walking the order's index in the hope of meeting them, which could read the whole table.
  const sortedOrder = sql`r.sold_out::int, -r.sales, char_length(${name}), ${name}, r.product_id`;
  for (let tier = firstTier; tier < tiers.length && hits.length < limit; tier++) {
    const size = sizes.tiers.get(tier);
    if (size === 0) continue;
    const earlier = tiers.slice(0, Math.min(tier, firstTier + (cursor ? 1 : 0))).map((condition) => sql`NOT COALESCE(${condition}, false)`);
    // Tiers 1–6 each hold every word in the name or more: they imply the document match.
    const conditions: RawBuilder<unknown>[] = [sql`r.listed`, ...filters, tiers[tier]!, ...earlier];
    if (tier === 0 || tier === tiers.length - 1) conditions.push(matches);
    if (seen.length) conditions.push(sql`r.product_id <> ALL(${sql.val(seen)}::int[])`);
    if (cursor && tier === firstTier) {
      const cursorName = sql.raw(locale === "en" ? "c.name_en_key" : "c.name_zh_key");
      conditions.push(sql`(r.sold_out::int, -r.sales, char_length(${name}), ${name}, r.product_id) > (
        ${1 - cursor.a}, ${-cursor.n},
        COALESCE((SELECT char_length(${cursorName}) FROM product_ranks c WHERE c.product_id = ${cursor.id}), 0),
        COALESCE((SELECT ${cursorName} FROM product_ranks c WHERE c.product_id = ${cursor.id}), ''), ${cursor.id})`);
    }
    const wanted = limit - hits.length;
    // A first page among thousands of matches: the products at the front of the relevance order
    // (read from its index, product_ranks_order_*_idx) hold the page several times over, so only
    // they are checked: three times what an even spread of the matches needs, then four times as
    // far if that found at least half the page. Matches that bunch further back (long English
    // names sort after short ones) are read in full instead, as is a tier the front falls short of.
    const dense = size !== undefined && !cursor && filters.length === 0 && size - hits.length > denseTier;
    type Row = { id: number; sold_out: boolean; sales: number };
    let rows: Row[] = [];
    let complete = false;
    for (let front = Math.ceil((3 * wanted * sizes.listed) / (size ?? 1)) + 100, attempt = 0; dense && attempt < 2; attempt++) {
      ({ rows } = await sql<Row>`
        SELECT r.product_id AS id, r.sold_out, r.sales
        FROM (SELECT * FROM product_ranks r WHERE r.listed ORDER BY ${relevanceOrder} LIMIT ${front}) r
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY ${relevanceOrder}
        LIMIT ${wanted}`.execute(db));
      complete = rows.length === wanted || front >= sizes.listed;
      if (complete || rows.length * 2 < wanted) break;
      front *= 4;
    }
    if (!complete) {
      ({ rows } = await sql<Row>`
        SELECT r.product_id AS id, r.sold_out, r.sales
        FROM product_ranks r LEFT JOIN products p ON p.id = r.product_id
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY ${sortedOrder}
        LIMIT ${wanted}`.execute(db));
    }
    for (const row of rows) {
      seen.push(row.id);
      hits.push({ id: row.id, published_us: null, key: { tier, in_stock: !row.sold_out, sales: Number(row.sales) } });
    }
  }
  return hits;
}

type RelevanceCursor = Extract<CatalogueCursor, { s: "relevance" }>;

/** The query's words with their synonyms and pinyin readings, or none when nothing is searchable. */
export async function termsFor(db: Kysely<Database>, search: ParsedSearch): Promise<SearchTerm[]> {
  return searchTerms(search.text, await searchVocabulary(db));
}

/** One page of the catalogue, the total that matches (once per catalogue version), and the cards' badges. */
export async function searchCatalogue(db: Kysely<Database>, options: CatalogueSearch): Promise<CataloguePage> {
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const sort: CatalogueSort = options.sort === "relevance" && !options.search ? "newest" : options.sort;
  const cursor = options.cursor && options.cursor.s === sort ? options.cursor : null;
  const filters = filterConditions(options);
  const terms = options.search ? await termsFor(db, options.search) : null;
  if (terms && terms.length === 0) return { products: [], total: 0, nextCursor: null };
  const where = allOf([publicProduct("p"), ...filters, ...(terms ? [documentMatches(terms)] : [])]);
  const limit = pageSize + 1;

  let total: number;
  let hits: Array<{ id: number; key?: RelevanceKey; published_us: number | null }>;
  if (sort === "relevance" && terms) {
    const relevanceCursor = cursor?.s === "relevance" ? cursor : null;
    [hits, total] = await Promise.all([
      relevancePage(db, { filters, terms, text: options.search!.text, cursor: relevanceCursor, limit, locale: options.locale, denseTier: options.denseTier ?? DENSE_TIER }),
      countOnce(db, where),
    ]);
  } else {
    const ordered = cursor && cursor.s !== "relevance" ? startAfter(cursor) : null;
    [hits, total] = await Promise.all([orderedPage(db, { where, sort: sort as OrderedSort, cursor: ordered, limit }), countOnce(db, where)]);
  }

  const hitsById = new Map(hits.map((hit) => [hit.id, hit]));
  const rows: PageRow[] = (await cardRowsInOrder(db, [...hitsById.keys()])).map((card) => {
    const hit = hitsById.get(card.id)!;
    return { ...card, key: hit.key ?? null, published_us: hit.published_us };
  });

  const pageRows = rows.slice(0, pageSize);
  const last = pageRows.at(-1);
  const nextCursor = hits.length > pageSize && last ? cursorAfter(last, sort) : null;
  const products = await cardsFor(db, { rows: pageRows, locale: options.locale, today: options.today });
  return { products, total, nextCursor };
}

// ------------------------------------------------------------------ no dead ends

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/**
 * What a search that found nothing probably meant ("您是不是要找 …"): a known word whose pinyin is
 * what was typed or its own pinyin give or take a letter or two (fengmii → 蜂蜜, 奇橙 → 脐橙), or a
 * known English word within a typo. Null when nothing is close.
 */
export async function suggestSearch(db: Kysely<Database>, search: ParsedSearch): Promise<string | null> {
  const vocabulary = await searchVocabulary(db);
  const text = search.text.replace(/\s+/g, "");
  const han = /\p{Script=Han}/u.test(text);
  const typed = han ? pinyinOf(text).full : text;
  if (typed.length < 2) return null;
  let best: { word: string; distance: number } | null = null;
  const consider = (key: string, word: string) => {
    if (word === search.text) return;
    const distance = editDistance(typed, key);
    const allowed = typed.length <= 4 ? 1 : 2;
    if (distance <= allowed && (!best || distance < best.distance)) best = { word, distance };
  };
  for (const [key, words] of vocabulary.pinyin) if (key.length > 2) for (const word of words) consider(key, word);
  if (!han) for (const word of vocabulary.synonyms.keys()) if (/^[a-z]+$/.test(word)) consider(word, word);
  return (best as { word: string } | null)?.word ?? null;
}
