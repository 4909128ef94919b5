import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { Database, ProductStatus } from "~db/schema";
import { MAX_STOCK, PRODUCT_STATUSES, skuField, slugField, TEMPERATURE_CLASSES, wholeNumber, yuanPrice } from "~/schemas/coop";
import { brandOptions } from "~/models/brand.server";
import { categoryOptions } from "~/models/category.server";
import { insertProductCertification, linkableCertifications } from "~/models/certification.server";
import { currentClaimText, unmetClaimsFor } from "~/models/claim.server";
import { insertProduct, lockProductBySlug, updateProductColumns } from "~/models/product.server";
import { refreshSearchDocuments } from "~/models/search-documents.server";
import type { UnmetClaim } from "~/models/trust";
import { insertVariant, lockVariantsBySku, updateImportedVariant } from "~/models/variant.server";
import { headerKey, readCsvRows } from "~/services/csv-import.server";
import { chinaToday } from "~/utils/dates";
import { productSearchFields } from "~/utils/search";

// Bulk import of products and variants from a spreadsheet saved as CSV. One row is one variant;
// rows with the same product_slug are variants of one product. A row updates the variant with
// its SKU when this cooperative already has it, else creates it. The whole file is one
// transaction: if any row is refused, nothing at all changes, and the report says why, per row.

export const IMPORT_COLUMNS = [
  "sku",
  "product_slug",
  "name_zh",
  "name_en",
  "description_zh",
  "description_en",
  "category",
  "brand_registration_number",
  "origin_county_zh",
  "origin_county_en",
  "temperature_class",
  "shelf_life_days",
  "season_months",
  "status",
  "label_zh",
  "label_en",
  "weight_grams",
  "price_yuan",
  "stock",
  "certificate_numbers",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns a file must have; the others may be left out (and are then blank). Chinese first: English is optional. */
export const REQUIRED_COLUMNS: ImportColumn[] = [
  "sku",
  "product_slug",
  "name_zh",
  "category",
  "origin_county_zh",
  "shelf_life_days",
  "label_zh",
  "weight_grams",
  "price_yuan",
];

/**
 * The Chinese column headers, what the template uses and what a cooperative types. The
 * English names above keep working; full-width brackets and spaces do not matter.
 */
export const IMPORT_HEADERS_ZH: Record<ImportColumn, string> = {
  sku: "货号",
  product_slug: "产品网址",
  name_zh: "中文名称",
  name_en: "英文名称",
  description_zh: "中文介绍",
  description_en: "英文介绍",
  category: "分类",
  brand_registration_number: "商标注册号",
  origin_county_zh: "产地区县",
  origin_county_en: "产地区县（英文）",
  temperature_class: "运输温度",
  shelf_life_days: "保质期天数",
  season_months: "采收月份",
  status: "状态",
  label_zh: "规格名称",
  label_en: "规格名称（英文）",
  weight_grams: "重量（克）",
  price_yuan: "价格（元）",
  stock: "库存",
  certificate_numbers: "证书编号",
};

const HEADER_COLUMNS = new Map<string, ImportColumn>([
  ...IMPORT_COLUMNS.map((column) => [headerKey(column), column] as const),
  ...IMPORT_COLUMNS.map((column) => [headerKey(IMPORT_HEADERS_ZH[column]), column] as const),
  // Words people use for the same columns.
  [headerKey("产品名称"), "name_zh"],
  [headerKey("名称"), "name_zh"],
  [headerKey("产地"), "origin_county_zh"],
  [headerKey("规格"), "label_zh"],
  [headerKey("价格"), "price_yuan"],
  [headerKey("重量"), "weight_grams"],
  [headerKey("保质期"), "shelf_life_days"],
  [headerKey("保质期（天）"), "shelf_life_days"],
]);

/** The column a header names (Chinese or English), or null. */
export function importColumnFor(header: string): ImportColumn | null {
  return HEADER_COLUMNS.get(headerKey(header)) ?? null;
}

/** Values a Chinese sheet holds where the shop keeps a code. */
const TEMPERATURE_WORDS: Record<string, (typeof TEMPERATURE_CLASSES)[number]> = { 常温: "ambient", 冷藏: "chilled", 冷冻: "frozen" };
const STATUS_WORDS: Record<string, (typeof PRODUCT_STATUSES)[number]> = { 草稿: "draft", 在售: "active", 上架: "active", 归档: "archived", 已归档: "archived" };
const fromWords = (words: Record<string, string>) => (value: string | undefined) => (value === undefined ? undefined : (words[value] ?? value));

export const MAX_IMPORT_ROWS = 1000;

// The template's example: one product in two sizes, so its product columns repeat on each row.
const TEMPLATE_PRODUCT = {
  product_slug: "fengjie-navel-orange-gift-box",
  name_zh: "奉节脐橙礼盒",
  name_en: "Fengjie Navel Orange Gift Box",
  description_zh: "海拔600米果园，树上熟透再摘。",
  description_en: "Tree-ripened on orchards 600 m up the Yangtze gorges.",
  category: "水果",
  brand_registration_number: "",
  origin_county_zh: "奉节县",
  origin_county_en: "Fengjie County",
  temperature_class: "常温",
  shelf_life_days: "30",
  season_months: "11;12;1",
  status: "草稿",
} satisfies Partial<Record<ImportColumn, string>>;

export const TEMPLATE_ROWS: Record<ImportColumn, string>[] = [
  { sku: "FJ-NAVEL-3KG", ...TEMPLATE_PRODUCT, label_zh: "3公斤装", label_en: "3 kg box", weight_grams: "3000", price_yuan: "59.90", stock: "120", certificate_numbers: "" },
  { sku: "FJ-NAVEL-5KG-BOX", ...TEMPLATE_PRODUCT, label_zh: "5公斤装", label_en: "5 kg box", weight_grams: "5000", price_yuan: "89", stock: "80", certificate_numbers: "" },
];

export interface RowProblem {
  column?: ImportColumn;
  /** A key of `import.problems` (or of `errors` for a column's value) in the coop namespace. */
  key: string;
  params?: Record<string, string>;
  claims?: UnmetClaim[];
}

export interface ImportReport {
  /** Problems with the file as a whole (not CSV, wrong columns, too big); no row was looked at. */
  fileProblem: RowProblem | null;
  created: { row: number; sku: string; productSlug: string }[];
  updated: { row: number; sku: string; productSlug: string }[];
  refused: { row: number; sku: string; problems: RowProblem[] }[];
  /** True only when every row was accepted and the changes were saved. */
  committed: boolean;
}

const blankToUndefined = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));
const listField = (pattern: RegExp) =>
  blankToUndefined.transform((value) => (value ? value.split(/[;；、,，\s]+/).filter(Boolean) : [])).pipe(z.array(z.string().regex(pattern, { error: "listItem" })).max(24, { error: "tooLong" }));

