// The dev provider's payment page for bookings: clearly a test, never real money.
const bookingPay = {
  metaTitle: "测试付款 · 山水集市",
  banner: "测试付款 · 不会产生真实扣款",
  title: "预订 {{number}} 的测试付款",
  explain: "这是本店的测试付款页面，不会产生真实扣款：请选择这笔付款的结果。",
  amount: "金额",
  approve: "批准付款",
  decline: "拒绝付款",
  notOpen: "这次付款已经结束。",
  back: "返回预订",
  email: {
    subject: "预订 {{number}} 已确认",
    intro: "您的付款已收到，预订已确认。",
    number: "预订号 {{number}}",
    dates: "入住 {{checkIn}}，离店 {{checkOut}}",
    guests: "{{count}} 位客人",
    total: "已付",
    calendarNote: "附件中的日历文件（.ics）可以加入您的手机日历。",
    lookupNote: "凭预订号和预订时的手机号可以随时查看这个预订。",
  },
} as const;

export default bookingPay;
