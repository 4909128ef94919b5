import type { InitOptions } from "i18next";
import { namespaces, resources } from "./locales";

export const supportedLocales = ["zh", "en"] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = "zh";

export function isLocale(value: unknown): value is Locale {
  return value === "zh" || value === "en";
}

/** The one i18next configuration, shared by the server render and the browser. */
export function i18nOptions(lng: Locale): InitOptions {
  return {
    lng,
    supportedLngs: [...supportedLocales],
    fallbackLng: defaultLocale,
    defaultNS: "common",
    ns: namespaces,
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
