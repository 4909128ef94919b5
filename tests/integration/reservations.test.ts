import { describe, expect, it } from "vitest";
import { listOrderReservations } from "~/models/reservation.server";
import { placeOrder, startPayment } from "~/services/checkout.server";
import { sweepExpiredReservations } from "~/services/reservation-sweeper.server";
import { db } from "~/utils/db.server";
import { createTestVariant, payTestOrder, placeTestOrder, testCheckoutDetails } from "../support/checkout";

async function stockOf(variantId: number) {
  return db().selectFrom("variants").select(["stock_on_hand", "stock_reserved"]).where("id", "=", variantId).executeTakeFirstOrThrow();
}

async function expireHolds(orderId: number) {
  await db().updateTable("stock_reservations").set({ expires_at: new Date(Date.now() - 60_000) }).where("order_id", "=", orderId).execute();
}

describe("stock reservations", () => {
  it("sells exactly 10 units to 100 shoppers racing for them", async () => {
    const variant = await createTestVariant(db(), { stock: 10 });
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        placeOrder(db(), { lines: [{ variantId: variant.id, quantity: 1 }], details: testCheckoutDetails(), cartId: null, userId: null, locale: "zh" }),
      ),
    );
    const placed = results.filter((r) => r.ok);
    expect(placed).toHaveLength(10);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === "out_of_stock")).toBe(true);
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 10, stock_reserved: 10 });

    // Pay half of them: reserved + sold stays 10, nothing goes negative.
    for (const result of placed.slice(0, 5)) if (result.ok) await payTestOrder(db(), { orderId: result.order.id });
    const after = await stockOf(variant.id);
    expect(after).toEqual({ stock_on_hand: 5, stock_reserved: 5 });
    expect(after.stock_reserved + (10 - after.stock_on_hand)).toBe(10);
  });

  it("sums the same variant over several lines before checking stock", async () => {
    const variant = await createTestVariant(db(), { stock: 5 });
    const refused = await placeOrder(db(), {
      lines: [
        { variantId: variant.id, quantity: 3 },
        { variantId: variant.id, quantity: 3 },
      ],
      details: testCheckoutDetails(),
      cartId: null,
      userId: null,
      locale: "zh",
    });
    expect(refused).toEqual({ ok: false, error: { code: "out_of_stock", variantIds: [variant.id] } });
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 5, stock_reserved: 0 });
    const order = await placeTestOrder(db(), {
      lines: [
        { variantId: variant.id, quantity: 2 },
        { variantId: variant.id, quantity: 3 },
      ],
    });
    const items = await db().selectFrom("order_items").select(["quantity"]).where("order_id", "=", order.id).execute();
    expect(items).toEqual([{ quantity: 5 }]);
    expect(await listOrderReservations(db(), { orderId: order.id })).toMatchObject([{ variantId: variant.id, quantity: 5, status: "held" }]);
  });

  it("never deadlocks two orders taking the same variants in opposite cart order", async () => {
    const a = await createTestVariant(db(), { stock: 50 });
    const b = await createTestVariant(db(), { stock: 50 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        placeOrder(db(), {
          lines: i % 2 ? [{ variantId: a.id, quantity: 1 }, { variantId: b.id, quantity: 1 }] : [{ variantId: b.id, quantity: 1 }, { variantId: a.id, quantity: 1 }],
          details: testCheckoutDetails(),
          cartId: null,
          userId: null,
          locale: "zh",
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await stockOf(a.id)).stock_reserved).toBe(20);
    expect((await stockOf(b.id)).stock_reserved).toBe(20);
  });

  it("releases expired holds with the sweeper, exactly once even when two sweeps run at once", async () => {
    const variant = await createTestVariant(db(), { stock: 10 });
    const expired = await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: 3 }] });
    const fresh = await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: 2 }] });
    await expireHolds(expired.id);
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 10, stock_reserved: 5 });

    const [first, second] = await Promise.all([sweepExpiredReservations(db()), sweepExpiredReservations(db())]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 10, stock_reserved: 2 });
    expect(await listOrderReservations(db(), { orderId: expired.id })).toMatchObject([{ status: "released" }]);
    expect(await listOrderReservations(db(), { orderId: fresh.id })).toMatchObject([{ status: "held" }]);
    const releases = await db().selectFrom("order_events").select("id").where("order_id", "=", expired.id).where("type", "=", "reservation.released").execute();
    expect(releases).toHaveLength(1);
    // Again: nothing left to release.
    await sweepExpiredReservations(db());
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 10, stock_reserved: 2 });
    // The order still waits for payment: a late payment is handled by the payment code.
    const order = await db().selectFrom("orders").select(["status"]).where("id", "=", expired.id).executeTakeFirstOrThrow();
    expect(order.status).toBe("pending_payment");
  });

  it("commits a held reservation once, whatever releases it afterwards", async () => {
    const variant = await createTestVariant(db(), { stock: 4 });
    const order = await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: 4 }] });
    await payTestOrder(db(), { orderId: order.id });
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 0, stock_reserved: 0 });
    await expireHolds(order.id);
    expect(await sweepExpiredReservations(db())).toBe(0);
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 0, stock_reserved: 0 });
    expect(await listOrderReservations(db(), { orderId: order.id })).toMatchObject([{ status: "committed" }]);
  });

  it("holds the stock again when the shopper retries after the hold lapsed, or cancels when it is gone", async () => {
    const variant = await createTestVariant(db(), { stock: 3 });
    const order = await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: 2 }] });
    await expireHolds(order.id);
    await sweepExpiredReservations(db());
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 3, stock_reserved: 0 });
    const retried = await startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } });
    expect(retried.kind).toBe("redirect");
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 3, stock_reserved: 2 });
    const [hold] = await listOrderReservations(db(), { orderId: order.id });
    expect(hold).toMatchObject({ status: "held" });
    expect(hold!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);

    // Lapses again, and this time someone else buys the stock.
    await expireHolds(order.id);
    await sweepExpiredReservations(db());
    await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: 2 }] });
    expect(await startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } })).toEqual({ kind: "stock_gone" });
    const cancelled = await db().selectFrom("orders").select(["status"]).where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(cancelled.status).toBe("cancelled");
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 3, stock_reserved: 2 });
  });
});
