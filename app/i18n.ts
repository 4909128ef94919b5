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

/** Pick a column by language: `localized(product, "name", "en")` → product.name_en. */
export function localized<K extends string, T extends Record<`${K}_zh` | `${K}_en`, string>>(
  row: T,
  key: K,
  locale: Locale,
): string {
  return row[`${key}_${locale}` as `${K}_zh`];
}