const rowSchema = z.object({
  sku: skuField,
  product_slug: z.string({ error: "required" }).trim().min(1, { error: "required" }).pipe(slugField),
  name_zh: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(120, { error: "tooLong" }),
  name_en: z.string().trim().max(160, { error: "tooLong" }).default(""),
  description_zh: z.string().trim().max(5000, { error: "tooLong" }).default(""),
  description_en: z.string().trim().max(8000, { error: "tooLong" }).default(""),
  category: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(60, { error: "tooLong" }),
  brand_registration_number: blankToUndefined.pipe(z.string().regex(/^\d{5,12}$/, { error: "registrationNumber" }).optional()),
  origin_county_zh: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(60, { error: "tooLong" }),
  origin_county_en: z.string().trim().max(80, { error: "tooLong" }).default(""),
  temperature_class: blankToUndefined.transform(fromWords(TEMPERATURE_WORDS)).pipe(z.enum(TEMPERATURE_CLASSES, { error: "choose" }).default("ambient")),
  shelf_life_days: wholeNumber(1, 3650),
  season_months: listField(/^(?:[1-9]|1[0-2])$/).transform((months) => [...new Set(months.map(Number))].sort((a, b) => a - b)),
  status: blankToUndefined.transform(fromWords(STATUS_WORDS)).pipe(z.enum(PRODUCT_STATUSES, { error: "choose" }).optional()),
  label_zh: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(60, { error: "tooLong" }),
  label_en: z.string().trim().max(80, { error: "tooLong" }).default(""),
  weight_grams: wholeNumber(1, 100_000),
  price_yuan: yuanPrice,
  stock: blankToUndefined.pipe(wholeNumber(0, MAX_STOCK).optional()),
  certificate_numbers: listField(/^[^\s;；、,，]{1,64}$/),
});
type ImportRow = z.infer<typeof rowSchema>;

function emptyReport(fileProblem: RowProblem | null): ImportReport {
  return { fileProblem, created: [], updated: [], refused: [], committed: false };
}

class RollBack extends Error {}

/** Product fields of a row, as one comparable value: rows of one product must agree on them. */
function productKey(row: ImportRow): string {
  return JSON.stringify([
    row.name_zh,
    row.name_en,
    row.description_zh,
    row.description_en,
    row.category,
    row.brand_registration_number ?? "",
    row.origin_county_zh,
    row.origin_county_en,
    row.temperature_class,
    row.shelf_life_days,
    row.season_months,
    row.status ?? "",
  ]);
}

