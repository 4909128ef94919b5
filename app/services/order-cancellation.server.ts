import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { appendOrderEvent, type Actor } from "~/models/order/events.server";
import { orderHasShipped } from "~/models/order/items.server";
import { lockOrder, transitionOrderStatus } from "~/models/order/order.server";
import { allowedFrom, ORDER_TRANSITIONS } from "~/models/order-state";
import { listCapturedPayments, listOpenPayments, markPaymentExpired, refundableFen, refundTotals } from "~/models/payment.server";
import { releaseOrderReservations, restockCommittedReservations, type StockLine } from "~/models/reservation.server";
import { withTransaction } from "~/models/transaction.server";
import { paymentProviderFor } from "~/services/payments/index.server";
import { issueRefund, RefundError, type IssuedRefund } from "~/services/refunds.server";

// Staff cancellations and refunds. A cancellation is one transaction (stock back, order
// cancelled, open payment sessions closed); the refund of what was captured follows after
// commit through issueRefund, which talks to the provider and must never run inside a
// database transaction. Its idempotency key is derived from the order, so a retry after a
// provider failure asks for the same refund and can never pay out twice.

export type CancellationErrorCode = "order_not_found" | "not_cancellable" | "already_cancelled" | "already_shipped" | "reason_required";

export class CancellationError extends Error {
  override name = "CancellationError";
  constructor(readonly code: CancellationErrorCode, message?: string) {
    super(message ?? code);
  }
}

const CANCELLABLE = allowedFrom(ORDER_TRANSITIONS, "cancelled");

export function cancellationRefundKey(orderId: number): string {
  return `refund:cancel:order:${orderId}`;
}

export interface CancellationResult {
  /** Units whose hold was released (unpaid orders). */
  released: StockLine[];
  /** Units returned to stock on hand (paid orders: the stock had been committed). */
  restocked: StockLine[];
  refund: IssuedRefund | null;
  /** The order is cancelled but its refund did not go through; staff retry it from the order page. */
  refundError: RefundError | null;
}

/**
 * Cancels an order nothing of which has shipped: pending payment, paid or being packed.
 * Held stock is released, committed stock goes back on hand, and what was captured is
 * refunded in full.
 */
export async function cancelOrder(
  db: Kysely<Database>,
  input: { orderId: number; reason: string; actor: Actor },
): Promise<CancellationResult> {
  const reason = input.reason.trim();
  if (!reason) throw new CancellationError("reason_required");

  const cancelled = await withTransaction(db, async (trx) => {
    const order = await lockOrder(trx, { orderId: input.orderId });
    if (!order) throw new CancellationError("order_not_found");
    if (order.status === "cancelled") throw new CancellationError("already_cancelled");
    if (!CANCELLABLE.includes(order.status)) throw new CancellationError("not_cancellable");
    if (await orderHasShipped(trx, { orderId: input.orderId })) throw new CancellationError("already_shipped");

    const released = await releaseOrderReservations(trx, { orderId: input.orderId });
    const restocked = await restockCommittedReservations(trx, { orderId: input.orderId });
    const openSessions = await listOpenPayments(trx, { orderId: input.orderId });
    for (const payment of openSessions) await markPaymentExpired(trx, { paymentId: payment.id });

    const moved = await transitionOrderStatus(trx, {
      orderId: input.orderId,
      to: "cancelled",
      actor: input.actor,
      data: { reason, releasedUnits: units(released), restockedUnits: units(restocked) },
    });
    if (moved === null) throw new CancellationError("not_cancellable");
    if (restocked.length > 0) {
      await appendOrderEvent(trx, { orderId: input.orderId, type: "stock.returned", actor: input.actor, data: { lines: restocked } });
    }
    return { released, restocked, openSessions, refundable: await refundableOnOrder(trx, input.orderId) };
  });

  // Best effort: a session left open can still be paid, and that payment is refunded
  // automatically (payment processing flags payments after cancellation).
  for (const session of cancelled.openSessions) {
    await paymentProviderFor(session.provider)
      .expirePayment(session.provider_session_id)
      .catch((error: unknown) => console.warn(`[cancel] could not expire payment session ${session.provider_session_id}: ${String(error)}`));
  }

  let refund: IssuedRefund | null = null;
  let refundError: RefundError | null = null;
  if (cancelled.refundable > 0) {
    try {
      refund = await issueRefund(db, {
        orderId: input.orderId,
        amountFen: cancelled.refundable,
        reason,
        actor: input.actor,
        idempotencyKey: cancellationRefundKey(input.orderId),
      });
    } catch (error) {
      if (!(error instanceof RefundError)) throw error;
      refundError = error;
    }
  }
  return { released: cancelled.released, restocked: cancelled.restocked, refund, refundError };
}

/** A staff refund of part or all of an order's captured payment. */
export async function refundOrder(
  db: Kysely<Database>,
  input: { orderId: number; amountFen: number; reason: string; actor: Actor; idempotencyKey: string },
): Promise<IssuedRefund> {
  const reason = input.reason.trim();
  if (!reason) throw new CancellationError("reason_required");
  return issueRefund(db, { ...input, reason });
}

/** What can still be refunded on the order: captured, minus refunds pending or done. */
export async function refundableOnOrder(db: Kysely<Database>, orderId: number): Promise<number> {
  const payments = await listCapturedPayments(db, { orderId });
  let total = 0;
  for (const payment of payments) total += refundableFen(payment, await refundTotals(db, { paymentId: payment.id }));
  return total;
}

function units(lines: readonly StockLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}
