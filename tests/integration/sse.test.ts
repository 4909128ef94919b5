import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appendOrderEvent } from "~/models/order/events.server";
import { loader } from "~/routes/orders.$number.events";
import { action as orderPageAction, loader as orderPageLoader } from "~/routes/orders.$number";
import { action as kuaidi100 } from "~/routes/webhooks.kuaidi100";
import { createShipment } from "~/services/fulfilment.server";
import { liveSubscriberCount, stopLiveEvents } from "~/services/live-events.server";
import { orderEventStream, type PublicOrderEvent } from "~/services/order-event-stream.server";
import { db } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { beijingTime, kuaidi100PushBody, readMore, readServerSentEvents, type ServerSentEvent } from "../support/after-purchase";
import { createTestUser, getRequest, settle, testContext } from "../support/auth";
import { placePaidTestOrder } from "../support/checkout";

const SALT = "sse-test-salt";

beforeAll(() => {
  process.env.KUAIDI100_SALT = SALT;
  resetEnvForTests();
});
afterAll(() => {
  delete process.env.KUAIDI100_SALT;
  resetEnvForTests();
  stopLiveEvents();
});

// Every stream a test opens is aborted afterwards, like a browser tab being closed.
const open: AbortController[] = [];
beforeEach(() => void (open.length = 0));
afterEach(() => {
  for (const controller of open) controller.abort();
});

async function stream(path: string, options: { email?: string; headers?: Record<string, string> } = {}) {
  const controller = new AbortController();
  open.push(controller);
  const base = await getRequest(path, { email: options.email, headers: options.headers });
  const request = new Request(base, { signal: controller.signal });
  const number = decodeURIComponent(new URL(request.url).pathname.split("/")[2] ?? "");
  return { response: await settle(loader({ request, params: { number }, context: testContext })), controller };
}

function parsed(events: ServerSentEvent[]): PublicOrderEvent[] {
  return events.map((event) => JSON.parse(event.data) as PublicOrderEvent);
}

async function latestEventId(orderId: number): Promise<number> {
  const row = await db().selectFrom("order_events").select("id").where("order_id", "=", orderId).orderBy("id", "desc").executeTakeFirstOrThrow();
  return Number(row.id);
}

let owner: { id: number; email: string };
let stranger: { id: number; email: string };
let staff: { email: string };

beforeAll(async () => {
  owner = await createTestUser();
  stranger = await createTestUser();
  staff = await createTestUser({ role: "staff" });
});

describe("/orders/:number/events access", () => {
  it("streams to the owner, to staff and to the holder of the order link", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    for (const [path, email] of [
      [`/orders/${order.number}/events`, owner.email],
      [`/orders/${order.number}/events`, staff.email],
      [`/orders/${order.number}/events?token=${order.accessToken}`, undefined],
    ] as const) {
      const { response } = await stream(path, { email });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("X-Accel-Buffering")).toBe("no");
      const { raw } = await readServerSentEvents(response.body!, { until: (_, text) => text.includes("retry:"), timeoutMs: 2_000 });
      expect(raw).toMatch(/^retry: \d+\n/);
    }
  });

  it("answers the same 404 for a wrong token, a missing token, another shopper and an order that does not exist", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const missing = await stream(`/orders/SS000000000000/events`);
    expect(missing.response.status).toBe(404);
    const expectedBody = await missing.response.text();
    for (const [path, email] of [
      [`/orders/${order.number}/events?token=${"x".repeat(order.accessToken.length)}`, undefined],
      [`/orders/${order.number}/events?token=${order.accessToken.slice(0, -1)}`, undefined],
      [`/orders/${order.number}/events`, undefined],
      [`/orders/${order.number}/events`, stranger.email],
      [`/orders/not-a-number/events?token=${order.accessToken}`, undefined],
    ] as const) {
      const { response } = await stream(path, { email });
      expect(response.status, path).toBe(404);
      expect(await response.text()).toBe(expectedBody);
    }
  });
});

async function page(path: string, options: { email?: string } = {}) {
  const request = await getRequest(path, { email: options.email });
  const number = decodeURIComponent(new URL(request.url).pathname.split("/")[2] ?? "");
  return settle(orderPageLoader({ request, params: { number }, context: testContext }));
}

