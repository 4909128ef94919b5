import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action } from "~/routes/webhooks.stripe";
import { startPayment } from "~/services/checkout.server";
import { sweepExpiredReservations } from "~/services/reservation-sweeper.server";
import { issueRefund } from "~/services/refunds.server";
import { db } from "~/utils/db.server";
import { testContext } from "../support/auth";
import { createTestVariant, placeTestOrder } from "../support/checkout";
import { signedWebhook, useStripeDouble, type StripeDouble } from "../support/stripe-double";

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

/** An order with an open Stripe Checkout Session. */
async function orderWithSession(options: { stock?: number; quantity?: number } = {}) {
  const variant = await createTestVariant(db(), { stock: options.stock ?? 10 });
  const order = await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: options.quantity ?? 1 }] });
  const started = await startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } });
  expect(started.kind).toBe("redirect");
  const payment = await db().selectFrom("payments").selectAll().where("order_id", "=", order.id).executeTakeFirstOrThrow();
  return { variant, order, payment, sessionId: payment.provider_session_id };
}

async function orderRow(id: number) {
  return db().selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}
async function stockOf(variantId: number) {
  return db().selectFrom("variants").select(["stock_on_hand", "stock_reserved"]).where("id", "=", variantId).executeTakeFirstOrThrow();
}
async function storedEvents(eventId: string) {
  return db().selectFrom("webhook_events").selectAll().where("event_id", "=", eventId).execute();
}

