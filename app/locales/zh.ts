import zhAccount from "~/locales/zh/account";
import zhAdmin from "~/locales/zh/admin";
import zhCart from "~/locales/zh/cart";
import zhCatalogue from "~/locales/zh/catalogue";
import zhCheckout from "~/locales/zh/checkout";
import zhCommon from "~/locales/zh/common";
import zhCoop from "~/locales/zh/coop";
import zhOrders from "~/locales/zh/orders";
import zhStaff from "~/locales/zh/staff";
import zhReviews from "~/locales/zh/reviews";
import zhMoney from "~/locales/zh/money";
import zhHouseholds from "~/locales/zh/households";
import zhBookingPay from "~/locales/zh/booking-pay";
import zhBookings from "~/locales/zh/bookings";
import zhStaffBookings from "~/locales/zh/staff-bookings";
import zhStays from "~/locales/zh/stays";
import zhCoopStays from "~/locales/zh/coop-stays";

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
  reviews: zhReviews,
  money: zhMoney,
  households: zhHouseholds,
  bookingPay: zhBookingPay,
  bookings: zhBookings,
  staffBookings: zhStaffBookings,
  stays: zhStays,
  coopStays: zhCoopStays,
} as const;

export default strings;