export async function importProducts(
  db: Kysely<Database>,
  { cooperativeId, actorUserId, bytes, today = chinaToday() }: { cooperativeId: number; actorUserId: number | null; bytes: Uint8Array; today?: string },
): Promise<ImportReport> {
  const read = readCsvRows(bytes, { columnFor: importColumnFor, columns: IMPORT_COLUMNS, required: REQUIRED_COLUMNS, maxRows: MAX_IMPORT_ROWS, maxRecordBytes: 64 * 1024 });
  if (!read.ok) return emptyReport(read.problem);
  const { records } = read;

  const report = emptyReport(null);
  const refuse = (row: number, sku: string, problem: RowProblem) => {
    const existing = report.refused.find((r) => r.row === row);
    if (existing) existing.problems.push(problem);
    else report.refused.push({ row, sku, problems: [problem] });
  };

  // 1. Every row on its own: values, and no SKU twice in the file.
  const valid: { line: number; data: ImportRow }[] = [];
  const seenSkus = new Map<string, number>();
  records.forEach((record, index) => {
    const line = index + 2; // line 1 is the header
    const result = rowSchema.safeParse(record);
    const rawSku = (record.sku ?? "").trim().toUpperCase();
    if (!result.success) {
      for (const issue of result.error.issues) refuse(line, rawSku, { column: issue.path[0] as ImportColumn, key: issue.message });
      return;
    }
    const earlier = seenSkus.get(result.data.sku);
    if (earlier !== undefined) {
      refuse(line, result.data.sku, { column: "sku", key: "duplicateSku", params: { line: String(earlier) } });
      return;
    }
    seenSkus.set(result.data.sku, line);
    valid.push({ line, data: result.data });
  });

  // 2. Rows of one product must describe it the same way.
  const groups = new Map<string, { line: number; data: ImportRow }[]>();
  for (const row of valid) {
    const group = groups.get(row.data.product_slug);
    if (!group) groups.set(row.data.product_slug, [row]);
    else if (productKey(group[0]!.data) !== productKey(row.data)) {
      refuse(row.line, row.data.sku, { column: "product_slug", key: "productMismatch", params: { line: String(group[0]!.line) } });
    } else group.push(row);
  }

  // 3. Everything that needs the database, in one transaction that is rolled back on any refusal.
  // Always a transaction of its own (not withTransaction): a refusal rolls it back by throwing,
  // which inside a caller's transaction would leave the rows written so far in place.
  try {
    await db.transaction().execute(async (trx) => {
      const lookups = await loadLookups(trx, cooperativeId, today);
      for (const [slug, rows] of groups) {
        try {
          await importProduct(trx, { cooperativeId, actorUserId, slug, rows, lookups, report, refuse, today });
        } catch (error) {
          if (error instanceof RollBack) throw error;
          // A statement failed: the transaction is unusable, so stop here and say where.
          refuse(rows[0]!.line, rows[0]!.data.sku, { key: "databaseRefused" });
          throw new RollBack();
        }
      }
      if (report.refused.length > 0) throw new RollBack();
    });
    report.committed = true;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    report.committed = false;
  }
  report.refused.sort((a, b) => a.row - b.row);
  if (!report.committed) {
    // Nothing was saved: what would have been created or updated was not.
    report.created = report.created.filter((row) => !report.refused.some((r) => r.row === row.row));
    report.updated = report.updated.filter((row) => !report.refused.some((r) => r.row === row.row));
  }
  return report;
}

interface Lookups {
  categories: Map<string, number>;
  brands: Map<string, number>;
  certificates: Map<string, number>;
}

async function loadLookups(trx: Transaction<Database>, cooperativeId: number, today: string): Promise<Lookups> {
  const [categories, brands, certificates] = await Promise.all([
    categoryOptions(trx),
    brandOptions(trx, { cooperativeId }),
    linkableCertifications(trx, { cooperativeId, today }),
  ]);
  return {
    // By code (fruit) or by the Chinese name a member sees in the shop (水果).
    categories: new Map(categories.flatMap((c) => [[c.slug, c.id] as const, [c.name_zh, c.id] as const])),
    brands: new Map(brands.map((b) => [b.registration_number, b.id])),
    certificates: new Map(certificates.map((c) => [c.number.toUpperCase(), c.id])),
  };
}

