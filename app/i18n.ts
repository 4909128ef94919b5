import type { InitOptions, Resource } from "i18next";

export const supportedLocales = ["zh", "en"] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = "zh";

export function isLocale(value: unknown): value is Locale {
  return value === "zh" || value === "en";
}

/**
 * The one i18next configuration, shared by the server render and the browser. The strings
 * are passed in: the server has every language (./locales), the browser only the page's.
 */
export function i18nOptions(lng: Locale, resources: Resource): InitOptions {
  return {
    lng,
    supportedLngs: [...supportedLocales],
    fallbackLng: defaultLocale,
    defaultNS: "common",
    ns: Object.keys(resources[lng] ?? {}),
    resources,
    interpolation: { escapeValue: false }, // React escapes
    react: { useSuspense: false },
  };
}

/**
 * Pick a column by language: `localized(product, "name", "en")` → product.name_en, or the
 * Chinese column when the English one is empty. Chinese is the primary language of data:
 * only it is required, so an English page shows the Chinese text alone, never a blank.
 */
export function localized<K extends string, T extends Record<`${K}_zh` | `${K}_en`, string>>(
  row: T,
  key: K,
  locale: Locale,
): string {
  const zh = row[`${key}_zh` as `${K}_zh`];
  if (locale === "zh") return zh;
  const en = row[`${key}_en` as `${K}_en`];
  return en && en.trim() !== "" ? en : zh;
}

/** `localized` for a pair of values that are not columns of one row. */
export function inLanguage(zh: string, en: string | null | undefined, locale: Locale): string {
  return locale === "en" && en && en.trim() !== "" ? en : zh;
}
