import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerBalances, setCommissionRate } from "~/models/ledger.server";
import { action } from "~/routes/webhooks.stripe";
import { startPayment } from "~/services/checkout.server";
import { paymentProviderFor } from "~/services/payments/index.server";
import { issueRefund, requestRefund, submitRefund } from "~/services/refunds.server";
import { createProduct } from "~/seed/factories.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { withTransaction } from "~/models/transaction.server";
import { testContext } from "../support/auth";
import { placeTestOrder } from "../support/checkout";
import { signedWebhook, useStripeDouble, type StripeDouble } from "../support/stripe-double";

// Refunds made outside the shop (the Stripe dashboard) reach the shop only as charge.refunded:
// they are recorded as refund rows and posted to the journal in the same transaction, once,
// whatever the order or repetition of the webhooks, and never beyond what was captured.

let double: StripeDouble;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ double, stop } = await useStripeDouble());
});
afterAll(async () => {
  await stop();
});

async function deliver(delivery: { body: string; headers: Record<string, string> }) {
  const request = new Request("http://localhost/webhooks/stripe", { method: "POST", headers: delivery.headers, body: delivery.body });
  return (await action({ request, params: {}, context: testContext })) as Response;
}

/** An order over two cooperatives (5 % and 8 %), paid through the Stripe double and its webhook. */
async function paidOrder() {
  const oranges = await createProduct(db(), { variants: [{ price_fen: 5_980, stock_on_hand: 20 }] });
  const honey = await createProduct(db(), { variants: [{ price_fen: 5_810, stock_on_hand: 20 }] });
  await setCommissionRate(db(), { cooperativeId: honey.cooperative_id, rateBp: 800, effectiveFrom: chinaToday(), setBy: null });
  const order = await placeTestOrder(db(), {
    lines: [
      { variantId: oranges.variants[0]!.id, quantity: 2 },
      { variantId: honey.variants[0]!.id, quantity: 1 },
    ],
  });
  const started = await startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } });
  expect(started.kind).toBe("redirect");
  const payment = await db().selectFrom("payments").selectAll().where("order_id", "=", order.id).executeTakeFirstOrThrow();
  const sessionId = payment.provider_session_id;
  expect((await deliver(signedWebhook(double.event("checkout.session.completed", double.pay(sessionId))))).status).toBe(200);
  const row = await db().selectFrom("orders").select(["total_fen", "shipping_fen", "status"]).where("id", "=", order.id).executeTakeFirstOrThrow();
  expect(row.status).toBe("paid");
  const paymentIntent = double.sessions.get(sessionId)!.payment_intent!;
  return { orderId: order.id, paymentId: payment.id, sessionId, paymentIntent, totalFen: row.total_fen, shippingFen: row.shipping_fen, oranges, honey };
}

/** A refund made in the Stripe dashboard: Stripe has it, the shop has never heard of it. */
function dashboardRefund(paymentIntent: string, amount: number, id = `re_dash_${Math.random().toString(36).slice(2)}`) {
  const refund = { id, object: "refund" as const, amount, currency: "cny", payment_intent: paymentIntent, charge: `ch_for_${paymentIntent}`, status: "succeeded" as const, metadata: {} };
  double.refunds.push(refund);
  return refund;
}

const refundedEvent = (sessionId: string) => double.event("charge.refunded", double.charge(sessionId));

async function refundRows(orderId: number) {
  return db().selectFrom("refunds").selectAll().where("order_id", "=", orderId).orderBy("id").execute();
}
async function refundPostingCount(orderId: number) {
  const rows = await db().selectFrom("ledger_transactions").select("refund_id").where("order_id", "=", orderId).where("kind", "=", "refund").execute();
  return rows.length;
}
async function paymentRow(paymentId: number) {
  return db().selectFrom("payments").select(["captured_fen", "refunded_fen"]).where("id", "=", paymentId).executeTakeFirstOrThrow();
}
async function orderRow(orderId: number) {
  return db().selectFrom("orders").select(["payment_status", "refunded_fen"]).where("id", "=", orderId).executeTakeFirstOrThrow();
}

const balance = (balances: Awaited<ReturnType<typeof ledgerBalances>>, account: string, cooperativeId: number | null = null) =>
  balances.find((b) => b.account === account && b.cooperativeId === cooperativeId)?.balanceFen ?? 0;

/** The journal agrees with the payment: balanced, and its clearing account holds captured minus refunded. */
async function expectJournalMatchesPayment(orderId: number, paymentId: number) {
  const balances = await ledgerBalances(db(), { orderId });
  expect(balances.reduce((sum, b) => sum + b.balanceFen, 0)).toBe(0);
  const payment = await paymentRow(paymentId);
  expect(balance(balances, "provider_clearing")).toBe(payment.captured_fen - payment.refunded_fen);
  const refunded = (await refundRows(orderId)).filter((r) => r.status === "succeeded").reduce((sum, r) => sum + r.amount_fen, 0);
  expect(refunded).toBe(payment.refunded_fen);
  return balances;
}

