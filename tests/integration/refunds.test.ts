import { describe, expect, it } from "vitest";
import { startPayment } from "~/services/checkout.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import { stripeProvider } from "~/services/payments/stripe.server";
import { issueRefund, RefundError, retryUnsubmittedRefunds } from "~/services/refunds.server";
import { db } from "~/utils/db.server";
import { placePaidTestOrder, placeTestOrder } from "../support/checkout";
import { signedWebhook, useStripeDouble } from "../support/stripe-double";

async function refundedSoFar(orderId: number) {
  const rows = await db().selectFrom("refunds").select(["amount_fen", "status"]).where("order_id", "=", orderId).execute();
  return rows.filter((r) => r.status !== "failed").reduce((sum, r) => sum + r.amount_fen, 0);
}

describe("issueRefund", () => {
  it("refunds part of a paid order, then the rest, and never more than was captured", async () => {
    const order = await placePaidTestOrder(db());
    const paid = await db().selectFrom("orders").selectAll().where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(paid.status).toBe("paid");
    expect(paid.payment_status).toBe("paid");

    const first = await issueRefund(db(), { orderId: order.id, amountFen: 500, reason: "bruised fruit", actor: { kind: "staff" } });
    expect(first).toMatchObject({ amountFen: 500, status: "succeeded", created: true });
    let after = await db().selectFrom("orders").selectAll().where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(after.payment_status).toBe("partially_refunded");
    expect(after.refunded_fen).toBe(500);

    await expect(issueRefund(db(), { orderId: order.id, amountFen: paid.total_fen, reason: "too much", actor: { kind: "staff" } })).rejects.toMatchObject({
      code: "exceeds_refundable",
    });
    await issueRefund(db(), { orderId: order.id, amountFen: paid.total_fen - 500, reason: "cancelled", actor: { kind: "staff" } });
    after = await db().selectFrom("orders").selectAll().where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(after.payment_status).toBe("refunded");
    expect(after.refunded_fen).toBe(paid.total_fen);
  });

  it("refuses an unpaid order and bad amounts", async () => {
    const order = await placeTestOrder(db());
    await expect(issueRefund(db(), { orderId: order.id, amountFen: 100, reason: "x", actor: { kind: "staff" } })).rejects.toBeInstanceOf(RefundError);
    await expect(issueRefund(db(), { orderId: order.id, amountFen: 1.5, reason: "x", actor: { kind: "staff" } })).rejects.toMatchObject({ code: "invalid_amount" });
  });

  it("never refunds more than was captured, however many refunds run at once", async () => {
    const order = await placePaidTestOrder(db());
    const { total_fen: total } = await db().selectFrom("orders").select("total_fen").where("id", "=", order.id).executeTakeFirstOrThrow();
    const part = Math.ceil(total / 3);
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => issueRefund(db(), { orderId: order.id, amountFen: part, reason: `race ${i}`, actor: { kind: "staff" } })),
    );
    const succeeded = attempts.filter((a) => a.status === "fulfilled");
    expect(succeeded.length).toBe(Math.floor(total / part));
    for (const failed of attempts.filter((a) => a.status === "rejected")) {
      expect((failed as PromiseRejectedResult).reason).toMatchObject({ code: "exceeds_refundable" });
    }
    expect(await refundedSoFar(order.id)).toBeLessThanOrEqual(total);
    const after = await db().selectFrom("orders").select(["refunded_fen", "payment_status"]).where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(after.refunded_fen).toBe(succeeded.length * part);
  });

  it("makes one refund of calls repeating the same idempotency key, even at once", async () => {
    const order = await placePaidTestOrder(db());
    const results = await Promise.all(
      Array.from({ length: 5 }, () => issueRefund(db(), { orderId: order.id, amountFen: 300, reason: "late delivery", actor: { kind: "staff" }, idempotencyKey: `staff-refund-${order.id}-a` })),
    );
    expect(new Set(results.map((r) => r.refundId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await refundedSoFar(order.id)).toBe(300);
  });

  it("refunds through Stripe with a deterministic idempotency key and records Stripe's refund id", async () => {
    const { double, stop } = await useStripeDouble();
    try {
      const order = await placeTestOrder(db());
      await startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } });
      const payment = await db().selectFrom("payments").selectAll().where("order_id", "=", order.id).executeTakeFirstOrThrow();
      const event = double.event("checkout.session.completed", double.pay(payment.provider_session_id));
      const delivery = signedWebhook(event);
      await processPaymentEvent(db(), await stripeProvider().parseWebhook(delivery.body, new Headers(delivery.headers)));

      const refund = await issueRefund(db(), { orderId: order.id, amountFen: 200, reason: "bruised", actor: { kind: "staff" } });
      expect(refund).toMatchObject({ status: "succeeded", providerRefundId: double.refunds[0]!.id });
      const request = double.requests.find((r) => r.path === "/v1/refunds")!;
      expect(request.headers["idempotency-key"]).toBe(`refund:payment:${payment.id}:1`);
      expect(request.params).toMatchObject({ payment_intent: double.sessions.get(payment.provider_session_id)!.payment_intent, amount: "200" });

      // Stripe refuses (here: more than is left on the charge): the refund fails and frees the amount.
      double.refunds.push({ ...double.refunds[0]!, id: "re_dashboard", amount: payment.amount_fen - 200 });
      await expect(issueRefund(db(), { orderId: order.id, amountFen: 100, reason: "more", actor: { kind: "staff" } })).rejects.toMatchObject({ code: "provider_failed" });
      const rows = await db().selectFrom("refunds").select(["amount_fen", "status"]).where("order_id", "=", order.id).orderBy("id").execute();
      expect(rows).toEqual([
        { amount_fen: 200, status: "succeeded" },
        { amount_fen: 100, status: "failed" },
      ]);
    } finally {
      await stop();
    }
  });

  it("keeps a refund pending when Stripe cannot be reached, and submits it again later with the same key", async () => {
    const { double, stop } = await useStripeDouble();
    try {
      const order = await placeTestOrder(db());
      await startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } });
      const payment = await db().selectFrom("payments").selectAll().where("order_id", "=", order.id).executeTakeFirstOrThrow();
      const delivery = signedWebhook(double.event("checkout.session.completed", double.pay(payment.provider_session_id)));
      await processPaymentEvent(db(), await stripeProvider().parseWebhook(delivery.body, new Headers(delivery.headers)));

      double.failNext("/v1/refunds", 10);
      await expect(issueRefund(db(), { orderId: order.id, amountFen: 500, reason: "x", actor: { kind: "staff" } })).rejects.toMatchObject({ code: "provider_failed" });
      const pending = await db().selectFrom("refunds").selectAll().where("order_id", "=", order.id).executeTakeFirstOrThrow();
      expect(pending).toMatchObject({ status: "pending", provider_refund_id: null });
      // Still counted: the cap holds while its fate is unknown.
      await expect(issueRefund(db(), { orderId: order.id, amountFen: payment.amount_fen, reason: "all", actor: { kind: "staff" } })).rejects.toMatchObject({ code: "exceeds_refundable" });

      double.failNext("/v1/refunds", 0);
      expect(await retryUnsubmittedRefunds(db(), new Date(Date.now() + 120_000))).toBe(1);
      expect(await db().selectFrom("refunds").select(["status", "provider_refund_id"]).where("id", "=", pending.id).executeTakeFirstOrThrow()).toEqual({
        status: "succeeded",
        provider_refund_id: double.refunds[0]!.id,
      });
      expect(double.refunds).toHaveLength(1);
    } finally {
      await stop();
    }
  });
});
