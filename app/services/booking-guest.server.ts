import type { Kysely } from "kysely";
import type { Database, Locale } from "~db/schema";
import { bookingLiveState, bookingMoneyHistory, bookingPlace, findBookingByNumber, listDueBookingReminders, markBookingReminderQueued } from "~/models/booking-guest.server";
import type { BookingView } from "~/models/booking.server";
import { enqueueOutbox } from "~/models/outbox.server";
import { consumeRateLimit, type RateLimitResult } from "~/models/rate-limit.server";
import { refundForCancellation, freeCancellationUntil, type RefundRule } from "~/models/stay-cancellation";
import { withTransaction } from "~/models/transaction.server";
import { cancelBookingAndRefund } from "~/services/bookings.server";
import { normalizeMainlandMobile } from "~/utils/phone-numbers";
import { lookupByNumberAndMobile, type GuestLookupResult } from "~/services/guest-lookup.server";
import { bookingIcs } from "~/utils/booking-ics.server";
import { bookingLinkAccepted, bookingPath, issueBookingLinkToken } from "~/utils/booking-link.server";
import { addDays, chinaDateOf, chinaToday, daysBetween } from "~/utils/calendar-dates";
import { getEnv } from "~/utils/env.server";

// The guest's side of a booking after it was made: the page behind the booking link, its
// calendar file, the lookup by number and mobile, cancelling, and the reminder before arrival.
// Whoever holds neither the booking's own link nor a fresh signed one gets the same answer as
// for a booking that does not exist.

/** A booking for whoever holds its link (own token or a fresh signed link), else undefined. */
export async function bookingForGuest(db: Kysely<Database>, input: { number: string; token: string | null | undefined; now?: Date }): Promise<BookingView | undefined> {
  const booking = await findBookingByNumber(db, { number: input.number });
  if (!booking || !bookingLinkAccepted({ bookingId: booking.id, accessTokenHash: booking.accessTokenHash }, input.token, input.now)) return undefined;
  return booking;
}

/** What a cancellation today would give back (what the page shows before the guest cancels). */
export function cancellationPreview(booking: Pick<BookingView, "status" | "cancelFreeDays" | "cancelLateRefundPercent" | "capturedFen" | "refundedFen" | "checkIn" | "slotStartsAt">, now = new Date()) {
  const arrival = booking.checkIn ?? (booking.slotStartsAt ? chinaDateOf(new Date(booking.slotStartsAt)) : chinaToday(now));
  const freeUntil = freeCancellationUntil({ freeDays: booking.cancelFreeDays, lateRefundPercent: booking.cancelLateRefundPercent }, arrival);
  if (booking.status === "held") return { cancellable: true, rule: "unpaid" as const, refundFen: 0, freeUntil, arrival };
  if (booking.status !== "paid") return { cancellable: false, rule: null, refundFen: 0, freeUntil, arrival };
  const decision = refundForCancellation({
    policy: { freeDays: booking.cancelFreeDays, lateRefundPercent: booking.cancelLateRefundPercent },
    capturedFen: Number(booking.capturedFen),
    alreadyRefundedFen: Number(booking.refundedFen),
    arrival,
    today: chinaToday(now),
    by: "guest",
  });
  return { cancellable: decision.rule !== "after_arrival", rule: decision.rule as RefundRule, refundFen: decision.refundFen, freeUntil, arrival };
}

const pick = (locale: Locale, zh: string | null, en: string | null) => (locale === "en" && en ? en : (zh ?? ""));

