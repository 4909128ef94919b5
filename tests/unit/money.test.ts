import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFen, parseYuanToFen, sumFen } from "~/utils/money";

describe("formatFen", () => {
  it("shows yuan with two decimals and a ¥", () => {
    expect(formatFen(7990)).toBe("¥79.90");
    expect(formatFen(5)).toBe("¥0.05");
    expect(formatFen(0)).toBe("¥0.00");
    expect(formatFen(14900)).toBe("¥149.00");
  });

  it("groups thousands", () => {
    expect(formatFen(123456789)).toBe("¥1,234,567.89");
  });

  it("shows negative amounts (refunds) with a sign", () => {
    expect(formatFen(-1250)).toBe("-¥12.50");
  });

  it("refuses anything that is not a whole number of fen", () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
    expect(() => formatFen(Number.NaN)).toThrow(RangeError);
  });
});

describe("parseYuanToFen", () => {
  it("reads what people type", () => {
    expect(parseYuanToFen("12")).toBe(1200);
    expect(parseYuanToFen("12.8")).toBe(1280);
    expect(parseYuanToFen("12.80")).toBe(1280);
    expect(parseYuanToFen(" ¥1,280.5 ")).toBe(128050);
    expect(parseYuanToFen("0")).toBe(0);
  });

  it("refuses negatives, three decimals, words and huge numbers", () => {
    for (const input of ["-5", "1.234", "abc", "", " ", "1e3", "12.", ".5", "9999999999", "1\u00002", "%"]) {
      expect(parseYuanToFen(input), input).toBeNull();
    }
  });

  it("round-trips every amount formatFen shows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (fen) => {
        expect(parseYuanToFen(formatFen(fen))).toBe(fen);
      }),
    );
  });
});

describe("sumFen", () => {
  it("adds integer amounts exactly", () => {
    expect(sumFen([7990, 14900, 1])).toBe(22891);
    expect(sumFen([])).toBe(0);
  });
});
