import { sql, type Kysely } from "kysely";

// Chinese is the primary language of data: a certificate's scope, a batch's plot and
// household are stored per language (Chinese required, English optional) instead of one
// string holding both, and a stock movement's reason is a code the pages translate, with the
// member's own words kept beside it for manual changes. English product names and image
// texts become optional: the English shop falls back to the Chinese.
//
// Existing rows are converted: "奉节脐橙 Fengjie navel oranges" and "刘德明家 · the Liu Deming
// household" are split into their two languages; the fixed stock reasons become codes.

const CJK = String.raw`\p{Script=Han}\u3000-\u303f\uff00-\uffef`;
const HAN = /\p{Script=Han}/u;
const TRAILING_LATIN = new RegExp(String.raw`^(.*[${CJK}])\s*([A-Za-z][^${CJK}]*)$`, "u");
const TWO_WORDS = /[A-Za-z]+[^A-Za-z]+[A-Za-z]+/;

/** Splits "中文 English words" and "中文 · English" into [zh, en]; anything else stays Chinese. */
export function splitMixed(value: string): [string, string] {
  const parts = value.split(" · ");
  if (parts.length === 2 && HAN.test(parts[0]!) && !HAN.test(parts[1]!)) return [parts[0]!.trim(), parts[1]!.trim()];
  const match = TRAILING_LATIN.exec(value);
  if (match && TWO_WORDS.test(match[2]!)) return [match[1]!.trim(), match[2]!.trim()];
  return [value, ""];
}

/** The fixed reasons the code wrote before they were codes. */
const REASON_CODES: Record<string, "opening" | "import"> = {
  "初始库存 Opening stock": "opening",
  "批量导入 CSV import": "import",
};

async function splitColumn(db: Kysely<any>, table: string, column: string): Promise<void> {
  const zh = sql.ref<string>(`${column}_zh`);
  const rows: Array<{ id: number; value: string }> = await db
    .selectFrom(table)
    .select(["id", zh.as("value")])
    .where(sql<boolean>`${zh} ~ '[A-Za-z]'`)
    .execute();
  const updates = rows
    .map((row) => ({ id: row.id, parts: splitMixed(row.value) }))
    .filter((row) => row.parts[1] !== "")
    .map((row) => ({ id: row.id, zh: row.parts[0], en: row.parts[1] }));
  if (updates.length === 0) return;
  await sql`UPDATE ${sql.table(table)} AS t SET ${zh} = v.zh, ${sql.ref(`${column}_en`)} = v.en
    FROM json_to_recordset(${JSON.stringify(updates)}::json) AS v(id integer, zh text, en text) WHERE t.id = v.id`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // Certificates: scope per language.
  await sql`ALTER TABLE certifications RENAME COLUMN scope TO scope_zh`.execute(db);
  await sql`ALTER TABLE certifications ADD COLUMN scope_en text NOT NULL DEFAULT ''`.execute(db);
  await splitColumn(db, "certifications", "scope");

  // Batches: plot and household per language.
  await sql`ALTER TABLE batches RENAME COLUMN plot TO plot_zh`.execute(db);
  await sql`ALTER TABLE batches RENAME COLUMN household TO household_zh`.execute(db);
  await sql`ALTER TABLE batches ADD COLUMN plot_en text NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE batches ADD COLUMN household_en text NOT NULL DEFAULT ''`.execute(db);
  await splitColumn(db, "batches", "plot");
  await splitColumn(db, "batches", "household");

  // Stock movements: a reason code; the free text is the member's note on manual changes.
  await sql`ALTER TABLE stock_adjustments ADD COLUMN reason_code text NOT NULL DEFAULT 'manual'
    CHECK (reason_code IN ('opening', 'import', 'manual'))`.execute(db);
  await sql`ALTER TABLE stock_adjustments DROP CONSTRAINT IF EXISTS stock_adjustments_reason_check`.execute(db);
  await sql`ALTER TABLE stock_adjustments ALTER COLUMN reason SET DEFAULT ''`.execute(db);
  for (const [reason, code] of Object.entries(REASON_CODES)) {
    await sql`UPDATE stock_adjustments SET reason_code = ${code}, reason = '' WHERE reason = ${reason}`.execute(db);
  }
  await sql`ALTER TABLE stock_adjustments ADD CONSTRAINT stock_adjustments_reason_check
    CHECK (length(reason) <= 200 AND (reason_code <> 'manual' OR length(reason) >= 1))`.execute(db);

  // English names and image texts are optional; the Chinese ones stay required.
  await sql`ALTER TABLE products DROP CONSTRAINT IF EXISTS products_name_en_check`.execute(db);
  await sql`ALTER TABLE products ADD CONSTRAINT products_name_en_check CHECK (length(name_en) <= 160)`.execute(db);
  await sql`ALTER TABLE product_images DROP CONSTRAINT IF EXISTS product_images_alt_en_check`.execute(db);
  await sql`ALTER TABLE product_images ADD CONSTRAINT product_images_alt_en_check CHECK (length(alt_en) <= 200)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE product_images DROP CONSTRAINT IF EXISTS product_images_alt_en_check`.execute(db);
  await sql`UPDATE product_images SET alt_en = alt_zh WHERE alt_en = ''`.execute(db);
  await sql`ALTER TABLE product_images ADD CONSTRAINT product_images_alt_en_check CHECK (length(alt_en) BETWEEN 1 AND 200)`.execute(db);
  await sql`ALTER TABLE products DROP CONSTRAINT IF EXISTS products_name_en_check`.execute(db);
  await sql`UPDATE products SET name_en = name_zh WHERE name_en = ''`.execute(db);
  await sql`ALTER TABLE products ADD CONSTRAINT products_name_en_check CHECK (length(name_en) BETWEEN 1 AND 160)`.execute(db);

  await sql`ALTER TABLE stock_adjustments DROP CONSTRAINT IF EXISTS stock_adjustments_reason_check`.execute(db);
  for (const [reason, code] of Object.entries(REASON_CODES)) {
    await sql`UPDATE stock_adjustments SET reason = ${reason} WHERE reason_code = ${code}`.execute(db);
  }
  await sql`ALTER TABLE stock_adjustments DROP COLUMN reason_code`.execute(db);
  await sql`ALTER TABLE stock_adjustments ALTER COLUMN reason DROP DEFAULT`.execute(db);
  await sql`ALTER TABLE stock_adjustments ADD CONSTRAINT stock_adjustments_reason_check CHECK (length(reason) BETWEEN 1 AND 200)`.execute(db);

  // Back to the strings as they were written: "刘德明家 · the Liu Deming household", "奉节脐橙 Fengjie navel oranges".
  for (const [table, column, joiner] of [["batches", "plot", " · "], ["batches", "household", " · "], ["certifications", "scope", " "]] as const) {
    await sql
      .raw(`UPDATE ${table} SET ${column}_zh = ${column}_zh || '${joiner}' || ${column}_en WHERE ${column}_en <> ''`)
      .execute(db);
    await sql.raw(`ALTER TABLE ${table} DROP COLUMN ${column}_en`).execute(db);
    await sql.raw(`ALTER TABLE ${table} RENAME COLUMN ${column}_zh TO ${column}`).execute(db);
  }
}
