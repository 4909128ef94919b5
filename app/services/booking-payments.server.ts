import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { lockBooking, markBookingPaid } from "~/models/booking.server";
import { bookingLinkAccepted } from "~/utils/booking-link.server";
import {
  bookingForPayment,
  countOtherOpenBookingPayments,
  expireHeldBooking,
  findBookingPaymentBySession,
  extendBookingHold,
  flagBookingPayment,
  insertBookingPayment,
  insertBookingRefund,
  latestBookingPayment,
  lockBookingPayment,
  markBookingPaymentExpired,
  markBookingPaymentFailed,
  markBookingPaymentPaid,
  settleBookingRefund,
  type BookingPayment,
} from "~/models/booking-payment.server";
import { postBookingCapture } from "~/models/ledger.server";
import { enqueueOutbox } from "~/models/outbox.server";
import { withTransaction } from "~/models/transaction.server";
import { bookingHoldExpiry } from "~/services/bookings.server";
import { activePaymentProvider, paymentProviderFor } from "~/services/payments/index.server";
import type { PaymentEvent } from "~/services/payments/provider.server";

// Paying for a booking: the same PaymentProvider as orders (Stripe Checkout or the dev provider)
// and the same webhook processing (process-event.server.ts hands booking sessions here). The
// booking's hold is the payment window: the session ends when the hold does.
//
// Posted to the settlement ledger like orders (migration 2026_12_03_0012_booking_ledger): the
// capture when the booking becomes paid, each succeeded refund when it settles, once each.

/** Why a booking's money went back on its own. */
export const BOOKING_FLAG_REASONS = {
  nightsTaken: "booking_nights_taken",
  afterCancel: "payment_after_cancellation",
  duplicate: "duplicate_payment",
  amountMismatch: "payment_amount_mismatch",
} as const;

export type StartBookingPaymentResult =
  | { ok: true; url: string; sessionId: string | null }
  | { ok: false; code: "not_found" | "not_payable" | "hold_expired" };

/**
 * The URL to send a guest to for paying a held booking. The guest's link token proves whose it
 * is and goes into the provider's return URLs. An open attempt is reused; after a declined or
 * expired one the next attempt starts. A free booking (0 fen) is confirmed without a provider.
 */
export async function startBookingPayment(
  db: Kysely<Database>,
  input: { bookingId: number; accessToken: string; now?: Date },
): Promise<StartBookingPaymentResult> {
  const now = input.now ?? new Date();
  const booking = await bookingForPayment(db, input);
  if (!booking || !bookingLinkAccepted({ bookingId: booking.id, accessTokenHash: booking.accessTokenHash }, input.accessToken)) return { ok: false, code: "not_found" };
  const backUrl = `/bookings/${booking.number}?${new URLSearchParams({ token: input.accessToken })}`;
  if (booking.status !== "held") return { ok: false, code: "not_payable" };
  if (booking.holdExpiresAt.getTime() <= now.getTime()) return { ok: false, code: "hold_expired" };
  const totalFen = Number(booking.totalFen);
  if (totalFen === 0) {
    const outcome = await withTransaction(db, async (trx) => {
      const result = await markBookingPaid(trx, { bookingId: booking.id, capturedFen: 0, now });
      if (result === "paid") await queueConfirmation(trx, booking);
      return result;
    });
    return outcome === "paid" || outcome === "already_paid" ? { ok: true, url: backUrl, sessionId: null } : { ok: false, code: "not_payable" };
  }

  const latest = await latestBookingPayment(db, { bookingId: booking.id });
  if (latest && latest.status === "open" && latest.expires_at.getTime() > now.getTime()) return { ok: true, url: latest.checkout_url, sessionId: latest.provider_session_id };
  const attempt = (latest?.attempt ?? 0) + 1;
  const provider = activePaymentProvider();
  if (latest && latest.status === "open") await paymentProviderFor(latest.provider).expirePayment(latest.provider_session_id).catch(() => undefined);

  // A new attempt opens a full payment window (providers want a session of at least 30 minutes).
  const holdExpiresAt = await extendBookingHold(db, { bookingId: booking.id, expiresAt: bookingHoldExpiry(now), now });
  if (!holdExpiresAt) return { ok: false, code: "hold_expired" };
  const name = booking.locale === "en" && booking.nameEn ? booking.nameEn : booking.nameZh;
  const dates = booking.checkIn && booking.checkOut ? ` ${booking.checkIn} – ${booking.checkOut}` : "";
  const created = await provider.createPayment({
    reference: { kind: "booking", id: booking.id, number: booking.number },
    accessToken: input.accessToken,
    attempt,
    locale: booking.locale,
    email: booking.email,
    currency: "CNY",
    totalFen,
    shippingFen: 0,
    lines: [{ name: `${name}${dates}`, unitPriceFen: totalFen, quantity: 1 }],
    expiresAt: holdExpiresAt,
  });
  const row = await withTransaction(db, async (trx) => {
    const inserted = await insertBookingPayment(trx, {
      bookingId: booking.id,
      provider: provider.name,
      sessionId: created.sessionId,
      attempt,
      amountFen: totalFen,
      checkoutUrl: created.url,
      expiresAt: created.expiresAt,
    });
    return inserted ?? (await latestBookingPayment(trx, { bookingId: booking.id }));
  });
  return { ok: true, url: row?.checkout_url ?? created.url, sessionId: row?.provider_session_id ?? created.sessionId };
}

