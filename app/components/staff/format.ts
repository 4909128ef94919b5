// Dates in the back office are shown in China time, whatever the browser's zone, so the
// server render and the hydrated page agree and staff read the times carriers print.

import { chinaClockParts } from "~/utils/china-clock";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", ...options });
    formatters.set(key, found);
  }
  return found;
}

/** '2026-03-04 10:05' style, in China time. */
export function formatDateTime(value: string | Date | null | undefined, locale: string): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "—";
  return formatter(locale, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(date);
}

/** A `date` column ('YYYY-MM-DD') or an instant, as a China day. */
export function formatDay(value: string | Date | null | undefined, locale: string): string {
  if (!value) return "—";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = typeof value === "string" ? new Date(value) : value;
  return formatter(locale, { year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

/** The value of a datetime-local input for an instant, in China time: 'YYYY-MM-DDTHH:mm'. */
export function chinaDateTimeInputValue(date: Date): string {
  const parts = chinaClockParts(date);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour === "24" ? "00" : parts.hour}:${parts.minute}`;
}
