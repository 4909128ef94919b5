import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, OrderStatus, TemperatureClass } from "~db/schema";

// The lines of an order: what was bought, how much of it has shipped, and the harvest batch
// each line is packed from.

export async function listOrderItems(db: Kysely<Database>, input: { orderId: number }) {
  return db.selectFrom("order_items").selectAll().where("order_id", "=", input.orderId).orderBy("id").execute();
}

/** The caller holds the order's lock: lines are locked after it. */
export async function lockOrderItems(trx: Transaction<Database>, { orderId }: { orderId: number }) {
  return trx
    .selectFrom("order_items")
    .select(["id", "product_id", "variant_id", "batch_id", "quantity", "quantity_shipped"])
    .where("order_id", "=", orderId)
    .orderBy("id")
    .forUpdate()
    .execute();
}

/** Adds shipped units to a line; the table's CHECK refuses more than were ordered. */
export async function shipOrderItemUnits(
  trx: Transaction<Database>,
  { orderItemId, quantity }: { orderItemId: number; quantity: number },
): Promise<void> {
  await trx
    .updateTable("order_items")
    .set((eb) => ({ quantity_shipped: eb("quantity_shipped", "+", quantity) }))
    .where("id", "=", orderItemId)
    .execute();
}

export async function setOrderItemBatch(
  db: Kysely<Database>,
  { orderItemId, batchId }: { orderItemId: number; batchId: number },
): Promise<void> {
  await db.updateTable("order_items").set({ batch_id: batchId }).where("id", "=", orderItemId).where("batch_id", "is", null).execute();
}

/** True once any unit of the order is shipped or a parcel is recorded for it. */
export async function orderHasShipped(db: Kysely<Database>, { orderId }: { orderId: number }): Promise<boolean> {
  const shipped = await db
    .selectFrom("order_items")
    .select("id")
    .where("order_id", "=", orderId)
    .where("quantity_shipped", ">", 0)
    .limit(1)
    .executeTakeFirst();
  if (shipped) return true;
  const shipment = await db.selectFrom("shipments").select("id").where("order_id", "=", orderId).limit(1).executeTakeFirst();
  return shipment !== undefined;
}

/** The harvest batches of the order's lines, in line order (a batch once per line that has it). */
export async function listOrderLineBatches(db: Kysely<Database>, { orderId }: { orderId: number }) {
  return db
    .selectFrom("order_items")
    .innerJoin("batches", "batches.id", "order_items.batch_id")
    .select(["order_items.id as orderItemId", "batches.code", "order_items.product_name_zh as nameZh", "order_items.product_name_en as nameEn"])
    .where("order_items.order_id", "=", orderId)
    .orderBy("order_items.id")
    .execute();
}

/**
 * What a past order had, a line per variant, with whether the variant and its product are
 * still offered (null when the variant was deleted).
 */
export async function listReorderLines(db: Kysely<Database>, { orderId }: { orderId: number }) {
  return db
    .selectFrom("order_items as oi")
    .leftJoin("variants as v", "v.id", "oi.variant_id")
    .leftJoin("products as p", "p.id", "v.product_id")
    .select([
      "oi.variant_id as variantId",
      "oi.product_name_zh as nameZh",
      "oi.product_name_en as nameEn",
      "oi.variant_label_zh as labelZh",
      "oi.variant_label_en as labelEn",
      sql<number>`sum(oi.quantity)::integer`.as("ordered"),
      "v.active",
      "p.status as productStatus",
    ])
    .where("oi.order_id", "=", orderId)
    .groupBy(["oi.variant_id", "oi.product_name_zh", "oi.product_name_en", "oi.variant_label_zh", "oi.variant_label_en", "v.active", "p.status"])
    .orderBy(sql`min(oi.id)`)
    .execute();
}

// ---------------------------------------------------------- batch allocation

export interface BatchCandidate {
  id: number;
  product_id: number;
  code: string;
  best_before: string;
  /** Units of the batch not yet allocated to an order line. */
  remaining: number;
}

/**
 * First expiring, first out: the batch with the earliest best-before date that is not past
 * and still has the units; failing that, the earliest one not past (the cooperative packed
 * more than it declared); null when every batch is past its date or there is none.
 */
export function chooseBatch(candidates: readonly BatchCandidate[], quantity: number, today: string): BatchCandidate | null {
  const fresh = candidates
    .filter((batch) => batch.best_before >= today)
    .sort((a, b) => a.best_before.localeCompare(b.best_before) || a.id - b.id);
  return fresh.find((batch) => batch.remaining >= quantity) ?? fresh[0] ?? null;
}

export async function batchCandidates(
  db: Kysely<Database>,
  { productIds, today }: { productIds: readonly number[]; today: string },
): Promise<BatchCandidate[]> {
  if (productIds.length === 0) return [];
  return db
    .selectFrom("batches")
    .select([
      "batches.id",
      "batches.product_id",
      "batches.code",
      "batches.best_before",
      (eb) =>
        sql<number>`${eb.ref("batches.quantity")} - coalesce((${eb
          .selectFrom("order_items")
          .select(sql<number>`sum(order_items.quantity)`.as("allocated"))
          .whereRef("order_items.batch_id", "=", "batches.id")}), 0)::int`.as("remaining"),
    ])
    .where("batches.product_id", "in", [...productIds])
    .where("batches.best_before", ">=", today)
    .orderBy("batches.best_before")
    .orderBy("batches.id")
    .execute();
}

export async function allocateBatch(
  db: Kysely<Database>,
  { productId, quantity, today }: { productId: number; quantity: number; today: string },
): Promise<BatchCandidate | null> {
  return chooseBatch(await batchCandidates(db, { productIds: [productId], today }), quantity, today);
}

// --------------------------------------------------------------- pick list

export const PICKABLE_STATUSES: readonly OrderStatus[] = ["paid", "fulfilling", "partially_shipped"];

export interface PickLine {
  order_item_id: number;
  order_id: number;
  order_number: string;
  placed_at: Date;
  product_id: number | null;
  product_name_zh: string;
  product_name_en: string;
  variant_label_zh: string;
  variant_label_en: string;
  sku: string;
  temperature_class: TemperatureClass;
  remaining: number;
  quantity: number;
  batch_id: number | null;
  batch_code: string | null;
  batch_best_before: string | null;
}

/** Every unit still to ship, oldest order first (so earlier orders get the earlier batches). */
export async function unshippedLines(db: Kysely<Database>): Promise<PickLine[]> {
  return db
    .selectFrom("order_items")
    .innerJoin("orders", "orders.id", "order_items.order_id")
    .leftJoin("batches", "batches.id", "order_items.batch_id")
    .select([
      "order_items.id as order_item_id",
      "orders.id as order_id",
      "orders.number as order_number",
      "orders.placed_at",
      "order_items.product_id",
      "order_items.product_name_zh",
      "order_items.product_name_en",
      "order_items.variant_label_zh",
      "order_items.variant_label_en",
      "order_items.sku",
      "order_items.temperature_class",
      sql<number>`(order_items.quantity - order_items.quantity_shipped)`.as("remaining"),
      "order_items.quantity",
      "order_items.batch_id",
      "batches.code as batch_code",
      "batches.best_before as batch_best_before",
    ])
    .where("orders.status", "in", [...PICKABLE_STATUSES])
    .where("orders.payment_status", "in", ["paid", "partially_refunded"])
    .whereRef("order_items.quantity_shipped", "<", "order_items.quantity")
    .orderBy("orders.placed_at")
    .orderBy("order_items.id")
    .execute();
}

