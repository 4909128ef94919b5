import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { removeOrderedItemsFromCart } from "~/models/cart.server";
import { postPaymentCapture } from "~/models/ledger.server";
import { appendOrderEvent, type Actor } from "~/models/order/events.server";
import { listOrderItems } from "~/models/order/items.server";
import { flagOrder, lockOrder, transitionOrderStatus, transitionPaymentStatus, type Order } from "~/models/order/order.server";
import { enqueueOrderEmail } from "~/models/order/mail.server";
import { findBookingPaymentByProviderPaymentId, findBookingPaymentBySession } from "~/models/booking-payment.server";
import {
  countOtherOpenPayments,
  findPaymentByProviderPaymentId,
  findPaymentBySession,
  lockPayment,
  markPaymentExpired,
  markPaymentFailed,
  markPaymentPaid,
  markWebhookEventProcessed,
  raisePaymentRefunded,
  recordWebhookEvent,
  type Payment,
} from "~/models/payment.server";
import { commitOrderReservations, recommitReleasedReservations, releaseOrderReservations } from "~/models/reservation.server";
import { withTransaction } from "~/models/transaction.server";
import { handleBookingPaymentEvent, submitBookingRefund } from "~/services/booking-payments.server";
import { automaticRefundKey, reconcileOrderRefunds, recordProviderRefunds, requestRefund, submitRefund } from "~/services/refunds.server";
import type { PaymentEvent } from "~/services/payments/provider.server";

// The one place payment events change the shop, whichever provider sent them (a Stripe
// webhook, the dev payment page). Each event is processed in one transaction together with
// the insert of its id into webhook_events (UNIQUE per provider): a repeat finds the id and
// does nothing, two deliveries at once wait for each other, and a crash rolls both back so
// the provider's retry processes it afresh. Every handler tolerates any order of events.

export class UnknownPaymentError extends Error {
  override name = "UnknownPaymentError";
}

/** Why an order needs staff: stored in orders.flagged_reason. */
export const FLAG_REASONS = {
  lapsed: "payment_after_reservation_lapsed",
  duplicate: "duplicate_payment",
  afterCancel: "payment_after_cancellation",
  amountMismatch: "payment_amount_mismatch",
} as const;

export interface ProcessResult {
  status: "processed" | "duplicate";
  orderId: number | null;
  /** Refunds the shop decided on its own (a late or second payment), submitted after commit. */
  refundIds: number[];
  /** Set when the event was a booking's payment (then orderId is null). */
  bookingId?: number;
  /** A booking's automatic refunds, submitted after commit like the order ones. */
  bookingRefundIds?: number[];
}

const PROVIDER: Actor = { kind: "provider" };

