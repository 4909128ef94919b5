import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { appendOrderEvent, type Actor } from "~/models/order/events.server";
import { lockOrder, raiseOrderRefunded, transitionPaymentStatus, type Order } from "~/models/order/order.server";
import { enqueueOrderEmail } from "~/models/order/mail.server";
import { postRefund } from "~/models/ledger.server";
import {
  adoptProviderRefund,
  countPaymentRefunds,
  findRefundByKey,
  findRefundByProviderId,
  insertProviderRefund,
  markRefundStatusByProviderId,
  getPayment,
  getRefund,
  listCapturedPayments,
  orderPaymentTotals,
  insertRefund,
  lockPayment,
  raisePaymentRefunded,
  recordRefundOutcome,
  refundableFen,
  refundTotals,
  listUnsubmittedRefunds,
  type Payment,
  type Refund,
} from "~/models/payment.server";
import { withTransaction } from "~/models/transaction.server";
import { paymentProviderFor } from "~/services/payments/index.server";
import { PaymentProviderError } from "~/services/payments/provider.server";

// Refunds in two steps, so money never moves twice:
// 1. in a transaction that locks the payment row: check the amount against what is still
//    refundable (captured minus refunds pending or done) and record a `pending` refund
//    under a deterministic idempotency key;
// 2. after commit: ask the provider, with that same key, and record its answer.
// A crash between the two leaves a pending refund without a provider id; a background job
// submits it again with the same key, which the provider answers with the same refund.

export type RefundErrorCode = "order_not_found" | "invalid_amount" | "not_paid" | "exceeds_refundable" | "provider_failed";

