import type { Locale } from "~/i18n";

type NamespaceModule = { default: Record<string, unknown> };

/**
 * The browser's way to the strings: each namespace of each language is its own small chunk,
 * fetched when a page needs it (see entry.client.tsx), so a shopper's phone never downloads
 * the back office's strings, or the other language's. The server uses ./index.ts instead.
 * A new namespace is added here as well as in ./zh.ts and ./en.ts.
 */
export const namespaceLoaders: Record<Locale, Record<string, () => Promise<NamespaceModule>>> = {
  zh: {
    common: () => import("./zh/common"),
    catalogue: () => import("./zh/catalogue"),
    account: () => import("./zh/account"),
    cart: () => import("./zh/cart"),
    checkout: () => import("./zh/checkout"),
    orders: () => import("./zh/orders"),
    coop: () => import("./zh/coop"),
    staff: () => import("./zh/staff"),
    admin: () => import("./zh/admin"),
  },
  en: {
    common: () => import("./en/common"),
    catalogue: () => import("./en/catalogue"),
    account: () => import("./en/account"),
    cart: () => import("./en/cart"),
    checkout: () => import("./en/checkout"),
    orders: () => import("./en/orders"),
    coop: () => import("./en/coop"),
    staff: () => import("./en/staff"),
    admin: () => import("./en/admin"),
  },
};
