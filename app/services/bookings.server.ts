import type { Kysely } from "kysely";
import type { Database, Locale } from "~db/schema";
import {
  cancelBookingRow,
  expireLapsedHolds,
  expireLapsedHoldsOfUnit,
  findBookingByHoldKey,
  getBookingById,
  insertExperienceHold,
  insertStayHold,
  lockBooking,
  markBookingPaid,
  slotRefusal,
  takeSlotPlaces,
  type MarkPaidResult,
} from "~/models/booking.server";
import { refundForCancellation, type CancelledBy, type RefundRule } from "~/models/stay-cancellation";
import { priceStay, type PricedNight, type StayPriceRefusal } from "~/models/stay-pricing";
import { lockUnitForHold, readPricingInputs } from "~/models/stay.server";
import { withTransaction } from "~/models/transaction.server";
import { BOOKING_CANCEL_REFUND_REASON, refundableBookingPayments } from "~/models/booking-guest.server";
import { insertBookingRefund } from "~/models/booking-payment.server";
import { enqueueOutbox } from "~/models/outbox.server";
import { submitBookingRefund } from "~/services/booking-refunds.server";
import { chinaDateOf, chinaToday, daysBetween, isCalendarDate } from "~/utils/calendar-dates";
import { MAINLAND_MOBILE, normalizeMainlandMobile } from "~/utils/phone-numbers";
import { getEnv } from "~/utils/env.server";

// Booking a stay or an experience: a hold for the payment window (the same RESERVATION_MINUTES
// as stock reservations), priced and checked in one transaction, then paid, expired or
// cancelled. The database refuses a double booking (exclusion constraint, guarded slot
// update); this service turns the refusal into an answer the page can show.

const DEADLOCK = "40P01";
const SERIALIZATION = "40001";

/** The hold ends with the payment window, exactly as a stock reservation does. */
export function bookingHoldExpiry(now = new Date()): Date {
  return new Date(now.getTime() + getEnv().RESERVATION_MINUTES * 60_000);
}

export interface BookingContactInput {
  contactName: string;
  contactMobile: string;
  email?: string | null;
  specialRequests?: string;
  userId: number | null;
  locale: Locale;
  /** A fresh key per rendered form: the same form submitted twice makes one hold. */
  holdKey?: string | null;
}

export type HoldRefusal =
  | { code: "not_found" }
  | { code: "invalid_contact"; field: "contactName" | "contactMobile" | "email" }
  | { code: "too_many_guests"; capacity: number }
  | { code: "dates_taken" }
  | { code: "sold_out" }
  /** The same form was already submitted: the first hold stands (its link went to that answer). */
  | { code: "duplicate_hold"; number: string }
  | StayPriceRefusal;

export type HoldResult =
  | { ok: true; booking: { id: number; number: string; accessToken: string; totalFen: number; holdExpiresAt: Date; nights: PricedNight[] } }
  | ({ ok: false } & HoldRefusal);

function contactProblem(input: BookingContactInput): HoldRefusal | null {
  if (!input.contactName.trim() || input.contactName.length > 100) return { code: "invalid_contact", field: "contactName" };
  if (!MAINLAND_MOBILE.test(input.contactMobile)) return { code: "invalid_contact", field: "contactMobile" };
  if (input.email && (input.email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email))) return { code: "invalid_contact", field: "email" };
  return null;
}


/**
 * Deadlocks between concurrent inserts into an exclusion-constrained table are possible on
 * PostgreSQL (each waits for the other's row); the loser is rolled back whole, so it is safe to
 * try again, and the second try sees the winner's row and gets the clean refusal.
 */
async function retryOnConflict<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string } | null)?.code;
      // Inside a caller's transaction the whole of it is lost: only the caller can start again.
      if ((code === DEADLOCK || code === SERIALIZATION) && attempt < 5 && !db.isTransaction) continue;
      throw error;
    }
  }
}

async function duplicateHold(db: Kysely<Database>, holdKey: string | null | undefined): Promise<HoldResult | null> {
  if (!holdKey) return null;
  const existing = await findBookingByHoldKey(db, { holdKey });
  return existing ? { ok: false, code: "duplicate_hold", number: existing.number } : null;
}

/**
 * Holds a unit for [checkIn, checkOut) for the payment window. The unit row is locked first, so
 * holds of one unit take turns; lapsed holds on those nights are expired; the nights are priced
 * from the unit's rates and closed nights read in the same transaction; the insert is the last
 * word (exclusion constraint).
 */
