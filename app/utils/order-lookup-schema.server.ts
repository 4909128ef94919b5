import { z } from "zod";
import { mainlandMobile } from "~/utils/checkout-schema.server";

// The guest order lookup's form (/orders/lookup). A server module: zod stays out of the
// page's script. Error messages are keys under `lookup.errors` of the "orders" namespace.

/** An order number as people copy it: spaces and dashes dropped, any case. */
export const lookupOrderNumber = z
  .string({ error: "number" })
  .max(40, { error: "number" })
  .transform((value) => value.replace(/[\s-]/g, "").toUpperCase())
  .pipe(z.string().regex(/^SS\d{12}$/, { error: "number" }));

export const orderLookupSchema = z.object({ number: lookupOrderNumber, phone: mainlandMobile("phone") });
