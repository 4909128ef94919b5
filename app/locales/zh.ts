import zhAccount from "./zh/account";
import zhAdmin from "./zh/admin";
import zhCart from "./zh/cart";
import zhCatalogue from "./zh/catalogue";
import zhCheckout from "./zh/checkout";
import zhCommon from "./zh/common";
import zhCoop from "./zh/coop";
import zhOrders from "./zh/orders";
import zhStaff from "./zh/staff";

// Every namespace of one language: the browser loads only the page's language (see entry.client.tsx).
const strings = {
  common: zhCommon,
  catalogue: zhCatalogue,
  account: zhAccount,
  cart: zhCart,
  checkout: zhCheckout,
  orders: zhOrders,
  coop: zhCoop,
  staff: zhStaff,
  admin: zhAdmin,
} as const;

export default strings;