export async function holdStay(
  db: Kysely<Database>,
  input: BookingContactInput & { unitId: number; checkIn: string; checkOut: string; guests: number; now?: Date },
): Promise<HoldResult> {
  const contact = { ...input, contactMobile: normalizeMainlandMobile(input.contactMobile) };
  const problem = contactProblem(contact);
  if (problem) return { ok: false, ...problem };
  if (!Number.isInteger(input.guests) || input.guests < 1) return { ok: false, code: "too_many_guests", capacity: 0 };
  // Checked before any query: the database would reject 2026-02-30 with an error, not an answer.
  if (!isCalendarDate(input.checkIn) || !isCalendarDate(input.checkOut) || input.checkOut <= input.checkIn) return { ok: false, code: "invalid_dates" };
  const duplicate = await duplicateHold(db, input.holdKey);
  if (duplicate) return duplicate;
  const now = input.now ?? new Date();

  const result = await retryOnConflict(db, () =>
    withTransaction(db, async (trx): Promise<HoldResult> => {
      const unit = await lockUnitForHold(trx, { unitId: input.unitId });
      if (!unit) return { ok: false, code: "not_found" };
      if (input.guests > unit.capacity) return { ok: false, code: "too_many_guests", capacity: unit.capacity };
      const { rates, closedNights } = await readPricingInputs(trx, input);
      const price = priceStay({ unit: unit.pricing, rates, closedNights, checkIn: input.checkIn, checkOut: input.checkOut, today: chinaToday(now) });
      if (!price.ok) return price;
      await expireLapsedHoldsOfUnit(trx, { unitId: unit.unitId, checkIn: input.checkIn, checkOut: input.checkOut, now });
      const holdExpiresAt = bookingHoldExpiry(now);
      const inserted = await insertStayHold(trx, {
        ...contact,
        email: contact.email || null,
        holdKey: input.holdKey ?? null,
        cooperativeId: unit.cooperativeId,
        listingId: unit.listingId,
        unitId: unit.unitId,
        checkIn: input.checkIn,
        checkOut: input.checkOut,
        guests: input.guests,
        nights: price.nights,
        totalFen: price.totalFen,
        holdExpiresAt,
        cancelFreeDays: unit.cancelFreeDays,
        cancelLateRefundPercent: unit.cancelLateRefundPercent,
      });
      if (!inserted.ok) return inserted.code === "dates_taken" ? { ok: false, code: "dates_taken" } : { ok: false, code: "duplicate_hold", number: "" };
      return { ok: true, booking: { ...inserted.booking, totalFen: price.totalFen, holdExpiresAt, nights: price.nights } };
    }),
  );
  if (!result.ok && result.code === "duplicate_hold") return (await duplicateHold(db, input.holdKey)) ?? result;
  return result;
}

/** Holds `people` places of an experience slot; the guarded UPDATE is the whole guarantee. */
export async function holdExperience(
  db: Kysely<Database>,
  input: BookingContactInput & { slotId: number; people: number; now?: Date },
): Promise<HoldResult> {
  const contact = { ...input, contactMobile: normalizeMainlandMobile(input.contactMobile) };
  const problem = contactProblem(contact);
  if (problem) return { ok: false, ...problem };
  if (!Number.isInteger(input.people) || input.people < 1 || input.people > 500) return { ok: false, code: "too_many_guests", capacity: 0 };
  const duplicate = await duplicateHold(db, input.holdKey);
  if (duplicate) return duplicate;
  const now = input.now ?? new Date();

  const result = await retryOnConflict(db, () =>
    withTransaction(db, async (trx): Promise<HoldResult> => {
      const slot = await takeSlotPlaces(trx, { slotId: input.slotId, people: input.people, now });
      if (!slot) return { ok: false, code: await slotRefusal(trx, { slotId: input.slotId, now }) };
      const holdExpiresAt = bookingHoldExpiry(now);
      const totalFen = slot.priceFen * input.people;
      const inserted = await insertExperienceHold(trx, {
        ...contact,
        email: contact.email || null,
        holdKey: input.holdKey ?? null,
        cooperativeId: slot.cooperativeId,
        listingId: slot.listingId,
        slotId: slot.id,
        guests: input.people,
        totalFen,
        holdExpiresAt,
        cancelFreeDays: slot.cancelFreeDays,
        cancelLateRefundPercent: slot.cancelLateRefundPercent,
      });
      // The places were taken in this transaction: a refused insert must give them back with it.
      if (!inserted.ok) throw new DuplicateHoldError();
      return { ok: true, booking: { ...inserted.booking, totalFen, holdExpiresAt, nights: [] } };
    }),
  ).catch(async (error) => {
    if (error instanceof DuplicateHoldError) return (await duplicateHold(db, input.holdKey)) ?? ({ ok: false, code: "duplicate_hold", number: "" } as const);
    throw error;
  });
  return result;
}

class DuplicateHoldError extends Error {
  override name = "DuplicateHoldError";
}

