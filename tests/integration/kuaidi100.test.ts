import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { action, loader } from "~/routes/webhooks.kuaidi100";
import { createShipment } from "~/services/fulfilment.server";
import { kuaidi100Signature, resetKuaidi100WarningsForTests } from "~/services/tracking.server";
import { db } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { allowConsoleErrors } from "../support/console";
import { createProductFixture, createUserWithRole, insertOrder, type ProductFixture } from "../support/staff";

const SALT = "k100-test-salt";
const context = { cspNonce: "", clientAddress: "127.0.0.1" };

let fixture: ProductFixture;
let staffId: number;

beforeAll(async () => {
  fixture = await createProductFixture(db(), { variants: 1 });
  staffId = (await createUserWithRole(db(), "staff")).id;
});

beforeEach(() => {
  process.env.KUAIDI100_SALT = SALT;
  resetEnvForTests();
});

afterEach(() => {
  delete process.env.KUAIDI100_SALT;
  resetEnvForTests();
});

interface Scan {
  context: string;
  time: string;
  status?: string;
  areaName?: string;
}

function param(nu: string, state: string, data: Scan[], com = "shunfeng"): string {
  return JSON.stringify({
    status: "polling",
    billstatus: "change",
    message: "",
    lastResult: { message: "ok", nu, ischeck: state === "3" ? "1" : "0", condition: "F00", com, status: "200", state, data: data.map((d) => ({ ...d, ftime: d.time })) },
  });
}

function push(body: string, sign: string | null = kuaidi100Signature(body, SALT)) {
  const form = new URLSearchParams({ param: body });
  if (sign !== null) form.set("sign", sign);
  const request = new Request("http://localhost/webhooks/kuaidi100", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  return action({ request, params: {}, context });
}

let waybill = 0;
async function shippedOrder(lines = 1) {
  const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: lines }] });
  waybill += 1;
  const trackingNumber = `SF${String(9_000_000_000_000 + order.id * 100 + waybill)}`;
  const { shipmentId } = await createShipment(db(), {
    orderId: order.id,
    carrier: "sf",
    trackingNumber,
    lines: [{ orderItemId: order.items[0]!.id, quantity: lines }],
    actor: { kind: "staff", userId: staffId },
  });
  return { order, shipmentId, trackingNumber };
}