/** Everything the booking page shows; undefined for a wrong link or an unknown number. */
export async function bookingPageView(db: Kysely<Database>, input: { number: string; token: string | null | undefined; locale: Locale; now?: Date }) {
  const now = input.now ?? new Date();
  const booking = await bookingForGuest(db, input);
  if (!booking) return undefined;
  const place = await bookingPlace(db, { bookingId: booking.id });
  if (!place) return undefined;
  const money = await bookingMoneyHistory(db, { bookingId: booking.id });
  const live = await bookingLiveState(db, { bookingId: booking.id });
  const paid = booking.status === "paid" || booking.status === "checked_in";
  const l = input.locale;
  return {
    booking: {
      id: booking.id,
      number: booking.number,
      kind: booking.kind,
      status: booking.status,
      checkIn: booking.checkIn,
      checkOut: booking.checkOut,
      nights: booking.checkIn && booking.checkOut ? daysBetween(booking.checkIn, booking.checkOut) : 0,
      slotStartsAt: booking.slotStartsAt ? new Date(booking.slotStartsAt).toISOString() : null,
      guests: booking.guests,
      contactName: booking.contactName,
      email: booking.email,
      specialRequests: booking.specialRequests,
      totalFen: Number(booking.totalFen),
      capturedFen: Number(booking.capturedFen),
      refundDueFen: Number(booking.refundDueFen),
      refundedFen: Number(booking.refundedFen),
      holdExpiresAt: new Date(booking.holdExpiresAt).toISOString(),
      holdLive: booking.status === "held" && new Date(booking.holdExpiresAt).getTime() > now.getTime(),
      cancelledBy: booking.cancelledBy,
      cancelFreeDays: booking.cancelFreeDays,
      cancelLateRefundPercent: booking.cancelLateRefundPercent,
    },
    place: {
      slug: place.slug,
      name: pick(l, place.nameZh, place.nameEn),
      unit: place.unitNameZh ? pick(l, place.unitNameZh, place.unitNameEn) : null,
      cooperative: pick(l, place.cooperativeNameZh, place.cooperativeNameEn),
      county: pick(l, place.countyZh, place.countyEn),
      village: pick(l, place.villageZh, place.villageEn),
      address: pick(l, place.addressZh, place.addressEn),
      accessKind: place.accessKind,
      accessPoint: pick(l, place.accessPointZh, place.accessPointEn),
      accessDistanceKm: place.accessDistanceKm === null ? null : Number(place.accessDistanceKm),
      directions: pick(l, place.directionsZh, place.directionsEn),
      checkInFrom: place.checkInFrom,
      checkOutUntil: place.checkOutUntil,
      houseRules: pick(l, place.houseRulesZh, place.houseRulesEn),
      // The host's number is for guests who paid: before that it would only invite side deals.
      hostPhone: paid ? place.hostPhone : null,
    },
    cancellation: cancellationPreview(booking, now),
    liveState: live?.state ?? "",
    payments: money.payments.map((p) => ({ attempt: p.attempt, status: p.status, amountFen: Number(p.amountFen), capturedFen: Number(p.capturedFen) })),
    refunds: money.refunds.map((r) => ({ id: r.id, amountFen: Number(r.amountFen), status: r.status, reason: r.reason })),
  };
}

export type GuestCancelResult = { ok: true; refundFen: number; rule: RefundRule | "unpaid" } | { ok: false; code: "not_found" | "not_cancellable" | "after_arrival" };

/** The guest cancels from the booking page; the link must open the booking. */
export async function cancelBookingAsGuest(db: Kysely<Database>, input: { number: string; token: string | null | undefined; now?: Date }): Promise<GuestCancelResult> {
  const booking = await bookingForGuest(db, input);
  if (!booking) return { ok: false, code: "not_found" };
  const result = await cancelBookingAndRefund(db, { bookingId: booking.id, by: "guest", now: input.now });
  return result.ok ? { ok: true, refundFen: result.refundFen, rule: result.rule } : result;
}

/** The booking as an iCalendar file, for whoever holds its link. */
export async function bookingCalendarFile(db: Kysely<Database>, input: { number: string; token: string | null | undefined; locale: Locale }) {
  const booking = await bookingForGuest(db, input);
  return booking ? calendarFileOf(db, booking, input.locale) : undefined;
}

