import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from "kysely";
import type { Database, StockReasonCode } from "~db/schema";
import type { VariantFields } from "~/schemas/coop";
import { recordStockAdjustment } from "~/models/stock.server";

// The sizes a product is sold in (one SKU each). The checks that span the product (its status,
// its claims) are in product.server.ts, which changes variants through these functions.

type VariantColumns = Omit<Insertable<Database["variants"]>, "product_id" | "position" | "stock_on_hand">;

export function variantColumns(input: VariantFields) {
  return {
    sku: input.sku,
    label_zh: input.label_zh,
    label_en: input.label_en,
    weight_grams: input.weight_grams,
    price_fen: input.price,
  };
}

export async function skuTaken(db: Kysely<Database>, sku: string, exceptVariantId?: number): Promise<boolean> {
  const row = await db
    .selectFrom("variants")
    .select("id")
    .where("sku", "=", sku)
    .$if(exceptVariantId !== undefined, (q) => q.where("id", "<>", exceptVariantId!))
    .executeTakeFirst();
  return Boolean(row);
}

/** Whether the product has a variant on sale (besides `exceptVariantId`). */
export async function hasActiveVariant(db: Kysely<Database>, { productId, exceptVariantId }: { productId: number; exceptVariantId?: number }): Promise<boolean> {
  const row = await db
    .selectFrom("variants")
    .select("id")
    .where("product_id", "=", productId)
    .where("active", "=", true)
    .$if(exceptVariantId !== undefined, (q) => q.where("id", "<>", exceptVariantId!))
    .executeTakeFirst();
  return Boolean(row);
}

export async function listProductVariants(db: Kysely<Database>, { productId }: { productId: number }) {
  return db.selectFrom("variants").selectAll().where("product_id", "=", productId).orderBy("position").orderBy("id").execute();
}

/** The variant, only when it belongs to a product of this cooperative. */
export async function getCooperativeVariant(db: Kysely<Database>, { variantId, cooperativeId }: { variantId: number; cooperativeId: number }) {
  return db
    .selectFrom("variants as v")
    .innerJoin("products as p", "p.id", "v.product_id")
    .where("v.id", "=", variantId)
    .where("p.cooperative_id", "=", cooperativeId)
    .select(["v.id", "v.product_id", "v.sku", "v.label_zh", "v.label_en", "v.active", "v.stock_on_hand", "v.stock_reserved", "p.status as product_status"])
    .executeTakeFirst();
}

/**
 * A new last variant of the product with its stock on hand; stock above zero is recorded as an
 * adjustment with `reasonCode`. Takes a transaction: the position is read, then taken.
 */
export async function insertVariant(
  trx: Transaction<Database>,
  {
    productId,
    columns,
    stock,
    reasonCode = "opening",
    actorUserId,
  }: { productId: number; columns: VariantColumns; stock: number; reasonCode?: StockReasonCode; actorUserId: number | null },
): Promise<number> {
  const { next } = await trx
    .selectFrom("variants")
    .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
    .where("product_id", "=", productId)
    .executeTakeFirstOrThrow();
  const { id } = await trx
    .insertInto("variants")
    .values({ product_id: productId, position: Number(next), stock_on_hand: stock, ...columns })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (stock > 0) await recordStockAdjustment(trx, { variantId: id, delta: stock, reasonCode, actorUserId });
  return id;
}

export async function updateVariantColumns(
  db: Kysely<Database>,
  { variantId, productId, columns }: { variantId: number; productId: number; columns: Updateable<Database["variants"]> },
): Promise<void> {
  await db
    .updateTable("variants")
    .set({ ...columns, updated_at: sql`now()` })
    .where("id", "=", variantId)
    .where("product_id", "=", productId)
    .execute();
}

// ------------------------------------------------------------------ import

/** The variants with these SKUs, whichever cooperative's, locked until the transaction ends. */
export async function lockVariantsBySku(trx: Transaction<Database>, { skus }: { skus: string[] }) {
  return trx
    .selectFrom("variants as v")
    .innerJoin("products as p", "p.id", "v.product_id")
    .where("v.sku", "in", skus)
    .select(["v.id", "v.sku", "v.stock_on_hand", "v.stock_reserved", "p.cooperative_id", "p.slug"])
    .forUpdate("v")
    .execute();
}

/** Replaces a variant's columns and moves its stock on hand by `delta`, recording a change as an import. */
export async function updateImportedVariant(
  trx: Transaction<Database>,
  { variantId, columns, delta, actorUserId }: { variantId: number; columns: Updateable<Database["variants"]>; delta: number; actorUserId: number | null },
): Promise<void> {
  await trx
    .updateTable("variants")
    .set({ ...columns, stock_on_hand: sql`stock_on_hand + ${delta}`, updated_at: sql`now()` })
    .where("id", "=", variantId)
    .execute();
  if (delta !== 0) await recordStockAdjustment(trx, { variantId, delta, reasonCode: "import", actorUserId });
}

/**
 * Variants with what an order line snapshots of them (SKU, labels, weight, price, and the
 * product's names, cooperative and temperature), for writing orders outside checkout: the demo
 * seed's past orders and the tests' order fixture. Filtered by variant, or by cooperative with
 * only active products; in catalogue order.
 */
export async function listVariantSnapshots(
  db: Kysely<Database>,
  filters: { variantIds: readonly number[] } | { cooperativeIds: readonly number[]; activeProducts: true },
) {
  let query = db
    .selectFrom("variants")
    .innerJoin("products", "products.id", "variants.product_id")
    .select([
      "variants.id",
      "variants.product_id",
      "variants.sku",
      "variants.label_zh",
      "variants.label_en",
      "variants.weight_grams",
      "variants.price_fen",
      "products.cooperative_id",
      "products.name_zh",
      "products.name_en",
      "products.temperature_class",
    ]);
  if ("variantIds" in filters) {
    if (filters.variantIds.length === 0) return [];
    query = query.where("variants.id", "in", [...filters.variantIds]);
  } else {
    if (filters.cooperativeIds.length === 0) return [];
    query = query.where("products.cooperative_id", "in", [...filters.cooperativeIds]).where("products.status", "=", "active");
  }
  return query.orderBy("products.id").orderBy("variants.position").orderBy("variants.id").execute();
}
