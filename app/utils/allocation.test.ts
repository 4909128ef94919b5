import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { basisPointsOf, splitByLargestRemainder } from "~/utils/allocation";

const weights = fc.array(fc.integer({ min: 0, max: 10_000_000_000 }), { minLength: 1, maxLength: 12 }).filter((ws) => ws.some((w) => w > 0));
const total = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });

describe("splitByLargestRemainder", () => {
  it("sums to the whole, gives zero weights nothing, and stays within a fen of the exact share", () => {
    fc.assert(
      fc.property(total, weights, (amount, ws) => {
        const parts = splitByLargestRemainder(amount, ws);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
        const sum = ws.reduce((a, b) => a + b, 0);
        parts.forEach((part, i) => {
          if (ws[i] === 0) expect(part).toBe(0);
          expect(Math.sign(part) * amount >= 0).toBe(true);
          expect(Math.abs(part - (amount * ws[i]!) / sum)).toBeLessThan(1 + 1e-6 * Math.abs(amount));
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it("splits the way a person would check it", () => {
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByLargestRemainder(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(splitByLargestRemainder(1000, [2990, 7010])).toEqual([299, 701]);
    expect(splitByLargestRemainder(7, [0, 5, 0])).toEqual([0, 7, 0]);
    expect(splitByLargestRemainder(0, [0, 0])).toEqual([0, 0]);
  });

  it("refuses what cannot be split", () => {
    expect(() => splitByLargestRemainder(5, [0, 0])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(5, [1, -1])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(0.5, [1])).toThrow(RangeError);
  });
});

describe("basisPointsOf", () => {
  it("rounds half up to the fen", () => {
    expect(basisPointsOf(10_000, 500)).toBe(500);
    expect(basisPointsOf(5_810, 500)).toBe(291); // 290.5
    expect(basisPointsOf(5_809, 500)).toBe(290); // 290.45
    expect(basisPointsOf(0, 500)).toBe(0);
    expect(basisPointsOf(999_999_999_999, 10_000)).toBe(999_999_999_999);
  });
});
