import type { FieldErrors } from "~/types/forms";

/** The guest lookups' forms: `number` and the mobile field, named `phone` (orders) or `mobile` (bookings). */
export type GuestLookupMobileField = "phone" | "mobile";

/** What a refused lookup hands back to its page. */
export type GuestLookupActionData<F extends GuestLookupMobileField> = {
  values: { number: string } & Record<F, string>;
  errors: FieldErrors;
  formError: "form" | "notFound" | "tooMany" | null;
  minutes?: number;
};