/** One booking's calendar file in one language: the page's download and the confirmation e-mail's attachment. */
export async function calendarFileOf(db: Kysely<Database>, booking: BookingView, locale: Locale) {
  const place = await bookingPlace(db, { bookingId: booking.id });
  if (!place) return undefined;
  const l = locale;
  const title = pick(l, place.nameZh, place.nameEn);
  const location = [pick(l, place.countyZh, place.countyEn), pick(l, place.villageZh, place.villageEn), pick(l, place.addressZh, place.addressEn)].filter(Boolean).join(" ");
  const unit = place.unitNameZh ? pick(l, place.unitNameZh, place.unitNameEn) : "";
  return {
    filename: `${booking.number}.ics`,
    ics: bookingIcs({
      number: booking.number,
      kind: booking.kind,
      status: booking.status,
      title,
      checkIn: booking.checkIn,
      checkOut: booking.checkOut,
      startsAt: booking.slotStartsAt ? new Date(booking.slotStartsAt) : null,
      durationMinutes: place.durationMinutes,
      location: location || title,
      description: [booking.number, unit, pick(l, place.directionsZh, place.directionsEn)].filter(Boolean).join("\n"),
    }),
  };
}

/** A fresh signed link to the booking's page, for e-mails and the lookup. */
export function signedBookingUrl(booking: { id: number; number: string; accessTokenHash: string }, options: { absolute?: boolean; now?: Date } = {}) {
  const { token, expiresAt } = issueBookingLinkToken({ bookingId: booking.id, accessTokenHash: booking.accessTokenHash }, options.now);
  const path = bookingPath(booking.number, token);
  return { url: options.absolute ? `${getEnv().publicUrl}${path}` : path, expiresAt };
}

/** The booking page's buttons (pay, cancel) per client: generous for a person, a wall for a script. */
export const BOOKING_ACTION_LIMIT = { limit: 30, windowSeconds: 15 * 60 } as const;

export async function consumeBookingActionLimit(db: Kysely<Database>, input: { clientAddress: string }): Promise<RateLimitResult> {
  return consumeRateLimit(db, { key: `booking-action:client:${input.clientAddress}`, ...BOOKING_ACTION_LIMIT });
}

export const BOOKING_LOOKUP_LIMITS = {
  perClient: { limit: 10, windowSeconds: 15 * 60 },
  perBooking: { limit: 5, windowSeconds: 60 * 60 },
} as const;

export type BookingLookupResult = GuestLookupResult;

/** Booking number + the mobile it was made with → a fresh signed link; one answer for any mismatch. */
export async function lookupGuestBooking(db: Kysely<Database>, input: { number: string; mobile: string; clientAddress: string }): Promise<BookingLookupResult> {
  return lookupByNumberAndMobile(db, {
    kind: "booking",
    limits: { perClient: BOOKING_LOOKUP_LIMITS.perClient, perNumber: BOOKING_LOOKUP_LIMITS.perBooking },
    number: input.number,
    mobile: normalizeMainlandMobile(input.mobile),
    clientAddress: input.clientAddress,
    find: (number) => findBookingByNumber(db, { number }),
    mobileOf: (booking) => booking.contactMobile,
    freshLink: (booking) => {
      const { url, expiresAt } = signedBookingUrl(booking);
      return { number: booking.number, path: url, expiresAt };
    },
  });
}

/** Days before arrival the reminder goes out. */
export const BOOKING_REMINDER_DAYS = 2;

/**
 * The job: queues the reminder for paid stays arriving in two days (or tomorrow, when a run was
 * missed or the stay was booked late; never for today or a past arrival), once per booking (a marker set under a guard in the same
 * transaction, and the outbox's dedupe key besides). Bookings without an e-mail address are
 * marked too: there is nobody to write to.
 */
export async function queueBookingReminders(db: Kysely<Database>, options: { now?: Date } = {}): Promise<number> {
  const today = chinaToday(options.now ?? new Date());
  let queued = 0;
  for (;;) {
    const due = await listDueBookingReminders(db, { from: addDays(today, 1), to: addDays(today, BOOKING_REMINDER_DAYS), limit: 100 });
    for (const booking of due) {
      await withTransaction(db, async (trx) => {
        if (!(await markBookingReminderQueued(trx, { bookingId: booking.id }))) return;
        if (!booking.email) return;
        await enqueueOutbox(trx, { kind: "email.booking_reminder", dedupeKey: `booking-reminder:${booking.id}`, payload: { bookingId: booking.id, locale: booking.locale, to: booking.email } });
        queued += 1;
      });
    }
    if (due.length < 100) return queued;
  }
}
