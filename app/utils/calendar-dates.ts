import { addDays, chinaToday } from "~/utils/dates";

// Calendar dates of stays: 'YYYY-MM-DD' strings with no time of day, read as China days
// (Asia/Shanghai). A stay from check-in to check-out has the nights check-in … check-out - 1:
// check-out is exclusive, so one guest leaving and the next arriving on the same day share no night.
// Arithmetic is done at UTC midnight, where no day is ever 23 or 25 hours long.

export { addDays, chinaToday };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written 'YYYY-MM-DD' (2026-02-30 is not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The nights of a stay, check-out exclusive: ['2026-10-01', '2026-10-02'] for 10-01 → 10-03. */
export function nightsOf(checkIn: string, checkOut: string): string[] {
  const count = daysBetween(checkIn, checkOut);
  return Array.from({ length: Math.max(0, count) }, (_, i) => addDays(checkIn, i));
}

/** 0 = Sunday … 6 = Saturday, of the calendar date itself (no time zone enters). */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Friday and Saturday nights are the weekend nights (the guest wakes up on Saturday or Sunday). */
export function isWeekendNight(night: string): boolean {
  const day = weekday(night);
  return day === 5 || day === 6;
}

/** The PostgreSQL `daterange` literal of a stay: '[check-in,check-out)'. */
export function stayRangeLiteral(checkIn: string, checkOut: string): string {
  return `[${checkIn},${checkOut})`;
}

/** The China day an instant falls on (a slot at 2026-10-01T17:00Z is on 10-02 in Chongqing). */
export function chinaDateOf(instant: Date): string {
  return chinaToday(instant);
}
