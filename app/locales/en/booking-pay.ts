// The dev provider's payment page for bookings: clearly a test, never real money.
const bookingPay = {
  metaTitle: "Test payment · Shanshui Market",
  banner: "Test payment · no real money is charged",
  title: "Test payment for booking {{number}}",
  explain: "This is the shop's test payment page; no real money is charged. Choose how this payment ends.",
  amount: "Amount",
  approve: "Approve payment",
  decline: "Decline payment",
  notOpen: "This payment has ended.",
  back: "Back to the booking",
} as const;

export default bookingPay;
