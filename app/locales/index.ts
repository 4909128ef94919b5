import enAccount from "./en/account";
import enAdmin from "./en/admin";
import enCart from "./en/cart";
import enCatalogue from "./en/catalogue";
import enCheckout from "./en/checkout";
import enCommon from "./en/common";
import enCoop from "./en/coop";
import enOrders from "./en/orders";
import enStaff from "./en/staff";
import zhAccount from "./zh/account";
import zhAdmin from "./zh/admin";
import zhCart from "./zh/cart";
import zhCatalogue from "./zh/catalogue";
import zhCheckout from "./zh/checkout";
import zhCommon from "./zh/common";
import zhCoop from "./zh/coop";
import zhOrders from "./zh/orders";
import zhStaff from "./zh/staff";

// One namespace per area of the site, each kept in its own file per language.
export const resources = {
  zh: {
    common: zhCommon, catalogue: zhCatalogue, account: zhAccount, cart: zhCart,
    checkout: zhCheckout, orders: zhOrders, coop: zhCoop, staff: zhStaff, admin: zhAdmin,
  },
  en: {
    common: enCommon, catalogue: enCatalogue, account: enAccount, cart: enCart,
    checkout: enCheckout, orders: enOrders, coop: enCoop, staff: enStaff, admin: enAdmin,
  },
} as const;

export const namespaces = Object.keys(resources.zh) as (keyof typeof resources.zh)[];
