import { beforeAll, describe, expect, it } from "vitest";
import { cancelOrder, refundOrder } from "~/services/order-cancellation.server";
import { createShipment, startFulfilment } from "~/services/fulfilment.server";
import { db } from "~/utils/db.server";
import { createTestVariant, placePaidTestOrder, placeTestOrder } from "../support/checkout";
import { createUserWithRole } from "../support/staff";

let staff: { kind: "staff"; userId: number };

beforeAll(async () => {
  staff = { kind: "staff", userId: (await createUserWithRole(db(), "staff")).id };
});

async function order(id: number) {
  return db().selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}
async function variant(id: number) {
  return db().selectFrom("variants").select(["stock_on_hand", "stock_reserved"]).where("id", "=", id).executeTakeFirstOrThrow();
}
async function refunds(orderId: number) {
  return db().selectFrom("refunds").selectAll().where("order_id", "=", orderId).orderBy("id").execute();
}

describe("cancelling an order", () => {
  it("releases the hold of an unpaid order and refunds nothing", async () => {
    const v = await createTestVariant(db(), { stock: 10 });
    const placed = await placeTestOrder(db(), { lines: [{ variantId: v.id, quantity: 3 }] });
    expect(await variant(v.id)).toEqual({ stock_on_hand: 10, stock_reserved: 3 });

    const result = await cancelOrder(db(), { orderId: placed.id, reason: "顾客来电取消", actor: staff });
    expect(result).toMatchObject({ released: [{ variantId: v.id, quantity: 3 }], restocked: [], refund: null, refundError: null });
    expect(await variant(v.id)).toEqual({ stock_on_hand: 10, stock_reserved: 0 });
    expect(await order(placed.id)).toMatchObject({ status: "cancelled", payment_status: "unpaid" });
    const event = await db().selectFrom("order_events").selectAll().where("order_id", "=", placed.id).where("type", "=", "order.cancelled").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ from_status: "pending_payment", to_status: "cancelled", actor_kind: "staff", actor_user_id: staff.userId });
    expect(event.data).toMatchObject({ reason: "顾客来电取消" });
  });

  it("returns committed stock of a paid order and refunds it in full", async () => {
    const v = await createTestVariant(db(), { stock: 10, priceFen: 3000 });
    const placed = await placePaidTestOrder(db(), { lines: [{ variantId: v.id, quantity: 2 }] });
    expect(await variant(v.id)).toEqual({ stock_on_hand: 8, stock_reserved: 0 });
    await startFulfilment(db(), { orderId: placed.id, actor: staff });

    const result = await cancelOrder(db(), { orderId: placed.id, reason: "缺货", actor: staff });
    expect(result.restocked).toEqual([{ variantId: v.id, quantity: 2 }]);
    expect(result.refund).toMatchObject({ status: "succeeded", created: true });
    expect(await variant(v.id)).toEqual({ stock_on_hand: 10, stock_reserved: 0 });
    const after = await order(placed.id);
    expect(after).toMatchObject({ status: "cancelled", payment_status: "refunded" });
    expect(after.refunded_fen).toBe(after.total_fen);
    expect(await refunds(placed.id)).toHaveLength(1);
  });

  it("refuses an order with anything shipped, and a second cancellation, changing nothing", async () => {
    const v = await createTestVariant(db(), { stock: 10 });
    const placed = await placePaidTestOrder(db(), { lines: [{ variantId: v.id, quantity: 2 }] });
    const items = await db().selectFrom("order_items").select("id").where("order_id", "=", placed.id).execute();
    await createShipment(db(), { orderId: placed.id, carrier: "other", trackingNumber: `CXL0000${placed.id}A`, lines: [{ orderItemId: items[0]!.id, quantity: 1 }], actor: staff });
    await expect(cancelOrder(db(), { orderId: placed.id, reason: "x", actor: staff })).rejects.toMatchObject({ code: "not_cancellable" });
    expect(await order(placed.id)).toMatchObject({ status: "partially_shipped", payment_status: "paid" });
    expect(await variant(v.id)).toEqual({ stock_on_hand: 8, stock_reserved: 0 });

    const other = await placeTestOrder(db(), { lines: [{ variantId: v.id, quantity: 1 }] });
    await cancelOrder(db(), { orderId: other.id, reason: "x", actor: staff });
    await expect(cancelOrder(db(), { orderId: other.id, reason: "x", actor: staff })).rejects.toMatchObject({ code: "already_cancelled" });
    await expect(cancelOrder(db(), { orderId: other.id, reason: "  ", actor: staff })).rejects.toMatchObject({ code: "reason_required" });
  });

  it("refuses a paid order whose parcel is recorded even before the status moved", async () => {
    const v = await createTestVariant(db(), { stock: 10 });
    const placed = await placePaidTestOrder(db(), { lines: [{ variantId: v.id, quantity: 1 }] });
    const item = await db().selectFrom("order_items").select("id").where("order_id", "=", placed.id).executeTakeFirstOrThrow();
    // Two staff at once: one ships, one cancels. Whichever is second is refused.
    const results = await Promise.allSettled([
      createShipment(db(), { orderId: placed.id, carrier: "other", trackingNumber: `RACE${placed.id}Z`, lines: [{ orderItemId: item.id, quantity: 1 }], actor: staff }),
      cancelOrder(db(), { orderId: placed.id, reason: "race", actor: staff }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const after = await order(placed.id);
    if (after.status === "cancelled") {
      expect(await db().selectFrom("shipments").select("id").where("order_id", "=", placed.id).execute()).toHaveLength(0);
      expect(after.payment_status).toBe("refunded");
    } else {
      expect(after.status).toBe("shipped");
      expect(after.payment_status).toBe("paid");
    }
  });
});

describe("refunds by staff", () => {
  it("a repeated submission (same key) refunds once", async () => {
    const placed = await placePaidTestOrder(db());
    const key = `staff-refund-${placed.id}`;
    const first = await refundOrder(db(), { orderId: placed.id, amountFen: 500, reason: "果子有碰伤", actor: staff, idempotencyKey: key });
    const again = await refundOrder(db(), { orderId: placed.id, amountFen: 500, reason: "果子有碰伤", actor: staff, idempotencyKey: key });
    expect(again.refundId).toBe(first.refundId);
    expect(again.created).toBe(false);
    expect(await refunds(placed.id)).toHaveLength(1);
    expect(await order(placed.id)).toMatchObject({ payment_status: "partially_refunded", refunded_fen: 500 });
  });

  it("concurrent refunds never exceed what was captured", async () => {
    const v = await createTestVariant(db(), { stock: 10, priceFen: 1000 });
    const placed = await placePaidTestOrder(db(), { lines: [{ variantId: v.id, quantity: 1 }] });
    const total = (await order(placed.id)).total_fen;
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        refundOrder(db(), { orderId: placed.id, amountFen: Math.ceil(total / 3), reason: "并发退款", actor: staff, idempotencyKey: `concurrent-${placed.id}-${i}` }),
      ),
    );
    const succeeded = attempts.filter((a) => a.status === "fulfilled");
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    expect(succeeded.length).toBeLessThanOrEqual(3);
    for (const a of attempts) if (a.status === "rejected") expect(a.reason).toMatchObject({ code: "exceeds_refundable" });
    const sum = (await refunds(placed.id)).filter((r) => r.status !== "failed").reduce((s, r) => s + r.amount_fen, 0);
    expect(sum).toBeLessThanOrEqual(total);
    expect((await order(placed.id)).refunded_fen).toBe(sum);
  });

  it("needs a reason", async () => {
    const placed = await placePaidTestOrder(db());
    await expect(refundOrder(db(), { orderId: placed.id, amountFen: 100, reason: " ", actor: staff, idempotencyKey: `r-${placed.id}` })).rejects.toMatchObject({
      code: "reason_required",
    });
  });
});
