import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { readLoneLine, type CartLine } from "~/models/cart.server";
import type { AddLineRefusal } from "~/services/cart-add.server";
import { cartLimitProblem } from "~/utils/cart-limits";
import type { BuyNowSearch } from "~/utils/checkout-schema.server";

// 立即购买 checks out one line (a size and a quantity) and leaves the shopper's cart as it was,
// before and after the order. The design, and why:
//
// - The line travels in the checkout's address, `/checkout?buy=<variant id>&quantity=<n>`, and
//   nowhere else: no cart row, no cookie, nothing stored until the order is placed. A plain HTML
//   form posts to the page's own address, so the checkout form carries the line without
//   JavaScript, and an abandoned 立即购买 leaves nothing behind. Stock is held only by the
//   placed order's reservations, which expire with the payment session like any order's.
// - The address never carries a price. Checkout reads the variant (its names, today's price and
//   stock) once per request, as it reads a cart, and the form sends back the unit price it
//   showed; placing the order re-reads the price in its transaction and refuses once when it
//   differs from that shown price, so an old link or form cannot buy at an old price, nor at a
//   new one the shopper has not seen.
// - Orders keep the cart they came from (`orders.cart_id`), for two things: the checkout key is
//   bound to that cart and the user (a key replayed by someone else is refused), and a payment
//   takes the ordered sizes out of that cart. A 立即购买 order is given a cart id of its own,
//   derived from the shopper's cart id: the binding is as strong as the cart cookie (or the
//   account), a second submission from the same shopper finds its order again, and the payment
//   removes nothing from the real cart, since no cart has that id.

/** The check and the refusal codes the product page shows (`?buy=<code>`, the cart locale's `errors.*`). */
export type BuyNowCheck = { ok: true; line: CartLine } | { ok: false; code: AddLineRefusal; line: CartLine | null };

/** Today's line for 立即购买: refused when the size is not sold, out of stock, or past an order limit. */
export async function checkBuyNowLine(db: Kysely<Database>, wanted: { variantId: number; quantity: number }): Promise<BuyNowCheck> {
  const line = await readLoneLine(db, wanted);
  const code = buyNowRefusal(line);
  return code ? { ok: false, code, line } : { ok: true, line: line! };
}

function buyNowRefusal(line: CartLine | null): AddLineRefusal | null {
  if (!line || !line.purchasable) return "unavailable";
  if (line.available === 0) return "insufficient_stock_none";
  if (line.exceedsStock) return "insufficient_stock";
  return cartLimitProblem([line])?.code ?? null;
}

/** The checkout of this one line. */
export function buyNowCheckoutPath(line: { variantId: number; quantity: number }): string {
  return `/checkout?${buyNowQuery(line)}`;
}

/** The line as the checkout's query string (`buy=…&quantity=…`), for links that must keep it. */
export function buyNowQuery(line: { variantId: number; quantity: number }): string {
  return new URLSearchParams({ buy: String(line.variantId), quantity: String(line.quantity) } satisfies Record<keyof BuyNowSearch, string>).toString();
}

/** The product page of a refused line, saying why; the catalogue when the size is unknown. */
export function buyNowRefusalPath(check: Extract<BuyNowCheck, { ok: false }>): string {
  if (!check.line) return `/products?buy=${check.code}`;
  return `/products/${check.line.slug}?${new URLSearchParams({ variant: check.line.sku, buy: check.code })}`;
}

/**
 * The cart id a 立即购买 order records: a UUID hashed from the shopper's own cart id, which no
 * cart row has (see the top of this file).
 */
export function buyNowOrderCartId(shopperCartId: string): string {
  const hash = createHash("sha256").update(`buy-now:${shopperCartId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80; // version 8: custom, here hash-based (RFC 9562)
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
