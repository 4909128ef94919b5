import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { BookingPaymentsTable, BookingRefundsTable, Database } from "~db/schema";
import { postBookingRefund } from "~/models/ledger.server";
import {
  countOtherOpenAttempts,
  findAttemptByProviderPaymentId,
  findAttemptBySession,
  insertAttempt,
  latestAttempt,
  lockAttempt,
  markAttemptExpired,
  markAttemptFailed,
  markAttemptPaid,
} from "~/models/payment-attempts.server";

// Payment attempts and refunds of bookings: the booking counterpart of payment.server.ts. Every
// status move is an UPDATE guarded by the statuses it leaves, so a repeated event changes nothing.

export type BookingPayment = Selectable<BookingPaymentsTable>;
export type BookingRefund = Selectable<BookingRefundsTable>;

export async function insertBookingPayment(
  trx: Transaction<Database>,
  input: { bookingId: number; provider: "stripe" | "dev"; sessionId: string; attempt: number; amountFen: number; checkoutUrl: string; expiresAt: Date },
): Promise<BookingPayment | undefined> {
  // A repeat of the same attempt (same session) returns nothing: the caller reads the first row.
  const { bookingId, ...attempt } = input;
  return insertAttempt(trx, "booking_payments", { ownerId: bookingId, ...attempt });
}

export async function findBookingPaymentBySession(db: Kysely<Database>, input: { provider: string; sessionId: string }) {
  return findAttemptBySession(db, "booking_payments", input);
}

export async function findBookingPaymentByProviderPaymentId(db: Kysely<Database>, input: { provider: string; providerPaymentId: string }) {
  return findAttemptByProviderPaymentId(db, "booking_payments", input);
}

export async function lockBookingPayment(trx: Transaction<Database>, input: { bookingPaymentId: number }) {
  return lockAttempt(trx, "booking_payments", { id: input.bookingPaymentId });
}

export async function latestBookingPayment(db: Kysely<Database>, input: { bookingId: number }) {
  return latestAttempt(db, "booking_payments", { ownerId: input.bookingId });
}

export async function listBookingPayments(db: Kysely<Database>, input: { bookingId: number }) {
  return db.selectFrom("booking_payments").selectAll().where("booking_id", "=", input.bookingId).orderBy("attempt").execute();
}

/** Records captured money on an attempt that is not paid yet (a late success still counts). */
export async function markBookingPaymentPaid(
  trx: Transaction<Database>,
  input: { bookingPaymentId: number; providerPaymentId: string; capturedFen: number; feeFen: number },
): Promise<BookingPayment | undefined> {
  return markAttemptPaid(trx, "booking_payments", {
    id: input.bookingPaymentId,
    providerPaymentId: input.providerPaymentId,
    capturedFen: input.capturedFen,
    feeFen: input.feeFen,
    capAtAmount: false,
  });
}

export async function markBookingPaymentFailed(trx: Transaction<Database>, input: { bookingPaymentId: number }): Promise<boolean> {
  return markAttemptFailed(trx, "booking_payments", { id: input.bookingPaymentId });
}

export async function markBookingPaymentExpired(trx: Transaction<Database>, input: { bookingPaymentId: number }): Promise<boolean> {
  return markAttemptExpired(trx, "booking_payments", { id: input.bookingPaymentId });
}

export async function flagBookingPayment(trx: Transaction<Database>, input: { bookingPaymentId: number; reason: string }): Promise<void> {
  await trx.updateTable("booking_payments").set({ flagged_reason: input.reason, updated_at: sql`now()` }).where("id", "=", input.bookingPaymentId).execute();
}

/** Other attempts of the booking still open and not past their expiry. */
export async function countOtherOpenBookingPayments(db: Kysely<Database>, input: { bookingId: number; exceptId: number; now: Date }): Promise<number> {
  return countOtherOpenAttempts(db, "booking_payments", { ownerId: input.bookingId, exceptId: input.exceptId, now: input.now });
}

/** A held booking whose last open attempt ended: it expires now instead of at the sweep. */
export async function expireHeldBooking(trx: Transaction<Database>, input: { bookingId: number }): Promise<boolean> {
  const row = await trx
    .updateTable("bookings")
    .set({ status: "expired", updated_at: sql`now()` })
    .where("id", "=", input.bookingId)
    .where("status", "=", "held")
    .returning(["id", "slot_id", "guests"])
    .executeTakeFirst();
  if (!row) return false;
  if (row.slot_id !== null) {
    await trx
      .updateTable("experience_slots")
      .set({ booked: sql`GREATEST(booked - ${row.guests}, 0)`, updated_at: sql`now()` })
      .where("id", "=", row.slot_id)
      .execute();
  }
  return true;
}

