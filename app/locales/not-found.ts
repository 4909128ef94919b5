import type { Locale } from "~/i18n";

/**
 * The title of a page whose loader failed, in both languages. Route `meta` functions need it
 * synchronously and in the browser, where only the page's own strings are loaded, so these
 * few words live here rather than the route modules importing every namespace of both
 * languages (./index.ts). The catalogue namespaces repeat it under `meta.notFoundTitle`.
 */
export const notFoundTitles: Record<Locale, string> = {
  zh: "页面不存在 · 山水集市",
  en: "Page not found · Shanshui Market",
};
