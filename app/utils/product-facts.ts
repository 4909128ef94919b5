// What a shopper decides by on the product page, pure so it is tested without a database:
// the price per 斤 and per kg, the rounded sales count and the delivery window.
import type { ShippingMethod, TemperatureClass } from "~db/schema";
import { addDays } from "~/utils/dates";
import { defaultShippingMethod, quoteAllMethods, zoneForRegion, type ShippingConfig, type ShippingZone } from "~/utils/shipping";

// A size sold by weight names it ("500g", "2.5 公斤装", "2斤", "1 kg"); one sold by count
// ("12 枚", "礼盒") has a shipping weight too, but a price per 斤 of eggs would mislead.
const WEIGHT_IN_LABEL = /\d\s*(?:g|kg|克|千克|公斤|斤)(?![a-z])/i;

export interface UnitPrices {
  perJinFen: number;
  perKgFen: number;
}

/** The price per 500 g (斤) and per kg of a size sold by weight; null for sizes sold by count. */
export function unitPrices({ priceFen, weightGrams, label }: { priceFen: number; weightGrams: number; label: string }): UnitPrices | null {
  if (!(weightGrams > 0) || !WEIGHT_IN_LABEL.test(label)) return null;
  return { perJinFen: Math.round((priceFen * 500) / weightGrams), perKgFen: Math.round((priceFen * 1000) / weightGrams) };
}

/**
 * A sales count the way Chinese shops show it: exact below 10 000, then in 万 (and 亿) with
 * one decimal, rounded down so it never claims more than was sold ("1.2万", "3万").
 * English uses k/M the same way. null when nothing was sold (no "已售 0").
 */
export function formatSalesCount(count: number, locale: "zh" | "en"): string | null {
  if (!Number.isFinite(count) || count < 1) return null;
  const steps: [number, string][] = locale === "zh" ? [[1e8, "亿"], [1e4, "万"]] : [[1e6, "M"], [1e3, "k"]];
  const exactBelow = locale === "zh" ? 1e4 : 1e3;
  if (count < exactBelow) return String(Math.floor(count));
  for (const [size, unit] of steps) {
    if (count >= size) {
      const tenths = Math.floor((count / size) * 10) / 10;
      return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}${unit}`;
    }
  }
  return String(Math.floor(count));
}

/** Days on the road after dispatch, [fastest, slowest], by zone from Chongqing and method. */
export const TRANSIT_DAYS: Record<ShippingMethod, Record<ShippingZone, readonly [number, number]>> = {
  standard: { local: [1, 2], near: [2, 3], far: [3, 5], remote: [5, 8] },
  cold_chain: { local: [1, 1], near: [1, 2], far: [2, 3], remote: [3, 4] },
};

/** Cooperatives pack the day after the order: the window starts from tomorrow's dispatch. */
export const DISPATCH_DAYS = 1;

/**
 * The dates ('YYYY-MM-DD', China days) an order placed today arrives between. It depends on
 * the day only, not the hour, so a page cached for the day stays right all day.
 */
export function deliveryWindow({ today, zone, method }: { today: string; zone: ShippingZone; method: ShippingMethod }): { from: string; to: string } {
  const [fastest, slowest] = TRANSIT_DAYS[method][zone];
  return { from: addDays(today, DISPATCH_DAYS + fastest), to: addDays(today, DISPATCH_DAYS + slowest) };
}

export type ShippingOffer =
  | { available: true; method: ShippingMethod; fen: number; free: boolean; window: { from: string; to: string } }
  | { available: false; reason: "cold_chain_unreachable" | "cold_chain_required" | "empty" };

/**
 * What one unit of a size costs to ship to a region and when it arrives: the method checkout
 * would preselect (quoteShipping's rules, the same config), so the page never promises a fee
 * checkout does not charge.
 */
export function shippingOffer({
  weightGrams,
  priceFen,
  temperature,
  regionCode,
  today,
  config,
}: {
  weightGrams: number;
  priceFen: number;
  temperature: TemperatureClass;
  regionCode: string;
  today: string;
  config: ShippingConfig;
}): ShippingOffer {
  const lines = [{ weightGrams, quantity: 1, temperatureClass: temperature, unitPriceFen: priceFen }];
  const quotes = quoteAllMethods(lines, regionCode, config);
  const method = defaultShippingMethod(lines, regionCode, config);
  const quote = quotes.find((candidate) => candidate.method === method);
  if (!quote || !quote.available) {
    const refused = quotes.find((candidate) => !candidate.available && candidate.reason !== "cold_chain_required");
    return { available: false, reason: refused && !refused.available ? refused.reason : "cold_chain_required" };
  }
  return {
    available: true,
    method: quote.method,
    fen: quote.fen,
    free: quote.free,
    window: deliveryWindow({ today, zone: zoneForRegion(regionCode), method: quote.method }),
  };
}
