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
} as const;

export default bookingPay;
