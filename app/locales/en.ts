import enAccount from "./en/account";
import enAdmin from "./en/admin";
import enCart from "./en/cart";
import enCatalogue from "./en/catalogue";
import enCheckout from "./en/checkout";
import enCommon from "./en/common";
import enCoop from "./en/coop";
import enOrders from "./en/orders";
import enStaff from "./en/staff";

// Every namespace of one language: the browser loads only the page's language (see entry.client.tsx).
const strings = {
  common: enCommon,
  catalogue: enCatalogue,
  account: enAccount,
  cart: enCart,
  checkout: enCheckout,
  orders: enOrders,
  coop: enCoop,
  staff: enStaff,
  admin: enAdmin,
} as const;

export default strings;
