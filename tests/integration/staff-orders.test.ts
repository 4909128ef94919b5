import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { action as orderAction, loader as orderLoader } from "~/routes/staff.orders.$number";
import { loader as slipLoader } from "~/routes/staff.orders.$number_.slip";
import { loader as listLoader } from "~/routes/staff.orders._index";
import { loader as pickListLoader } from "~/routes/staff.pick-list";
import { orderListParams } from "~/schemas/staff-order-filters";
import { listStaffOrders } from "~/models/order/staff.server";
import { db } from "~/utils/db.server";
import { formRequest, getRequest, settle, testContext } from "../support/auth";
import { createBatch, createProductFixture, insertOrder, type OrderFixture, type ProductFixture } from "../support/staff";

const staff = DEMO_ACCOUNTS.staff;
let fixture: ProductFixture;
let uniqueEmail: string;
let orders: OrderFixture[];

beforeAll(async () => {
  fixture = await createProductFixture(db(), { variants: 2 });
  uniqueEmail = `list-${Date.now()}@example.test`;
  const base = Date.parse("2026-02-10T04:00:00Z");
  orders = [];
  for (let i = 0; i < 5; i++) {
    orders.push(
      await insertOrder(db(), {
        lines: [{ variantId: fixture.variants[i % 2]!.id, quantity: 1 + i }],
        placedAt: new Date(base + i * 3_600_000),
        email: i === 2 ? uniqueEmail : undefined,
        phone: i === 3 ? "13912345678" : undefined,
        status: i === 4 ? "pending_payment" : "paid",
      }),
    );
  }
});

async function list(query: string) {
  const response = await listLoader({ request: await getRequest(`/staff/orders${query}`, { email: staff }), params: {}, context: testContext });
  return (await response.json()) as { orders: { number: string; status: string }[]; next: string | null; params: Record<string, unknown> };
}

async function post(number: string, form: Record<string, string>) {
  return settle(async () => orderAction({ request: await formRequest(`/staff/orders/${number}`, { email: staff, form }), params: { number }, context: testContext }));
}

describe("/staff/orders", () => {
  it("filters by cooperative, status, payment and date, and searches by number, e-mail and phone", async () => {
    const coop = `?coop=${fixture.cooperative.id}`;
    expect((await list(coop)).orders.map((o) => o.number)).toEqual([...orders].reverse().map((o) => o.number));
    expect((await list(`${coop}&status=pending_payment`)).orders.map((o) => o.number)).toEqual([orders[4]!.number]);
    expect((await list(`${coop}&payment=paid`)).orders).toHaveLength(4);
    expect((await list(`${coop}&from=2026-02-10&to=2026-02-10`)).orders).toHaveLength(5);
    expect((await list(`${coop}&from=2026-02-11`)).orders).toHaveLength(0);
    expect((await list(`?q=${orders[1]!.number}`)).orders.map((o) => o.number)).toEqual([orders[1]!.number]);
    expect((await list(`?q=${encodeURIComponent(uniqueEmail.toUpperCase())}`)).orders.map((o) => o.number)).toEqual([orders[2]!.number]);
    expect((await list(`${coop}&q=139-1234-5678`)).orders.map((o) => o.number)).toEqual([orders[3]!.number]);
  });

  it("drops bad parameters instead of failing", async () => {
    const result = await list(`?coop=${fixture.cooperative.id}&status=bogus&payment=%27;drop&from=2026-13-45&carrier=ups&cursor=nonsense`);
    expect(result.params).toMatchObject({ coop: fixture.cooperative.id });
    expect(result.params.status).toBeUndefined();
    expect(result.params.from).toBeUndefined();
    expect(result.orders).toHaveLength(5);
  });

  it("pages with a keyset cursor, no row twice and none missed, ties on the same instant included", async () => {
    const product = await createProductFixture(db(), { variants: 1 });
    const same = new Date("2026-02-12T06:30:00.123Z");
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await insertOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }], placedAt: i < 3 ? same : new Date(same.getTime() - i * 1000) }));
    const seen: string[] = [];
    let cursor: { placedAt: string; id: number } | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listStaffOrders(db(), { cooperative: product.cooperative.id, limit: 2, after: cursor });
      seen.push(...page.rows.map((row) => row.number));
      if (!page.next) break;
      cursor = page.next;
      // The cursor survives the trip through the URL.
      expect(orderListParams(new URLSearchParams({ cursor: `${cursor.placedAt}~${cursor.id}` })).cursor).toEqual(cursor);
    }
    expect(seen).toEqual([made[2]!, made[1]!, made[0]!, made[3]!, made[4]!].map((order) => order.number));
  });
});

