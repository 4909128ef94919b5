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
  email: {
    subject: "Booking {{number}} is confirmed",
    intro: "Your payment has arrived and your booking is confirmed.",
    number: "Booking {{number}}",
    dates: "Check-in {{checkIn}}, check-out {{checkOut}}",
    guests: "{{count}} guests",
    total: "Paid",
    calendarNote: "The attached calendar file (.ics) adds the booking to your phone's calendar.",
    lookupNote: "You can look up this booking any time with its number and the mobile number you booked with.",
  },
} as const;

export default bookingPay;
