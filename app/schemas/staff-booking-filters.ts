import { z } from "zod";
import type { BookingStatus, StayKind } from "~db/schema";
import { isoDay } from "~/schemas/staff-order-filters";

// The staff bookings list's URL parameters (also the CSV export's). A bad value is dropped (the
// filter falls back to "any") rather than failing the page: these URLs get bookmarked and
// hand-edited. The cancellation form is parsed strictly: its errors are shown beside the fields.

export const BOOKING_STATUSES = ["held", "paid", "checked_in", "no_show", "cancelled", "expired"] as const satisfies readonly BookingStatus[];
export const BOOKING_KINDS = ["stay", "experience"] as const satisfies readonly StayKind[];

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional()).catch(undefined);
}

export const bookingListSchema = z.object({
  q: optional(z.string().trim().max(60)),
  status: optional(z.enum(BOOKING_STATUSES)),
  kind: optional(z.enum(BOOKING_KINDS)),
  coop: optional(z.coerce.number().int().positive().max(2_147_483_647)),
  from: optional(isoDay),
  to: optional(isoDay),
  /** Keyset paging: the id of the last row shown (ids grow with creation, so newest first is id descending). */
  cursor: optional(z.coerce.number().int().positive().max(2_147_483_647)),
});

export type BookingListParams = z.infer<typeof bookingListSchema>;

export function bookingListParams(search: URLSearchParams): BookingListParams {
  const params = bookingListSchema.parse(Object.fromEntries(search));
  // A range given backwards is read the right way round rather than showing nothing.
  if (params.from && params.to && params.from > params.to) return { ...params, from: params.to, to: params.from };
  return params;
}

/** Booking numbers as the shop writes them (BK + 12 digits); anything else is a 404. */
export function bookingNumberParam(value: string | undefined): string | null {
  return value && /^BK\d{12}$/.test(value) ? value : null;
}

/** A staff cancellation: the reason is kept in the audit trail; the box confirms a full refund. */
export const staffCancelSchema = z.object({
  intent: z.literal("cancel", { error: "errors.unknownIntent" }),
  reason: z.string({ error: "errors.reasonRequired" }).trim().min(1, { error: "errors.reasonRequired" }).max(500, { error: "errors.tooLong" }),
  confirm: z.literal("yes", { error: "errors.confirmRequired" }),
});