/** The job: expires lapsed holds in batches until none is left; returns how many expired. */
export async function expireBookingHolds(db: Kysely<Database>, options: { now?: Date; batch?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const batch = options.batch ?? 200;
  let total = 0;
  for (;;) {
    const expired = await expireLapsedHolds(db, { now, limit: batch });
    total += expired.length;
    if (expired.length < batch) return total;
  }
}

/**
 * A captured payment for a booking. The answer tells the payment processing what to do:
 * "paid" (confirm it), "already_paid" (a repeat: nothing), or a refusal after which the money
 * goes back in full ("dates_taken"/"sold_out": the hold lapsed and someone else took it;
 * "not_payable": cancelled).
 */
export async function recordBookingPayment(db: Kysely<Database>, input: { bookingId: number; capturedFen: number; now?: Date }): Promise<MarkPaidResult> {
  return withTransaction(db, (trx) => markBookingPaid(trx, input));
}

export type CancelResult =
  | { ok: true; refundFen: number; rule: RefundRule | "unpaid" }
  | { ok: false; code: "not_found" | "not_cancellable" | "after_arrival" };

export type CancelAndRefundResult = CancelResult | { ok: true; refundFen: number; rule: RefundRule | "unpaid"; refundIds: number[] };

/**
 * Cancels a booking by its guest, its host (the booking's cooperative only) or staff, and gives
 * the money back through the provider. The refund follows the policy copied onto the booking
 * (host and staff: in full) and is never more than was captured less what was refunded; it is
 * recorded as due (refund_due_fen) in the same transaction that frees the nights or places.
 */
export async function cancelBooking(
  db: Kysely<Database>,
  input: { bookingId: number; by: CancelledBy; cooperativeId?: number; now?: Date },
): Promise<CancelResult> {
  const result = await cancelBookingAndRefund(db, input);
  if (!result.ok) return result;
  return { ok: true, refundFen: result.refundFen, rule: result.rule };
}

/**
 * The cancellation itself. In its transaction: the status move (once, by its guard), the refund
 * rows for what is due, spread over the captured attempts (each never past what is left on it;
 * one idempotency key per booking and attempt, so a repeat never refunds twice), and the
 * cancellation e-mail. After commit the refunds go to the provider; one that does not get
 * through stays pending and the refund-retry job submits it later. Inside a caller's
 * transaction nothing is submitted here: the job does it once that transaction commits.
 */
export async function cancelBookingAndRefund(
  db: Kysely<Database>,
  input: { bookingId: number; by: CancelledBy; cooperativeId?: number; now?: Date },
): Promise<CancelAndRefundResult> {
  const now = input.now ?? new Date();
  const result = await withTransaction(db, async (trx): Promise<CancelAndRefundResult> => {
    const booking = await lockBooking(trx, input);
    if (!booking || (input.by === "host" && booking.cooperative_id !== input.cooperativeId)) return { ok: false, code: "not_found" };
    if (booking.status !== "held" && booking.status !== "paid") return { ok: false, code: "not_cancellable" };
    const arrival = booking.check_in ?? (await arrivalOfSlot(trx, booking.id));
    const today = chinaToday(now);
    if (booking.status === "held") {
      await cancelBookingRow(trx, { bookingId: booking.id, by: input.by, refundDueFen: 0 });
      return { ok: true, refundFen: 0, rule: "unpaid", refundIds: [] };
    }
    const decision = refundForCancellation({
      policy: { freeDays: booking.cancel_free_days, lateRefundPercent: booking.cancel_late_refund_percent },
      capturedFen: Number(booking.captured_fen),
      alreadyRefundedFen: Number(booking.refunded_fen),
      arrival,
      today,
      by: input.by,
    });
    if (decision.rule === "after_arrival") return { ok: false, code: "after_arrival" };
    await cancelBookingRow(trx, { bookingId: booking.id, by: input.by, refundDueFen: decision.refundFen });
    const refundIds: number[] = [];
    let left = decision.refundFen;
    for (const payment of await refundableBookingPayments(trx, { bookingId: booking.id })) {
      if (left <= 0) break;
      const amountFen = Math.min(left, payment.remainingFen);
      if (amountFen <= 0) continue;
      const refund = await insertBookingRefund(trx, {
        bookingId: booking.id,
        bookingPaymentId: payment.id,
        amountFen,
        reason: BOOKING_CANCEL_REFUND_REASON,
        idempotencyKey: `booking-cancel:${booking.id}:${payment.id}`,
      });
      refundIds.push(refund.id);
      left -= Number(refund.amount_fen);
    }
    if (booking.email) {
      await enqueueOutbox(trx, {
        kind: "email.booking_cancelled",
        dedupeKey: `booking-cancelled:${booking.id}`,
        payload: { bookingId: booking.id, locale: booking.locale, to: booking.email },
      });
    }
    return { ok: true, refundFen: decision.refundFen, rule: decision.rule, refundIds };
  });
  if (result.ok && "refundIds" in result && !db.isTransaction) {
    for (const refundId of result.refundIds) {
      try {
        await submitBookingRefund(db, refundId);
      } catch (error) {
        // Stays pending: the booking-refund-retry job asks the provider again.
        console.warn(`[bookings] refund ${refundId} not submitted yet: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return result;
}

async function arrivalOfSlot(db: Kysely<Database>, bookingId: number): Promise<string> {
  const booking = await getBookingById(db, { bookingId });
  return booking?.slotStartsAt ? chinaDateOf(booking.slotStartsAt) : chinaToday();
}

/** Nights of a stay as shown in a summary ("2 nights"). */
export function nightCount(checkIn: string, checkOut: string): number {
  return daysBetween(checkIn, checkOut);
}
