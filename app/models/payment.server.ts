import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database, PaymentsTable, RefundsTable } from "~db/schema";
import {
  countOtherOpenAttempts,
  findAttemptByProviderPaymentId,
  findAttemptBySession,
  insertAttempt,
  latestAttempt,
  listUnsubmittedRefundsOf,
  lockAttempt,
  markAttemptExpired,
  markAttemptFailed,
  markAttemptPaid,
} from "~/models/payment-attempts.server";

// One row per payment attempt of an order (a new row for each "try again"), and the
// refunds made against them. Status moves are guarded updates, like everywhere else.

export type Payment = Selectable<PaymentsTable>;
export type Refund = Selectable<RefundsTable>;

export async function insertPayment(
  db: Kysely<Database>,
  input: {
    orderId: number;
    provider: "stripe" | "dev";
    sessionId: string;
    attempt: number;
    amountFen: number;
    checkoutUrl: string;
    expiresAt: Date;
  },
): Promise<Payment | null> {
  // A double-clicked "Pay" asks the provider for the same attempt twice and gets the same
  // session back (idempotency key); the second insert finds the first and changes nothing.
  const { orderId, ...attempt } = input;
  return (await insertAttempt(db, "payments", { ownerId: orderId, ...attempt })) ?? null;
}

export async function findPaymentBySession(db: Kysely<Database>, input: { provider: string; sessionId: string }) {
  return findAttemptBySession(db, "payments", input);
}

export async function findPaymentByProviderPaymentId(db: Kysely<Database>, input: { provider: string; providerPaymentId: string }) {
  return findAttemptByProviderPaymentId(db, "payments", input);
}

export async function findPaymentByAttempt(db: Kysely<Database>, input: { orderId: number; attempt: number }) {
  return db.selectFrom("payments").selectAll().where("order_id", "=", input.orderId).where("attempt", "=", input.attempt).executeTakeFirst();
}

export async function lockPayment(trx: Transaction<Database>, input: { paymentId: number }): Promise<Payment | undefined> {
  return lockAttempt(trx, "payments", { id: input.paymentId });
}

export async function latestPayment(db: Kysely<Database>, input: { orderId: number }): Promise<Payment | undefined> {
  return latestAttempt(db, "payments", { ownerId: input.orderId });
}

/** Records the captured money (at most the amount) on an open (or failed: a later success wins) attempt. */
export async function markPaymentPaid(
  trx: Transaction<Database>,
  input: { paymentId: number; providerPaymentId: string; capturedFen: number; feeFen: number },
): Promise<Payment | undefined> {
  // The paid row comes back, so a caller holding the lock need not read it again.
  return markAttemptPaid(trx, "payments", { id: input.paymentId, providerPaymentId: input.providerPaymentId, capturedFen: input.capturedFen, feeFen: input.feeFen, capAtAmount: true });
}

export async function markPaymentFailed(trx: Transaction<Database>, input: { paymentId: number }): Promise<boolean> {
  return markAttemptFailed(trx, "payments", { id: input.paymentId });
}

export async function markPaymentExpired(trx: Transaction<Database>, input: { paymentId: number }): Promise<boolean> {
  return markAttemptExpired(trx, "payments", { id: input.paymentId });
}

/** Other attempts of the order still open and not yet past their expiry. */
export async function countOtherOpenPayments(
  db: Kysely<Database>,
  input: { orderId: number; exceptPaymentId: number; now: Date },
): Promise<number> {
  return countOtherOpenAttempts(db, "payments", { ownerId: input.orderId, exceptId: input.exceptPaymentId, now: input.now });
}

// ------------------------------------------------------------------ refunds

export async function findRefundByKey(db: Kysely<Database>, input: { idempotencyKey: string }): Promise<Refund | undefined> {
  return db.selectFrom("refunds").selectAll().where("idempotency_key", "=", input.idempotencyKey).executeTakeFirst();
}

/** Fen of this payment's refunds in each state, as recorded by us. */
export async function refundTotals(db: Kysely<Database>, input: { paymentId: number }) {
  const row = await db
    .selectFrom("refunds")
    .select([
      sql<number>`coalesce(sum(amount_fen) FILTER (WHERE status = 'pending'), 0)::bigint`.as("pending"),
      sql<number>`coalesce(sum(amount_fen) FILTER (WHERE status = 'succeeded'), 0)::bigint`.as("succeeded"),
    ])
    .where("payment_id", "=", input.paymentId)
    .executeTakeFirstOrThrow();
  return { pendingFen: Number(row.pending), succeededFen: Number(row.succeeded) };
}

