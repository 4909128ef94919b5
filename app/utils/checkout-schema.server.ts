import { z } from "zod";
import { MAX_LINE_QUANTITY } from "~/utils/cart-limits";
import { MAINLAND_MOBILE, normalizeMainlandMobile } from "~/utils/phone-numbers";

// The cart and checkout forms' schemas, for their actions. Error messages are translation
// keys of the "checkout" (or "cart") namespace. A server module: zod stays out of the pages'
// scripts, and the forms import only its types.

/** A quantity typed into a form: a whole number 1..999 written in plain digits ("1e3", "1.5", "abc" are not). */
export const quantityField = z
  .string({ error: "errors.quantity" })
  .trim()
  .regex(/^\d{1,4}$/, { error: "errors.quantity" })
  .transform(Number)
  .pipe(z.number().int().min(1, { error: "errors.quantity" }).max(MAX_LINE_QUANTITY, { error: "errors.quantity" }));

export const variantIdField = z
  .string({ error: "errors.variant" })
  .trim()
  .regex(/^\d{1,9}$/, { error: "errors.variant" })
  .transform(Number);

export const cartIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), variantId: variantIdField, quantity: quantityField, redirectTo: z.string().max(2000).optional() }),
  z.object({ intent: z.literal("update"), variantId: variantIdField, quantity: quantityField }),
  z.object({ intent: z.literal("remove"), variantId: variantIdField }),
  z.object({ intent: z.literal("clear") }),
]);
export type CartIntent = z.infer<typeof cartIntentSchema>;

export const CART_INTENTS = ["add", "update", "remove", "clear"] as const;

/**
 * 立即购买's line, carried in the checkout's address (`/checkout?buy=<variant id>&quantity=<n>`):
 * what to buy and how many, never a price.
 */
export const buyNowSearchSchema = z.object({ buy: variantIdField, quantity: quantityField });
export type BuyNowSearch = z.infer<typeof buyNowSearchSchema>;

/** The form field holding the unit price the 立即购买 checkout showed (fen). */
export const SEEN_PRICE_FIELD = "seenPriceFen";
export const seenPriceField = z
  .string({ error: "errors.form" })
  .trim()
  .regex(/^\d{1,9}$/, { error: "errors.form" })
  .transform(Number)
  .pipe(z.number().int().positive({ error: "errors.form" }));

const text = (max: number, error: string) =>
  z
    .string({ error })
    .transform((value) => value.trim().replace(/\s+/g, " "))
    .pipe(z.string().min(1, { error }).max(max, { error }));

export const mainlandMobile = (error: string) =>
  z
    .string({ error })
    .max(40, { error })
    .transform(normalizeMainlandMobile)
    .pipe(z.string().regex(MAINLAND_MOBILE, { error }));
const regionCode = (error: string) => z.string({ error }).trim().regex(/^\d{6}$/, { error });

export const checkoutSchema = z.object({
  checkoutKey: z.string().trim().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "errors.checkoutKey" }),
  name: text(50, "errors.name"),
  // Optional: the mobile number is the contact; with no address the order simply gets no e-mails.
  email: z
    .string({ error: "errors.email" })
    .trim()
    .toLowerCase()
    .optional()
    .transform((value) => (value ? value : null))
    .pipe(z.email({ error: "errors.email" }).max(254, { error: "errors.email" }).nullable()),
  phone: mainlandMobile("errors.phone"),
  province: regionCode("errors.province"),
  city: regionCode("errors.city"),
  district: regionCode("errors.district"),
  street: z
    .string({ error: "errors.street" })
    .transform((value) => value.trim().replace(/\s+/g, " "))
    .pipe(z.string().min(4, { error: "errors.street" }).max(120, { error: "errors.street" })),
  postcode: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : null))
    .pipe(z.string().regex(/^\d{6}$/, { error: "errors.postcode" }).nullable()),
  shippingMethod: z.enum(["standard", "cold_chain"], { error: "errors.shippingMethod" }),
});

/** "保存到我的地址": a signed-in shopper keeps the typed address (ignored for guests). */
export const saveAddressField = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "1");
export type CheckoutInput = z.infer<typeof checkoutSchema>;

export const CHECKOUT_FIELDS = ["name", "email", "phone", "province", "city", "district", "street", "postcode", "shippingMethod", "saveAddress"] as const;
export type CheckoutField = (typeof CHECKOUT_FIELDS)[number];
export type CheckoutValues = Partial<Record<CheckoutField | "checkoutKey", string>>;

/** `?address=<id>` on the checkout: a saved address to fill the form with; anything else is none. */
export const addressChoice = z.coerce.number().int().positive().catch(0);

/** What was typed, as strings, to put back into the form after a refusal. Nothing else is echoed. */
export function typedValues(form: FormData): CheckoutValues {
  const values: CheckoutValues = {};
  for (const field of [...CHECKOUT_FIELDS, "checkoutKey"] as const) {
    const value = form.get(field);
    if (typeof value === "string") values[field] = value.slice(0, 300);
  }
  return values;
}
