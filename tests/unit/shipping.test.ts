import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  billableKilograms,
  DEFAULT_SHIPPING_CONFIG,
  defaultShippingMethod,
  orderTotals,
  quoteShipping,
  zoneForRegion,
  type ShippableLine,
} from "~/utils/shipping";

const orange = (quantity: number, overrides: Partial<ShippableLine> = {}): ShippableLine => ({
  weightGrams: 5000,
  quantity,
  temperatureClass: "ambient",
  unitPriceFen: 2000,
  ...overrides,
});
const noFree = { ...DEFAULT_SHIPPING_CONFIG, freeStandardFromFen: null };

describe("shipping zones", () => {
  it("zones provinces from Chongqing", () => {
    expect(zoneForRegion("500103")).toBe("local");
    expect(zoneForRegion("510104")).toBe("near"); // Chengdu
    expect(zoneForRegion("520000")).toBe("near"); // Guizhou
    expect(zoneForRegion("440300")).toBe("far"); // Shenzhen
    expect(zoneForRegion("110101")).toBe("far"); // Beijing
    expect(zoneForRegion("650102")).toBe("remote"); // Urumqi
    expect(zoneForRegion("540102")).toBe("remote"); // Lhasa
    expect(zoneForRegion("150102")).toBe("remote"); // Hohhot
  });
});

describe("quoteShipping", () => {
  it("charges the first kilogram and each started kilogram after it", () => {
    expect(billableKilograms(1)).toBe(1);
    expect(billableKilograms(1000)).toBe(1);
    expect(billableKilograms(1001)).toBe(2);
    // 5 kg to Chongqing: 600 + 4 × 100
    expect(quoteShipping([orange(1)], "500103", "standard", noFree)).toEqual({ method: "standard", available: true, fen: 1000, free: false });
    // 10 kg to Beijing: 1000 + 9 × 400
    expect(quoteShipping([orange(2)], "110101", "standard", noFree)).toMatchObject({ fen: 4600 });
  });

  it("makes standard shipping free from the threshold, never cold chain", () => {
    const lines = [orange(5)]; // ¥100.00
    expect(quoteShipping(lines, "500103", "standard")).toMatchObject({ available: true, fen: 0, free: true });
    expect(quoteShipping([orange(4)], "500103", "standard")).toMatchObject({ free: false }); // ¥80.00
    expect(quoteShipping(lines, "500103", "cold_chain")).toMatchObject({ available: true, free: false });
  });

  it("requires cold chain for chilled or frozen goods and refuses regions it cannot reach", () => {
    const lines = [orange(1), orange(1, { temperatureClass: "chilled", weightGrams: 500 })];
    expect(quoteShipping(lines, "500103", "standard")).toEqual({ method: "standard", available: false, reason: "cold_chain_required" });
    expect(quoteShipping(lines, "500103", "cold_chain")).toMatchObject({ available: true });
    expect(quoteShipping(lines, "540102", "cold_chain")).toEqual({ method: "cold_chain", available: false, reason: "cold_chain_unreachable" });
    expect(quoteShipping(lines, "650102", "cold_chain")).toMatchObject({ available: false, reason: "cold_chain_unreachable" });
    expect(quoteShipping(lines, "630102", "cold_chain")).toMatchObject({ available: true }); // Qinghai: remote, reachable
    expect(defaultShippingMethod(lines, "540102")).toBeNull();
    expect(defaultShippingMethod(lines, "500103")).toBe("cold_chain");
    expect(defaultShippingMethod([orange(1)], "500103")).toBe("standard");
  });
});

describe("order totals (properties)", () => {
  const line = fc.record({
    weightGrams: fc.integer({ min: 1, max: 100_000 }),
    quantity: fc.integer({ min: 1, max: 999 }),
    temperatureClass: fc.constantFrom("ambient" as const, "chilled" as const, "frozen" as const),
    unitPriceFen: fc.integer({ min: 1, max: 100_000_000 }),
  });
  const region = fc.constantFrom("500103", "510104", "440300", "650102", "540102", "150102", "110101");

  it("line totals, shipping and the total add up in whole fen", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), region, fc.constantFrom("standard" as const, "cold_chain" as const), (lines, code, method) => {
        const quote = quoteShipping(lines, code, method);
        const shipping = quote.available ? quote.fen : 0;
        const totals = orderTotals(lines, shipping);
        const sum = lines.reduce((acc, l) => acc + l.unitPriceFen * l.quantity, 0);
        expect(Number.isSafeInteger(totals.totalFen)).toBe(true);
        expect(totals.subtotalFen).toBe(sum);
        expect(totals.totalFen).toBe(totals.subtotalFen + totals.shippingFen);
        expect(Number.isInteger(shipping) && shipping >= 0).toBe(true);
        if (quote.available && !quote.free) {
          const rate = DEFAULT_SHIPPING_CONFIG.rates[method][zoneForRegion(code)];
          const kg = billableKilograms(lines.reduce((acc, l) => acc + l.weightGrams * l.quantity, 0));
          expect(shipping).toBe(rate.firstKgFen + (kg - 1) * rate.additionalKgFen);
        }
      }),
    );
  });

  it("shipping never decreases when the parcel gets heavier (same method, zone, no free offer)", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), line, region, (lines, extra, code) => {
        const ambient = lines.map((l) => ({ ...l, temperatureClass: "ambient" as const }));
        const before = quoteShipping(ambient, code, "standard", noFree);
        const after = quoteShipping([...ambient, { ...extra, temperatureClass: "ambient" }], code, "standard", noFree);
        expect(before.available && after.available).toBe(true);
        if (before.available && after.available) expect(after.fen).toBeGreaterThanOrEqual(before.fen);
      }),
    );
  });
});
