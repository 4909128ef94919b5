import { beforeAll, describe, expect, it } from "vitest";
import { SHIPMENT_TRANSITIONS, ORDER_TRANSITIONS, canTransition } from "~/models/order-state";
import {
  createShipment,
  FulfilmentError,
  markShipmentDelivered,
  recordManualTrackingEvent,
  startFulfilment,
} from "~/services/fulfilment.server";
import { db } from "~/utils/db.server";
import { createBatch, createProductFixture, createUserWithRole, insertOrder, type ProductFixture } from "../support/staff";

let fixture: ProductFixture;
let staff: { kind: "staff"; userId: number };

beforeAll(async () => {
  fixture = await createProductFixture(db(), { variants: 2 });
  const user = await createUserWithRole(db(), "staff");
  staff = { kind: "staff", userId: user.id };
});

async function orderState(orderId: number) {
  return db().selectFrom("orders").select(["status", "payment_status"]).where("id", "=", orderId).executeTakeFirstOrThrow();
}

async function events(orderId: number) {
  return db().selectFrom("order_events").selectAll().where("order_id", "=", orderId).orderBy("id").execute();
}

function refusal(code: string) {
  return expect.objectContaining({ name: "FulfilmentError", code });
}

describe("building shipments", () => {
  it("ships part, then the rest, and refuses one unit more", async () => {
    const [a, b] = fixture.variants;
    const order = await insertOrder(db(), { lines: [{ variantId: a!.id, quantity: 3 }, { variantId: b!.id, quantity: 1 }] });
    const [lineA, lineB] = order.items;

    const first = await createShipment(db(), {
      orderId: order.id,
      carrier: "sf",
      trackingNumber: "sf 1234 5678 90123",
      lines: [{ orderItemId: lineA!.id, quantity: 2 }],
      actor: staff,
    });
    expect(await orderState(order.id)).toMatchObject({ status: "partially_shipped" });
    const stored = await db().selectFrom("shipments").selectAll().where("id", "=", first.shipmentId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ tracking_number: "SF1234567890123", status: "label_created", created_by: staff.userId });

    await expect(
      createShipment(db(), {
        orderId: order.id,
        carrier: "zto",
        trackingNumber: "731234567890",
        lines: [{ orderItemId: lineA!.id, quantity: 2 }],
        actor: staff,
      }),
    ).rejects.toEqual(refusal("over_shipped"));

    await createShipment(db(), {
      orderId: order.id,
      carrier: "zto",
      trackingNumber: "731234567890",
      lines: [
        { orderItemId: lineA!.id, quantity: 1 },
        { orderItemId: lineB!.id, quantity: 1 },
      ],
      actor: staff,
    });
    expect(await orderState(order.id)).toMatchObject({ status: "shipped" });

    // A fully shipped order takes no further parcel, however small.
    await expect(
      createShipment(db(), {
        orderId: order.id,
        carrier: "ems",
        trackingNumber: "EA123456789CN",
        lines: [{ orderItemId: lineB!.id, quantity: 1 }],
        actor: staff,
      }),
    ).rejects.toEqual(refusal("order_not_shippable"));

    const items = await db().selectFrom("order_items").select(["id", "quantity", "quantity_shipped"]).where("order_id", "=", order.id).orderBy("id").execute();
    expect(items.map((item) => item.quantity_shipped)).toEqual([3, 1]);

    const timeline = await events(order.id);
    expect(timeline.map((event) => event.type)).toEqual(["shipment.created", "order.partially_shipped", "shipment.created", "order.shipped"]);
    for (const event of timeline) expect(event).toMatchObject({ actor_kind: "staff", actor_user_id: staff.userId });

    const outbox = await db().selectFrom("outbox").select(["kind", "dedupe_key", "payload"]).where("kind", "=", "email.order_shipped").execute();
    expect(outbox.filter((row) => (row.payload as { orderId: number }).orderId === order.id)).toHaveLength(2);
  });

  it("refuses bad tracking numbers, a waybill used twice, and unknown lines", async () => {
    const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 2 }] });
    const line = order.items[0]!;
    const attempt = (carrier: "sf" | "jd" | "other", trackingNumber: string, orderItemId = line.id, quantity = 1) =>
      createShipment(db(), { orderId: order.id, carrier, trackingNumber, lines: [{ orderItemId, quantity }], actor: staff });

    await expect(attempt("sf", "JDVA00012345678")).rejects.toEqual(refusal("invalid_tracking"));
    await expect(attempt("jd", "12")).rejects.toEqual(refusal("invalid_tracking"));
    await expect(attempt("other", "ABC123", line.id, 0)).rejects.toEqual(refusal("nothing_to_ship"));
    const otherOrder = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 1 }] });
    await expect(attempt("other", "ABC123", otherOrder.items[0]!.id)).rejects.toEqual(refusal("unknown_line"));

    await attempt("other", "DUP123456");
    await expect(attempt("other", "dup123456")).rejects.toEqual(refusal("duplicate_tracking"));
    expect(await orderState(order.id)).toMatchObject({ status: "partially_shipped" });
  });

  it("refuses orders that are not paid or are cancelled", async () => {
    for (const status of ["pending_payment", "cancelled"] as const) {
      const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[1]!.id, quantity: 1 }], status });
      await expect(
        createShipment(db(), {
          orderId: order.id,
          carrier: "other",
          trackingNumber: `NOPE${order.id}X`,
          lines: [{ orderItemId: order.items[0]!.id, quantity: 1 }],
          actor: staff,
        }),
      ).rejects.toEqual(refusal("order_not_shippable"));
    }
  });

  it("never ships more than ordered when two parcels are recorded at once", async () => {
    const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 2 }] });
    const line = order.items[0]!;
    const results = await Promise.allSettled(
      ["RACE0001A", "RACE0002B", "RACE0003C"].map((trackingNumber) =>
        createShipment(db(), { orderId: order.id, carrier: "other", trackingNumber, lines: [{ orderItemId: line.id, quantity: 2 }], actor: staff }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) if (result.status === "rejected") expect(result.reason).toBeInstanceOf(FulfilmentError);
    const item = await db().selectFrom("order_items").select("quantity_shipped").where("id", "=", line.id).executeTakeFirstOrThrow();
    expect(item.quantity_shipped).toBe(2);
  });

  it("allocates the batch that expires first but is not past", async () => {
    const product = await createProductFixture(db(), { variants: 1 });
    await createBatch(db(), { productId: product.product.id, bestBeforeInDays: -1, code: `PAST-${product.product.id}` });
    const soonest = await createBatch(db(), { productId: product.product.id, bestBeforeInDays: 5 });
    await createBatch(db(), { productId: product.product.id, bestBeforeInDays: 40 });
    const order = await insertOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] });
    await createShipment(db(), {
      orderId: order.id,
      carrier: "other",
      trackingNumber: `BATCH${order.id}X`,
      lines: [{ orderItemId: order.items[0]!.id, quantity: 1 }],
      actor: staff,
    });
    const item = await db().selectFrom("order_items").select("batch_id").where("id", "=", order.items[0]!.id).executeTakeFirstOrThrow();
    expect(item.batch_id).toBe(soonest.id);
  });
});

