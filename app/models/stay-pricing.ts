import { daysBetween, isCalendarDate, isWeekendNight, nightsOf } from "~/utils/calendar-dates";

// The price of a stay, night by night. A night's price is, in this order of precedence:
// the date-range rate covering it (Spring Festival, National Day), else the weekend price on
// a Friday or Saturday night, else the unit's base price. The longest minimum stay among the
// unit and the rates the stay touches applies; a closed night refuses the whole stay.
// No I/O: the caller reads the unit, its rates and closed nights and hands them in.

export const MAX_NIGHTS = 60;

export interface PricingUnit {
  basePriceFen: number;
  weekendPriceFen: number | null;
  minNights: number;
}

export interface PricingRate {
  /** First night of the rate. */
  startsOn: string;
  /** Exclusive, like check-out. */
  endsOn: string;
  priceFen: number;
  minNights: number | null;
  labelZh: string;
  labelEn: string;
}

export type NightSource = "base" | "weekend" | "rate";

export interface PricedNight {
  night: string;
  priceFen: number;
  source: NightSource;
  /** The rate's label when `source` is "rate". */
  labelZh?: string;
  labelEn?: string;
}

export type StayPriceRefusal =
  | { code: "invalid_dates" }
  | { code: "in_the_past" }
  | { code: "too_long"; maxNights: number }
  | { code: "too_short"; minNights: number }
  | { code: "closed"; nights: string[] };

export type StayPrice = { ok: true; nights: PricedNight[]; totalFen: number; minNights: number } | ({ ok: false } & StayPriceRefusal);

export function priceNight(night: string, unit: PricingUnit, rates: readonly PricingRate[]): PricedNight {
  const rate = rates.find((r) => r.startsOn <= night && night < r.endsOn);
  if (rate) return { night, priceFen: rate.priceFen, source: "rate", labelZh: rate.labelZh, labelEn: rate.labelEn };
  if (unit.weekendPriceFen !== null && isWeekendNight(night)) return { night, priceFen: unit.weekendPriceFen, source: "weekend" };
  return { night, priceFen: unit.basePriceFen, source: "base" };
}

export function priceStay(input: {
  unit: PricingUnit;
  rates: readonly PricingRate[];
  closedNights: Iterable<string>;
  checkIn: string;
  checkOut: string;
  /** China today: a stay cannot start before it. */
  today: string;
  maxNights?: number;
}): StayPrice {
  const { unit, rates, checkIn, checkOut, today } = input;
  const maxNights = input.maxNights ?? MAX_NIGHTS;
  if (!isCalendarDate(checkIn) || !isCalendarDate(checkOut) || checkOut <= checkIn) return { ok: false, code: "invalid_dates" };
  if (checkIn < today) return { ok: false, code: "in_the_past" };
  const count = daysBetween(checkIn, checkOut);
  if (count > maxNights) return { ok: false, code: "too_long", maxNights };

  const nights = nightsOf(checkIn, checkOut).map((night) => priceNight(night, unit, rates));
  const closed = new Set(input.closedNights);
  const closedNights = nights.filter((n) => closed.has(n.night)).map((n) => n.night);
  if (closedNights.length > 0) return { ok: false, code: "closed", nights: closedNights };

  const touched = rates.filter((r) => r.startsOn < checkOut && checkIn < r.endsOn);
  const minNights = Math.max(unit.minNights, ...touched.map((r) => r.minNights ?? 1));
  if (count < minNights) return { ok: false, code: "too_short", minNights };

  return { ok: true, nights, totalFen: nights.reduce((sum, n) => sum + n.priceFen, 0), minNights };
}
