import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { recordAuditEvent } from "~/models/audit.server";
import { findBookingIdByNumber } from "~/models/booking-report.server";
import { cancelBooking, type CancelResult } from "~/services/bookings.server";

// The back office's one write on a booking: a staff cancellation. It refunds in full what was
// captured (the booking service decides, under the booking's lock) and is audited with the
// staff member, the reason and the amount, like the other staff actions.

export type StaffCancelResult = CancelResult | { ok: false; code: "not_found" };

export async function staffCancelBooking(
  db: Kysely<Database>,
  input: { number: string; reason: string; userId: number; ip?: string | null; now?: Date },
): Promise<StaffCancelResult> {
  const bookingId = await findBookingIdByNumber(db, { number: input.number });
  if (bookingId === null) return { ok: false, code: "not_found" };
  // Not inside a transaction of ours: the booking service asks the provider for the refund once
  // its own transaction has committed.
  const result = await cancelBooking(db, { bookingId, by: "staff", now: input.now });
  if (!result.ok) return result;
  const booking = await db.selectFrom("bookings").select(["cooperative_id"]).where("id", "=", bookingId).executeTakeFirstOrThrow();
  await recordAuditEvent(db, {
    kind: "booking.cancelled",
    actorUserId: input.userId,
    cooperativeId: booking.cooperative_id,
    ip: input.ip ?? null,
    data: { bookingNumber: input.number, reason: input.reason, refundFen: result.refundFen, rule: result.rule },
  });
  return result;
}