describe("/orders/:number (the order page)", () => {
  it("shows the order to its owner, staff and the link holder, and the same 404 to everyone else", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const missing = await page(`/orders/SS000000000000`);
    expect(missing.status).toBe(404);
    const notFound = await missing.text();
    for (const [path, email] of [
      [`/orders/${order.number}`, owner.email],
      [`/orders/${order.number}`, staff.email],
      [`/orders/${order.number}?token=${order.accessToken}`, undefined],
    ] as const) {
      expect((await page(path, { email })).status, `${path} ${email}`).toBe(200);
    }
    for (const [path, email] of [
      [`/orders/${order.number}?token=${"x".repeat(order.accessToken.length)}`, undefined],
      [`/orders/${order.number}`, undefined],
      [`/orders/${order.number}`, stranger.email],
      [`/orders/${order.number}?token=${order.accessToken.slice(1)}`, stranger.email],
    ] as const) {
      const response = await page(path, { email });
      expect(response.status, `${path} ${email}`).toBe(404);
      expect(await response.text()).toBe(notFound);
    }
  });

  it("shows each parcel with carrier, tracking number and scans, and where its stream starts", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id, locale: "en" });
    const item = await db().selectFrom("order_items").select(["id", "quantity"]).where("order_id", "=", order.id).executeTakeFirstOrThrow();
    const trackingNumber = `SF${String(2_000_000_000_000 + order.id)}`;
    await createShipment(db(), { orderId: order.id, carrier: "sf", trackingNumber, lines: [{ orderItemId: item.id, quantity: item.quantity }], actor: { kind: "staff" } });
    const body = await kuaidi100PushBody(
      {
        trackingNumber,
        state: "5",
        scans: [
          { context: "快递员正在派件", time: beijingTime(-1), areaName: "重庆市渝中区" },
          { context: "顺丰速运已收取快件", time: beijingTime(-120), areaName: "重庆市奉节县" },
        ],
      },
      SALT,
    );
    await kuaidi100({ request: new Request("http://localhost/webhooks/kuaidi100", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() }), params: {}, context: testContext });

    const response = await page(`/orders/${order.number}?token=${order.accessToken}&lang=en`);
    const data = await response.json();
    expect(data.shipments).toHaveLength(1);
    expect(data.shipments[0]).toMatchObject({ carrierName: "SF Express", trackingNumber, status: "out_for_delivery" });
    expect(data.shipments[0].scans.map((scan: { description: string }) => scan.description)).toEqual(["快递员正在派件", "顺丰速运已收取快件"]);
    expect(data.progress.shippedAt).not.toBeNull();
    const last = await latestEventId(order.id);
    expect(data.streamUrl).toBe(`/orders/${order.number}/events?token=${encodeURIComponent(order.accessToken)}&after=${last}`);
    expect(data.canReorder).toBe(false);
    expect(JSON.stringify(data)).not.toContain("created_by");
  });

  it("lets only the owner buy the order again", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const reorder = async (email: string | undefined, token?: string) => {
      const { formRequest } = await import("../support/auth");
      const request = await formRequest(`/orders/${order.number}`, { email, form: { intent: "reorder", ...(token ? { token } : {}) } });
      return settle(orderPageAction({ request, params: { number: order.number }, context: testContext }));
    };
    const mine = await reorder(owner.email);
    expect(mine.status).toBe(200);
    const result = await mine.json();
    expect(result.reorder.added).toHaveLength(1);
    expect((await reorder(undefined, order.accessToken)).status).toBe(404);
    expect((await reorder(staff.email)).status).toBe(404);
  });
});

