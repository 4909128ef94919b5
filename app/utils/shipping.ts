// Shipping prices, pure: the server prices orders with it and the checkout page uses the
// same function in the browser to update the summary as the shopper chooses. All fen.
import type { ShippingMethod, TemperatureClass } from "~db/schema";

export type ShippingZone = "local" | "near" | "far" | "remote";
export const SHIPPING_METHODS: readonly ShippingMethod[] = ["standard", "cold_chain"];

/** The first kilogram and each further started kilogram, per zone (orders leave Chongqing). */
export interface Rate {
  firstKgFen: number;
  additionalKgFen: number;
}

export interface ShippingConfig {
  /** Standard shipping is free from this subtotal on (fen); null turns the offer off. */
  freeStandardFromFen: number | null;
  /** Province codes (first two digits of GB/T 2260) cold-chain couriers cannot reach. */
  coldChainUnreachable: readonly string[];
  rates: Record<ShippingMethod, Record<ShippingZone, Rate>>;
}

export const DEFAULT_RATES: ShippingConfig["rates"] = {
  standard: {
    local: { firstKgFen: 600, additionalKgFen: 100 },
    near: { firstKgFen: 800, additionalKgFen: 200 },
    far: { firstKgFen: 1000, additionalKgFen: 400 },
    remote: { firstKgFen: 1800, additionalKgFen: 800 },
  },
  cold_chain: {
    local: { firstKgFen: 1500, additionalKgFen: 300 },
    near: { firstKgFen: 2200, additionalKgFen: 600 },
    far: { firstKgFen: 2800, additionalKgFen: 900 },
    remote: { firstKgFen: 4500, additionalKgFen: 1500 },
  },
};

export const DEFAULT_SHIPPING_CONFIG: ShippingConfig = {
  freeStandardFromFen: 9900,
  coldChainUnreachable: ["54", "65"],
  rates: DEFAULT_RATES,
};

// Provinces by their two-digit code: Sichuan, Guizhou, Hunan, Hubei, Shaanxi, Yunnan border
// Chongqing or are a day's truck away; the far west and north take the longest.
const NEAR = new Set(["51", "52", "43", "42", "61", "53"]);
const REMOTE = new Set(["65", "54", "63", "15"]);

/** The zone of a province, from its code ("500000", "50" or a district code like "500101"). */
export function zoneForRegion(regionCode: string): ShippingZone {
  const province = regionCode.slice(0, 2);
  if (province === "50") return "local";
  if (NEAR.has(province)) return "near";
  if (REMOTE.has(province)) return "remote";
  return "far";
}

export interface ShippableLine {
  weightGrams: number;
  quantity: number;
  temperatureClass: TemperatureClass;
  unitPriceFen: number;
}

export function lineTotalFen(line: Pick<ShippableLine, "unitPriceFen" | "quantity">): number {
  return line.unitPriceFen * line.quantity;
}

export function subtotalFen(lines: readonly Pick<ShippableLine, "unitPriceFen" | "quantity">[]): number {
  return lines.reduce((sum, line) => sum + lineTotalFen(line), 0);
}

export function totalWeightGrams(lines: readonly Pick<ShippableLine, "weightGrams" | "quantity">[]): number {
  return lines.reduce((sum, line) => sum + line.weightGrams * line.quantity, 0);
}

/** Couriers bill by started kilogram, at least one. */
export function billableKilograms(grams: number): number {
  return Math.max(1, Math.ceil(grams / 1000));
}

export function needsColdChain(lines: readonly Pick<ShippableLine, "temperatureClass">[]): boolean {
  return lines.some((line) => line.temperatureClass !== "ambient");
}

export type ShippingRefusal = "cold_chain_required" | "cold_chain_unreachable" | "empty";

export type ShippingQuote =
  | { method: ShippingMethod; available: true; fen: number; free: boolean }
  | { method: ShippingMethod; available: false; reason: ShippingRefusal };

/** The price of one method for these lines to this region, or why it cannot be used. */
export function quoteShipping(
  lines: readonly ShippableLine[],
  regionCode: string,
  method: ShippingMethod,
  config: ShippingConfig = DEFAULT_SHIPPING_CONFIG,
): ShippingQuote {
  if (lines.length === 0) return { method, available: false, reason: "empty" };
  if (method === "standard" && needsColdChain(lines)) return { method, available: false, reason: "cold_chain_required" };
  if (method === "cold_chain" && config.coldChainUnreachable.includes(regionCode.slice(0, 2))) {
    return { method, available: false, reason: "cold_chain_unreachable" };
  }
  if (method === "standard" && config.freeStandardFromFen !== null && subtotalFen(lines) >= config.freeStandardFromFen) {
    return { method, available: true, fen: 0, free: true };
  }
  const rate = config.rates[method][zoneForRegion(regionCode)];
  const kilograms = billableKilograms(totalWeightGrams(lines));
  return { method, available: true, fen: rate.firstKgFen + (kilograms - 1) * rate.additionalKgFen, free: false };
}

export function quoteAllMethods(lines: readonly ShippableLine[], regionCode: string, config?: ShippingConfig): ShippingQuote[] {
  return SHIPPING_METHODS.map((method) => quoteShipping(lines, regionCode, method, config));
}

/** The method to preselect: the cheapest one allowed, cold chain whenever it is required. */
export function defaultShippingMethod(lines: readonly ShippableLine[], regionCode: string, config?: ShippingConfig): ShippingMethod | null {
  const available = quoteAllMethods(lines, regionCode, config).filter((quote) => quote.available);
  available.sort((a, b) => (a.available && b.available ? a.fen - b.fen : 0));
  return available[0]?.method ?? null;
}

export interface OrderTotals {
  subtotalFen: number;
  shippingFen: number;
  totalFen: number;
}

export function orderTotals(lines: readonly Pick<ShippableLine, "unitPriceFen" | "quantity">[], shippingFen: number): OrderTotals {
  const subtotal = subtotalFen(lines);
  return { subtotalFen: subtotal, shippingFen, totalFen: subtotal + shippingFen };
}