/**
 * What can still be refunded from a payment: captured minus everything already refunded or
 * on its way. Refunds made outside the shop (the Stripe dashboard) show up only in the
 * provider-reported total, so they count as the part of it our own rows do not explain.
 */
export function refundableFen(payment: Pick<Payment, "captured_fen" | "refunded_fen">, totals: { pendingFen: number; succeededFen: number }): number {
  const external = Math.max(0, payment.refunded_fen - totals.succeededFen);
  return Math.max(0, payment.captured_fen - totals.pendingFen - totals.succeededFen - external);
}

/** The columns every refund row starts from, whoever made the refund. */
function refundColumns(input: { orderId: number; paymentId: number; amountFen: number; reason: string; idempotencyKey: string }) {
  return {
    order_id: input.orderId,
    payment_id: input.paymentId,
    amount_fen: input.amountFen,
    reason: input.reason,
    idempotency_key: input.idempotencyKey,
  };
}

export async function insertRefund(
  trx: Transaction<Database>,
  input: { orderId: number; paymentId: number; amountFen: number; reason: string; idempotencyKey: string; actorUserId: number | null },
): Promise<Refund> {
  return trx
    .insertInto("refunds")
    .values({ ...refundColumns(input), actor_user_id: input.actorUserId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records the provider's answer; a refund that already succeeded or failed stays so. */
export async function recordRefundOutcome(
  trx: Transaction<Database>,
  input: { refundId: number; providerRefundId: string | null; status: "pending" | "succeeded" | "failed" },
): Promise<Refund | undefined> {
  return trx
    .updateTable("refunds")
    .set({
      provider_refund_id: sql`coalesce(provider_refund_id, ${input.providerRefundId})`,
      status: input.status,
      updated_at: sql`now()`,
    })
    .where("id", "=", input.refundId)
    .where("status", "=", "pending")
    .returningAll()
    .executeTakeFirst();
}

/** Settles a pending refund the provider reports on; the refund it changed, if any. */
export async function markRefundStatusByProviderId(
  trx: Transaction<Database>,
  input: { providerRefundId: string; status: "succeeded" | "failed" },
): Promise<{ id: number; status: Refund["status"] } | undefined> {
  return trx
    .updateTable("refunds")
    .set({ status: input.status, updated_at: sql`now()` })
    .where("provider_refund_id", "=", input.providerRefundId)
    .where("status", "=", "pending")
    .returning(["id", "status"])
    .executeTakeFirst();
}

export async function findRefundByProviderId(db: Kysely<Database>, input: { providerRefundId: string }): Promise<Refund | undefined> {
  return db.selectFrom("refunds").selectAll().where("provider_refund_id", "=", input.providerRefundId).executeTakeFirst();
}

/**
 * A refund the provider reports under an id no row has yet may still be one of ours: the
 * shop's refund whose answer has not been recorded (the webhook came first, or the answer got
 * lost), or a refund made outside the shop recorded earlier from a total alone. Such a row of
 * the same amount on the payment takes the id; a pending one is settled as succeeded. The caller
 * holds the payment's lock. Returns the row as it was before, or undefined when none fits.
 */
export async function adoptProviderRefund(
  trx: Transaction<Database>,
  input: { paymentId: number; providerRefundId: string; amountFen: number },
): Promise<Refund | undefined> {
  const candidate = await trx
    .selectFrom("refunds")
    .selectAll()
    .where("payment_id", "=", input.paymentId)
    .where("provider_refund_id", "is", null)
    .where("amount_fen", "=", input.amountFen)
    .where((eb) => eb.or([eb("status", "=", "pending"), eb.and([eb("origin", "=", "provider"), eb("status", "=", "succeeded")])]))
    // A row already counted as refunded outside the shop first: it changes no money.
    .orderBy(sql`origin = 'provider'`, "desc")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  if (!candidate) return undefined;
  await trx
    .updateTable("refunds")
    .set({ provider_refund_id: input.providerRefundId, status: "succeeded", updated_at: sql`now()` })
    .where("id", "=", candidate.id)
    .execute();
  return candidate;
}

/**
 * Records a succeeded refund the shop did not make (the provider's dashboard). The key is
 * deterministic, so a retried transaction finds the row it wrote; null when it already exists.
 */
export async function insertProviderRefund(
  trx: Transaction<Database>,
  input: { orderId: number; paymentId: number; amountFen: number; providerRefundId: string | null; idempotencyKey: string; reason: string },
): Promise<Refund | null> {
  const row = await trx
    .insertInto("refunds")
    .values({
      ...refundColumns(input),
      provider_refund_id: input.providerRefundId,
      status: "succeeded",
      origin: "provider",
      actor_user_id: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Raises the payment's refunded total to what is known to be refunded; it never goes down. */
export async function raisePaymentRefunded(trx: Transaction<Database>, input: { paymentId: number; reportedFen?: number }): Promise<void> {
  const totals = await refundTotals(trx, { paymentId: input.paymentId });
  const known = Math.max(totals.succeededFen, input.reportedFen ?? 0);
  await trx
    .updateTable("payments")
    .set({ refunded_fen: sql`LEAST(captured_fen, GREATEST(refunded_fen, ${known}::bigint))`, updated_at: sql`now()` })
    .where("id", "=", input.paymentId)
    .execute();
}

/** Refunds submitted to us but never confirmed by the provider (a crash between the two). */
export async function listUnsubmittedRefunds(db: Kysely<Database>, input: { olderThan: Date; limit: number }) {
  return listUnsubmittedRefundsOf(db, "refunds", input);
}

export async function getPayment(db: Kysely<Database>, input: { paymentId: number }): Promise<Payment | undefined> {
  return db.selectFrom("payments").selectAll().where("id", "=", input.paymentId).executeTakeFirst();
}

/** The order's attempts whose checkout session is still open, oldest first. */
export async function listOpenPayments(db: Kysely<Database>, input: { orderId: number }) {
  return db
    .selectFrom("payments")
    .select(["id", "provider", "provider_session_id"])
    .where("order_id", "=", input.orderId)
    .where("status", "=", "open")
    .orderBy("id")
    .execute();
}

/** The order's attempts that captured money, in id order (the order refunds lock them in). */
export async function listCapturedPayments(db: Kysely<Database>, input: { orderId: number }) {
  return db
    .selectFrom("payments")
    .select(["id", "captured_fen", "refunded_fen"])
    .where("order_id", "=", input.orderId)
    .where("captured_fen", ">", 0)
    .orderBy("id")
    .execute();
}

/** Fen captured and refunded over all of the order's attempts. */
export async function orderPaymentTotals(db: Kysely<Database>, input: { orderId: number }): Promise<{ capturedFen: number; refundedFen: number }> {
  const row = await db
    .selectFrom("payments")
    .select([sql<number>`coalesce(sum(captured_fen), 0)::bigint`.as("captured"), sql<number>`coalesce(sum(refunded_fen), 0)::bigint`.as("refunded")])
    .where("order_id", "=", input.orderId)
    .executeTakeFirstOrThrow();
  return { capturedFen: Number(row.captured), refundedFen: Number(row.refunded) };
}

export async function getRefund(db: Kysely<Database>, input: { refundId: number }): Promise<Refund | undefined> {
  return db.selectFrom("refunds").selectAll().where("id", "=", input.refundId).executeTakeFirst();
}

export async function countPaymentRefunds(db: Kysely<Database>, input: { paymentId: number }): Promise<number> {
  const row = await db
    .selectFrom("refunds")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("payment_id", "=", input.paymentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ------------------------------------------------------------- provider events

/**
 * Records a provider's event by its id, once: returns the new row's id, or null when the
 * event was recorded before (a repeat delivery, to be ignored). Inside the transaction that
 * processes it, a second delivery at the same time waits on the first.
 */
export async function recordWebhookEvent(
  trx: Transaction<Database>,
  input: { provider: string; eventId: string; type: string; payload: unknown },
): Promise<number | null> {
  const row = await trx
    .insertInto("webhook_events")
    .values({ provider: input.provider, event_id: input.eventId, type: input.type, payload: JSON.stringify(input.payload) })
    .onConflict((oc) => oc.columns(["provider", "event_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function markWebhookEventProcessed(trx: Transaction<Database>, input: { webhookEventId: number }): Promise<void> {
  await trx.updateTable("webhook_events").set({ processed_at: sql`now()` }).where("id", "=", input.webhookEventId).execute();
}
