import enAccount from "~/locales/en/account";
import enAdmin from "~/locales/en/admin";
import enCart from "~/locales/en/cart";
import enCatalogue from "~/locales/en/catalogue";
import enCheckout from "~/locales/en/checkout";
import enCommon from "~/locales/en/common";
import enCoop from "~/locales/en/coop";
import enOrders from "~/locales/en/orders";
import enStaff from "~/locales/en/staff";
import enReviews from "~/locales/en/reviews";
import enMoney from "~/locales/en/money";
import enHouseholds from "~/locales/en/households";
import enBookingPay from "~/locales/en/booking-pay";
import enBookings from "~/locales/en/bookings";
import enStaffBookings from "~/locales/en/staff-bookings";
import enStays from "~/locales/en/stays";
import enCoopStays from "~/locales/en/coop-stays";

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
  reviews: enReviews,
  money: enMoney,
  households: enHouseholds,
  bookingPay: enBookingPay,
  bookings: enBookings,
  staffBookings: enStaffBookings,
  stays: enStays,
  coopStays: enCoopStays,
} as const;

export default strings;
