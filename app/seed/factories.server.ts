import { randomBytes } from "node:crypto";
import type { Insertable, Kysely, Selectable } from "kysely";
import { addDays, chinaToday } from "~/utils/dates";
import { hashPassword } from "~/utils/password.server";
import { refreshSearchDocuments } from "~/models/search-documents.server";
import { productSearchFields } from "~/utils/search";
import type {
  BatchesTable,
  BrandsTable,
  CategoriesTable,
  CertificationsTable,
  CertificationType,
  CooperativeMembersTable,
  CooperativesTable,
  Database,
  ProductsTable,
  UsersTable,
  VariantsTable,
} from "~db/schema";
import { DEMO_PASSWORD } from "~db/seed-data/fixtures";

// Insert functions with realistic defaults, shared by the demo seed and the tests. Every
// option is a column name, so what a caller passes is exactly what lands in the row;
// relations that are not columns (a product's variants, its certificates) are camelCase.
// Anything unique (slugs, SKUs, numbers) is generated when not given, so a test can call
// a factory as often as it likes.

type Db = Kysely<Database>;

// Distinct per process (test files run in parallel workers) and per call.
const RUN = randomBytes(3).toString("hex");
let sequence = 0;
function uniqueToken(): string {
  sequence += 1;
  return `${RUN}${sequence.toString(36)}`;
}
// Nine digits: the demo seed's own registration numbers have eight, so they never collide.
const NUMBER_BASE = 100_000_000 + (parseInt(RUN, 16) % 800_000) * 1000;
function uniqueDigits(): string {
  sequence += 1;
  return String(NUMBER_BASE + sequence);
}

/** The password every factory-made account has unless a test chooses another. */
export const FACTORY_PASSWORD = DEMO_PASSWORD;

// ------------------------------------------------------------------ accounts

export type UserOptions = Partial<Omit<Insertable<UsersTable>, "password_hash">> & {
  /** Plain text, hashed with argon2id; null for an account without a password. */
  password?: string | null;
};