// ------------------------------------------------------------------ refunds

/** A refund on record before the provider is asked; the same key returns the first one. */
export async function insertBookingRefund(
  trx: Transaction<Database>,
  input: { bookingId: number; bookingPaymentId: number; amountFen: number; reason: string; idempotencyKey: string },
): Promise<BookingRefund> {
  const inserted = await trx
    .insertInto("booking_refunds")
    .values({ booking_id: input.bookingId, booking_payment_id: input.bookingPaymentId, amount_fen: input.amountFen, reason: input.reason, idempotency_key: input.idempotencyKey })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? (await trx.selectFrom("booking_refunds").selectAll().where("idempotency_key", "=", input.idempotencyKey).executeTakeFirstOrThrow());
}

export async function getBookingRefund(db: Kysely<Database>, input: { refundId: number }) {
  return db
    .selectFrom("booking_refunds as r")
    .innerJoin("booking_payments as p", "p.id", "r.booking_payment_id")
    .selectAll("r")
    .select(["p.provider", "p.provider_payment_id"])
    .where("r.id", "=", input.refundId)
    .executeTakeFirst();
}

export async function listBookingRefunds(db: Kysely<Database>, input: { bookingId: number }) {
  return db.selectFrom("booking_refunds").selectAll().where("booking_id", "=", input.bookingId).orderBy("id").execute();
}

/**
 * The provider's answer on a refund. Moving to "succeeded" (once, by the status guard) raises
 * the attempt's refunded total; returns the row when it moved.
 */
export async function settleBookingRefund(
  trx: Transaction<Database>,
  input: { refundId?: number; providerRefundId: string; status: "pending" | "succeeded" | "failed" },
): Promise<BookingRefund | undefined> {
  let query = trx
    .updateTable("booking_refunds")
    .set({ provider_refund_id: input.providerRefundId, status: input.status, updated_at: sql`now()` })
    .where("status", "=", "pending");
  query = input.refundId !== undefined ? query.where("id", "=", input.refundId) : query.where("provider_refund_id", "=", input.providerRefundId);
  const row = await query.returningAll().executeTakeFirst();
  if (row && row.status === "succeeded") {
    await trx
      .updateTable("booking_payments")
      .set({ refunded_fen: sql`LEAST(captured_fen, refunded_fen + ${row.amount_fen})`, updated_at: sql`now()` })
      .where("id", "=", row.booking_payment_id)
      .execute();
    // A refund for a cancellation counts toward the booking's own refunded total (money that
    // went back because it should never have been taken, a second or late payment, does not).
    if (row.reason === "booking_cancelled") {
      await trx
        .updateTable("bookings")
        .set({ refunded_fen: sql`LEAST(captured_fen, refunded_fen + ${row.amount_fen})`, updated_at: sql`now()` })
        .where("id", "=", row.booking_id)
        .execute();
    }
    // The settlement ledger's reversal, in the same transaction and once (keyed by the refund).
    await postBookingRefund(trx, { bookingRefundId: row.id });
  }
  return row;
}

/** What the payment page and the provider need to know about a booking. */
export async function bookingForPayment(db: Kysely<Database>, input: { bookingId: number }) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("stay_listings as l", "l.id", "b.listing_id")
    .select([
      "b.id",
      "b.number",
      "b.kind",
      "b.status",
      "b.access_token_hash as accessTokenHash",
      "b.total_fen as totalFen",
      "b.hold_expires_at as holdExpiresAt",
      "b.email",
      "b.locale",
      "b.guests",
      "l.name_zh as nameZh",
      "l.name_en as nameEn",
      sql<string | null>`lower(b.stay_range)::text`.as("checkIn"),
      sql<string | null>`upper(b.stay_range)::text`.as("checkOut"),
    ])
    .where("b.id", "=", input.bookingId)
    .executeTakeFirst();
}

/**
 * Moves a live hold's expiry to the new payment window, as starting an order's payment extends
 * its reservations; a hold already lapsed is not revived here. Returns the new expiry or null.
 */
export async function extendBookingHold(trx: Kysely<Database>, input: { bookingId: number; expiresAt: Date; now: Date }): Promise<Date | null> {
  const row = await trx
    .updateTable("bookings")
    .set({ hold_expires_at: sql<Date>`GREATEST(hold_expires_at, ${input.expiresAt})`, updated_at: sql`now()` })
    .where("id", "=", input.bookingId)
    .where("status", "=", "held")
    .where("hold_expires_at", ">", input.now)
    .returning("hold_expires_at")
    .executeTakeFirst();
  return row?.hold_expires_at ?? null;
}
