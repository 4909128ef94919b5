// How far a cart is from free shipping, for the cart page. The threshold itself and whether
// it applies are the checkout's rule (app/utils/shipping.ts: free standard shipping from the
// configured subtotal; chilled and frozen goods always go cold chain, which is never free).
import { needsColdChain, subtotalFen, type ShippableLine } from "~/utils/shipping";

export type FreeShippingProgress =
  /** The shop has no free-shipping offer. */
  | { kind: "off" }
  /** Cold-chain goods in the cart: the offer does not apply. */
  | { kind: "cold_chain" }
  | { kind: "free"; thresholdFen: number }
  | { kind: "short"; gapFen: number; thresholdFen: number };

export function freeShippingProgress(
  lines: readonly Pick<ShippableLine, "unitPriceFen" | "quantity" | "temperatureClass">[],
  freeStandardFromFen: number | null,
): FreeShippingProgress {
  if (freeStandardFromFen === null) return { kind: "off" };
  if (needsColdChain(lines)) return { kind: "cold_chain" };
  const subtotal = subtotalFen(lines);
  if (subtotal >= freeStandardFromFen) return { kind: "free", thresholdFen: freeStandardFromFen };
  return { kind: "short", gapFen: freeStandardFromFen - subtotal, thresholdFen: freeStandardFromFen };
}
