import { describe, expect, it } from "vitest";
import { parseUndoToken, undoToken } from "~/utils/cart-undo";
import { freeShippingProgress } from "~/utils/free-shipping";

describe("undo token", () => {
  it("round-trips a removal", () => {
    const addedAt = new Date("2026-11-30T08:15:00.123Z");
    expect(parseUndoToken(undoToken({ variantId: 42, quantity: 3, addedAt }))).toEqual({ variantId: 42, quantity: 3, addedAt });
    expect(parseUndoToken(undoToken({ variantId: 7, quantity: 1, addedAt: null }))).toEqual({ variantId: 7, quantity: 1, addedAt: null });
  });

  it("refuses anything else", () => {
    for (const bad of [null, "", "42", "42.3", "0.3.1", "42.0.1", "42.1000.1", "42.-1.1", "a.b.c", "42.3.1.5", "42.3.1e3", " 42.3.1"]) {
      expect(parseUndoToken(bad), String(bad)).toBeNull();
    }
  });
});

describe("free-shipping progress", () => {
  const line = (unitPriceFen: number, quantity: number, temperatureClass: "ambient" | "chilled" = "ambient") => ({ unitPriceFen, quantity, temperatureClass });

  it("says how much more makes shipping free", () => {
    expect(freeShippingProgress([line(2900, 3)], 9900)).toEqual({ kind: "short", gapFen: 1200, thresholdFen: 9900 });
    expect(freeShippingProgress([line(2900, 3), line(1, 1200)], 9900)).toEqual({ kind: "free", thresholdFen: 9900 });
    expect(freeShippingProgress([line(9899, 1)], 9900)).toEqual({ kind: "short", gapFen: 1, thresholdFen: 9900 });
    expect(freeShippingProgress([line(9900, 1)], 9900)).toEqual({ kind: "free", thresholdFen: 9900 });
  });

  it("does not promise it for cold-chain goods or when the offer is off", () => {
    expect(freeShippingProgress([line(2900, 1), line(100, 1, "chilled")], 9900)).toEqual({ kind: "cold_chain" });
    expect(freeShippingProgress([line(2900, 1)], null)).toEqual({ kind: "off" });
  });
});
