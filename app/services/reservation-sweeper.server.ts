import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { appendOrderEvent } from "~/models/order/events.server";
import { lockOrder } from "~/models/order/order.server";
import { withTransaction } from "~/models/transaction.server";
import { ordersWithExpiredHolds, releaseOrderReservations } from "~/models/reservation.server";

// Gives back stock held by unpaid orders whose reservation has expired. Runs in every app
// instance and in `npm run worker`, so several sweeps can run at once: each order is taken
// with FOR UPDATE SKIP LOCKED (an order another sweep or a payment is handling is left for
// the next round) and released with a status-guarded update, so a reservation is released
// exactly once. The order stays pending_payment: a payment that still arrives is handled
// by process-event (stock taken again if it is there, otherwise refunded and flagged).

export async function sweepExpiredReservations(database: Kysely<Database>, options: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const candidates = await ordersWithExpiredHolds(database, { now, limit: options.limit ?? 100 });
  let releasedOrders = 0;
  for (const orderId of candidates) {
    const released = await withTransaction(database, async (trx) => {
      const order = await lockOrder(trx, { orderId, skipLocked: true });
      if (!order) return false;
      const lines = await releaseOrderReservations(trx, { orderId, expiredBefore: now });
      if (lines.length === 0) return false;
      await appendOrderEvent(trx, {
        orderId,
        type: "reservation.released",
        actor: { kind: "system" },
        data: { cause: "expired", lines },
      });
      return true;
    });
    if (released) releasedOrders += 1;
  }
  return releasedOrders;
}
