import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { BOOKING_NUMBER_PATTERN, getBookingById } from "~/models/booking.server";
import { listUnsubmittedRefundsOf } from "~/models/payment-attempts.server";

// What the guest's side of a booking reads and writes beyond the booking row itself: where it
// is, what of its money can still go back, and the reminder marker.

/** The reason on a refund made because the booking was cancelled (it counts toward the booking's refunded total). */
export const BOOKING_CANCEL_REFUND_REASON = "booking_cancelled";

/** A booking by its number alone; the caller checks the link. */
export async function findBookingByNumber(db: Kysely<Database>, input: { number: string }) {
  if (!BOOKING_NUMBER_PATTERN.test(input.number)) return undefined;
  const row = await db.selectFrom("bookings").select("id").where("number", "=", input.number).executeTakeFirst();
  return row ? getBookingById(db, { bookingId: row.id }) : undefined;
}

/** The listing (and unit or slot) a booking is for: what the booking page and its e-mails show. */
export async function bookingPlace(db: Kysely<Database>, input: { bookingId: number }) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("stay_listings as l", "l.id", "b.listing_id")
    .innerJoin("cooperatives as c", "c.id", "l.cooperative_id")
    .leftJoin("stay_units as u", "u.id", "b.unit_id")
    .select([
      "l.id as listingId",
      "l.slug",
      "l.kind",
      "l.name_zh as nameZh",
      "l.name_en as nameEn",
      "l.county_zh as countyZh",
      "l.county_en as countyEn",
      "l.village_zh as villageZh",
      "l.village_en as villageEn",
      "l.address_zh as addressZh",
      "l.address_en as addressEn",
      "l.access_kind as accessKind",
      "l.access_point_zh as accessPointZh",
      "l.access_point_en as accessPointEn",
      "l.access_distance_km as accessDistanceKm",
      "l.directions_zh as directionsZh",
      "l.directions_en as directionsEn",
      "l.check_in_from as checkInFrom",
      "l.check_out_until as checkOutUntil",
      "l.house_rules_zh as houseRulesZh",
      "l.house_rules_en as houseRulesEn",
      "l.duration_minutes as durationMinutes",
      "l.host_phone as hostPhone",
      "c.name_zh as cooperativeNameZh",
      "c.name_en as cooperativeNameEn",
      "u.name_zh as unitNameZh",
      "u.name_en as unitNameEn",
    ])
    .where("b.id", "=", input.bookingId)
    .executeTakeFirst();
}

/**
 * The booking's captured attempts with what can still go back on each: captured, less refunded,
 * less refunds on record that have not failed yet (pending ones are promised already). Locked,
 * oldest first: the caller holds the booking's lock.
 */
export async function refundableBookingPayments(trx: Transaction<Database>, input: { bookingId: number }) {
  const rows = await trx
    .selectFrom("booking_payments as p")
    .select([
      "p.id",
      "p.captured_fen as capturedFen",
      "p.refunded_fen as refundedFen",
      sql<string>`(SELECT COALESCE(sum(r.amount_fen), 0) FROM booking_refunds r WHERE r.booking_payment_id = p.id AND r.status = 'pending')`.as("pendingFen"),
    ])
    .where("p.booking_id", "=", input.bookingId)
    .where("p.status", "=", "paid")
    .where("p.provider_payment_id", "is not", null)
    .orderBy("p.attempt")
    .forUpdate()
    .execute();
  return rows.map((row) => ({ id: row.id, remainingFen: Math.max(0, Number(row.capturedFen) - Number(row.refundedFen) - Number(row.pendingFen)) }));
}

/** Refunds on record that never reached the provider (it failed or was down), oldest first. */
export async function listUnsubmittedBookingRefunds(db: Kysely<Database>, input: { olderThan: Date; limit: number }) {
  return listUnsubmittedRefundsOf(db, "booking_refunds", input);
}

/** Paid stays arriving within [from, to] whose reminder was not queued yet. */
export async function listDueBookingReminders(db: Kysely<Database>, input: { from: string; to: string; limit: number }) {
  return db
    .selectFrom("bookings")
    .select(["id", "email", "locale"])
    .where("status", "=", "paid")
    .where("kind", "=", "stay")
    .where("reminder_queued_at", "is", null)
    .where(sql<boolean>`lower(stay_range) BETWEEN ${input.from}::date AND ${input.to}::date`)
    .orderBy("id")
    .limit(input.limit)
    .execute();
}

/** Marks the reminder queued, once: false when another run (or a cancellation) came first. */
export async function markBookingReminderQueued(trx: Kysely<Database>, input: { bookingId: number }): Promise<boolean> {
  const row = await trx
    .updateTable("bookings")
    .set({ reminder_queued_at: sql`now()` })
    .where("id", "=", input.bookingId)
    .where("status", "=", "paid")
    .where("reminder_queued_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return Boolean(row);
}

/** What the booking page lists under payments and refunds. */
export async function bookingMoneyHistory(db: Kysely<Database>, input: { bookingId: number }) {
  const payments = await db
    .selectFrom("booking_payments")
    .select(["attempt", "status", "amount_fen as amountFen", "captured_fen as capturedFen", "refunded_fen as refundedFen", "created_at as createdAt"])
    .where("booking_id", "=", input.bookingId)
    .orderBy("attempt")
    .execute();
  const refunds = await db
    .selectFrom("booking_refunds")
    .select(["id", "amount_fen as amountFen", "status", "reason", "created_at as createdAt"])
    .where("booking_id", "=", input.bookingId)
    .orderBy("id")
    .execute();
  return { payments, refunds };
}

/**
 * A short fingerprint of what a booking page shows that can change on its own (status, money
 * back): the live stream sends an event whenever it differs from the one the page was drawn with.
 */
export async function bookingLiveState(db: Kysely<Database>, input: { bookingId: number }): Promise<{ state: string; status: string } | undefined> {
  const row = await db
    .selectFrom("bookings as b")
    .select([
      "b.status",
      "b.refunded_fen as refundedFen",
      "b.refund_due_fen as refundDueFen",
      sql<string>`(SELECT count(*) FROM booking_refunds r WHERE r.booking_id = b.id AND r.status = 'succeeded')`.as("settled"),
      sql<string>`(SELECT count(*) FROM booking_refunds r WHERE r.booking_id = b.id)`.as("refunds"),
    ])
    .where("b.id", "=", input.bookingId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { status: row.status, state: `${row.status}-${Number(row.refundedFen)}-${Number(row.refundDueFen)}-${Number(row.refunds)}-${Number(row.settled)}` };
}
