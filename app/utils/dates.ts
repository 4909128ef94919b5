// Shop days are China days: a certificate valid "until 2026-11-29" is valid all that day in Beijing.
const CHINA_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date in China as 'YYYY-MM-DD' (comparable with `date` columns as strings). */
export function chinaToday(now: Date = new Date()): string {
  return CHINA_DAY.format(now);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