describe("/staff/orders/:number", () => {
  it("404s for an unknown or malformed number", async () => {
    for (const number of ["SS000000000000", "../etc", "x"]) {
      const response = await orderLoader({ request: await getRequest(`/staff/orders/${number}`, { email: staff }), params: { number }, context: testContext }).catch((e: unknown) => e as Response);
      expect(response.status).toBe(404);
    }
  });

  it("ships in two parcels through the form, refuses one unit more, and shows both tracking numbers", async () => {
    const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 3 }] });
    const item = order.items[0]!;
    const bad = await post(order.number, { intent: "ship", carrier: "sf", trackingNumber: "JD0000", [`qty-${item.id}`]: "1" });
    expect(bad.status).toBe(400);
    const badBody = await bad.json();
    expect(badBody).toMatchObject({ intent: "ship", fieldErrors: { trackingNumber: "errors.invalid_tracking" } });
    expect(badBody.values.trackingNumber).toBe("JD0000");

    const first = await post(order.number, { intent: "ship", carrier: "sf", trackingNumber: "SF 1000 0000 0001", [`qty-${item.id}`]: "2" });
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/staff/orders/${order.number}?done=shipped`);
    const tooMany = await post(order.number, { intent: "ship", carrier: "yto", trackingNumber: "YT1000000000002", [`qty-${item.id}`]: "2" });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ formError: "errors.over_shipped" });
    const second = await post(order.number, { intent: "ship", carrier: "yto", trackingNumber: "YT1000000000002", [`qty-${item.id}`]: "1" });
    expect(second.status).toBe(302);

    const page = await orderLoader({ request: await getRequest(`/staff/orders/${order.number}`, { email: staff }), params: { number: order.number }, context: testContext });
    const data = await page.json();
    expect(data.order.status).toBe("shipped");
    expect(data.shipments.map((s: { tracking_number: string }) => s.tracking_number)).toEqual(["SF100000000001", "YT1000000000002"]);
    expect(data.canShip).toBe(false);
    expect(data.canCancel).toBe(false);
    expect(data.events.map((e: { type: string }) => e.type)).toEqual(["shipment.created", "order.partially_shipped", "shipment.created", "order.shipped"]);
    expect(data.events[0]).toMatchObject({ actor_kind: "staff", actor_email: staff });
    // The list finds it by carrier, and not under a carrier it did not use.
    expect((await list(`?carrier=yto&q=${order.number}`)).orders.map((o) => o.number)).toEqual([order.number]);
    expect((await list(`?carrier=ems&q=${order.number}`)).orders).toEqual([]);
  });

  it("asks for a reason and a confirmation before cancelling or refunding", async () => {
    const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[1]!.id, quantity: 1 }] });
    const noConfirm = await post(order.number, { intent: "cancel", reason: "顾客要求" });
    expect(noConfirm.status).toBe(400);
    expect(await noConfirm.json()).toMatchObject({ intent: "cancel", fieldErrors: { confirm: "errors.confirmRequired" } });
    const noReason = await post(order.number, { intent: "refund", amount: "5", reason: " ", confirm: "yes", idempotencyKey: `refund-test-${order.id}` });
    expect(await noReason.json()).toMatchObject({ intent: "refund", fieldErrors: { reason: "errors.reasonRequired" } });
    const badAmount = await post(order.number, { intent: "refund", amount: "-5", reason: "x", confirm: "yes", idempotencyKey: `refund-test-${order.id}` });
    expect(await badAmount.json()).toMatchObject({ fieldErrors: { amount: "errors.amount" } });
    const tooMuch = await post(order.number, { intent: "refund", amount: "99999", reason: "x", confirm: "yes", idempotencyKey: `refund-test-${order.id}` });
    expect(tooMuch.status).toBe(400);
    expect(await tooMuch.json()).toMatchObject({ formError: "errors.exceeds_refundable" });
    const unknown = await post(order.number, { intent: "explode" });
    expect(unknown.status).toBe(400);

    const refund = await post(order.number, { intent: "refund", amount: "5.00", reason: "包装破损补偿", confirm: "yes", idempotencyKey: `refund-test-${order.id}` });
    expect(refund.status).toBe(302);
    // The same form submitted again: same key, no second refund.
    await post(order.number, { intent: "refund", amount: "5.00", reason: "包装破损补偿", confirm: "yes", idempotencyKey: `refund-test-${order.id}` });
    expect(await db().selectFrom("refunds").select("amount_fen").where("order_id", "=", order.id).execute()).toEqual([{ amount_fen: 500 }]);

    const cancel = await post(order.number, { intent: "cancel", reason: "顾客要求取消", confirm: "yes" });
    expect(cancel.status).toBe(302);
    const after = await db().selectFrom("orders").select(["status", "payment_status", "refunded_fen", "total_fen"]).where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "cancelled", payment_status: "refunded", refunded_fen: after.total_fen });
    const again = await post(order.number, { intent: "cancel", reason: "again", confirm: "yes" });
    expect(await again.json()).toMatchObject({ formError: "errors.already_cancelled" });
  });

  it("records manual tracking events and deliveries for this order's shipments only", async () => {
    const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 1 }] });
    const other = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 1 }] });
    await post(order.number, { intent: "ship", carrier: "other", trackingNumber: `EVT${order.id}00`, [`qty-${order.items[0]!.id}`]: "1" });
    await post(other.number, { intent: "ship", carrier: "other", trackingNumber: `EVT${other.id}00`, [`qty-${other.items[0]!.id}`]: "1" });
    const shipment = await db().selectFrom("shipments").select("id").where("order_id", "=", order.id).executeTakeFirstOrThrow();
    const otherShipment = await db().selectFrom("shipments").select("id").where("order_id", "=", other.id).executeTakeFirstOrThrow();

    const future = await post(order.number, { intent: "event", shipmentId: String(shipment.id), status: "in_transit", occurredAt: "2099-01-01T10:00", description: "x" });
    expect(await future.json()).toMatchObject({ fieldErrors: { occurredAt: "errors.futureTime" } });
    const event = await post(order.number, { intent: "event", shipmentId: String(shipment.id), status: "in_transit", occurredAt: "2026-01-05T09:30", description: "到达重庆分拨中心", location: "重庆" });
    expect(event.status).toBe(302);
    const stored = await db().selectFrom("shipment_events").selectAll().where("shipment_id", "=", shipment.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ source: "staff", description: "到达重庆分拨中心", location: "重庆", status: "in_transit" });
    expect(stored.occurred_at.toISOString()).toBe("2026-01-05T01:30:00.000Z");

    const foreign = await post(order.number, { intent: "deliver", shipmentId: String(otherShipment.id), note: "x" });
    expect(await foreign.json()).toMatchObject({ formError: "errors.shipment_not_found" });
    const delivered = await post(order.number, { intent: "deliver", shipmentId: String(shipment.id), note: "顾客电话确认" });
    expect(delivered.status).toBe(302);
    expect((await db().selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirstOrThrow()).status).toBe("delivered");
    expect((await db().selectFrom("orders").select("status").where("id", "=", other.id).executeTakeFirstOrThrow()).status).toBe("shipped");
  });
});

describe("pick list and packing slip", () => {
  it("groups units to ship by product, variant and batch, first-expiring batch first", async () => {
    const product = await createProductFixture(db(), { variants: 1 });
    await createBatch(db(), { productId: product.product.id, bestBeforeInDays: -2, code: `OLD-${product.product.id}-X` });
    const soon = await createBatch(db(), { productId: product.product.id, bestBeforeInDays: 10, quantity: 3 });
    const later = await createBatch(db(), { productId: product.product.id, bestBeforeInDays: 60 });
    const a = await insertOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 2 }], placedAt: new Date(Date.now() - 60_000) });
    const b = await insertOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 2 }] });

    const response = await pickListLoader({ request: await getRequest("/staff/pick-list", { email: staff }), params: {}, context: testContext });
    const { groups } = (await response.json()) as { groups: { sku: string; batch_code: string; units: number; batch_proposed: boolean; orders: { number: string }[] }[] };
    const mine = groups.filter((group) => group.sku === product.variants[0]!.sku);
    // The first order fits in the soonest batch (3 units); the second no longer does.
    expect(mine).toEqual([
      expect.objectContaining({ batch_code: soon.code, units: 2, batch_proposed: true, orders: [expect.objectContaining({ number: a.number })] }),
      expect.objectContaining({ batch_code: later.code, units: 2, batch_proposed: true, orders: [expect.objectContaining({ number: b.number })] }),
    ]);

    const slip = await slipLoader({ request: await getRequest(`/staff/orders/${a.number}/slip`, { email: staff }), params: { number: a.number }, context: testContext });
    const data = await slip.json();
    expect(data.lines).toHaveLength(1);
    expect(data.lines[0]).toMatchObject({ units: 2, batch: { code: soon.code, proposed: true } });
    const qr = data.qr[soon.code]!;
    expect(qr.url).toMatch(new RegExp(`/trace/${soon.code}$`));
    expect(qr.shape.viewBox).toMatch(/^0 0 \d+ \d+$/);
    expect(qr.shape.paths.length).toBeGreaterThan(0);
  });
});
