// A removed cart line, written into the undo button (and, for browsers without scripts, into
// the URL the removal redirects to) so it can be put back as it was: variant, quantity and
// when it was first added. It is the shopper's own cart and every restore is checked again
// like any change, so the token needs no signature.
import { MAX_LINE_QUANTITY } from "~/utils/cart-limits";

export interface UndoableRemoval {
  variantId: number;
  quantity: number;
  addedAt: Date | null;
}

export function undoToken(removal: UndoableRemoval): string {
  return `${removal.variantId}.${removal.quantity}.${removal.addedAt ? removal.addedAt.getTime() : 0}`;
}

/** The removal a token names, or null for anything that is not one. */
export function parseUndoToken(token: string | null | undefined): UndoableRemoval | null {
  const match = /^(\d{1,9})\.(\d{1,4})\.(\d{1,15})$/.exec(token ?? "");
  if (!match) return null;
  const variantId = Number(match[1]);
  const quantity = Number(match[2]);
  const addedAtMs = Number(match[3]);
  if (variantId < 1 || quantity < 1 || quantity > MAX_LINE_QUANTITY) return null;
  return { variantId, quantity, addedAt: addedAtMs > 0 ? new Date(addedAtMs) : null };
}
