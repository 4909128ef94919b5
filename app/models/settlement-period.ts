import { addDays } from "~/utils/dates";

// Statement periods are China calendar days, both ends included: a month, or a week from Monday
// to Sunday, chosen per cooperative.

export const SETTLEMENT_PERIODS = ["monthly", "weekly"] as const;
export type SettlementPeriod = (typeof SETTLEMENT_PERIODS)[number];

export interface PeriodRange {
  start: string;
  end: string;
}

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday

/** The period holding `day`. */
export function periodOf(kind: SettlementPeriod, day: string): PeriodRange {
  if (kind === "weekly") {
    const start = addDays(day, -((weekday(day) + 6) % 7));
    return { start, end: addDays(start, 6) };
  }
  const start = `${day.slice(0, 8)}01`;
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
  return { start, end: addDays(next, -1) };
}

/** Every whole period from the one holding `from` up to the last that ended before `today`. */
export function endedPeriods(kind: SettlementPeriod, from: string, today: string): PeriodRange[] {
  const periods: PeriodRange[] = [];
  for (let period = periodOf(kind, from); period.end < today; period = periodOf(kind, addDays(period.end, 1))) periods.push(period);
  return periods;
}
