import { useTranslation } from "react-i18next";

/**
 * Names the string namespaces the server rendered this page with, so the browser fetches just
 * those before it hydrates (entry.client.tsx). Rendered after the page and before the scripts:
 * by then every component above it has asked for its namespace.
 */
export function I18nNamespaces() {
  const { i18n } = useTranslation();
  const used = typeof document === "undefined" ? (i18n.reportNamespaces?.getUsedNamespaces() ?? []) : [];
  // The browser keeps the server's list: it is read once, before hydration.
  return <div hidden data-i18n-namespaces={used.join(" ")} suppressHydrationWarning />;
}
