import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";

// What a host reads of its cooperative's bookings (`/coop/bookings`): who arrives and who leaves
// on a China day, and what is coming. Every query is scoped to the cooperative; held, expired and
// cancelled bookings are not the host's business here, except that a cancelled one stays visible
// on its day so the host sees it was cancelled.

function hostBookingQuery(db: Kysely<Database>, cooperativeId: number) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("stay_listings as l", "l.id", "b.listing_id")
    .leftJoin("stay_units as u", "u.id", "b.unit_id")
    .leftJoin("experience_slots as s", "s.id", "b.slot_id")
    .where("b.cooperative_id", "=", cooperativeId)
    .select([
      "b.id",
      "b.number",
      "b.kind",
      "b.status",
      "b.guests",
      "b.contact_name as contactName",
      "b.contact_mobile as contactMobile",
      "b.special_requests as specialRequests",
      "b.total_fen as totalFen",
      "b.captured_fen as capturedFen",
      "b.refund_due_fen as refundDueFen",
      "b.refunded_fen as refundedFen",
      "b.cancelled_by as cancelledBy",
      "l.name_zh as listingNameZh",
      "l.name_en as listingNameEn",
      "u.name_zh as unitNameZh",
      "u.name_en as unitNameEn",
      "s.starts_at as slotStartsAt",
      sql<string | null>`lower(b.stay_range)::text`.as("checkIn"),
      sql<string | null>`upper(b.stay_range)::text`.as("checkOut"),
      // The China day the guest arrives: the check-in, or the day of the experience's slot.
      sql<string>`coalesce(lower(b.stay_range), (s.starts_at AT TIME ZONE 'Asia/Shanghai')::date)::text`.as("arrivalDay"),
    ]);
}

const SHOWN_STATUSES = ["paid", "checked_in", "no_show", "cancelled"] as const;

/** Bookings arriving (stays) or taking place (experiences) on a China day. */
export async function listHostArrivals(db: Kysely<Database>, input: { cooperativeId: number; day: string }) {
  return hostBookingQuery(db, input.cooperativeId)
    .where("b.status", "in", [...SHOWN_STATUSES])
    .where(sql<boolean>`coalesce(lower(b.stay_range), (s.starts_at AT TIME ZONE 'Asia/Shanghai')::date) = ${input.day}::date`)
    .where((eb) => eb.or([eb("b.status", "!=", "cancelled"), eb("b.captured_fen", ">", 0)]))
    .orderBy("b.id")
    .execute();
}

/** Stays whose check-out is the China day. */
export async function listHostDepartures(db: Kysely<Database>, input: { cooperativeId: number; day: string }) {
  return hostBookingQuery(db, input.cooperativeId)
    .where("b.kind", "=", "stay")
    .where("b.status", "in", ["paid", "checked_in"])
    .where(sql<boolean>`upper(b.stay_range) = ${input.day}::date`)
    .orderBy("b.id")
    .execute();
}

/** Paid bookings arriving from `from` up to (not including) `to`, soonest first. */
export async function listHostUpcoming(db: Kysely<Database>, input: { cooperativeId: number; from: string; to: string; limit?: number }) {
  const arrival = sql`coalesce(lower(b.stay_range), (s.starts_at AT TIME ZONE 'Asia/Shanghai')::date)`;
  return hostBookingQuery(db, input.cooperativeId)
    .where("b.status", "in", ["paid", "checked_in"])
    .where(sql<boolean>`${arrival} >= ${input.from}::date AND ${arrival} < ${input.to}::date`)
    .orderBy(arrival)
    .orderBy("b.id")
    .limit(input.limit ?? 200)
    .execute();
}

/** One booking of the cooperative, or undefined (another cooperative's is not found). */
export async function getHostBooking(db: Kysely<Database>, input: { cooperativeId: number; bookingId: number }) {
  return hostBookingQuery(db, input.cooperativeId).where("b.id", "=", input.bookingId).executeTakeFirst();
}

export type HostBooking = NonNullable<Awaited<ReturnType<typeof getHostBooking>>>;
