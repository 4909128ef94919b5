import { sql, type Kysely } from "kysely";

// Relevance search ranks names that are the query, then names that contain it (shortest
// first), then the rest, each newest first. Each stage is its own indexed lookup, so a common
// word reads a page of products instead of every match: the lower-cased names for exact
// matches, name tokens (like search_tokens, of the names only), and the order of names by length.

const BATCH = 2000;

// The name tokens as the app made them when this migration landed (CJK characters and pairs,
// latin words and their prefixes), copied here so the migration no longer depends on app code
// that has since changed (2026_12_02_0001_search_documents drops the column again).
const CJK_RUN = /[\p{Script=Han}\u3005\u3007]+/gu;
const LATIN_WORD = /[\p{Letter}\p{Number}]+/gu;
function productNameTokens(product: { name_zh: string; name_en: string }): string[] {
  const text = [product.name_zh, product.name_en].join(" \u2022 ").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  const tokens = new Set<string>();
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = [...run];
    for (const c of chars) tokens.add(c);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
  }
  const words = (text.replace(CJK_RUN, " ").match(LATIN_WORD) ?? []).filter((word) => !/^\p{Script=Han}/u.test(word));
  for (const word of words) {
    const chars = [...word];
    for (let length = 1; length <= Math.min(chars.length, 12); length++) tokens.add(chars.slice(0, length).join(""));
  }
  return [...tokens].sort();
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE products ADD COLUMN name_tokens text[] NOT NULL DEFAULT '{}'`.execute(db);
  for (let after = 0; ; ) {
    const rows: Array<{ id: number; name_zh: string; name_en: string }> = await db
      .selectFrom("products")
      .select(["id", "name_zh", "name_en"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    // One statement per batch; tokens never contain a space.
    const tokens = JSON.stringify(rows.map((row) => ({ id: row.id, tokens: productNameTokens(row).join(" ") })));
    await sql`UPDATE products p SET name_tokens = string_to_array(v.tokens, ' ')
      FROM json_to_recordset(${tokens}::json) AS v(id integer, tokens text) WHERE p.id = v.id`.execute(db);
    after = rows.at(-1)!.id;
  }
  await sql`CREATE INDEX products_name_tokens_idx ON products USING gin (name_tokens)`.execute(db);
  await sql`CREATE INDEX products_name_zh_lower_idx ON products (lower(name_zh))`.execute(db);
  await sql`CREATE INDEX products_name_en_lower_idx ON products (lower(name_en))`.execute(db);
  // Covering: names that hold a common word are found by reading this index alone, in the
  // order of the page, checking each entry's name tokens without a visit to the table.
  for (const name of ["name_zh", "name_en"]) {
    await sql
      .raw(
        `CREATE INDEX products_active_${name}_length_idx ON products (char_length(${name}), published_at DESC, id DESC)
         INCLUDE (name_tokens, name_zh, name_en) WHERE status = 'active' AND price_from_fen IS NOT NULL`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ["products_active_name_en_length_idx", "products_active_name_zh_length_idx", "products_name_en_lower_idx", "products_name_zh_lower_idx", "products_name_tokens_idx"]) {
    await sql.raw(`DROP INDEX IF EXISTS ${index}`).execute(db);
  }
  await sql`ALTER TABLE products DROP COLUMN IF EXISTS name_tokens`.execute(db);
}
