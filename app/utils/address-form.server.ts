import { z } from "zod";
import { MAINLAND_MOBILE } from "~/utils/phone-numbers";

// The saved-address form, for the account's address book action (the form imports only its
// types: zod stays out of the page's scripts). Error messages are keys under
// `account.addresses.errors` of the "orders" namespace.

const regionCode = z.string({ error: "region" }).trim().regex(/^\d{6}$/, { error: "region" });
const oneLine = (min: number, max: number, error: string) =>
  z
    .string({ error })
    .transform((value) => value.trim().replace(/\s+/g, " "))
    .pipe(z.string().min(min, { error }).max(max, { error }));

export const addressFormSchema = z.object({
  recipient: oneLine(1, 50, "recipient"),
  // Spaces and dashes between digit groups are dropped; +86 in front is allowed.
  phone: z
    .string({ error: "phone" })
    .transform((value) => value.replace(/[\s-]/g, "").replace(/^(\+?86)(?=1\d{10}$)/, ""))
    .pipe(z.string().regex(MAINLAND_MOBILE, { error: "phone" })),
  province: regionCode,
  city: regionCode,
  district: regionCode,
  street: oneLine(4, 120, "street"),
  postcode: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : null))
    .pipe(z.string().regex(/^\d{6}$/, { error: "postcode" }).nullable()),
  isDefault: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "1" || value === "true"),
});
export type AddressFormInput = z.infer<typeof addressFormSchema>;

/** A saved address's id, from a form or `?edit=`. */
export const addressIdField = z.coerce.number().int().positive().max(2_147_483_647);
/** `?edit=<id>` opens one address's form; `?done=` says what the last change was. */
export const addressPageQuery = z.object({ edit: addressIdField.optional(), done: z.enum(["saved", "deleted", "default"]).optional() });

export const ADDRESS_FIELDS = ["recipient", "phone", "province", "city", "district", "street", "postcode", "isDefault"] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];
export type AddressFormValues = Partial<Record<AddressField, string>>;

/** What was typed, to put back into the form after a refusal; nothing else is echoed. */
export function typedAddressValues(form: FormData): AddressFormValues {
  const values: AddressFormValues = {};
  for (const field of ADDRESS_FIELDS) {
    const value = form.get(field);
    if (typeof value === "string") values[field] = value.slice(0, 200);
  }
  return values;
}
