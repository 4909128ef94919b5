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
    common: () => import("~/locales/zh/common"),
    catalogue: () => import("~/locales/zh/catalogue"),
    account: () => import("~/locales/zh/account"),
    cart: () => import("~/locales/zh/cart"),
    checkout: () => import("~/locales/zh/checkout"),
    orders: () => import("~/locales/zh/orders"),
    coop: () => import("~/locales/zh/coop"),
    staff: () => import("~/locales/zh/staff"),
    admin: () => import("~/locales/zh/admin"),
    reviews: () => import("~/locales/zh/reviews"),
    money: () => import("~/locales/zh/money"),
    households: () => import("~/locales/zh/households"),
    bookingPay: () => import("~/locales/zh/booking-pay"),
    bookings: () => import("~/locales/zh/bookings"),
    staffBookings: () => import("~/locales/zh/staff-bookings"),
    stays: () => import("~/locales/zh/stays"),
    coopStays: () => import("~/locales/zh/coop-stays"),
  },
  en: {
    common: () => import("~/locales/en/common"),
    catalogue: () => import("~/locales/en/catalogue"),
    account: () => import("~/locales/en/account"),
    cart: () => import("~/locales/en/cart"),
    checkout: () => import("~/locales/en/checkout"),
    orders: () => import("~/locales/en/orders"),
    coop: () => import("~/locales/en/coop"),
    staff: () => import("~/locales/en/staff"),
    admin: () => import("~/locales/en/admin"),
    reviews: () => import("~/locales/en/reviews"),
    money: () => import("~/locales/en/money"),
    households: () => import("~/locales/en/households"),
    bookingPay: () => import("~/locales/en/booking-pay"),
    bookings: () => import("~/locales/en/bookings"),
    staffBookings: () => import("~/locales/en/staff-bookings"),
    stays: () => import("~/locales/en/stays"),
    coopStays: () => import("~/locales/en/coop-stays"),
  },
};
