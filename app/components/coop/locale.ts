import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n";
import { chinaClockParts } from "~/utils/china-clock";

/** The language the page is rendered in, for picking `name_zh`/`name_en`. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "zh";
}

/** `2026-11-29T…` → `2026-11-29 14:05`, in China time, the same on server and browser. */
export function formatChinaDateTime(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const parts = chinaClockParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts[type] ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}