describe("/orders/:number/events streaming", () => {
  it("delivers a carrier scan within a second of the push being recorded", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const item = await db().selectFrom("order_items").select(["id", "quantity"]).where("order_id", "=", order.id).executeTakeFirstOrThrow();
    const trackingNumber = `SF${String(1_000_000_000_000 + order.id)}`;
    const { shipmentId } = await createShipment(db(), { orderId: order.id, carrier: "sf", trackingNumber, lines: [{ orderItemId: item.id, quantity: item.quantity }], actor: { kind: "staff" } });

    const { response } = await stream(`/orders/${order.number}/events?token=${order.accessToken}`);
    const { reader } = await readServerSentEvents(response.body!, { until: (_, raw) => raw.includes("connected"), timeoutMs: 2_000 });

    const body = await kuaidi100PushBody(
      { trackingNumber, state: "0", scans: [{ context: "快件已到达【重庆渝北集散中心】", time: beijingTime(), areaName: "重庆市" }] },
      SALT,
    );
    const pushed = await kuaidi100(
      {
        request: new Request("http://localhost/webhooks/kuaidi100", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() }),
        params: {},
        context: testContext,
      },
    );
    expect(await (pushed as Response).json()).toEqual({ result: true, returnCode: "200", message: "成功" });
    const recordedAt = Date.now();

    const { events } = await readMore(reader, { until: (list) => parsed(list).some((e) => e.type === "shipment.scan"), timeoutMs: 1_000 });
    const scan = events.find((e) => (JSON.parse(e.data) as PublicOrderEvent).type === "shipment.scan");
    expect(scan, "no scan event within one second").toBeDefined();
    expect(scan!.receivedAt - recordedAt).toBeLessThan(1_000);
    expect(JSON.parse(scan!.data)).toMatchObject({ type: "shipment.scan", shipmentId });
    expect(scan!.id).toBe(String(JSON.parse(scan!.data).id));
  });

  it("resumes after Last-Event-ID: what was missed from the database first, then live, each once and in order", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const seen = await latestEventId(order.id);
    const missed: number[] = [];
    for (let i = 0; i < 3; i += 1) missed.push(await appendOrderEvent(db(), { orderId: order.id, type: "order.note", actor: { kind: "staff" } }));

    const { response } = await stream(`/orders/${order.number}/events?token=${order.accessToken}`, { headers: { "Last-Event-ID": String(seen) } });
    const { reader, events } = await readServerSentEvents(response.body!, { until: (list) => list.length >= 3, timeoutMs: 3_000 });
    expect(events.map((e) => Number(e.id))).toEqual(missed);

    const live: number[] = [];
    for (let i = 0; i < 2; i += 1) live.push(await appendOrderEvent(db(), { orderId: order.id, type: "shipment.scan", actor: { kind: "carrier" } }));
    const all = await readMore(reader, { until: (list) => list.length >= 5, timeoutMs: 3_000 });
    // Nothing more (no duplicates) arrives afterwards.
    await readMore(reader, { until: () => false, timeoutMs: 300 });
    expect(all.events.map((e) => Number(e.id))).toEqual([...missed, ...live]);
  });

  it("takes `after` from the page when the browser has no Last-Event-ID yet, and Last-Event-ID over it", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const first = await appendOrderEvent(db(), { orderId: order.id, type: "order.note", actor: { kind: "staff" } });
    const second = await appendOrderEvent(db(), { orderId: order.id, type: "order.note", actor: { kind: "staff" } });
    const byAfter = await stream(`/orders/${order.number}/events?token=${order.accessToken}&after=${first}`);
    expect((await readServerSentEvents(byAfter.response.body!, { until: (l) => l.length >= 1, timeoutMs: 2_000 })).events.map((e) => Number(e.id))).toEqual([second]);
    const byHeader = await stream(`/orders/${order.number}/events?token=${order.accessToken}&after=0`, { headers: { "Last-Event-ID": String(second) } });
    expect((await readServerSentEvents(byHeader.response.body!, { until: () => false, timeoutMs: 300 })).events).toEqual([]);
  });

  it("starts from now when it is given no resume point", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const { response } = await stream(`/orders/${order.number}/events?token=${order.accessToken}`);
    const { reader } = await readServerSentEvents(response.body!, { until: (_, raw) => raw.includes("connected"), timeoutMs: 2_000 });
    const next = await appendOrderEvent(db(), { orderId: order.id, type: "order.note", actor: { kind: "staff" } });
    const { events } = await readMore(reader, { until: (l) => l.length >= 1, timeoutMs: 2_000 });
    expect(events.map((e) => Number(e.id))).toEqual([next]);
  });

  it("loses nothing and repeats nothing while events keep arriving as the stream starts", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const from = await latestEventId(order.id);
    const writing = (async () => {
      const ids: number[] = [];
      for (let i = 0; i < 15; i += 1) ids.push(await appendOrderEvent(db(), { orderId: order.id, type: "shipment.scan", actor: { kind: "carrier" } }));
      return ids;
    })();
    const { response } = await stream(`/orders/${order.number}/events?token=${order.accessToken}&after=${from}`);
    const written = await writing;
    const { events } = await readServerSentEvents(response.body!, { until: (l) => l.length >= 15, timeoutMs: 5_000 });
    expect(events.map((e) => Number(e.id))).toEqual(written);
  });

  it("never tells a stream about another order", async () => {
    const mine = await placePaidTestOrder(db(), { userId: owner.id });
    const other = await placePaidTestOrder(db(), { userId: stranger.id });
    const { response } = await stream(`/orders/${mine.number}/events?token=${mine.accessToken}`);
    await appendOrderEvent(db(), { orderId: other.id, type: "order.note", actor: { kind: "staff" } });
    const { events } = await readServerSentEvents(response.body!, { until: () => false, timeoutMs: 400 });
    expect(events).toEqual([]);
  });

  it("lets go of its subscription when the client goes away", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const { response, controller } = await stream(`/orders/${order.number}/events?token=${order.accessToken}`);
    await readServerSentEvents(response.body!, { until: (_, raw) => raw.includes("connected"), timeoutMs: 2_000 });
    const order2 = await db().selectFrom("orders").select("id").where("number", "=", order.number).executeTakeFirstOrThrow();
    expect(liveSubscriberCount(order2.id)).toBe(1);
    controller.abort();
    expect(liveSubscriberCount(order2.id)).toBe(0);
  });

  it("sends a comment line as a heartbeat", async () => {
    const order = await placePaidTestOrder(db(), { userId: owner.id });
    const controller = new AbortController();
    open.push(controller);
    const body = orderEventStream({ orderId: order.id, after: null, signal: controller.signal, heartbeatMs: 50 });
    const { raw } = await readServerSentEvents(body, { until: (_, text) => (text.match(/^: heartbeat$/gm) ?? []).length >= 2, timeoutMs: 2_000 });
    expect((raw.match(/^: heartbeat$/gm) ?? []).length).toBeGreaterThanOrEqual(2);
  });
});
