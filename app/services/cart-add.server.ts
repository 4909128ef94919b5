import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { addToCart, cartItemCount } from "~/models/cart.server";
import { getOrCreateShopperCart } from "~/services/checkout.server";

/** Why an addition was refused, as the cart locale's `errors.*` keys name it. */
export type AddLineRefusal = "unavailable" | "too_many" | "insufficient_stock" | "insufficient_stock_none" | "not_in_cart" | "line_too_large" | "order_too_large";

export type AddLineResult =
  | { ok: true; cartCount: number; setCookie: string | null }
  | { ok: false; code: AddLineRefusal; available: number; setCookie: string | null };

/**
 * Puts a line in the shopper's cart (a guest's is created on the way, with its cookie), as the
 * product page's in-place addition does; the /cart form does the same. (立即购买 leaves the
 * cart alone: app/services/buy-now.server.ts.)
 */
export async function addLineForShopper(
  database: Kysely<Database>,
  request: Request,
  line: { variantId: number; quantity: number },
): Promise<AddLineResult> {
  const cart = await getOrCreateShopperCart(database, request);
  const result = await addToCart(database, { cartId: cart.cartId, variantId: line.variantId, quantity: line.quantity });
  if (!result.ok) {
    const available = result.available ?? 0;
    const code = result.reason === "insufficient_stock" && !available ? "insufficient_stock_none" : result.reason;
    return { ok: false, code, available, setCookie: cart.setCookie };
  }
  return { ok: true, cartCount: await cartItemCount(database, { cartId: cart.cartId }), setCookie: cart.setCookie };
}