async function importProduct(
  trx: Transaction<Database>,
  {
    cooperativeId,
    actorUserId,
    slug,
    rows,
    lookups,
    report,
    refuse,
    today,
  }: {
    cooperativeId: number;
    actorUserId: number | null;
    slug: string;
    rows: { line: number; data: ImportRow }[];
    lookups: Lookups;
    report: ImportReport;
    refuse: (row: number, sku: string, problem: RowProblem) => void;
    today: string;
  },
) {
  const first = rows[0]!;
  const fields = first.data;
  let problems = 0;
  const refuseRow = (row: { line: number; data: ImportRow }, problem: RowProblem) => {
    problems += 1;
    refuse(row.line, row.data.sku, problem);
  };

  const categoryId = lookups.categories.get(fields.category) ?? lookups.categories.get(fields.category.toLowerCase());
  if (categoryId === undefined) refuseRow(first, { column: "category", key: "unknownCategory", params: { value: fields.category } });
  const brandId = fields.brand_registration_number ? lookups.brands.get(fields.brand_registration_number) : null;
  if (brandId === undefined) refuseRow(first, { column: "brand_registration_number", key: "unknownBrand", params: { value: fields.brand_registration_number ?? "" } });
  const certificateIds: number[] = [];
  for (const row of rows) {
    for (const number of row.data.certificate_numbers) {
      const id = lookups.certificates.get(number.toUpperCase());
      if (id === undefined) refuseRow(row, { column: "certificate_numbers", key: "unknownCertificate", params: { value: number } });
      else certificateIds.push(id);
    }
  }

  const product = await lockProductBySlug(trx, { slug });
  if (product && product.cooperative_id !== cooperativeId) {
    refuseRow(first, { column: "product_slug", key: "slugTaken", params: { value: slug } });
    return;
  }

  const variants = await lockVariantsBySku(trx, { skus: rows.map((row) => row.data.sku) });
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  for (const row of rows) {
    const existing = bySku.get(row.data.sku);
    if (!existing) continue;
    // Another cooperative's SKU: refused without saying whose it is.
    if (existing.cooperative_id !== cooperativeId) refuseRow(row, { column: "sku", key: "skuOtherCooperative", params: { value: row.data.sku } });
    else if (existing.slug !== slug) refuseRow(row, { column: "product_slug", key: "skuOtherProduct", params: { value: existing.slug } });
    else if (row.data.stock !== undefined && row.data.stock < existing.stock_reserved) {
      refuseRow(row, { column: "stock", key: "belowReserved", params: { reserved: String(existing.stock_reserved) } });
    }
  }
  if (problems > 0 || categoryId === undefined || brandId === undefined) return;

  const status: ProductStatus = fields.status ?? product?.status ?? "draft";
  const columns = {
    name_zh: fields.name_zh,
    name_en: fields.name_en,
    description_zh: fields.description_zh,
    description_en: fields.description_en,
    category_id: categoryId,
    brand_id: brandId,
    origin_county_zh: fields.origin_county_zh,
    origin_county_en: fields.origin_county_en,
    temperature_class: fields.temperature_class,
    shelf_life_days: fields.shelf_life_days,
    season_months: fields.season_months,
    status,
    ...productSearchFields(fields),
  };
  const publishNow = status === "active" && !product?.published_at;
  let productId: number;
  if (product) {
    productId = product.id;
    await updateProductColumns(trx, { id: product.id, cooperativeId, columns, publishNow });
  } else {
    productId = await insertProduct(trx, { cooperativeId, slug, columns, publishNow });
  }
  await refreshSearchDocuments(trx, { productIds: [productId] });

  for (const row of rows) {
    const existing = bySku.get(row.data.sku);
    const variantColumns = {
      label_zh: row.data.label_zh,
      label_en: row.data.label_en,
      weight_grams: row.data.weight_grams,
      price_fen: row.data.price_yuan,
      active: true,
    };
    if (existing) {
      const delta = row.data.stock === undefined ? 0 : row.data.stock - existing.stock_on_hand;
      await updateImportedVariant(trx, { variantId: existing.id, columns: variantColumns, delta, actorUserId });
      report.updated.push({ row: row.line, sku: row.data.sku, productSlug: slug });
    } else {
      const stock = row.data.stock ?? 0;
      await insertVariant(trx, { productId, columns: { sku: row.data.sku, ...variantColumns }, stock, reasonCode: product ? "import" : "opening", actorUserId });
      report.created.push({ row: row.line, sku: row.data.sku, productSlug: slug });
    }
  }

  for (const certificationId of new Set(certificateIds)) {
    await insertProductCertification(trx, { productId, certificationId });
  }

  // The same guard as publishing by hand: an active product's claims need linked, verified, unexpired certificates.
  if (status === "active") {
    const claims = await unmetClaimsFor(trx, { productId, text: await currentClaimText(trx, productId), today });
    if (claims.length > 0) refuseRow(first, { key: "unmetClaims", claims });
  }
}

/** The template offered for download: the header and two example rows. */
export function importTemplateCsv(): string {
  const escape = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = [IMPORT_COLUMNS.map((column) => IMPORT_HEADERS_ZH[column]).join(","), ...TEMPLATE_ROWS.map((row) => IMPORT_COLUMNS.map((column) => escape(row[column])).join(","))];
  // A byte-order mark, so Excel opens the Chinese text as UTF-8.
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
