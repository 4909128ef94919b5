import { useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { backOfficeNamespaces } from "~/locales/loaders";

/**
 * Names the string namespaces the server rendered this page with, so the browser fetches just
 * those before it hydrates (entry.client.tsx). Rendered after the page and before the scripts:
 * by then every component above it has asked for its namespace.
 *
 * Shoppers never download the back office's strings; once a cooperative member, staff or an
 * admin is signed in (on this page or after signing in without a reload) they are fetched, so
 * the back office's pages have them when they render.
 */
export function I18nNamespaces() {
  const { i18n } = useTranslation();
  const role = (useRouteLoaderData("root") as { user?: { role?: string } | null } | undefined)?.user?.role;
  const backOffice = role !== undefined && role !== "shopper";
  useEffect(() => {
    if (backOffice) void i18n.loadNamespaces([...backOfficeNamespaces]);
  }, [backOffice, i18n]);
  const used = typeof document === "undefined" ? (i18n.reportNamespaces?.getUsedNamespaces() ?? []) : [];
  // The browser keeps the server's list: it is read once, before hydration.
  return <div hidden data-i18n-namespaces={used.join(" ")} suppressHydrationWarning />;
}
