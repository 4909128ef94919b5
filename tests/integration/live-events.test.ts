import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { appendOrderEvent, ORDER_CHANNEL } from "~/models/order/events.server";
import { liveSubscriberCount, setLiveEventTimings, stopLiveEvents, subscribeToOrderChanges, type OrderChange } from "~/services/live-events.server";
import { database, db } from "~/utils/db.server";
import { insertTestOrder } from "../support/after-purchase";

function waitFor<T>(check: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() > deadline) return reject(new Error("timed out waiting"));
      setTimeout(tick, 10);
    };
    tick();
  });
}

afterAll(() => stopLiveEvents());

describe("live order changes", () => {
  it("hands each committed order event to that order's subscribers only", async () => {
    const mine = await insertTestOrder();
    const other = await insertTestOrder();
    const received: OrderChange[] = [];
    const receivedByOther: OrderChange[] = [];
    const stop = await subscribeToOrderChanges(mine.id, (change) => received.push(change));
    const stopOther = await subscribeToOrderChanges(other.id, (change) => receivedByOther.push(change));

    const eventId = await appendOrderEvent(db(), { orderId: mine.id, type: "shipment.scan", actor: { kind: "carrier" } });
    const change = await waitFor(() => received[0]);
    expect(change).toEqual({ kind: "event", orderId: mine.id, eventId });
    expect(receivedByOther).toEqual([]);
    stop();
    stopOther();
  });

  it("says nothing about a change that was rolled back, and speaks only after the commit", async () => {
    const order = await insertTestOrder();
    const received: OrderChange[] = [];
    const stop = await subscribeToOrderChanges(order.id, (change) => received.push(change));

    await db()
      .transaction()
      .execute(async (trx) => {
        await appendOrderEvent(trx, { orderId: order.id, type: "order.note", actor: { kind: "staff" } });
        throw new Error("rolled back on purpose");
      })
      .catch(() => {});
    const committed = await appendOrderEvent(db(), { orderId: order.id, type: "order.note", actor: { kind: "staff" } });
    await waitFor(() => received.find((c) => c.kind === "event" && c.eventId === committed));
    expect(received).toHaveLength(1);
    stop();
  });

  it("ignores notifications that are not order changes", async () => {
    const order = await insertTestOrder();
    const received: OrderChange[] = [];
    const stop = await subscribeToOrderChanges(order.id, (change) => received.push(change));
    await sql`SELECT pg_notify(${ORDER_CHANNEL}, 'not json')`.execute(db());
    await sql`SELECT pg_notify(${ORDER_CHANNEL}, ${JSON.stringify({ orderId: String(order.id), eventId: "x" })})`.execute(db());
    const eventId = await appendOrderEvent(db(), { orderId: order.id, type: "order.note", actor: { kind: "system" } });
    await waitFor(() => received.find((c) => c.kind === "event" && c.eventId === eventId));
    expect(received).toHaveLength(1);
    stop();
  });

  it("forgets a subscriber once it unsubscribes", async () => {
    const order = await insertTestOrder();
    const before = liveSubscriberCount();
    const received: OrderChange[] = [];
    const stop = await subscribeToOrderChanges(order.id, (change) => received.push(change));
    expect(liveSubscriberCount(order.id)).toBe(1);
    stop();
    stop();
    expect(liveSubscriberCount(order.id)).toBe(0);
    expect(liveSubscriberCount()).toBe(before);
    await appendOrderEvent(db(), { orderId: order.id, type: "order.note", actor: { kind: "system" } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toEqual([]);
  });

  it("keeps one LISTEN for the whole process, however many subscribers", async () => {
    const orders = await Promise.all([insertTestOrder(), insertTestOrder(), insertTestOrder()]);
    const stops = await Promise.all(orders.flatMap((order) => [1, 2].map(() => subscribeToOrderChanges(order.id, () => {}))));
    if (database().kind === "postgres") {
      const listeners = await sql<{ count: number }>`
        SELECT count(*)::int AS count FROM pg_stat_activity
        WHERE datname = current_database() AND query ILIKE 'LISTEN%'`.execute(db());
      expect(listeners.rows[0]?.count).toBe(1);
    }
    for (const stop of stops) stop();
  });

  it.runIf(!!process.env.TEST_DATABASE_URL)("listens again on a fresh connection when the listener connection dies, and resyncs", async () => {
    setLiveEventTimings({ probeEveryMs: 200, probeTimeoutMs: 300, retryMinMs: 50 });
    stopLiveEvents();
    const order = await insertTestOrder();
    const received: OrderChange[] = [];
    const stop = await subscribeToOrderChanges(order.id, (change) => received.push(change));
    const warn = console.warn;
    console.warn = () => {};
    try {
      const killed = await sql<{ killed: boolean }>`
        SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`.execute(db());
      expect(killed.rows.length).toBeGreaterThan(0);
      await waitFor(() => received.find((c) => c.kind === "resync"), 5_000);
      const eventId = await appendOrderEvent(db(), { orderId: order.id, type: "shipment.scan", actor: { kind: "carrier" } });
      await waitFor(() => received.find((c) => c.kind === "event" && c.eventId === eventId), 3_000);
    } finally {
      console.warn = warn;
      stop();
      setLiveEventTimings({ probeEveryMs: 10_000, probeTimeoutMs: 5_000, retryMinMs: 500 });
    }
  });
});
