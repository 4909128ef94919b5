import { sql, type Kysely } from "kysely";
import type { Database, StockReasonCode } from "~db/schema";
import type { Outcome } from "~/models/outcome.server";
import { withTransaction } from "~/models/transaction.server";

// Stock a cooperative counts by hand: every change is an adjustment with a reason, kept as
// history. Checkout reserves stock concurrently, so a removal is one conditional UPDATE that
// can never take stock on hand below what shoppers have already reserved.

export const LOW_STOCK_THRESHOLD = 5;

/**
 * Adds (positive delta) or removes (negative) stock of a variant of this cooperative and records
 * why. Refused, changing nothing, when the removal would leave less on hand than is reserved.
 */
export async function adjustStock(
  db: Kysely<Database>,
  {
    variantId,
    cooperativeId,
    delta,
    reason,
    actorUserId,
  }: { variantId: number; cooperativeId: number; delta: number; reason: string; actorUserId: number | null },
): Promise<Outcome<{ stockOnHand: number }>> {
  if (!Number.isSafeInteger(delta) || delta === 0) return { ok: false, errors: { quantity: "wholeNumber" } };
  return withTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable("variants")
      .set({ stock_on_hand: sql`stock_on_hand + ${delta}`, updated_at: sql`now()` })
      .where("id", "=", variantId)
      .where("product_id", "in", (eb) => eb.selectFrom("products").select("id").where("cooperative_id", "=", cooperativeId))
      .where(sql<boolean>`stock_on_hand + ${delta} >= stock_reserved`)
      .where(sql<boolean>`stock_on_hand + ${delta} <= ${2_000_000_000}`)
      .returning("stock_on_hand")
      .executeTakeFirst();
    if (!updated) {
      const exists = await trx
        .selectFrom("variants as v")
        .innerJoin("products as p", "p.id", "v.product_id")
        .where("v.id", "=", variantId)
        .where("p.cooperative_id", "=", cooperativeId)
        .select(["v.stock_on_hand", "v.stock_reserved"])
        .executeTakeFirst();
      if (!exists) throw new Response("Not found", { status: 404 });
      return { ok: false as const, errors: { quantity: delta < 0 ? "belowReserved" : "numberTooLarge" } };
    }
    await recordStockAdjustment(trx, { variantId, delta, reasonCode: "manual", reason, actorUserId });
    return { ok: true as const, stockOnHand: updated.stock_on_hand };
  });
}

/** Writes down a change of stock on hand that the caller has made, and why. */
export async function recordStockAdjustment(
  db: Kysely<Database>,
  { variantId, delta, reasonCode, reason, actorUserId }: { variantId: number; delta: number; reasonCode: StockReasonCode; reason?: string; actorUserId: number | null },
): Promise<void> {
  await db
    .insertInto("stock_adjustments")
    .values({ variant_id: variantId, delta, reason_code: reasonCode, ...(reason === undefined ? {} : { reason }), actor_user_id: actorUserId })
    .execute();
}

/** The latest stock changes of a product's variants, newest first. */
export async function recentStockAdjustments(db: Kysely<Database>, { productId, limit = 30 }: { productId: number; limit?: number }) {
  return db
    .selectFrom("stock_adjustments as a")
    .innerJoin("variants as v", "v.id", "a.variant_id")
    .where("v.product_id", "=", productId)
    .select(["a.id", "a.delta", "a.reason_code", "a.reason", "a.created_at", "v.sku"])
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
}

/** Variants on sale (in draft or active products) with five or fewer units free to sell. */
export async function lowStockVariants(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }) {
  return db
    .selectFrom("variants as v")
    .innerJoin("products as p", "p.id", "v.product_id")
    .where("p.cooperative_id", "=", cooperativeId)
    .where("p.status", "<>", "archived")
    .where("v.active", "=", true)
    .where(sql<boolean>`v.stock_on_hand - v.stock_reserved <= ${LOW_STOCK_THRESHOLD}`)
    .select([
      "v.id",
      "v.sku",
      "v.label_zh",
      "v.label_en",
      "p.id as product_id",
      "p.name_zh",
      "p.name_en",
      "p.status as product_status",
      sql<number>`v.stock_on_hand - v.stock_reserved`.as("available"),
    ])
    .orderBy(sql`v.stock_on_hand - v.stock_reserved`)
    .orderBy("v.sku")
    .execute();
}
