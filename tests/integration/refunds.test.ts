import { describe, expect, it } from "vitest";
import { issueRefund, RefundError } from "~/services/refunds.server";
import { db } from "~/utils/db.server";
import { placePaidTestOrder, placeTestOrder } from "../support/checkout";

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
});
