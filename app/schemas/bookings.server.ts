import { z } from "zod";
import { mainlandMobile } from "~/utils/checkout-schema.server";

// What the guest's booking pages accept in their URLs and forms. A server module: zod stays out
// of the pages' scripts. Error messages of the lookup are keys under `lookup.errors` of the
// `bookings` namespace.

/** `/bookings/:number` (and its `.ics` and `events`): anything else is a 404. */
export const bookingPageParams = z.object({ number: z.string().regex(/^BK\d{12}$/) });

/** `?token=` (the booking's own link or a fresh signed one) and how a payment or cancellation came back. */
export const bookingPageQuery = z.object({
  token: z.string().max(200).optional(),
  payment: z.enum(["paid", "cancelled", "failed", "unavailable", "not_payable", "hold_expired"]).optional(),
  notice: z.enum(["cancelled", "notCancellable", "afterArrival", "confirmRequired"]).optional(),
});

/** The booking page's buttons: pay (while held) or cancel (ticked to confirm). */
export const bookingActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pay"), token: z.string().min(1).max(200) }),
  z.object({ intent: z.literal("cancel"), token: z.string().min(1).max(200), confirm: z.literal("yes").optional() }),
]);

/** A booking number as people copy it: spaces and dashes dropped, any case. */
export const lookupBookingNumber = z
  .string({ error: "number" })
  .max(40, { error: "number" })
  .transform((value) => value.replace(/[\s-]/g, "").toUpperCase())
  .pipe(z.string().regex(/^BK\d{12}$/, { error: "number" }));

export const bookingLookupSchema = z.object({
  number: lookupBookingNumber,
  mobile: mainlandMobile("mobile"),
});
