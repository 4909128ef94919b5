import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createProduct } from "~/seed/factories.server";
import { ledgerBalances, postRefund, setCommissionRate } from "~/models/ledger.server";
import { cooperativeShare } from "~/models/ledger-rules";
import { action } from "~/routes/webhooks.stripe";
import { startBookingPayment } from "~/services/booking-payments.server";
import { holdStay } from "~/services/bookings.server";
import { refreshPaymentFromProvider, startPayment } from "~/services/checkout.server";
import { createDevWebhook, devPaymentFee, devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import { addDays, chinaToday } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { testContext } from "../support/auth";
import { createTestVariant, placePaidTestOrder, placeTestOrder } from "../support/checkout";
import { signedWebhook, useStripeDouble, type StripeDouble } from "../support/stripe-double";
import { createTestStay, firstCooperativeIds, guest } from "../support/stays";

// What the payment provider keeps of a captured payment: stored on the paid attempt and posted
// with the capture (debit payment_fees, credit provider_clearing), borne by the shop alone,
// never given back by a refund, and never standing in the way of recording the payment.

type Balances = Awaited<ReturnType<typeof ledgerBalances>>;
const balance = (balances: Balances, account: string, cooperativeId: number | null = null) =>
  balances.find((b) => b.account === account && b.cooperativeId === cooperativeId)?.balanceFen ?? 0;

async function paymentOf(orderId: number) {
  return db().selectFrom("payments").selectAll().where("order_id", "=", orderId).orderBy("attempt", "desc").executeTakeFirstOrThrow();
}
async function captureTransactions(orderId: number) {
  return db().selectFrom("ledger_transactions").select("id").where("order_id", "=", orderId).where("kind", "=", "payment_captured").execute();
}

describe("payment fees through the dev provider", () => {
  it("an order's capture posts 0.6 % of it, rounded half up, without touching the cooperative's share", async () => {
    // ¥12.50 × 7 = ¥87.50 of goods: the fee on the total is 0.6 %, half a fen rounding up.
    const product = await createProduct(db(), { variants: [{ price_fen: 1_250, stock_on_hand: 20 }] });
    const order = await placePaidTestOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 7 }] });
    const payment = await paymentOf(order.id);
    const fee = devPaymentFee(payment.captured_fen);
    expect(devPaymentFee(8_750)).toBe(53); // 52.5 → 53
    expect(fee).toBe(Math.floor((payment.captured_fen * 60) / 10_000 + 0.5));
    expect(fee).toBeGreaterThan(0);
    expect(payment.fee_fen).toBe(fee);

    const balances = await ledgerBalances(db(), { orderId: order.id });
    expect(balance(balances, "payment_fees")).toBe(fee);
    expect(balance(balances, "provider_clearing")).toBe(payment.captured_fen - fee);
    // A new cooperative: the default 5 %.
    expect(balance(balances, "cooperative_payable", product.cooperative_id)).toBe(-cooperativeShare(8_750, 500).payableFen);
    expect(balance(balances, "commission_income", product.cooperative_id)).toBe(-cooperativeShare(8_750, 500).commissionFen);
    expect(await captureTransactions(order.id)).toHaveLength(1);
  });

  it("a refund gives back no fee, and uses the rate the capture was posted at even after the rate changed", async () => {
    const product = await createProduct(db(), { variants: [{ price_fen: 5_810, stock_on_hand: 20 }] });
    const cooperativeId = product.cooperative_id;
    await setCommissionRate(db(), { cooperativeId, rateBp: 800, effectiveFrom: chinaToday(), setBy: null });
    const order = await placePaidTestOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] });
    const payment = await paymentOf(order.id);
    // An admin raises the rate for today after the order was paid: the order keeps its 8 %.
    await setCommissionRate(db(), { cooperativeId, rateBp: 2_000, effectiveFrom: chinaToday(), setBy: null });
    const refund = await db()
      .insertInto("refunds")
      .values({ order_id: order.id, payment_id: payment.id, amount_fen: payment.captured_fen, reason: "test", idempotency_key: `fees-${order.id}`, status: "succeeded" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().transaction().execute((trx) => postRefund(trx, { refundId: refund.id }));
    const balances = await ledgerBalances(db(), { orderId: order.id });
    expect(balance(balances, "cooperative_payable", cooperativeId)).toBe(0);
    expect(balance(balances, "commission_income", cooperativeId)).toBe(0);
    expect(balance(balances, "shipping_income")).toBe(0);
    expect(balance(balances, "payment_fees")).toBe(payment.fee_fen);
    expect(balance(balances, "provider_clearing")).toBe(-payment.fee_fen);
  });

  it("a booking's capture posts its fee too", async () => {
    const [cooperativeId] = await firstCooperativeIds(db());
    const { unitId } = await createTestStay(db(), { cooperativeId });
    const checkIn = addDays(chinaToday(), 30);
    const hold = await holdStay(db(), { ...guest(8_101), unitId, checkIn, checkOut: addDays(checkIn, 2), guests: 2 });
    if (!hold.ok) throw new Error(`hold refused: ${JSON.stringify(hold)}`);
    const started = await startBookingPayment(db(), { bookingId: hold.booking.id, accessToken: hold.booking.accessToken });
    if (!started.ok || !started.sessionId) throw new Error(JSON.stringify(started));
    const webhook = createDevWebhook({ sessionId: started.sessionId, type: "dev.payment.approved", amountFen: hold.booking.totalFen });
    const event = await devProvider.parseWebhook(webhook.body, webhook.headers);
    await processPaymentEvent(db(), event);
    await processPaymentEvent(db(), event);

    const fee = devPaymentFee(hold.booking.totalFen);
    const attempt = await db().selectFrom("booking_payments").select(["fee_fen", "status"]).where("booking_id", "=", hold.booking.id).executeTakeFirstOrThrow();
    expect(attempt).toEqual({ fee_fen: fee, status: "paid" });
    const entries = await db()
      .selectFrom("ledger_entries as e")
      .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
      .select(["e.account", "e.amount_fen"])
      .where("t.booking_id", "=", hold.booking.id)
      .where("e.account", "in", ["payment_fees", "provider_clearing"])
      .orderBy("e.id")
      .execute();
    expect(entries).toEqual([
      { account: "provider_clearing", amount_fen: hold.booking.totalFen },
      { account: "payment_fees", amount_fen: fee },
      { account: "provider_clearing", amount_fen: -fee },
    ]);
  });
});