async function queueConfirmation(trx: Kysely<Database>, booking: { id: number; email: string | null; locale: "zh" | "en" }) {
  // Without an address there is nobody to write to; the booking page shows the same facts.
  if (!booking.email) return;
  await enqueueOutbox(trx, {
    kind: "email.booking_confirmation",
    dedupeKey: `booking-confirmation:${booking.id}`,
    payload: { bookingId: booking.id, locale: booking.locale, to: booking.email },
  });
}

export interface BookingEventOutcome {
  bookingId: number;
  /** Refunds decided here (a late or second payment), submitted after commit. */
  bookingRefundIds: number[];
}

/** Processes one provider event for a booking attempt, inside the event's transaction. */
export async function handleBookingPaymentEvent(trx: Transaction<Database>, event: PaymentEvent, found: BookingPayment): Promise<BookingEventOutcome> {
  // Booking row first, then the attempt: the same order as markBookingPaid and cancellations.
  const booking = await lockBooking(trx, { bookingId: found.booking_id });
  const payment = await lockBookingPayment(trx, { bookingPaymentId: found.id });
  if (!booking || !payment) throw new Error(`booking payment ${found.id} lost its booking`);
  const outcome: BookingEventOutcome = { bookingId: booking.id, bookingRefundIds: [] };

  switch (event.kind) {
    case "refunds_updated":
      for (const refund of event.refunds) {
        if (refund.status === "pending") continue;
        await settleBookingRefund(trx, { providerRefundId: refund.providerRefundId, status: refund.status });
      }
      return outcome;
    case "payment_pending":
      return outcome;
    case "payment_failed":
      // A declined card leaves the hold: the guest may try again until it expires.
      await markBookingPaymentFailed(trx, { bookingPaymentId: payment.id });
      return outcome;
    case "session_expired":
      await markBookingPaymentExpired(trx, { bookingPaymentId: payment.id });
      if (booking.status === "held" && (await countOtherOpenBookingPayments(trx, { bookingId: booking.id, exceptId: payment.id, now: new Date() })) === 0) {
        await expireHeldBooking(trx, { bookingId: booking.id });
      }
      return outcome;
    case "payment_succeeded": {
      // completed and async_payment_succeeded report the same money: count it once.
      if (payment.status === "paid") return outcome;
      const paid = (await markBookingPaymentPaid(trx, { bookingPaymentId: payment.id, providerPaymentId: event.providerPaymentId, capturedFen: event.amountFen, feeFen: event.feeFen })) ?? payment;
      const refundAll = async (reason: string) => {
        await flagBookingPayment(trx, { bookingPaymentId: paid.id, reason });
        const refund = await insertBookingRefund(trx, {
          bookingId: booking.id,
          bookingPaymentId: paid.id,
          amountFen: event.amountFen,
          reason,
          idempotencyKey: `booking-auto-refund:${paid.id}`,
        });
        return { ...outcome, bookingRefundIds: [refund.id] };
      };
      if (event.amountFen !== Number(payment.amount_fen) || event.currency.toLowerCase() !== "cny") return refundAll(BOOKING_FLAG_REASONS.amountMismatch);
      const result = await markBookingPaid(trx, { bookingId: booking.id, capturedFen: event.amountFen });
      switch (result) {
        case "paid":
          await postBookingCapture(trx, { bookingId: booking.id, bookingPaymentId: paid.id });
          await queueConfirmation(trx, booking);
          return outcome;
        case "already_paid":
          return refundAll(BOOKING_FLAG_REASONS.duplicate);
        case "dates_taken":
        case "sold_out":
          return refundAll(BOOKING_FLAG_REASONS.nightsTaken);
        case "not_payable":
          return refundAll(BOOKING_FLAG_REASONS.afterCancel);
      }
    }
  }
}

// Refund submission lives in booking-refunds.server.ts (cancellations use it too); re-exported here.
export { retryUnsubmittedBookingRefunds, submitBookingRefund } from "~/services/booking-refunds.server";

/**
 * The dev provider's payment page for a booking: only for someone holding the booking's link and
 * one of its sessions. Null when any of it does not match (the page answers 404).
 */
export async function devBookingPayment(db: Kysely<Database>, input: { bookingId: number; token: string; sessionId: string }) {
  const booking = await bookingForPayment(db, { bookingId: input.bookingId });
  if (!booking || !bookingLinkAccepted({ bookingId: booking.id, accessTokenHash: booking.accessTokenHash }, input.token)) return null;
  const payment = await findBookingPaymentBySession(db, { provider: "dev", sessionId: input.sessionId });
  if (!payment || payment.booking_id !== booking.id) return null;
  return { booking, payment, open: payment.status === "open" && booking.status === "held" };
}
