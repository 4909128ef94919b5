import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShipment } from "~/services/fulfilment.server";
import { stopLiveEvents, subscribeToOrderChanges, type OrderChange } from "~/services/live-events.server";
import { recordCarrierPush, type Kuaidi100Push } from "~/services/tracking.server";
import { db } from "~/utils/db.server";
import { createProductFixture, createUserWithRole, insertOrder, type ProductFixture } from "../support/staff";

// A carrier push repeats a parcel's whole history; whatever it changes on the order's
// timeline (new scans, the shipment's status, the order's status) wakes listeners once.

let fixture: ProductFixture;
let staffId: number;

beforeAll(async () => {
  fixture = await createProductFixture(db(), { variants: 1 });
  staffId = (await createUserWithRole(db(), "staff")).id;
});

afterAll(() => stopLiveEvents());

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor<T>(check: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(10);
  }
}

describe("carrier pushes and live order pages", () => {
  it("announces one push once, with the newest of the events it appended", async () => {
    const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 1 }] });
    const trackingNumber = `SF${String(8_000_000_000_000 + order.id)}`;
    await createShipment(db(), {
      orderId: order.id,
      carrier: "sf",
      trackingNumber,
      lines: [{ orderItemId: order.items[0]!.id, quantity: 1 }],
      actor: { kind: "staff", userId: staffId },
    });

    const received: OrderChange[] = [];
    const stop = await subscribeToOrderChanges(order.id, (change) => received.push(change));
    const push: Kuaidi100Push = {
      lastResult: {
        com: "shunfeng",
        nu: trackingNumber,
        state: "3",
        data: [
          { context: "已签收", ftime: "2026-03-05 09:00:00" },
          { context: "派件中", ftime: "2026-03-04 18:00:00" },
          { context: "运输中", ftime: "2026-03-04 10:00:00" },
          { context: "已揽收", ftime: "2026-03-03 16:00:00" },
        ],
      },
    };
    const outcome = await recordCarrierPush(db(), push);
    expect(outcome).toMatchObject({ kind: "recorded", added: 4, status: "delivered", changed: true });

    const appended = await db()
      .selectFrom("order_events")
      .select(["id", "type"])
      .where("order_id", "=", order.id)
      .where("type", "in", ["shipment.scan", "shipment.status", "order.delivered"])
      .orderBy("id")
      .execute();
    // Four scans, the parcel's status and the order's: six events, one announcement.
    expect(appended.map((event) => event.type)).toEqual(["shipment.scan", "shipment.scan", "shipment.scan", "shipment.scan", "shipment.status", "order.delivered"]);
    const change = await waitFor(() => received[0]);
    expect(change).toEqual({ kind: "event", orderId: order.id, eventId: Number(appended.at(-1)!.id) });
    await sleep(300);
    expect(received).toHaveLength(1);

    // The same push again adds nothing and says nothing.
    await recordCarrierPush(db(), push);
    await sleep(300);
    expect(received).toHaveLength(1);
    stop();
  });
});
