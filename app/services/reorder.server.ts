import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { addToCart, cartLineQuantity, getOrCreateUserCart } from "~/models/cart.server";
import { listReorderLines } from "~/models/order/items.server";
import { findUserOrderId } from "~/models/order/order.server";
import { MAX_LINE_QUANTITY } from "~/utils/cart-limits";

/**
 * "Buy again": puts what can still be bought from a past order into the shopper's cart,
 * through the cart's own functions (so every cart rule holds), as much as stock allows,
 * and says what could not be added and why. Nothing is reserved: that happens at checkout.
 */

export type ReorderUnavailableReason =
  /** The product is no longer sold (archived, or taken back to draft). */
  | "archived"
  /** That size or pack of the product is no longer offered. */
  | "inactive"
  /** Offered, but none left to sell right now. */
  | "sold_out"
  /** The variant was deleted from the catalogue. */
  | "removed";

export interface ReorderLine {
  variantId: number | null;
  nameZh: string;
  nameEn: string;
  labelZh: string;
  labelEn: string;
  /** What the past order had. */
  ordered: number;
}

export interface ReorderResult {
  cartId: string;
  /** Put in the cart, with how many (fewer than ordered when stock is short). */
  added: (ReorderLine & { quantity: number; limited: boolean })[];
  unavailable: (ReorderLine & { reason: ReorderUnavailableReason })[];
}

/**
 * Reorders one of the user's own orders. Returns null when the order is not theirs
 * (the same answer as for an order that does not exist).
 */
export async function reorderIntoCart(db: Kysely<Database>, { userId, orderId }: { userId: number; orderId: number }): Promise<ReorderResult | null> {
  const ownOrderId = await findUserOrderId(db, { orderId, userId });
  if (ownOrderId === null) return null;
  const items = await listReorderLines(db, { orderId: ownOrderId });

  const cartId = await getOrCreateUserCart(db, { userId });
  const result: ReorderResult = { cartId, added: [], unavailable: [] };
  for (const item of items) {
    const line: ReorderLine = { variantId: item.variantId, nameZh: item.nameZh, nameEn: item.nameEn, labelZh: item.labelZh, labelEn: item.labelEn, ordered: Number(item.ordered) };
    if (item.variantId === null || item.active === null) {
      result.unavailable.push({ ...line, reason: "removed" });
      continue;
    }
    if (item.productStatus !== "active") {
      result.unavailable.push({ ...line, reason: "archived" });
      continue;
    }
    if (!item.active) {
      result.unavailable.push({ ...line, reason: "inactive" });
      continue;
    }
    const outcome = await addBoundedByStock(db, { cartId, variantId: item.variantId, quantity: line.ordered });
    if (outcome === "unavailable") result.unavailable.push({ ...line, reason: "archived" });
    else if (outcome.added === 0 && outcome.available === 0) result.unavailable.push({ ...line, reason: "sold_out" });
    // Possibly 0 added: the cart already holds all there is.
    else result.added.push({ ...line, quantity: outcome.added, limited: outcome.added < line.ordered });
  }
  return result;
}

/**
 * Adds up to `quantity` units: all of them if stock allows, else as many as can be sold
 * beyond what the cart already holds. Says how many were added and how many can be sold.
 */
async function addBoundedByStock(
  db: Kysely<Database>,
  { cartId, variantId, quantity }: { cartId: string; variantId: number; quantity: number },
): Promise<{ added: number; available: number } | "unavailable"> {
  let wanted = Math.min(quantity, MAX_LINE_QUANTITY);
  let available = Number.POSITIVE_INFINITY;
  // Stock can move between reading it and writing the line: try again with the new figure.
  for (let attempt = 0; attempt < 3 && wanted > 0; attempt += 1) {
    const outcome = await addToCart(db, { cartId, variantId, quantity: wanted });
    if (outcome.ok) return { added: wanted, available: Number.isFinite(available) ? available : wanted };
    if (outcome.reason === "unavailable") return "unavailable";
    if (outcome.reason !== "insufficient_stock" && outcome.reason !== "too_many") break;
    available = outcome.available ?? 0;
    const inCart = await cartLineQuantity(db, { cartId, variantId });
    wanted = Math.min(wanted, Math.min(available, MAX_LINE_QUANTITY) - inCart);
  }
  return { added: 0, available: Number.isFinite(available) ? available : 0 };
}
