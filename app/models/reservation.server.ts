import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";

// Stock held for an unpaid order. A reservation moves `held` → `committed` (paid: the
// units leave stock_on_hand) or `held` → `released` (expired or abandoned: the units
// become available again), each exactly once: every move is an UPDATE guarded by the
// status it leaves, and the stock columns move only for the rows that update returned.
// Locks are always taken order row first (by the caller), then reservations, then
// variants in id order, so concurrent payments, sweeps and checkouts never deadlock.

export class OutOfStockError extends Error {
  override name = "OutOfStockError";
  constructor(
    readonly variantId: number,
    readonly requested: number,
  ) {
    super(`not enough stock for variant ${variantId} (requested ${requested})`);
  }
}

export interface StockLine {
  variantId: number;
  quantity: number;
}

/** Lines with one entry per variant, sorted by variant id: only consolidateLines makes them. */
export type ConsolidatedLines = readonly StockLine[] & { readonly __consolidated: true };

/**
 * Sums quantities per variant, drops empty lines and sorts by variant id: the one order
 * locks are taken in. Functions that lock variants take its result, so it runs once per
 * checkout and the type says it has.
 */
export function consolidateLines(lines: readonly StockLine[]): ConsolidatedLines {
  const totals = new Map<number, number>();
  for (const line of lines) {
    if (line.quantity > 0) totals.set(line.variantId, (totals.get(line.variantId) ?? 0) + line.quantity);
  }
  return [...totals].map(([variantId, quantity]) => ({ variantId, quantity })).sort((a, b) => a.variantId - b.variantId) as unknown as ConsolidatedLines;
}

/**
 * Moves `quantity` of each variant from available to reserved, or throws OutOfStockError
 * (the caller's transaction then rolls everything back). The condition in the UPDATE is
 * the whole guarantee: two checkouts racing for the last unit cannot both pass it.
 */
async function reserveVariantStock(trx: Transaction<Database>, lines: ConsolidatedLines): Promise<void> {
  for (const line of lines) {
    const updated = await trx
      .updateTable("variants")
      .set({ stock_reserved: sql`stock_reserved + ${line.quantity}` })
      .where("id", "=", line.variantId)
      .where("active", "=", true)
      .where(sql<boolean>`stock_on_hand - stock_reserved >= ${line.quantity}`)
      .returning("id")
      .executeTakeFirst();
    if (!updated) throw new OutOfStockError(line.variantId, line.quantity);
  }
}

/** Reserves stock for a new order and records one `held` reservation per variant. */
export async function reserveStockForOrder(
  trx: Transaction<Database>,
  input: { orderId: number; lines: ConsolidatedLines; expiresAt: Date },
): Promise<void> {
  await reserveVariantStock(trx, input.lines);
  await trx
    .insertInto("stock_reservations")
    .values(input.lines.map((line) => ({ order_id: input.orderId, variant_id: line.variantId, quantity: line.quantity, expires_at: input.expiresAt })))
    .execute();
}

async function returnReservedStock(trx: Transaction<Database>, lines: readonly StockLine[]): Promise<void> {
  for (const line of consolidateLines(lines)) {
    await trx
      .updateTable("variants")
      .set({ stock_reserved: sql`stock_reserved - ${line.quantity}` })
      .where("id", "=", line.variantId)
      .execute();
  }
}

/**
 * Releases the order's held reservations (all of them, or only those expired by `expiredBefore`).
 * Returns what was released; a second call releases nothing.
 */
export async function releaseOrderReservations(
  trx: Transaction<Database>,
  input: { orderId: number; expiredBefore?: Date },
): Promise<StockLine[]> {
  let query = trx
    .updateTable("stock_reservations")
    .set({ status: "released", settled_at: sql`now()`, updated_at: sql`now()` })
    .where("order_id", "=", input.orderId)
    .where("status", "=", "held");
  if (input.expiredBefore) query = query.where("expires_at", "<", input.expiredBefore);
  const released = await query.returning(["variant_id as variantId", "quantity"]).execute();
  await returnReservedStock(trx, released);
  return released;
}

/** Turns the order's held reservations into sold stock. Returns what was committed. */
export async function commitOrderReservations(trx: Transaction<Database>, input: { orderId: number }): Promise<StockLine[]> {
  const committed = await trx
    .updateTable("stock_reservations")
    .set({ status: "committed", settled_at: sql`now()`, updated_at: sql`now()` })
    .where("order_id", "=", input.orderId)
    .where("status", "=", "held")
    .returning(["variant_id as variantId", "quantity"])
    .execute();
  for (const line of consolidateLines(committed)) {
    await trx
      .updateTable("variants")
      .set({ stock_on_hand: sql`stock_on_hand - ${line.quantity}`, stock_reserved: sql`stock_reserved - ${line.quantity}` })
      .where("id", "=", line.variantId)
      .execute();
  }
  return committed;
}

/**
 * A paid order's stock left `stock_on_hand` when its reservations were committed; a
 * cancellation puts it back. Guarded on the reservation's status, so it happens once.
 * Lock order as everywhere: order (held by the caller), reservations, variants by id.
 */
