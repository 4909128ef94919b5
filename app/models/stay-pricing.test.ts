import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceStay, type PricingRate, type PricingUnit } from "~/models/stay-pricing";
import { addDays, daysBetween, isCalendarDate, isWeekendNight, nightsOf, stayRangeLiteral } from "~/utils/calendar-dates";

const unit: PricingUnit = { basePriceFen: 28_800, weekendPriceFen: 36_800, minNights: 1 };
const nationalDay: PricingRate = { startsOn: "2026-10-01", endsOn: "2026-10-08", priceFen: 58_800, minNights: 2, labelZh: "国庆", labelEn: "National Day" };
const today = "2026-09-01";

describe("calendar dates", () => {
  it("lists the nights with check-out exclusive, across months and a leap day", () => {
    expect(nightsOf("2026-10-30", "2026-11-02")).toEqual(["2026-10-30", "2026-10-31", "2026-11-01"]);
    expect(nightsOf("2028-02-28", "2028-03-01")).toEqual(["2028-02-28", "2028-02-29"]);
    expect(nightsOf("2026-10-03", "2026-10-03")).toEqual([]);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(stayRangeLiteral("2026-10-01", "2026-10-03")).toBe("[2026-10-01,2026-10-03)");
  });

  it("knows real dates and weekend nights", () => {
    expect(isCalendarDate("2026-02-28")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-2-1")).toBe(false);
    expect(isCalendarDate(20261001)).toBe(false);
    // 2026-12-04 is a Friday, 12-05 Saturday, 12-06 Sunday.
    expect(["2026-12-04", "2026-12-05", "2026-12-06"].map(isWeekendNight)).toEqual([true, true, false]);
  });
});

describe("priceStay", () => {
  it("prices base, weekend and date-range nights, the rate winning over the weekend", () => {
    // Thu 10-01 … Sun 10-11: 7 National Day nights (incl. Fri 10-02, Sat 10-03), then Thu 10-08 base,
    // Fri 10-09 and Sat 10-10 weekend; check-out Sun 10-11.
    const result = priceStay({ unit, rates: [nationalDay], closedNights: [], checkIn: "2026-10-01", checkOut: "2026-10-11", today });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.nights.map((n) => n.source)).toEqual(["rate", "rate", "rate", "rate", "rate", "rate", "rate", "base", "weekend", "weekend"]);
    expect(result.totalFen).toBe(7 * 58_800 + 28_800 + 2 * 36_800);
    expect(result.nights[0]).toMatchObject({ labelZh: "国庆", labelEn: "National Day" });
  });

  it("uses the base price on weekends when the unit has no weekend price", () => {
    const result = priceStay({ unit: { ...unit, weekendPriceFen: null }, rates: [], closedNights: [], checkIn: "2026-12-04", checkOut: "2026-12-06", today });
    expect(result).toMatchObject({ ok: true, totalFen: 2 * 28_800 });
  });

  it("applies the longest minimum stay of the unit and of the rates the stay touches", () => {
    expect(priceStay({ unit, rates: [nationalDay], closedNights: [], checkIn: "2026-10-07", checkOut: "2026-10-08", today })).toEqual({ ok: false, code: "too_short", minNights: 2 });
    expect(priceStay({ unit, rates: [nationalDay], closedNights: [], checkIn: "2026-10-08", checkOut: "2026-10-09", today })).toMatchObject({ ok: true, totalFen: 28_800 });
    expect(priceStay({ unit: { ...unit, minNights: 3 }, rates: [], closedNights: [], checkIn: "2026-11-02", checkOut: "2026-11-04", today })).toEqual({ ok: false, code: "too_short", minNights: 3 });
  });

  it("refuses closed nights, naming them; the check-out day may be closed", () => {
    const closedNights = ["2026-11-03", "2026-11-05"];
    expect(priceStay({ unit, rates: [], closedNights, checkIn: "2026-11-02", checkOut: "2026-11-06", today })).toEqual({ ok: false, code: "closed", nights: ["2026-11-03", "2026-11-05"] });
    expect(priceStay({ unit, rates: [], closedNights, checkIn: "2026-11-01", checkOut: "2026-11-03", today }).ok).toBe(true);
  });

  it("refuses bad, reversed, past and overlong ranges", () => {
    const base = { unit, rates: [], closedNights: [], today };
    expect(priceStay({ ...base, checkIn: "2026-11-03", checkOut: "2026-11-03" })).toEqual({ ok: false, code: "invalid_dates" });
    expect(priceStay({ ...base, checkIn: "2026-11-05", checkOut: "2026-11-03" })).toEqual({ ok: false, code: "invalid_dates" });
    expect(priceStay({ ...base, checkIn: "2026-02-30", checkOut: "2026-03-02" })).toEqual({ ok: false, code: "invalid_dates" });
    expect(priceStay({ ...base, checkIn: "2026-08-31", checkOut: "2026-09-02" })).toEqual({ ok: false, code: "in_the_past" });
    expect(priceStay({ ...base, checkIn: "2026-09-01", checkOut: "2026-09-02" }).ok).toBe(true);
    expect(priceStay({ ...base, checkIn: "2026-09-01", checkOut: addDays("2026-09-01", 61) })).toEqual({ ok: false, code: "too_long", maxNights: 60 });
  });

  it("always: one price per night, the total is their sum, each night priced by its own rule", () => {
    const night = fc.integer({ min: 0, max: 400 }).map((n) => addDays("2026-09-01", n));
    const rate = fc
      .tuple(fc.integer({ min: 0, max: 380 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 200_000 }))
      .map(([start, length, priceFen]) => ({ startsOn: addDays("2026-09-01", start), endsOn: addDays("2026-09-01", start + length), priceFen, minNights: null, labelZh: "节", labelEn: "Holiday" }));
    fc.assert(
      fc.property(
        night,
        fc.integer({ min: 1, max: 60 }),
        fc.option(rate, { nil: undefined }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
        (checkIn, length, maybeRate, basePriceFen, weekendPriceFen) => {
          const rates = maybeRate ? [maybeRate] : [];
          const checkOut = addDays(checkIn, length);
          const result = priceStay({ unit: { basePriceFen, weekendPriceFen, minNights: 1 }, rates, closedNights: [], checkIn, checkOut, today });
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.nights.map((n) => n.night)).toEqual(nightsOf(checkIn, checkOut));
          expect(result.totalFen).toBe(result.nights.reduce((sum, n) => sum + n.priceFen, 0));
          for (const n of result.nights) {
            const inRate = maybeRate && maybeRate.startsOn <= n.night && n.night < maybeRate.endsOn;
            const expected = inRate ? maybeRate.priceFen : weekendPriceFen !== null && isWeekendNight(n.night) ? weekendPriceFen : basePriceFen;
            expect(n.priceFen).toBe(expected);
          }
        },
      ),
    );
  });
});