// An independent largest-remainder split and half-up commission, to check the journal by.
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  const order = weights.map((w, i) => ({ i, r: (total * w) % sum })).sort((a, b) => b.r - a.r || a.i - b.i);
  let left = total - parts.reduce((a, b) => a + b, 0);
  for (const { i } of order) if (left-- > 0) parts[i]! += 1;
  return parts;
}
const payableOf = (soldFen: number, rateBp: number) => soldFen - Math.floor((soldFen * rateBp * 2 + 10_000) / 20_000);

describe("refunds made outside the shop", () => {
  it("records a dashboard refund from the signed webhook as a refund row and posts it, split over the cooperatives", async () => {
    const o = await paidOrder();
    const dash = dashboardRefund(o.paymentIntent, 2_345);
    const event = refundedEvent(o.sessionId);
    const response = await deliver(signedWebhook(event));
    expect(response.status).toBe(200);

    const rows = await refundRows(o.orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ origin: "provider", status: "succeeded", provider_refund_id: dash.id, amount_fen: 2_345, payment_id: o.paymentId, actor_user_id: null });
    expect(await orderRow(o.orderId)).toEqual({ payment_status: "partially_refunded", refunded_fen: 2_345 });
    expect(await paymentRow(o.paymentId)).toEqual({ captured_fen: o.totalFen, refunded_fen: 2_345 });

    const balances = await expectJournalMatchesPayment(o.orderId, o.paymentId);
    expect(balance(balances, "provider_clearing")).toBe(o.totalFen - 2_345);
    // The refund falls on oranges ¥119.60, honey ¥58.10 and the shipping in proportion.
    const [orangesBack, honeyBack, shippingBack] = split(2_345, [11_960, 5_810, o.shippingFen]);
    expect(orangesBack! + honeyBack! + shippingBack!).toBe(2_345);
    expect(-balance(balances, "cooperative_payable", o.oranges.cooperative_id)).toBe(payableOf(11_960 - orangesBack!, 500));
    expect(-balance(balances, "cooperative_payable", o.honey.cooperative_id)).toBe(payableOf(5_810 - honeyBack!, 800));
    expect(balance(balances, "shipping_income") + o.shippingFen - shippingBack!).toBe(0);

    // The same delivery again, and the same news in a new event: nothing more is posted.
    const again = await deliver(signedWebhook(event));
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect((await deliver(signedWebhook(refundedEvent(o.sessionId)))).status).toBe(200);
    expect(await refundRows(o.orderId)).toHaveLength(1);
    expect(await refundPostingCount(o.orderId)).toBe(1);
    await expectJournalMatchesPayment(o.orderId, o.paymentId);

    // What the dashboard refunded is no longer refundable by the shop.
    await expect(issueRefund(db(), { orderId: o.orderId, amountFen: o.totalFen - 2_345 + 1, reason: "too much", actor: { kind: "staff" } })).rejects.toMatchObject({
      code: "exceeds_refundable",
    });
  });

  it("posts each of two dashboard refunds once when their webhooks come in reverse order and twice", async () => {
    const o = await paidOrder();
    dashboardRefund(o.paymentIntent, 1_000);
    const first = refundedEvent(o.sessionId);
    dashboardRefund(o.paymentIntent, o.totalFen - 1_000);
    const second = refundedEvent(o.sessionId);
    for (const event of [second, first, second, first]) expect((await deliver(signedWebhook(event))).status).toBe(200);
    expect((await deliver(signedWebhook(refundedEvent(o.sessionId)))).status).toBe(200);

    const rows = await refundRows(o.orderId);
    expect(rows.map((r) => r.amount_fen).sort((a, b) => a - b)).toEqual([1_000, o.totalFen - 1_000].sort((a, b) => a - b));
    expect(rows.every((r) => r.origin === "provider" && r.status === "succeeded")).toBe(true);
    expect(await refundPostingCount(o.orderId)).toBe(2);
    expect(await orderRow(o.orderId)).toEqual({ payment_status: "refunded", refunded_fen: o.totalFen });
    const balances = await expectJournalMatchesPayment(o.orderId, o.paymentId);
    // Everything is given back: no cooperative is owed anything for this order.
    expect(balance(balances, "provider_clearing")).toBe(0);
    expect(balance(balances, "cooperative_payable", o.oranges.cooperative_id)).toBe(0);
    expect(balance(balances, "cooperative_payable", o.honey.cooperative_id)).toBe(0);
  });

  it("records a dashboard refund from the reported total when the event lists no refunds, and once only", async () => {
    const o = await paidOrder();
    dashboardRefund(o.paymentIntent, 700);
    const first = double.charge(o.sessionId);
    dashboardRefund(o.paymentIntent, 300);
    const second = double.charge(o.sessionId);
    const bare = (charge: Record<string, unknown>) => double.event("charge.refunded", { ...charge, refunds: { object: "list", data: [] } });
    // Newest first, then the older total, then the newest with its list of refunds.
    for (const event of [bare(second), bare(first), double.event("charge.refunded", second)]) {
      expect((await deliver(signedWebhook(event))).status).toBe(200);
    }
    const rows = await refundRows(o.orderId);
    expect(rows.reduce((sum, r) => sum + r.amount_fen, 0)).toBe(1_000);
    expect(await orderRow(o.orderId)).toEqual({ payment_status: "partially_refunded", refunded_fen: 1_000 });
    await expectJournalMatchesPayment(o.orderId, o.paymentId);
  });

  it("posts a shop refund once, however its own charge.refunded arrives", async () => {
    const o = await paidOrder();
    const issued = await issueRefund(db(), { orderId: o.orderId, amountFen: 1_500, reason: "bruised", actor: { kind: "staff" } });
    expect(issued.status).toBe("succeeded");
    const event = refundedEvent(o.sessionId);
    await deliver(signedWebhook(event));
    await deliver(signedWebhook(refundedEvent(o.sessionId)));
    const rows = await refundRows(o.orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ origin: "shop", status: "succeeded", amount_fen: 1_500, provider_refund_id: issued.providerRefundId });
    expect(await refundPostingCount(o.orderId)).toBe(1);
    expect(await orderRow(o.orderId)).toEqual({ payment_status: "partially_refunded", refunded_fen: 1_500 });
    await expectJournalMatchesPayment(o.orderId, o.paymentId);
  });

  it("takes a shop refund whose webhook comes before its answer is recorded as the shop's, not as a second refund", async () => {
    for (const listed of [true, false]) {
      const o = await paidOrder();
      // Step 1 of a shop refund is on record; the provider has made it, but the answer is not recorded yet.
      const { refund } = await withTransaction(db(), async (trx) => {
        const payment = (await trx.selectFrom("payments").selectAll().where("id", "=", o.paymentId).forUpdate().executeTakeFirstOrThrow())!;
        return requestRefund(trx, { orderId: o.orderId, payment, amountFen: 900, reason: "late", actor: { kind: "staff" }, idempotencyKey: `race-${o.orderId}` });
      });
      const answer = await paymentProviderFor("stripe").refund({ providerPaymentId: o.paymentIntent, amountFen: 900, idempotencyKey: refund.idempotency_key, reason: refund.reason });
      const charge = double.charge(o.sessionId);
      const event = double.event("charge.refunded", listed ? charge : { ...charge, refunds: { object: "list", data: [] } });
      expect((await deliver(signedWebhook(event))).status).toBe(200);
      // Now the shop records the provider's answer.
      await submitRefund(db(), refund.id);

      const rows = await refundRows(o.orderId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: refund.id, origin: "shop", status: "succeeded", provider_refund_id: answer.providerRefundId, amount_fen: 900 });
      expect(await refundPostingCount(o.orderId)).toBe(1);
      expect(double.refunds.filter((r) => r.payment_intent === o.paymentIntent)).toHaveLength(1);
      expect(await orderRow(o.orderId)).toEqual({ payment_status: "partially_refunded", refunded_fen: 900 });
      await expectJournalMatchesPayment(o.orderId, o.paymentId);
    }
  });

  it("a shop refund and a dashboard refund together are each posted once", async () => {
    const o = await paidOrder();
    await issueRefund(db(), { orderId: o.orderId, amountFen: 1_200, reason: "bruised", actor: { kind: "staff" } });
    const dash = dashboardRefund(o.paymentIntent, 800);
    await deliver(signedWebhook(refundedEvent(o.sessionId)));
    await deliver(signedWebhook(refundedEvent(o.sessionId)));
    const rows = await refundRows(o.orderId);
    expect(rows.map((r) => [r.origin, r.amount_fen])).toEqual([
      ["shop", 1_200],
      ["provider", 800],
    ]);
    expect(rows[1]!.provider_refund_id).toBe(dash.id);
    expect(await refundPostingCount(o.orderId)).toBe(2);
    expect(await orderRow(o.orderId)).toEqual({ payment_status: "partially_refunded", refunded_fen: 2_000 });
    await expectJournalMatchesPayment(o.orderId, o.paymentId);
  });

  it("catches up with a dashboard refund a pending shop refund stood for, once that refund fails", async () => {
    const o = await paidOrder();
    const { refund } = await withTransaction(db(), async (trx) => {
      const payment = (await trx.selectFrom("payments").selectAll().where("id", "=", o.paymentId).forUpdate().executeTakeFirstOrThrow())!;
      return requestRefund(trx, { orderId: o.orderId, payment, amountFen: 500, reason: "late", actor: { kind: "staff" }, idempotencyKey: `hidden-${o.orderId}` });
    });
    // Meanwhile everything is refunded in the dashboard, and Stripe reports only the total.
    dashboardRefund(o.paymentIntent, o.totalFen);
    const charge = double.charge(o.sessionId);
    expect((await deliver(signedWebhook(double.event("charge.refunded", { ...charge, refunds: { object: "list", data: [] } })))).status).toBe(200);
    // The pending refund may be part of what Stripe reports: only the rest is recorded for now.
    expect((await refundRows(o.orderId)).filter((r) => r.origin === "provider").reduce((sum, r) => sum + r.amount_fen, 0)).toBe(o.totalFen - 500);
    // Stripe refuses the shop's refund (nothing is left): the 500 fen it stood for are the dashboard's too.
    await expect(submitRefund(db(), refund.id)).rejects.toMatchObject({ code: "provider_failed" });
    const rows = await refundRows(o.orderId);
    expect(rows.find((r) => r.id === refund.id)!.status).toBe("failed");
    expect(rows.filter((r) => r.status === "succeeded").reduce((sum, r) => sum + r.amount_fen, 0)).toBe(o.totalFen);
    expect(await orderRow(o.orderId)).toEqual({ payment_status: "refunded", refunded_fen: o.totalFen });
    const balances = await expectJournalMatchesPayment(o.orderId, o.paymentId);
    expect(balance(balances, "provider_clearing")).toBe(0);
  });

  it("posts a dashboard refund once when several of its webhooks arrive at the same time", async () => {
    const o = await paidOrder();
    dashboardRefund(o.paymentIntent, 1_234);
    const charge = double.charge(o.sessionId);
    const deliveries = [
      signedWebhook(double.event("charge.refunded", charge)),
      signedWebhook(double.event("charge.refunded", charge)),
      signedWebhook(double.event("charge.refunded", { ...charge, refunds: { object: "list", data: [] } })),
      signedWebhook(double.event("charge.refunded", charge)),
    ];
    const responses = await Promise.all([...deliveries, deliveries[0]!].map((delivery) => deliver(delivery)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await refundRows(o.orderId)).reduce((sum, r) => sum + r.amount_fen, 0)).toBe(1_234);
    expect(await refundPostingCount(o.orderId)).toBe(1);
    await expectJournalMatchesPayment(o.orderId, o.paymentId);
  });

  it("never records more than was captured", async () => {
    const o = await paidOrder();
    const charge = double.charge(o.sessionId);
    const tooMuch = o.totalFen + 500;
    const event = double.event("charge.refunded", {
      ...charge,
      amount_refunded: tooMuch,
      refunds: { object: "list", data: [{ id: "re_too_much_" + o.orderId, amount: tooMuch, status: "succeeded" }] },
    });
    expect((await deliver(signedWebhook(event))).status).toBe(200);
    const rows = await refundRows(o.orderId);
    expect(rows.reduce((sum, r) => sum + r.amount_fen, 0)).toBe(o.totalFen);
    expect(await orderRow(o.orderId)).toEqual({ payment_status: "refunded", refunded_fen: o.totalFen });
    const balances = await expectJournalMatchesPayment(o.orderId, o.paymentId);
    expect(balance(balances, "provider_clearing")).toBe(0);
  });

  it("changes nothing on a forged charge.refunded", async () => {
    const o = await paidOrder();
    dashboardRefund(o.paymentIntent, 2_000);
    const event = refundedEvent(o.sessionId);
    const before = await ledgerBalances(db(), { orderId: o.orderId });
    for (const delivery of [signedWebhook(event, { secret: "whsec_not_ours" }), signedWebhook(event, { body: JSON.stringify({ ...event, id: "evt_swapped_refund" }) })]) {
      expect((await deliver(delivery)).status).toBe(400);
    }
    expect(await refundRows(o.orderId)).toHaveLength(0);
    expect(await ledgerBalances(db(), { orderId: o.orderId })).toEqual(before);
    expect(await paymentRow(o.paymentId)).toEqual({ captured_fen: o.totalFen, refunded_fen: 0 });
    expect(await orderRow(o.orderId)).toEqual({ payment_status: "paid", refunded_fen: 0 });
  });
});