export class RefundError extends Error {
  override name = "RefundError";
  constructor(
    readonly code: RefundErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface IssueRefundInput {
  orderId: number;
  amountFen: number;
  reason: string;
  actor: Actor;
  /** Give one per refund form render: the same key never refunds twice. */
  idempotencyKey?: string;
}

export interface IssuedRefund {
  refundId: number;
  paymentId: number;
  amountFen: number;
  status: "pending" | "succeeded" | "failed";
  providerRefundId: string | null;
  /** false when the idempotency key named a refund made before. */
  created: boolean;
}

function toIssued(refund: Refund, created: boolean): IssuedRefund {
  return {
    refundId: refund.id,
    paymentId: refund.payment_id,
    amountFen: refund.amount_fen,
    status: refund.status,
    providerRefundId: refund.provider_refund_id,
    created,
  };
}

/**
 * Refunds `amountFen` of an order's captured payments (staff refunds and cancellations).
 * Throws RefundError: never more than captured minus what is already refunded or pending,
 * however many calls run at once.
 */
export async function issueRefund(db: Kysely<Database>, input: IssueRefundInput): Promise<IssuedRefund> {
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new RefundError("invalid_amount", "The refund amount must be a positive whole number of fen.");
  }
  if (input.idempotencyKey) {
    const existing = await findRefundByKey(db, { idempotencyKey: input.idempotencyKey });
    if (existing) return toIssued(await submitRefundIfUnsent(db, existing), false);
  }
  const requested = await withTransaction(db, async (trx) => {
    const order = await lockOrder(trx, { orderId: input.orderId });
    if (!order) throw new RefundError("order_not_found", "No such order.");
    // Lock every captured payment of the order, in id order, and take the newest one that
    // can carry the whole amount.
    const payments = await listCapturedPayments(trx, { orderId: input.orderId });
    if (payments.length === 0) throw new RefundError("not_paid", "This order has no captured payment to refund.");
    let chosen: { payment: Payment; refundableFen: number } | null = null;
    for (const { id } of payments) {
      const payment = await lockPayment(trx, { paymentId: id });
      if (!payment) continue;
      const refundable = refundableFen(payment, await refundTotals(trx, { paymentId: id }));
      if (refundable >= input.amountFen) chosen = { payment, refundableFen: refundable };
    }
    if (!chosen) throw new RefundError("exceeds_refundable", "The amount is more than what can still be refunded.");
    return requestRefund(trx, {
      orderId: input.orderId,
      payment: chosen.payment,
      refundableFen: chosen.refundableFen,
      amountFen: input.amountFen,
      reason: input.reason,
      actor: input.actor,
      idempotencyKey: input.idempotencyKey,
    });
  });
  if (!requested.created) return toIssued(await submitRefundIfUnsent(db, requested.refund), false);
  return toIssued(await submitRefund(db, requested.refund.id), true);
}

/**
 * Step 1, inside the caller's transaction, which already holds the payment row's lock and
 * passes that row down (`payment`, as it stands now) with, when it has just worked it out,
 * what is still refundable on it: neither is read again here. Records a pending refund. The
 * default key is derived from the payment and how many refunds it already has, so a retried
 * transaction asks for the same refund again.
 */
export async function requestRefund(
  trx: Transaction<Database>,
  input: { orderId: number; payment: Payment; refundableFen?: number; amountFen: number; reason: string; actor: Actor; idempotencyKey?: string },
): Promise<{ refund: Refund; created: boolean }> {
  const { payment } = input;
  const key = input.idempotencyKey ?? `refund:payment:${payment.id}:${(await countPaymentRefunds(trx, { paymentId: payment.id })) + 1}`;
  const existing = await findRefundByKey(trx, { idempotencyKey: key });
  if (existing) return { refund: existing, created: false };
  const refundable = input.refundableFen ?? refundableFen(payment, await refundTotals(trx, { paymentId: payment.id }));
  if (refundable < input.amountFen) {
    throw new RefundError("exceeds_refundable", "The amount is more than what can still be refunded.");
  }
  const refund = await insertRefund(trx, {
    orderId: input.orderId,
    paymentId: payment.id,
    amountFen: input.amountFen,
    reason: input.reason,
    idempotencyKey: key,
    actorUserId: input.actor.userId ?? null,
  });
  await appendOrderEvent(trx, {
    orderId: input.orderId,
    type: "refund.requested",
    actor: input.actor,
    data: { refundId: refund.id, paymentId: payment.id, amountFen: input.amountFen, reason: input.reason },
  });
  return { refund, created: true };
}

/** A deterministic key for the refund the shop makes on its own (late or duplicate payments). */
export function automaticRefundKey(paymentId: number): string {
  return `refund:auto:payment:${paymentId}`;
}

async function submitRefundIfUnsent(db: Kysely<Database>, refund: Refund): Promise<Refund> {
  if (refund.status === "pending" && refund.provider_refund_id === null) return submitRefund(db, refund.id);
  return refund;
}

/** Step 2: asks the provider (same key every time) and records the answer. */
export async function submitRefund(db: Kysely<Database>, refundId: number): Promise<Refund> {
  const refund = await getRefund(db, { refundId });
  if (!refund) throw new Error(`refund ${refundId} does not exist`);
  const payment = await getPayment(db, { paymentId: refund.payment_id });
  if (!payment) throw new Error(`payment ${refund.payment_id} of refund ${refundId} does not exist`);
  if (refund.status !== "pending") return refund;
  if (!payment.provider_payment_id) throw new RefundError("not_paid", "The payment has no captured charge to refund.");
  let answer;
  try {
    answer = await paymentProviderFor(payment.provider).refund({
      providerPaymentId: payment.provider_payment_id,
      amountFen: refund.amount_fen,
      idempotencyKey: refund.idempotency_key,
      reason: refund.reason,
    });
  } catch (error) {
    // A refusal frees the amount again; a lost connection keeps it pending for the retry job,
    // since the provider may have made the refund before the answer got lost.
    if (error instanceof PaymentProviderError && !error.retryable) {
      await withTransaction(db, async (trx) => {
        await lockOrder(trx, { orderId: refund.order_id });
        await lockPayment(trx, { paymentId: payment.id });
        await recordRefundOutcome(trx, { refundId, providerRefundId: null, status: "failed" });
        await appendOrderEvent(trx, { orderId: refund.order_id, type: "refund.failed", actor: { kind: "provider" }, data: { refundId, message: error.message } });
        // The amount it held back may be what a refund made outside the shop explains.
        await recordUnexplainedRefunds(trx, { orderId: refund.order_id, paymentId: payment.id });
      });
    }
    throw new RefundError("provider_failed", error instanceof Error ? error.message : "The payment provider did not answer.");
  }
  return withTransaction(db, async (trx) => {
    const order = await lockOrder(trx, { orderId: refund.order_id });
    if (!order) throw new Error(`order ${refund.order_id} of refund ${refundId} does not exist`);
    await lockPayment(trx, { paymentId: payment.id });
    // The provider's webhook may have come first and given this provider refund to another row
    // of the same amount (see adoptProviderRefund): it is posted there, once; this row waits
    // for the provider refund that is really its own.
    const holder = await findRefundByProviderId(trx, { providerRefundId: answer.providerRefundId });
    if (holder && holder.id !== refundId) return (await getRefund(trx, { refundId }))!;
    const updated = await recordRefundOutcome(trx, { refundId, providerRefundId: answer.providerRefundId, status: answer.status });
    if (!updated) return (await getRefund(trx, { refundId }))!;
    if (updated.status === "failed") await recordUnexplainedRefunds(trx, { orderId: refund.order_id, paymentId: payment.id });
    if (updated.status === "succeeded") {
      await postRefund(trx, { refundId });
      await raisePaymentRefunded(trx, { paymentId: payment.id });
      await reconcileOrderRefunds(trx, { order, actor: { kind: "provider" } });
      await appendOrderEvent(trx, {
        orderId: refund.order_id,
        type: "refund.succeeded",
        actor: { kind: "provider" },
        data: { refundId, amountFen: refund.amount_fen, providerRefundId: answer.providerRefundId },
      });
      await queueRefundEmail(trx, { order, refundId, amountFen: refund.amount_fen });
    }
    return updated;
  });
}

async function queueRefundEmail(trx: Transaction<Database>, input: { order: Pick<Order, "id" | "email" | "locale">; refundId: number; amountFen: number }) {
  const { order } = input;
  await enqueueOrderEmail(trx, {
    kind: "email.order_refunded",
    dedupeKey: `order-refunded:${input.refundId}`,
    payload: { orderId: order.id, refundId: input.refundId, amountFen: input.amountFen, locale: order.locale, ...(order.email ? { to: order.email } : {}) },
  });
}

/**
 * Brings the order's refunded total and payment status in line with its payments. Money
 * captured beyond the order total (a second attempt that was also paid) is refunded first
 * and does not count as a refund of the order. `order` is the row as locked by the caller.
 */
export async function reconcileOrderRefunds(
  trx: Transaction<Database>,
  input: { order: Pick<Order, "id" | "total_fen" | "refunded_fen" | "payment_status">; actor: Actor },
): Promise<void> {
  const { order } = input;
  const totals = await orderPaymentTotals(trx, { orderId: order.id });
  const excess = Math.max(0, totals.capturedFen - order.total_fen);
  const towardOrder = Math.min(order.total_fen, Math.max(0, totals.refundedFen - excess));
  if (towardOrder <= order.refunded_fen) return;
  await raiseOrderRefunded(trx, { orderId: order.id, refundedFen: towardOrder });
  const to = towardOrder >= order.total_fen ? "refunded" : "partially_refunded";
  if (order.payment_status !== to || to === "partially_refunded") {
    await transitionPaymentStatus(trx, { orderId: order.id, to, actor: input.actor, data: { refundedFen: towardOrder } });
  }
}

/** Submits refunds that were recorded but never reached the provider. */
export async function retryUnsubmittedRefunds(db: Kysely<Database>, now = new Date()): Promise<number> {
  const stale = await listUnsubmittedRefunds(db, { olderThan: new Date(now.getTime() - 60_000), limit: 20 });
  let submitted = 0;
  for (const { id } of stale) {
    try {
      await submitRefund(db, id);
      submitted += 1;
    } catch (error) {
      console.warn(`[refunds] refund ${id} still not submitted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return submitted;
}

const PROVIDER_ACTOR: Actor = { kind: "provider" };
/** The reason stored on a refund the shop only heard about from its provider. */
export const EXTERNAL_REFUND_REASON = "refunded_outside_the_shop";

/**
 * Brings the shop's refund rows, and so the journal, in line with what the provider reports
 * on a captured payment (Stripe `charge.refunded`), in the caller's transaction, which holds the
 * order's and then the payment's lock and has already raised the payment's refunded total to
 * the reported one:
 * - a refund of ours named by its provider id is settled (succeeded ones posted);
 * - a succeeded refund under an id no row has is taken by a row of ours that is waiting for it
 *   (same amount, see adoptProviderRefund), or else recorded as made outside the shop and
 *   posted;
 * - and what the provider's total still leaves unexplained after all of this (events that carry
 *   no list of refunds) is recorded and posted as one refund made outside the shop.
 * Each step is decided by the rows as they stand, so the same news twice, or old news after new,
 * posts nothing more; nothing is ever posted beyond what was captured.
 */
export async function recordProviderRefunds(
  trx: Transaction<Database>,
  input: {
    order: Pick<Order, "id" | "email" | "locale">;
    paymentId: number;
    refunds: ReadonlyArray<{ providerRefundId: string; amountFen: number; status: "pending" | "succeeded" | "failed" }>;
  },
): Promise<void> {
  const { order, paymentId } = input;
  for (const reported of input.refunds) {
    if (reported.status === "pending") continue;
    const settled = await markRefundStatusByProviderId(trx, { providerRefundId: reported.providerRefundId, status: reported.status });
    if (settled) {
      if (settled.status === "succeeded") await postRefund(trx, { refundId: settled.id });
      continue;
    }
    if (reported.status !== "succeeded" || reported.amountFen <= 0) continue;
    if (await findRefundByProviderId(trx, { providerRefundId: reported.providerRefundId })) continue;
    const adopted = await adoptProviderRefund(trx, { paymentId, providerRefundId: reported.providerRefundId, amountFen: reported.amountFen });
    if (adopted) {
      if (adopted.status === "pending") {
        // The shop's own refund, confirmed here before its answer was recorded.
        await postRefund(trx, { refundId: adopted.id });
        await appendOrderEvent(trx, {
          orderId: order.id,
          type: "refund.succeeded",
          actor: PROVIDER_ACTOR,
          data: { refundId: adopted.id, amountFen: adopted.amount_fen, providerRefundId: reported.providerRefundId },
        });
        await queueRefundEmail(trx, { order, refundId: adopted.id, amountFen: adopted.amount_fen });
      }
      continue;
    }
    // Never more than the provider says it refunded (at its highest) nor than was captured.
    const room = await unexplainedRoom(trx, paymentId, { countPending: false });
    const amountFen = Math.min(reported.amountFen, room);
    if (amountFen <= 0) continue;
    await recordExternalRefund(trx, { orderId: order.id, paymentId, amountFen, providerRefundId: reported.providerRefundId, idempotencyKey: `refund:provider:${reported.providerRefundId}` });
  }
  await recordUnexplainedRefunds(trx, { orderId: order.id, paymentId });
}

/** What the provider's total allows still to be recorded, beyond the rows already there. */
async function unexplainedRoom(trx: Transaction<Database>, paymentId: number, options: { countPending: boolean }): Promise<number> {
  const payment = await getPayment(trx, { paymentId });
  if (!payment) return 0;
  const totals = await refundTotals(trx, { paymentId });
  return Math.min(payment.refunded_fen, payment.captured_fen) - totals.succeededFen - (options.countPending ? totals.pendingFen : 0);
}

/**
 * Records, as one refund made outside the shop, the part of the provider's refunded total that
 * no refund row explains. A pending refund of ours counts as explaining its amount (the
 * provider may already have made it); should it fail, this runs again and catches up.
 */
export async function recordUnexplainedRefunds(trx: Transaction<Database>, input: { orderId: number; paymentId: number }): Promise<void> {
  const amountFen = await unexplainedRoom(trx, input.paymentId, { countPending: true });
  if (amountFen <= 0) return;
  // Keyed by how many refunds the payment has: the same state always gives the same key.
  const n = (await countPaymentRefunds(trx, { paymentId: input.paymentId })) + 1;
  await recordExternalRefund(trx, { ...input, amountFen, providerRefundId: null, idempotencyKey: `refund:provider:payment:${input.paymentId}:${n}` });
}

async function recordExternalRefund(
  trx: Transaction<Database>,
  input: { orderId: number; paymentId: number; amountFen: number; providerRefundId: string | null; idempotencyKey: string },
): Promise<void> {
  const row = await insertProviderRefund(trx, { ...input, reason: EXTERNAL_REFUND_REASON });
  if (!row) return;
  await postRefund(trx, { refundId: row.id });
  await appendOrderEvent(trx, {
    orderId: input.orderId,
    type: "refund.succeeded",
    actor: PROVIDER_ACTOR,
    data: { refundId: row.id, amountFen: input.amountFen, providerRefundId: input.providerRefundId, origin: "provider" },
  });
}