describe("tracking by staff", () => {
  it("records manual events, marks delivered, and the order follows when every parcel is delivered", async () => {
    const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 2 }] });
    const line = order.items[0]!;
    expect(await startFulfilment(db(), { orderId: order.id, actor: staff })).toBe(true);
    expect(await startFulfilment(db(), { orderId: order.id, actor: staff })).toBe(false);
    const one = await createShipment(db(), { orderId: order.id, carrier: "other", trackingNumber: `MAN${order.id}A1`, lines: [{ orderItemId: line.id, quantity: 1 }], actor: staff });
    const two = await createShipment(db(), { orderId: order.id, carrier: "other", trackingNumber: `MAN${order.id}B2`, lines: [{ orderItemId: line.id, quantity: 1 }], actor: staff });
    expect(await orderState(order.id)).toMatchObject({ status: "shipped" });

    const moved = await recordManualTrackingEvent(db(), {
      shipmentId: one.shipmentId,
      scan: { occurredAt: new Date(Date.now() - 60_000), status: "out_for_delivery", description: "快递员电话确认今日派送", location: "渝中区" },
      actor: staff,
    });
    expect(moved).toMatchObject({ added: 1, status: "out_for_delivery", changed: true });

    // An older manual note does not drag the parcel back.
    const older = await recordManualTrackingEvent(db(), {
      shipmentId: one.shipmentId,
      scan: { occurredAt: new Date(Date.now() - 3_600_000), status: "in_transit", description: "到达重庆转运中心" },
      actor: staff,
    });
    expect(older).toMatchObject({ added: 1, status: "out_for_delivery", changed: false });

    await markShipmentDelivered(db(), { shipmentId: one.shipmentId, note: "顾客来电确认收货", actor: staff });
    expect(await orderState(order.id)).toMatchObject({ status: "shipped" });
    await markShipmentDelivered(db(), { shipmentId: two.shipmentId, note: "顾客来电确认收货", actor: staff });
    expect(await orderState(order.id)).toMatchObject({ status: "delivered" });
    // Again: nothing changes, nothing is added to the timeline.
    const before = (await events(order.id)).length;
    expect(await markShipmentDelivered(db(), { shipmentId: two.shipmentId, note: "again", actor: staff })).toEqual({ status: "delivered", changed: false });
    expect((await events(order.id)).length).toBe(before);

    const timeline = await events(order.id);
    for (const event of timeline) {
      if (event.type.startsWith("order.")) expect(canTransition(ORDER_TRANSITIONS, event.from_status as never, event.to_status as never)).toBe(true);
      if (event.type === "shipment.status") expect(canTransition(SHIPMENT_TRANSITIONS, event.from_status as never, event.to_status as never)).toBe(true);
    }
    expect(timeline.filter((event) => event.type === "order.delivered")).toHaveLength(1);
    const delivered = await db().selectFrom("outbox").select("dedupe_key").where("dedupe_key", "=", `delivered:${order.id}`).execute();
    expect(delivered).toHaveLength(1);
  });
});