export async function createUser(db: Db, options: UserOptions = {}): Promise<Selectable<UsersTable>> {
  const { password = FACTORY_PASSWORD, email, ...columns } = options;
  const token = uniqueToken();
  return db
    .insertInto("users")
    .values({
      name: `测试用户 ${token}`,
      email_verified_at: new Date(),
      ...columns,
      email: (email ?? `user-${token}@example.test`).trim().toLowerCase(),
      password_hash: password === null ? null : await hashPassword(password),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addCooperativeMember(
  db: Db,
  options: { cooperative_id: number; user_id: number; role?: Insertable<CooperativeMembersTable>["role"] },
): Promise<Selectable<CooperativeMembersTable>> {
  return db
    .insertInto("cooperative_members")
    .values({ cooperative_id: options.cooperative_id, user_id: options.user_id, role: options.role ?? "member" })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// -------------------------------------------------------------- cooperatives

export async function createCooperative(
  db: Db,
  options: Partial<Insertable<CooperativesTable>> = {},
): Promise<Selectable<CooperativesTable>> {
  const token = uniqueToken();
  return db
    .insertInto("cooperatives")
    .values({
      slug: `cooperative-${token}`,
      name_zh: `武隆区仙女山高山蔬菜专业合作社 ${token}`,
      name_en: `Wulong Fairy Mountain Highland Vegetable Cooperative ${token}`,
      county_zh: "武隆区",
      county_en: "Wulong District",
      story_zh: "海拔一千二百米的台地上，四十多户人家一起种高山蔬菜。",
      story_en: "Forty-odd households growing highland vegetables on terraces 1,200 metres up.",
      founded_year: 2016,
      member_households: 42,
      ...options,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createCategory(
  db: Db,
  options: Partial<Insertable<CategoriesTable>> = {},
): Promise<Selectable<CategoriesTable>> {
  const token = uniqueToken();
  return db
    .insertInto("categories")
    .values({ slug: `category-${token}`, name_zh: `分类 ${token}`, name_en: `Category ${token}`, position: 100, ...options })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ------------------------------------------------------------- trust records

/** Review columns that are consistent with the status: a reviewed record has a time, a rejected one a note. */
function reviewColumns(options: {
  status?: "pending" | "verified" | "rejected";
  reviewer_id?: number | null;
  reviewed_at?: Date | null;
  review_note?: string | null;
}) {
  const status = options.status ?? "verified";
  return {
    status,
    reviewer_id: options.reviewer_id ?? null,
    reviewed_at: options.reviewed_at !== undefined ? options.reviewed_at : status === "pending" ? null : new Date(),
    review_note:
      options.review_note !== undefined
        ? options.review_note
        : status === "rejected"
          ? "证书扫描件不清晰，无法核对编号。The scan is illegible: the number cannot be checked."
          : null,
  };
}

export async function createBrand(
  db: Db,
  options: Partial<Insertable<BrandsTable>> & { cooperative_id?: number } = {},
): Promise<Selectable<BrandsTable>> {
  const cooperativeId = options.cooperative_id ?? (await createCooperative(db)).id;
  const today = chinaToday();
  const { status, reviewer_id, reviewed_at, review_note, ...columns } = options;
  return db
    .insertInto("brands")
    .values({
      name: `山里红 ${uniqueToken()}`,
      registration_number: uniqueDigits(),
      nice_class: 31,
      registrant: "重庆市武隆区仙女山高山蔬菜专业合作社",
      registered_on: addDays(today, -3 * 365),
      expires_on: addDays(today, 7 * 365),
      ...columns,
      ...reviewColumns({ status, reviewer_id, reviewed_at, review_note }),
      cooperative_id: cooperativeId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Who issues each kind of certificate in China, and how its numbers look (fictional digits). */
export const ISSUING_BODIES: Record<CertificationType, string> = {
  green_food: "中国绿色食品发展中心",
  organic: "中国质量认证中心",
  geographical_indication: "农业农村部",
  pollution_free: "农业农村部农产品质量安全中心",
  // Today's designation, products of formerly poor areas (脱贫地区农副产品): the State Council
  // poverty-alleviation office that kept the 2019–2020 catalogue was abolished in 2021.
  poverty_alleviation: "农业农村部",
  other: "中国质量认证中心",
};

function defaultCertificateNumber(type: CertificationType): string {
  const digits = uniqueDigits();
  switch (type) {
    case "green_food":
      return `LB-18-9${digits}A`;
    case "organic":
      return `CQC-OG-9${digits}`;
    case "geographical_indication":
      return `AGI9${digits}`;
    case "pollution_free":
      return `WNCR-CQ-9${digits}`;
    case "poverty_alleviation":
      return `FP-9${digits}`;
    case "other":
      return `GAP-9${digits}`;
  }
}

export async function createCertification(
  db: Db,
  options: Partial<Insertable<CertificationsTable>> & { cooperative_id?: number } = {},
): Promise<Selectable<CertificationsTable>> {
  const cooperativeId = options.cooperative_id ?? (await createCooperative(db)).id;
  const type = options.type ?? "green_food";
  const today = chinaToday();
  const { status, reviewer_id, reviewed_at, review_note, ...columns } = options;
  return db
    .insertInto("certifications")
    .values({
      number: defaultCertificateNumber(type),
      issuing_body: ISSUING_BODIES[type],
      scope_zh: "蔬菜",
      scope_en: "Vegetables",
      issued_on: addDays(today, -200),
      expires_on: addDays(today, 3 * 365 - 200),
      ...columns,
      ...reviewColumns({ status, reviewer_id, reviewed_at, review_note }),
      type,
      cooperative_id: cooperativeId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ----------------------------------------------------------------- catalogue

export type VariantOptions = Partial<Omit<Insertable<VariantsTable>, "product_id">>;

export type ProductOptions = Partial<Omit<Insertable<ProductsTable>, "search_text" | "search_document" | "search_version" | "price_from_fen">> & {
  /** One to a few sizes; a single realistic one when not given. */
  variants?: VariantOptions[];
  /** Certificates to link (they should belong to the product's cooperative). */
  certificationIds?: number[];
};

export type CreatedProduct = Selectable<ProductsTable> & { variants: Selectable<VariantsTable>[] };

async function defaultCategoryId(db: Db): Promise<number> {
  const fruit = await db.selectFrom("categories").select("id").where("slug", "=", "fruit").executeTakeFirst();
  return fruit?.id ?? (await createCategory(db)).id;
}

export async function createProduct(db: Db, options: ProductOptions = {}): Promise<CreatedProduct> {
  const { variants = [{}], certificationIds = [], ...columns } = options;
  const token = uniqueToken();
  const cooperativeId = columns.cooperative_id ?? (await createCooperative(db)).id;
  const categoryId = columns.category_id ?? (await defaultCategoryId(db));
  const text = {
    name_zh: columns.name_zh ?? `高山甘蓝 ${token}`,
    name_en: columns.name_en ?? `Highland Cabbage ${token}`,
    description_zh: columns.description_zh ?? "海拔一千二百米的坡地上种出的甘蓝，昼夜温差大，叶片紧实，清甜脆嫩。",
    description_en:
      columns.description_en ?? "Cabbage from slopes 1,200 metres up, where cold nights make tight, sweet, crisp heads.",
    origin_county_zh: columns.origin_county_zh ?? "武隆区",
    origin_county_en: columns.origin_county_en ?? "Wulong District",
  };
  const status = columns.status ?? "active";
  const product = await db
    .insertInto("products")
    .values({
      slug: `product-${token}`,
      temperature_class: "ambient",
      shelf_life_days: 14,
      season_months: [7, 8, 9],
      illustration: "vegetables",
      ...columns,
      ...text,
      ...productSearchFields(text),
      status,
      published_at: columns.published_at !== undefined ? columns.published_at : status === "active" ? new Date() : null,
      cooperative_id: cooperativeId,
      category_id: categoryId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await refreshSearchDocuments(db, { productIds: [product.id] });

  const createdVariants = variants.length
    ? await db
        .insertInto("variants")
        .values(
          variants.map((variant, index) => ({
            sku: `SKU-${uniqueToken().toUpperCase()}`,
            label_zh: "2.5 公斤装",
            label_en: "2.5 kg box",
            weight_grams: 2500,
            price_fen: 3990,
            stock_on_hand: 100,
            position: index,
            ...variant,
            product_id: product.id,
          })),
        )
        .returningAll()
        .execute()
    : [];
  if (certificationIds.length) {
    await db
      .insertInto("product_certifications")
      .values(certificationIds.map((certificationId) => ({ product_id: product.id, certification_id: certificationId })))
      .execute();
  }
  // Re-read: the variants trigger has filled price_from_fen.
  const row = await db.selectFrom("products").selectAll().where("id", "=", product.id).executeTakeFirstOrThrow();
  return { ...row, variants: createdVariants.sort((a, b) => a.position - b.position) };
}

export async function linkCertifications(
  db: Db,
  options: { product_id: number; certificationIds: number[] },
): Promise<void> {
  if (!options.certificationIds.length) return;
  await db
    .insertInto("product_certifications")
    .values(options.certificationIds.map((id) => ({ product_id: options.product_id, certification_id: id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function createBatch(
  db: Db,
  options: Partial<Insertable<BatchesTable>> & { product_id: number },
): Promise<Selectable<BatchesTable>> {
  const today = chinaToday();
  const harvestedOn = options.harvested_on ?? addDays(today, -6);
  const packedOn = options.packed_on ?? addDays(harvestedOn, 1);
  return db
    .insertInto("batches")
    .values({
      code: `LOT-${uniqueToken().toUpperCase()}`,
      quantity: 200,
      plot_zh: "仙女山镇石梁子村 3 号地",
      plot_en: "Shiliangzi Village, plot 3",
      household_zh: "陈永福家",
      household_en: "the Chen Yongfu household",
      ...options,
      harvested_on: harvestedOn,
      packed_on: packedOn,
      best_before: options.best_before ?? addDays(packedOn, 14),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