describe("/webhooks/stripe", () => {
  it("marks the order paid on checkout.session.completed, commits the stock and queues the confirmation", async () => {
    const { order, variant, sessionId } = await orderWithSession({ quantity: 2 });
    const event = double.event("checkout.session.completed", double.pay(sessionId));
    const response = await deliver(signedWebhook(event));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", payment_status: "paid", flagged_reason: null });
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 8, stock_reserved: 0 });
    const outbox = await db().selectFrom("outbox").selectAll().where("dedupe_key", "=", `order-confirmation:${order.id}`).execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.payload).toMatchObject({ orderId: order.id, locale: "zh", to: "xiaoming@example.test" });
    expect((await storedEvents(event.id))[0]!.processed_at).not.toBeNull();
  });

  it("processes the same event delivered 10 times at once exactly once", async () => {
    const { order, variant, sessionId } = await orderWithSession({ quantity: 3 });
    const delivery = signedWebhook(double.event("checkout.session.completed", double.pay(sessionId)));
    const responses = await Promise.all(Array.from({ length: 10 }, () => deliver(delivery)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 7, stock_reserved: 0 });
    const paidEvents = await db().selectFrom("order_events").select("type").where("order_id", "=", order.id).where("type", "in", ["order.paid", "payment.paid"]).execute();
    expect(paidEvents).toHaveLength(2);
  });

  it.each([
    ["a forged signature", (event: object) => signedWebhook(event, { secret: "whsec_not_ours" })],
    ["a body swapped under a valid header", (event: object) => signedWebhook(event, { body: JSON.stringify({ ...event, id: "evt_swapped" }) })],
    ["a timestamp older than the tolerance", (event: object) => signedWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 600 })],
    ["no signature", (event: object) => ({ body: JSON.stringify(event), headers: { "Content-Type": "application/json" } })],
  ])("refuses %s with 400 and changes nothing", async (_label, make) => {
    const { order, variant, sessionId } = await orderWithSession();
    const event = double.event("checkout.session.completed", double.pay(sessionId));
    const response = await deliver(make(event));
    expect(response.status).toBe(400);
    expect(await orderRow(order.id)).toMatchObject({ status: "pending_payment", payment_status: "unpaid" });
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 10, stock_reserved: 1 });
    expect(await storedEvents(event.id)).toHaveLength(0);
    expect(await storedEvents("evt_swapped")).toHaveLength(0);
  });

  it("refuses event types it does not handle and sessions it does not know", async () => {
    const unknownType = await deliver(signedWebhook(double.event("customer.created", { id: "cus_1", object: "customer" })));
    expect(unknownType.status).toBe(400);
    const strangerSession = { id: "cs_test_not_ours", object: "checkout.session", payment_status: "paid", payment_intent: "pi_x", amount_total: 100, currency: "cny" };
    const event = double.event("checkout.session.completed", strangerSession);
    expect((await deliver(signedWebhook(event))).status).toBe(400);
    expect(await storedEvents(event.id)).toHaveLength(0);
  });

  it("waits for asynchronous methods: completed-but-unpaid changes nothing, then async success pays, async failure marks failed", async () => {
    const first = await orderWithSession();
    expect((await deliver(signedWebhook(double.event("checkout.session.completed", double.pay(first.sessionId, { paymentStatus: "unpaid" }))))).status).toBe(200);
    expect(await orderRow(first.order.id)).toMatchObject({ status: "pending_payment", payment_status: "unpaid" });
    expect((await deliver(signedWebhook(double.event("checkout.session.async_payment_succeeded", double.pay(first.sessionId))))).status).toBe(200);
    expect(await orderRow(first.order.id)).toMatchObject({ status: "paid", payment_status: "paid" });

    const second = await orderWithSession();
    double.pay(second.sessionId, { paymentStatus: "unpaid" });
    expect((await deliver(signedWebhook(double.event("checkout.session.async_payment_failed", double.sessions.get(second.sessionId))))).status).toBe(200);
    expect(await orderRow(second.order.id)).toMatchObject({ status: "pending_payment", payment_status: "failed" });
    expect(await stockOf(second.variant.id)).toEqual({ stock_on_hand: 10, stock_reserved: 1 }); // still held for a retry
  });

  it("ignores expired after completed", async () => {
    const { order, variant, sessionId } = await orderWithSession();
    const paid = double.pay(sessionId);
    await deliver(signedWebhook(double.event("checkout.session.completed", paid)));
    expect((await deliver(signedWebhook(double.event("checkout.session.expired", { ...paid, status: "expired" })))).status).toBe(200);
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", payment_status: "paid" });
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 9, stock_reserved: 0 });
  });

  it("releases the hold on expired, and still takes a later payment while the stock is there", async () => {
    const { order, variant, sessionId } = await orderWithSession({ quantity: 2 });
    await deliver(signedWebhook(double.event("checkout.session.expired", double.expire(sessionId))));
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 10, stock_reserved: 0 });
    expect(await orderRow(order.id)).toMatchObject({ status: "pending_payment" });
    await deliver(signedWebhook(double.event("checkout.session.completed", double.pay(sessionId))));
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", payment_status: "paid", flagged_reason: null });
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 8, stock_reserved: 0 });
  });

  it("flags and refunds exactly once a payment that arrives after its stock was sold to someone else", async () => {
    const { order, variant, sessionId, payment } = await orderWithSession({ stock: 2, quantity: 2 });
    // The hold lapses and is swept; another shopper buys the units.
    await db().updateTable("stock_reservations").set({ expires_at: new Date(Date.now() - 1000) }).where("order_id", "=", order.id).execute();
    await sweepExpiredReservations(db());
    await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: 2 }] });

    const paid = double.pay(sessionId);
    const completed = signedWebhook(double.event("checkout.session.completed", paid));
    const asyncSucceeded = signedWebhook(double.event("checkout.session.async_payment_succeeded", paid));
    const responses = await Promise.all([deliver(completed), deliver(completed), deliver(asyncSucceeded)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);

    const flagged = await orderRow(order.id);
    expect(flagged).toMatchObject({ status: "cancelled", flagged_reason: "payment_after_reservation_lapsed", payment_status: "refunded", refunded_fen: flagged.total_fen });
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 2, stock_reserved: 2 });
    expect(double.refunds).toHaveLength(1);
    expect(double.refunds[0]).toMatchObject({ amount: flagged.total_fen, payment_intent: paid.payment_intent });
    const refundRequests = double.requests.filter((r) => r.path === "/v1/refunds");
    expect(new Set(refundRequests.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([`refund:auto:payment:${payment.id}`]));
    const rows = await db().selectFrom("refunds").selectAll().where("order_id", "=", order.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "succeeded", provider_refund_id: double.refunds[0]!.id });

    // Stripe then reports the refund on the charge: nothing more moves.
    expect((await deliver(signedWebhook(double.event("charge.refunded", double.charge(sessionId))))).status).toBe(200);
    expect(await orderRow(order.id)).toMatchObject({ payment_status: "refunded", refunded_fen: flagged.total_fen });
    expect(double.refunds).toHaveLength(1);
  });

  it("reconciles charge.refunded into partial and full refunds", async () => {
    const { order, sessionId } = await orderWithSession();
    await deliver(signedWebhook(double.event("checkout.session.completed", double.pay(sessionId))));
    const total = (await orderRow(order.id)).total_fen;
    await issueRefund(db(), { orderId: order.id, amountFen: 100, reason: "bruised", actor: { kind: "staff" } });
    await deliver(signedWebhook(double.event("charge.refunded", double.charge(sessionId))));
    expect(await orderRow(order.id)).toMatchObject({ payment_status: "partially_refunded", refunded_fen: 100 });
    // A refund made in the Stripe dashboard for the rest arrives only as an event.
    const charge = double.charge(sessionId);
    await deliver(signedWebhook(double.event("charge.refunded", { ...charge, amount_refunded: total, refunds: { object: "list", data: [] } })));
    expect(await orderRow(order.id)).toMatchObject({ payment_status: "refunded", refunded_fen: total });
    await expect(issueRefund(db(), { orderId: order.id, amountFen: 1, reason: "more", actor: { kind: "staff" } })).rejects.toMatchObject({ code: "exceeds_refundable" });
  });
});
