import { z } from "zod";
import type { OrderHistoryCursor } from "~/utils/order-history-cursor";

// What the order pages (the order itself, the test payment page, the account's history and
// guest-order claims) accept in their URLs and forms. A server module, so that zod stays out
// of those pages' scripts.

/** `/orders/:number` */
export const orderPageParams = z.object({ number: z.string().regex(/^SS\d{12}$/) });

/** `?token=` (the order link) and `?payment=` (how the payment page came back). */
export const orderPageQuery = z.object({
  token: z.string().max(100).optional(),
  payment: z.enum(["paid", "cancelled", "failed", "unavailable", "stock_gone", "not_payable"]).optional(),
});

/** `/pay/dev/:orderId` */
export const devPaymentParams = z.object({ orderId: z.string().regex(/^\d{1,9}$/).transform(Number) });
export const devPaymentAccess = z.object({ token: z.string().min(1).max(100), session: z.string().min(1).max(200) });

/** `/account/claim?token=…` (the mailed confirmation link) or `?verified=1` after it. */
export const claimPageQuery = z.object({ token: z.string().max(200).optional(), verified: z.literal("1").optional() });
export const claimForm = z.object({ orderIds: z.array(z.coerce.number().int().positive()).min(1).max(200) });

/** The account's order history: "order again" on one order. */
export const reorderForm = z.object({ intent: z.literal("reorder"), orderId: z.coerce.number().int().positive() });

// The history's page cursor is opaque to the visitor: the last order's time and id, base64url.
export const orderHistoryCursor = z
  .string()
  .max(100)
  .transform((raw, ctx): OrderHistoryCursor => {
    const [placedAt, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
    const parsed = z.object({ placedAt: z.iso.datetime(), id: z.coerce.number().int().positive() }).safeParse({ placedAt, id });
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: "bad cursor" });
      return z.NEVER;
    }
    return parsed.data;
  });

export function encodeOrderHistoryCursor(cursor: OrderHistoryCursor): string {
  return Buffer.from(`${cursor.placedAt}|${cursor.id}`, "utf8").toString("base64url");
}