describe("payment fees through Stripe", () => {
  let double: StripeDouble;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ double, stop } = await useStripeDouble());
  });
  afterAll(async () => {
    await stop();
  });

  async function deliver(event: unknown) {
    const delivery = signedWebhook(event);
    const request = new Request("http://localhost/webhooks/stripe", { method: "POST", headers: delivery.headers, body: delivery.body });
    return (await action({ request, params: {}, context: testContext })) as Response;
  }

  /** An order paid through a Stripe Checkout Session; the completed event and the order's total. */
  async function paidThroughStripe() {
    const variant = await createTestVariant(db(), { priceFen: 9_990, stock: 10 });
    const order = await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: 2 }] });
    const started = await startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } });
    expect(started.kind).toBe("redirect");
    const payment = await paymentOf(order.id);
    const session = double.pay(payment.provider_session_id);
    return { order, session, event: double.event("checkout.session.completed", session) };
  }

  it("asks for the session's capture to be synchronous, so the fee is there when it completes", async () => {
    await paidThroughStripe();
    const created = double.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions").at(-1)!;
    expect(created.params.payment_intent_data).toMatchObject({ capture_method: "automatic" });
  });

  it("posts the fee of the charge's CNY balance transaction, once however often the webhook comes", async () => {
    double.setFees({ currency: "cny", rateBp: 220, fixed: 0, settled: true });
    const { order, session, event } = await paidThroughStripe();
    const fee = double.feeFor(session.amount_total);
    expect(fee).toBe(Math.round(session.amount_total * 0.022));

    const responses = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await Promise.all(responses.map((r) => r.json()))).filter((body) => !body.duplicate)).toHaveLength(1);
    expect(await deliver(event).then((r) => r.json())).toEqual({ received: true, duplicate: true });

    const lookup = double.requests.find((r) => r.method === "GET" && r.path === `/v1/payment_intents/${session.payment_intent}`);
    expect([lookup?.params.expand].flat()).toContain("latest_charge.balance_transaction");
    const payment = await paymentOf(order.id);
    expect(payment).toMatchObject({ status: "paid", captured_fen: session.amount_total, fee_fen: fee });
    expect(await captureTransactions(order.id)).toHaveLength(1);
    const balances = await ledgerBalances(db(), { orderId: order.id });
    expect(balance(balances, "payment_fees")).toBe(fee);
    expect(balance(balances, "provider_clearing")).toBe(session.amount_total - fee);
  });

  it("posts the fee when the shopper is back before the webhook, and the webhook then adds nothing", async () => {
    double.setFees({ currency: "cny", rateBp: 220, fixed: 0, settled: true });
    const { order, session, event } = await paidThroughStripe();
    expect(await refreshPaymentFromProvider(db(), { orderId: order.id })).toBe(true);
    expect((await deliver(event)).status).toBe(200);
    const fee = double.feeFor(session.amount_total);
    expect(await paymentOf(order.id)).toMatchObject({ status: "paid", fee_fen: fee });
    expect(await captureTransactions(order.id)).toHaveLength(1);
    expect(balance(await ledgerBalances(db(), { orderId: order.id }), "payment_fees")).toBe(fee);
  });

  it("records no fee when Stripe settles in another currency", async () => {
    double.setFees({ currency: "hkd", rateBp: 340, fixed: 235, settled: true });
    const { order, event } = await paidThroughStripe();
    expect((await deliver(event)).status).toBe(200);
    expect(await paymentOf(order.id)).toMatchObject({ status: "paid", fee_fen: 0 });
    expect(balance(await ledgerBalances(db(), { orderId: order.id }), "payment_fees")).toBe(0);
  });

  it.each([
    // Asked once and, on a failure, once more: never left waiting on the client's default retries.
    ["Stripe fails to answer", () => double.failNext("/v1/payment_intents", 2), [500, 500]],
    ["the balance transaction is not there yet", () => double.setFees({ settled: false }), [200]],
  ])("still marks the order paid, with a fee of 0 and a warning, when %s", async (_label, arrange, answers) => {
    double.setFees({ currency: "cny", rateBp: 220, fixed: 0, settled: true });
    const { order, session, event } = await paidThroughStripe();
    arrange();
    const asked = double.requests.length;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect((await deliver(event)).status).toBe(200);
      expect(warn.mock.calls.some(([message]) => String(message).includes(String(session.payment_intent)))).toBe(true);
      const lookups = double.requests.slice(asked).filter((r) => r.path.startsWith("/v1/payment_intents/"));
      expect(lookups.map((r) => r.status)).toEqual(answers);
    } finally {
      warn.mockRestore();
      double.setFees({ settled: true });
    }
    expect(await db().selectFrom("orders").select(["status", "payment_status"]).where("id", "=", order.id).executeTakeFirstOrThrow()).toEqual({
      status: "paid",
      payment_status: "paid",
    });
    expect(await paymentOf(order.id)).toMatchObject({ status: "paid", fee_fen: 0 });
    const balances = await ledgerBalances(db(), { orderId: order.id });
    expect(balance(balances, "payment_fees")).toBe(0);
    expect(balance(balances, "provider_clearing")).toBe(session.amount_total);
  });
});