export async function processPaymentEvent(db: Kysely<Database>, event: PaymentEvent): Promise<ProcessResult> {
  const result = await withTransaction(db, async (trx): Promise<ProcessResult> => {
    const webhookEventId = await recordWebhookEvent(trx, { provider: event.provider, eventId: event.eventId, type: event.eventType, payload: event });
    if (webhookEventId === null) return { status: "duplicate", orderId: null, refundIds: [] };
    const outcome = (await handleBooking(trx, event)) ?? (await handle(trx, event));
    await markWebhookEventProcessed(trx, { webhookEventId });
    return { status: "processed", ...outcome };
  });
  // Outside the transaction: the provider is asked only once the refund is on record.
  for (const refundId of result.refundIds) {
    try {
      await submitRefund(db, refundId);
    } catch (error) {
      console.warn(`[payments] automatic refund ${refundId} not submitted yet: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const refundId of result.bookingRefundIds ?? []) {
    try {
      await submitBookingRefund(db, refundId);
    } catch (error) {
      console.warn(`[payments] automatic booking refund ${refundId} not submitted yet: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return result;
}

/** A booking's attempt is found by its session (or captured payment); anything else is an order's. */
async function handleBooking(trx: Transaction<Database>, event: PaymentEvent): Promise<Omit<ProcessResult, "status"> | null> {
  const found =
    event.kind === "refunds_updated"
      ? await findBookingPaymentByProviderPaymentId(trx, { provider: event.provider, providerPaymentId: event.providerPaymentId })
      : await findBookingPaymentBySession(trx, { provider: event.provider, sessionId: event.sessionId });
  if (!found) return null;
  const outcome = await handleBookingPaymentEvent(trx, event, found);
  return { orderId: null, refundIds: [], ...outcome };
}

async function handle(trx: Transaction<Database>, event: PaymentEvent): Promise<{ orderId: number | null; refundIds: number[] }> {
  if (event.kind === "refunds_updated") {
    const payment = await findPaymentByProviderPaymentId(trx, { provider: event.provider, providerPaymentId: event.providerPaymentId });
    if (!payment) throw new UnknownPaymentError(`no payment ${event.providerPaymentId}`);
    const order = await lockOrder(trx, { orderId: payment.order_id });
    if (!order) throw new UnknownPaymentError(`payment ${payment.id} lost its order`);
    await lockPayment(trx, { paymentId: payment.id });
    // The reported total first: it bounds what refunds made outside the shop can be recorded at.
    await raisePaymentRefunded(trx, { paymentId: payment.id, reportedFen: event.amountRefundedFen });
    await recordProviderRefunds(trx, { order, paymentId: payment.id, refunds: event.refunds });
    await raisePaymentRefunded(trx, { paymentId: payment.id });
    await reconcileOrderRefunds(trx, { order, actor: PROVIDER });
    return { orderId: payment.order_id, refundIds: [] };
  }

  const found = await findPaymentBySession(trx, { provider: event.provider, sessionId: event.sessionId });
  if (!found) throw new UnknownPaymentError(`no payment session ${event.sessionId}`);
  // Order row first, then the payment, then reservations and variants: the shop's lock order.
  const order = await lockOrder(trx, { orderId: found.order_id });
  const payment = await lockPayment(trx, { paymentId: found.id });
  if (!order || !payment) throw new UnknownPaymentError(`payment ${found.id} lost its order`);

  switch (event.kind) {
    case "payment_pending":
      await appendOrderEvent(trx, { orderId: order.id, type: "payment.processing", actor: PROVIDER, data: { attempt: payment.attempt } });
      return { orderId: order.id, refundIds: [] };
    case "payment_failed":
      if (await markPaymentFailed(trx, { paymentId: payment.id })) {
        if (order.status === "pending_payment") {
          await transitionPaymentStatus(trx, { orderId: order.id, to: "failed", actor: PROVIDER, data: { attempt: payment.attempt } });
        }
      }
      return { orderId: order.id, refundIds: [] };
    case "session_expired":
      await markPaymentExpired(trx, { paymentId: payment.id });
      // Another attempt may still be open: its reservation window is what counts then.
      if (order.status === "pending_payment" && (await countOtherOpenPayments(trx, { orderId: order.id, exceptPaymentId: payment.id, now: new Date() })) === 0) {
        const released = await releaseOrderReservations(trx, { orderId: order.id });
        if (released.length > 0) {
          await appendOrderEvent(trx, { orderId: order.id, type: "reservation.released", actor: PROVIDER, data: { cause: "payment_session_expired", attempt: payment.attempt } });
        }
      }
      return { orderId: order.id, refundIds: [] };
    case "payment_succeeded":
      return paymentSucceeded(trx, order, payment, event);
  }
}

async function paymentSucceeded(
  trx: Transaction<Database>,
  order: Order,
  payment: Payment,
  event: Extract<PaymentEvent, { kind: "payment_succeeded" }>,
): Promise<{ orderId: number; refundIds: number[] }> {
  // completed and async_payment_succeeded both report the same money: count it once.
  if (payment.status === "paid") return { orderId: order.id, refundIds: [] };
  // Still locked from above: the paid row is passed down to any refund instead of read again.
  const paid = (await markPaymentPaid(trx, { paymentId: payment.id, providerPaymentId: event.providerPaymentId, capturedFen: event.amountFen, feeFen: event.feeFen })) ?? payment;
  await postPaymentCapture(trx, { paymentId: payment.id });
  const data = { attempt: payment.attempt, amountFen: event.amountFen, providerPaymentId: event.providerPaymentId };

  const refundAll = async (reason: string) => {
    await flagOrder(trx, { orderId: order.id, reason });
    await appendOrderEvent(trx, { orderId: order.id, type: "order.flagged", actor: PROVIDER, data: { reason, ...data } });
    const { refund } = await requestRefund(trx, {
      orderId: order.id,
      payment: paid,
      amountFen: Math.min(event.amountFen, payment.amount_fen),
      reason,
      actor: { kind: "system" },
      idempotencyKey: automaticRefundKey(payment.id),
    });
    return { orderId: order.id, refundIds: [refund.id] };
  };

  if (event.amountFen !== payment.amount_fen || event.currency.toLowerCase() !== "cny") {
    // Never seen with amounts the shop sent, but money that does not match is not a payment of this order.
    return refundAll(FLAG_REASONS.amountMismatch);
  }
  if (order.status === "cancelled") return refundAll(FLAG_REASONS.afterCancel);
  if (order.status !== "pending_payment") return refundAll(FLAG_REASONS.duplicate);

  // The reservation may have lapsed (swept, or its session expired) before the money came:
  // take the units again if they are still there, else refund and tell staff.
  if (!(await recommitReleasedReservations(trx, { orderId: order.id }))) {
    await releaseOrderReservations(trx, { orderId: order.id });
    await transitionPaymentStatus(trx, { orderId: order.id, to: "paid", actor: PROVIDER, data });
    await transitionOrderStatus(trx, { orderId: order.id, to: "cancelled", actor: { kind: "system" }, data: { reason: FLAG_REASONS.lapsed } });
    return refundAll(FLAG_REASONS.lapsed);
  }
  await commitOrderReservations(trx, { orderId: order.id });
  await transitionPaymentStatus(trx, { orderId: order.id, to: "paid", actor: PROVIDER, data });
  await transitionOrderStatus(trx, { orderId: order.id, to: "paid", actor: PROVIDER, data });
  if (order.cart_id) {
    const items = await listOrderItems(trx, { orderId: order.id });
    await removeOrderedItemsFromCart(trx, { cartId: order.cart_id, variantIds: items.flatMap((item) => (item.variant_id ? [item.variant_id] : [])) });
  }
  await enqueueOrderEmail(trx, {
    kind: "email.order_confirmation",
    dedupeKey: `order-confirmation:${order.id}`,
    payload: { orderId: order.id, locale: order.locale, ...(order.email ? { to: order.email } : {}) },
  });
  return { orderId: order.id, refundIds: [] };
}
