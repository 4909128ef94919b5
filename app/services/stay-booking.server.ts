import type { Kysely } from "kysely";
import type { Database, Locale } from "~db/schema";
import { consumeRateLimit, type RateLimitResult } from "~/models/rate-limit.server";
import { startBookingPayment } from "~/services/booking-payments.server";
import { holdExperience, holdStay, type HoldResult } from "~/services/bookings.server";
import { getPublishedListing, listSlots } from "~/models/stay.server";

// The booking form of a stay page: a public POST, so it is rate-limited per client address the
// way the order lookup is; then a hold (the database refuses a double booking), then the
// payment provider's page. A refusal is an answer the page shows beside the form, never a 500.

export const STAY_BOOKING_LIMITS = {
  perClient: { limit: 20, windowSeconds: 15 * 60 },
} as const;

export type StayBookingRefusal =
  | { code: "dates_taken" | "sold_out" | "closed" | "in_the_past" | "invalid_dates" | "not_found" | "hold_expired" | "payment"; field?: undefined; params?: Record<string, string | number> }
  | { code: "too_short"; params: { minNights: number } }
  | { code: "too_long"; params: { maxNights: number } }
  | { code: "too_many_guests"; params: { capacity: number } }
  | { code: "duplicate"; params: { number: string } }
  | { code: "invalid_contact"; field: "contactName" | "contactMobile" | "email" };

export type StayBookingResult =
  | { kind: "redirect"; url: string; number: string }
  | { kind: "refused"; refusal: StayBookingRefusal };

interface Contact {
  contactName: string;
  mobile: string;
  email: string | null;
  specialRequests: string;
  holdKey?: string;
  userId: number | null;
  locale: Locale;
}

function refusalOf(result: Extract<HoldResult, { ok: false }>): StayBookingRefusal {
  switch (result.code) {
    case "too_short":
      return { code: "too_short", params: { minNights: result.minNights } };
    case "too_long":
      return { code: "too_long", params: { maxNights: result.maxNights } };
    case "too_many_guests":
      return { code: "too_many_guests", params: { capacity: result.capacity } };
    case "duplicate_hold":
      return { code: "duplicate", params: { number: result.number } };
    case "invalid_contact":
      return { code: "invalid_contact", field: result.field };
    default:
      return { code: result.code };
  }
}

/** Counts a POST of the booking form from this address; a refusal when over the limit. Call first, before parsing. */
export async function stayBookingRateLimit(db: Kysely<Database>, clientAddress: string): Promise<RateLimitResult | null> {
  const limit = await consumeRateLimit(db, { key: `stay-booking:client:${clientAddress}`, ...STAY_BOOKING_LIMITS.perClient });
  return limit.allowed ? null : limit;
}

async function toPayment(db: Kysely<Database>, result: HoldResult): Promise<StayBookingResult> {
  if (!result.ok) return { kind: "refused", refusal: refusalOf(result) };
  const payment = await startBookingPayment(db, { bookingId: result.booking.id, accessToken: result.booking.accessToken });
  if (!payment.ok) return { kind: "refused", refusal: { code: payment.code === "hold_expired" ? "hold_expired" : "payment" } };
  return { kind: "redirect", url: payment.url, number: result.booking.number };
}

/** The guest's part of a hold, as the form gave it. */
function holdContact(input: Contact) {
  return {
    contactName: input.contactName,
    contactMobile: input.mobile,
    email: input.email,
    specialRequests: input.specialRequests,
    userId: input.userId,
    locale: input.locale,
    holdKey: input.holdKey ?? null,
  };
}

/**
 * Holds what the page shows and sends the guest on to pay. `shownIds` are the units or slots the
 * page shows: an id of another listing (a forged form) is answered like a missing one.
 */
async function bookFromPage(db: Kysely<Database>, shownIds: readonly number[], id: number, hold: () => Promise<HoldResult>): Promise<StayBookingResult> {
  if (!shownIds.includes(id)) return { kind: "refused", refusal: { code: "not_found" } };
  return toPayment(db, await hold());
}

/** Books a unit of a stay page; `unitIds` are the units the page shows. */
export async function bookStayFromPage(
  db: Kysely<Database>,
  input: Contact & { unitIds: readonly number[]; unitId: number; checkIn: string; checkOut: string; guests: number },
): Promise<StayBookingResult> {
  return bookFromPage(db, input.unitIds, input.unitId, () =>
    holdStay(db, { unitId: input.unitId, checkIn: input.checkIn, checkOut: input.checkOut, guests: input.guests, ...holdContact(input) }),
  );
}

/** Books places in a slot of an experience page; `slotIds` are the slots the page shows. */
export async function bookExperienceFromPage(
  db: Kysely<Database>,
  input: Contact & { slotIds: readonly number[]; slotId: number; people: number },
): Promise<StayBookingResult> {
  return bookFromPage(db, input.slotIds, input.slotId, () => holdExperience(db, { slotId: input.slotId, people: input.people, ...holdContact(input) }));
}

/** What a stay page's booking form may name: the listing's active units, or its open future slots. */
export async function stayBookingTargets(db: Kysely<Database>, input: { slug: string; now?: Date }) {
  const found = await getPublishedListing(db, { slug: input.slug });
  if (!found) return null;
  const slots = found.listing.kind === "experience" ? await listSlots(db, { listingId: found.listing.id, from: input.now ?? new Date(), limit: 30 }) : [];
  return { kind: found.listing.kind, unitIds: found.units.map((unit) => unit.id), slotIds: slots.filter((slot) => slot.status === "open").map((slot) => slot.id) };
}