export async function restockCommittedReservations(trx: Transaction<Database>, { orderId }: { orderId: number }): Promise<StockLine[]> {
  const returned = await trx
    .updateTable("stock_reservations")
    .set({ status: "released", updated_at: sql<Date>`now()` })
    .where("order_id", "=", orderId)
    .where("status", "=", "committed")
    .returning(["variant_id as variantId", "quantity"])
    .execute();
  const lines = consolidateLines(returned);
  for (const line of lines) {
    await trx
      .updateTable("variants")
      .set({ stock_on_hand: sql<number>`stock_on_hand + ${line.quantity}`, updated_at: sql<Date>`now()` })
      .where("id", "=", line.variantId)
      .execute();
  }
  return [...lines];
}

/**
 * The order's released reservations, locked for the rest of the transaction and in variant
 * order, so two transactions on the same order take their locks alike and cannot deadlock.
 */
function lockReleasedReservations(trx: Transaction<Database>, orderId: number) {
  return trx
    .selectFrom("stock_reservations")
    .select(["id", "variant_id as variantId", "quantity"])
    .where("order_id", "=", orderId)
    .where("status", "=", "released")
    .orderBy("variant_id")
    .forUpdate()
    .execute();
}

/**
 * A payment arrived after the order's reservations were released. Takes the units again
 * straight from available stock if they are all still there (and marks the reservations
 * committed); returns false, changing nothing, if any is gone.
 */
export async function recommitReleasedReservations(trx: Transaction<Database>, input: { orderId: number }): Promise<boolean> {
  const released = await lockReleasedReservations(trx, input.orderId);
  for (const line of released) {
    const taken = await trx
      .updateTable("variants")
      .set({ stock_on_hand: sql`stock_on_hand - ${line.quantity}` })
      .where("id", "=", line.variantId)
      .where(sql<boolean>`stock_on_hand - stock_reserved >= ${line.quantity}`)
      .returning("id")
      .executeTakeFirst();
    if (!taken) {
      // Undo the lines already taken in this loop; the caller's transaction stays usable.
      for (const done of released) {
        if (done === line) break;
        await trx.updateTable("variants").set({ stock_on_hand: sql`stock_on_hand + ${done.quantity}` }).where("id", "=", done.variantId).execute();
      }
      return false;
    }
  }
  if (released.length > 0) {
    await trx
      .updateTable("stock_reservations")
      .set({ status: "committed", settled_at: sql`now()`, updated_at: sql`now()` })
      .where("id", "in", released.map((line) => line.id))
      .where("status", "=", "released")
      .execute();
  }
  return true;
}

/**
 * Holds the order's released reservations again (a shopper retries payment after the hold
 * lapsed), if every unit is still available. Returns false, changing nothing, otherwise.
 */
export async function reholdReleasedReservations(
  trx: Transaction<Database>,
  input: { orderId: number; expiresAt: Date },
): Promise<boolean> {
  const released = await lockReleasedReservations(trx, input.orderId);
  if (released.length === 0) return true;
  const taken: typeof released = [];
  for (const line of released) {
    const ok = await trx
      .updateTable("variants")
      .set({ stock_reserved: sql`stock_reserved + ${line.quantity}` })
      .where("id", "=", line.variantId)
      .where(sql<boolean>`stock_on_hand - stock_reserved >= ${line.quantity}`)
      .returning("id")
      .executeTakeFirst();
    if (!ok) {
      for (const done of taken) {
        await trx.updateTable("variants").set({ stock_reserved: sql`stock_reserved - ${done.quantity}` }).where("id", "=", done.variantId).execute();
      }
      return false;
    }
    taken.push(line);
  }
  await trx
    .updateTable("stock_reservations")
    .set({ status: "held", expires_at: input.expiresAt, settled_at: null, updated_at: sql`now()` })
    .where("id", "in", released.map((line) => line.id))
    .where("status", "=", "released")
    .execute();
  return true;
}

/** Moves the expiry of the order's held reservations (a new payment attempt gets a full window). */
export async function extendHeldReservations(trx: Transaction<Database>, input: { orderId: number; expiresAt: Date }): Promise<number> {
  const rows = await trx
    .updateTable("stock_reservations")
    .set({ expires_at: input.expiresAt, updated_at: sql`now()` })
    .where("order_id", "=", input.orderId)
    .where("status", "=", "held")
    .returning("id")
    .execute();
  return rows.length;
}

export async function listOrderReservations(db: Kysely<Database>, input: { orderId: number }) {
  return db
    .selectFrom("stock_reservations")
    .select(["id", "variant_id as variantId", "quantity", "status", "expires_at as expiresAt"])
    .where("order_id", "=", input.orderId)
    .orderBy("variant_id")
    .execute();
}

/** Orders with at least one held reservation past its expiry, oldest first. */
export async function ordersWithExpiredHolds(db: Kysely<Database>, input: { now: Date; limit: number }): Promise<number[]> {
  const rows = await db
    .selectFrom("stock_reservations")
    .select("order_id")
    .where("status", "=", "held")
    .where("expires_at", "<", input.now)
    .groupBy("order_id")
    .orderBy(sql`min(expires_at)`)
    .limit(input.limit)
    .execute();
  return rows.map((row) => row.order_id);
}
