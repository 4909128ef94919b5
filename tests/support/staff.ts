import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Role } from "~db/schema";
import { addDays, chinaToday } from "~/utils/dates";

// Small, explicit fixtures for the back-office tests: a cooperative with a product, its
// variants and batches, and orders inserted in whatever state a test needs, so fulfilment
// and tracking can be tested without going through checkout.

type Db = Kysely<Database>;

let sequence = 0;
const RUN = randomBytes(3).toString("hex").toUpperCase();
export function unique(prefix = ""): string {
  sequence += 1;
  return `${prefix}${RUN}${sequence.toString(36).toUpperCase()}`;
}

export async function createUserWithRole(db: Db, role: Role, email?: string) {
  return db
    .insertInto("users")
    .values({ email: (email ?? `${unique("u").toLowerCase()}@example.test`).toLowerCase(), name: `Test ${role}`, role, password_hash: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createCooperative(db: Db) {
  const token = unique().toLowerCase();
  return db
    .insertInto("cooperatives")
    .values({ slug: `coop-${token}`, name_zh: `测试合作社 ${token}`, name_en: `Test Cooperative ${token}`, county_zh: "奉节县", county_en: "Fengjie County" })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ProductFixture {
  cooperative: { id: number; name_zh: string; name_en: string };
  product: { id: number; slug: string };
  variants: { id: number; sku: string; price_fen: number }[];
}

/** A cooperative (new unless given), one active product with `variants` variants in stock. */
export async function createProductFixture(
  db: Db,
  options: { cooperativeId?: number; variants?: number; stock?: number; priceFen?: number } = {},
): Promise<ProductFixture> {
  const cooperative = options.cooperativeId
    ? await db.selectFrom("cooperatives").select(["id", "name_zh", "name_en"]).where("id", "=", options.cooperativeId).executeTakeFirstOrThrow()
    : await createCooperative(db);
  const token = unique().toLowerCase();
  const category =
    (await db.selectFrom("categories").select("id").orderBy("id").executeTakeFirst()) ??
    (await db.insertInto("categories").values({ slug: `cat-${token}`, name_zh: "水果", name_en: "Fruit" }).returning("id").executeTakeFirstOrThrow());
  const product = await db
    .insertInto("products")
    .values({
      cooperative_id: cooperative.id,
      category_id: category.id,
      slug: `product-${token}`,
      name_zh: `测试脐橙 ${token}`,
      name_en: `Test Orange ${token}`,
      origin_county_zh: "奉节县",
      origin_county_en: "Fengjie County",
      shelf_life_days: 30,
      status: "active",
      published_at: new Date(),
    })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
  const variants = [];
  for (let i = 0; i < (options.variants ?? 2); i++) {
    variants.push(
      await db
        .insertInto("variants")
        .values({
          product_id: product.id,
          sku: `T-${unique()}`,
          label_zh: `${(i + 1) * 5}斤装`,
          label_en: `${(i + 1) * 5} jin box`,
          weight_grams: (i + 1) * 2500,
          price_fen: options.priceFen ?? 4990 + i * 3000,
          stock_on_hand: options.stock ?? 100,
          position: i,
        })
        .returning(["id", "sku", "price_fen"])
        .executeTakeFirstOrThrow(),
    );
  }
  return { cooperative, product, variants };
}

export async function createBatch(db: Db, options: { productId: number; bestBeforeInDays: number; quantity?: number; code?: string }) {
  const today = chinaToday();
  const packed = addDays(today, Math.min(0, options.bestBeforeInDays) - 5);
  return db
    .insertInto("batches")
    .values({
      product_id: options.productId,
      code: options.code ?? `B-${unique()}`,
      harvested_on: addDays(packed, -2),
      packed_on: packed,
      best_before: addDays(today, options.bestBeforeInDays),
      quantity: options.quantity ?? 500,
      plot_zh: "三号地块",
      household_zh: "张家",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export { insertOrder, type OrderFixture } from "./orders";