async function shipment(id: number) {
  return db().selectFrom("shipments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}
async function scans(id: number) {
  return db().selectFrom("shipment_events").selectAll().where("shipment_id", "=", id).orderBy("occurred_at").execute();
}
async function orderStatus(id: number) {
  return (await db().selectFrom("orders").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
}

const picked = { context: "顺丰速运 已收取快件", time: "2026-03-03 10:00:00", status: "揽收", areaName: "重庆市奉节县" };
const transit = { context: "快件到达 【重庆渝北集散中心】", time: "2026-03-03 20:15:00", status: "在途" };
const outForDelivery = { context: "快件交给王师傅，正在派送途中", time: "2026-03-04 08:30:00", status: "派件" };
const delivered = { context: "快件已签收，签收人：本人", time: "2026-03-04 11:02:00", status: "签收" };

describe("POST /webhooks/kuaidi100", () => {
  it("records scans, answers Kuaidi100's success reply, and stores Beijing time correctly", async () => {
    const { order, shipmentId, trackingNumber } = await shippedOrder();
    const response = await push(param(trackingNumber, "0", [transit, picked]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: true, returnCode: "200", message: "成功" });

    const stored = await scans(shipmentId);
    expect(stored.map((scan) => scan.description)).toEqual([picked.context, transit.context]);
    expect(stored[0]!.occurred_at.toISOString()).toBe("2026-03-03T02:00:00.000Z");
    expect(stored[0]).toMatchObject({ source: "carrier", location: "重庆市奉节县", status: "in_transit" });
    expect(await shipment(shipmentId)).toMatchObject({ status: "in_transit" });
    expect((await shipment(shipmentId)).last_event_at?.toISOString()).toBe("2026-03-03T12:15:00.000Z");

    const events = await db().selectFrom("order_events").selectAll().where("order_id", "=", order.id).where("type", "=", "shipment.scan").execute();
    expect(events).toHaveLength(2);
    for (const event of events) expect(event.actor_kind).toBe("carrier");
  });

  it("accepts the signature in lower case too", async () => {
    const { shipmentId, trackingNumber } = await shippedOrder();
    const body = param(trackingNumber, "0", [picked]);
    const response = await push(body, kuaidi100Signature(body, SALT).toLowerCase());
    expect(response.status).toBe(200);
    expect(await scans(shipmentId)).toHaveLength(1);
  });

  it("refuses a bad or missing signature and bad JSON, changing nothing", async () => {
    const { shipmentId, trackingNumber } = await shippedOrder();
    const body = param(trackingNumber, "3", [delivered, picked]);
    const bad = await push(body, kuaidi100Signature(body, "wrong-salt"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ result: false, returnCode: "400" });
    expect((await push(body, null)).status).toBe(400);
    expect((await push(body, "")).status).toBe(400);
    const notJson = "{lastResult:";
    expect((await push(notJson, kuaidi100Signature(notJson, SALT))).status).toBe(400);
    const wrongShape = JSON.stringify({ lastResult: { nu: trackingNumber, state: "3", data: [{ context: "x", time: "later" }] } });
    expect((await push(wrongShape, kuaidi100Signature(wrongShape, SALT))).status).toBe(400);

    expect(await scans(shipmentId)).toHaveLength(0);
    expect(await shipment(shipmentId)).toMatchObject({ status: "label_created" });
  });

  it("adds nothing twice when the whole history is pushed again", async () => {
    const { order, shipmentId, trackingNumber } = await shippedOrder();
    const body = param(trackingNumber, "5", [outForDelivery, transit, picked]);
    for (let i = 0; i < 3; i++) expect((await push(body)).status).toBe(200);
    expect(await scans(shipmentId)).toHaveLength(3);
    const scanEvents = await db().selectFrom("order_events").select("id").where("order_id", "=", order.id).where("type", "=", "shipment.scan").execute();
    expect(scanEvents).toHaveLength(3);
    expect(await shipment(shipmentId)).toMatchObject({ status: "out_for_delivery" });
  });

  it("never moves a parcel backwards when an older push arrives after a newer one", async () => {
    const { order, shipmentId, trackingNumber } = await shippedOrder();
    expect((await push(param(trackingNumber, "3", [delivered, outForDelivery, transit, picked]))).status).toBe(200);
    expect(await shipment(shipmentId)).toMatchObject({ status: "delivered" });
    expect(await orderStatus(order.id)).toBe("delivered");

    // The earlier push, delayed in Kuaidi100's queue.
    expect((await push(param(trackingNumber, "0", [transit, picked]))).status).toBe(200);
    // A confused push claiming "in transit" with a newer scan still cannot undo a delivery.
    const confused = { context: "快件在途", time: "2026-03-05 09:00:00" };
    expect((await push(param(trackingNumber, "0", [confused, delivered, outForDelivery, transit, picked]))).status).toBe(200);
    expect(await shipment(shipmentId)).toMatchObject({ status: "delivered" });
    expect(await orderStatus(order.id)).toBe("delivered");

    const statusEvents = await db()
      .selectFrom("order_events")
      .select(["from_status", "to_status"])
      .where("order_id", "=", order.id)
      .where("type", "=", "shipment.status")
      .orderBy("id")
      .execute();
    expect(statusEvents).toEqual([{ from_status: "label_created", to_status: "delivered" }]);
    const delivery = await db().selectFrom("outbox").select("id").where("dedupe_key", "=", `delivered:${order.id}`).execute();
    expect(delivery).toHaveLength(1);
  });

  it("moves an out-for-delivery parcel to exception on a problem, and on to delivered later", async () => {
    const { shipmentId, trackingNumber } = await shippedOrder();
    await push(param(trackingNumber, "5", [outForDelivery, picked]));
    const problem = { context: "收件人电话无人接听，快件滞留", time: "2026-03-04 10:00:00", status: "疑难" };
    await push(param(trackingNumber, "2", [problem, outForDelivery, picked]));
    expect(await shipment(shipmentId)).toMatchObject({ status: "exception" });
    await push(param(trackingNumber, "3", [delivered, problem, outForDelivery, picked]));
    expect(await shipment(shipmentId)).toMatchObject({ status: "delivered" });
  });

  it("acknowledges an unknown tracking number without an error", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const response = await push(param("SF0000000000001", "0", [picked]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: true, returnCode: "200", message: "成功" });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("SF0000000000001"));
    warn.mockRestore();
  });

  it("refuses every push while no salt is configured, and says why once", async () => {
    delete process.env.KUAIDI100_SALT;
    resetEnvForTests();
    resetKuaidi100WarningsForTests();
    allowConsoleErrors();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { shipmentId, trackingNumber } = await shippedOrder();
    const body = param(trackingNumber, "0", [picked]);
    expect((await push(body, kuaidi100Signature(body, ""))).status).toBe(400);
    expect((await push(body, kuaidi100Signature(body, ""))).status).toBe(400);
    expect(error).toHaveBeenCalledTimes(1);
    expect(await scans(shipmentId)).toHaveLength(0);
    error.mockRestore();
  });

  it("answers GET with 405", async () => {
    const response = await loader();
    expect(response.status).toBe(405);
  });
});
