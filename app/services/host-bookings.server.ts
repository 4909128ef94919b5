import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { markArrival } from "~/models/booking.server";
import { getHostBooking } from "~/models/host-booking.server";
import { cancelBooking } from "~/services/bookings.server";
import { chinaToday } from "~/utils/calendar-dates";

// The host's hand on its cooperative's bookings: marking a guest arrived or a no-show, and
// cancelling (which refunds in full: the bookings service decides and records it). Another
// cooperative's booking is answered like a missing one.

export type ArrivalAnswer = { ok: true } | { ok: false; code: "not_found" | "before_arrival" | "not_paid" };

/** Checked in or no-show: only a paid booking, and only on or after its arrival day (China). */
export async function markGuestArrival(
  db: Kysely<Database>,
  input: { cooperativeId: number; bookingId: number; to: "checked_in" | "no_show"; now?: Date },
): Promise<ArrivalAnswer> {
  const booking = await getHostBooking(db, input);
  if (!booking) return { ok: false, code: "not_found" };
  if (booking.arrivalDay > chinaToday(input.now ?? new Date())) return { ok: false, code: "before_arrival" };
  const changed = await markArrival(db, { cooperativeId: input.cooperativeId, bookingId: input.bookingId, to: input.to });
  return changed ? { ok: true } : { ok: false, code: "not_paid" };
}

/** The host cancels: nights or places are freed and everything captured is due back. */
export async function cancelByHost(db: Kysely<Database>, input: { cooperativeId: number; bookingId: number; now?: Date }) {
  return cancelBooking(db, { bookingId: input.bookingId, by: "host", cooperativeId: input.cooperativeId, now: input.now });
}
