import { describe, expect, it } from "vitest";
import { deliveryWindow, formatSalesCount, shippingOffer, unitPrices } from "~/utils/product-facts";
import { DEFAULT_SHIPPING_CONFIG } from "~/utils/shipping";

describe("unitPrices", () => {
  it("gives the price per 斤 and per kg of a size sold by weight", () => {
    expect(unitPrices({ priceFen: 3990, weightGrams: 2500, label: "2.5 公斤装" })).toEqual({ perJinFen: 798, perKgFen: 1596 });
    expect(unitPrices({ priceFen: 2800, weightGrams: 500, label: "500g" })).toEqual({ perJinFen: 2800, perKgFen: 5600 });
    expect(unitPrices({ priceFen: 1000, weightGrams: 1500, label: "3斤" })).toEqual({ perJinFen: 333, perKgFen: 667 });
    expect(unitPrices({ priceFen: 6800, weightGrams: 1000, label: "1 kg" })).toEqual({ perJinFen: 3400, perKgFen: 6800 });
  });

  it("gives none for sizes sold by count or without a weight", () => {
    expect(unitPrices({ priceFen: 3600, weightGrams: 900, label: "12 枚装" })).toBeNull();
    expect(unitPrices({ priceFen: 3600, weightGrams: 900, label: "Gift box" })).toBeNull();
    expect(unitPrices({ priceFen: 3600, weightGrams: 0, label: "500g" })).toBeNull();
  });
});

describe("formatSalesCount", () => {
  it("is exact below ten thousand and rounds down in 万 above", () => {
    expect(formatSalesCount(0, "zh")).toBeNull();
    expect(formatSalesCount(1, "zh")).toBe("1");
    expect(formatSalesCount(9999, "zh")).toBe("9999");
    expect(formatSalesCount(10000, "zh")).toBe("1万");
    expect(formatSalesCount(12345, "zh")).toBe("1.2万");
    expect(formatSalesCount(19999, "zh")).toBe("1.9万");
    expect(formatSalesCount(250000, "zh")).toBe("25万");
    expect(formatSalesCount(123456789, "zh")).toBe("1.2亿");
  });

  it("uses k and M in English", () => {
    expect(formatSalesCount(999, "en")).toBe("999");
    expect(formatSalesCount(1250, "en")).toBe("1.2k");
    expect(formatSalesCount(12000, "en")).toBe("12k");
    expect(formatSalesCount(3_400_000, "en")).toBe("3.4M");
  });
});

describe("deliveryWindow", () => {
  it("counts dispatch the next day and the zone's transit days", () => {
    expect(deliveryWindow({ today: "2026-12-03", zone: "local", method: "standard" })).toEqual({ from: "2026-12-05", to: "2026-12-06" });
    expect(deliveryWindow({ today: "2026-12-03", zone: "far", method: "cold_chain" })).toEqual({ from: "2026-12-06", to: "2026-12-07" });
    expect(deliveryWindow({ today: "2026-12-30", zone: "remote", method: "standard" })).toEqual({ from: "2027-01-05", to: "2027-01-08" });
  });
});

describe("shippingOffer", () => {
  const base = { weightGrams: 2500, priceFen: 3990, today: "2026-12-03", config: DEFAULT_SHIPPING_CONFIG };

  it("quotes standard shipping by zone and weight, free from the threshold", () => {
    expect(shippingOffer({ ...base, temperature: "ambient", regionCode: "500000" })).toEqual({
      available: true, method: "standard", fen: 600 + 2 * 100, free: false, window: { from: "2026-12-05", to: "2026-12-06" },
    });
    expect(shippingOffer({ ...base, priceFen: 9900, temperature: "ambient", regionCode: "440000" })).toMatchObject({ available: true, fen: 0, free: true });
  });

  it("quotes cold chain for chilled goods and refuses where it cannot reach", () => {
    expect(shippingOffer({ ...base, temperature: "chilled", regionCode: "440000" })).toMatchObject({
      available: true, method: "cold_chain", fen: 2800 + 2 * 900, window: { from: "2026-12-06", to: "2026-12-07" },
    });
    expect(shippingOffer({ ...base, temperature: "frozen", regionCode: "540000" })).toEqual({ available: false, reason: "cold_chain_unreachable" });
  });
});
