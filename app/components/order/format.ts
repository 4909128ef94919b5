import type { Locale } from "~/i18n";

/** A moment as shoppers in China read it: Beijing time, in the page's language. */
export function formatChinaTime(value: string | Date, locale: Locale, style: "short" | "medium" = "short"): string {
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
    timeStyle: style === "short" ? "short" : "medium",
  }).format(new Date(value));
}
