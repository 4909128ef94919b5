const chinaClock = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** Year, month, day, hour and minute of an instant on a China wall clock, zero-padded. */
export function chinaClockParts(date: Date): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  return Object.fromEntries(chinaClock.formatToParts(date).map((part) => [part.type, part.value]));
}
