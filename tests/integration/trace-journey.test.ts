import { beforeAll, describe, expect, it } from "vitest";
import { loader as orderPageLoader } from "~/routes/orders.$number";
import { loader } from "~/routes/trace.$code";
import { createShipment } from "~/services/fulfilment.server";
import { recordCarrierPush, kuaidi100PushSchema } from "~/services/tracking.server";
import { db } from "~/utils/db.server";
import { createTestUser, getRequest, settle, testContext } from "../support/auth";
import { placePaidTestOrder } from "../support/checkout";
import { createBatch, createProductFixture } from "../support/staff";
import { beijingTime } from "../support/after-purchase";

const trace = (code: string, search: string, email?: string) =>
  settle(async () => loader({ request: await getRequest(`/trace/${code}${search}`, { email }), params: { code }, context: testContext }));

let owner: { id: number; email: string };
let shipped: { number: string; accessToken: string; id: number };
let unshipped: { number: string; accessToken: string };
let batchCode: string;
let otherBatchCode: string;

beforeAll(async () => {
  owner = await createTestUser();
  const fixture = await createProductFixture(db(), { variants: 1, stock: 50 });
  const other = await createProductFixture(db(), { variants: 1, stock: 50 });
  batchCode = (await createBatch(db(), { productId: fixture.product.id, bestBeforeInDays: 20 })).code;
  otherBatchCode = (await createBatch(db(), { productId: other.product.id, bestBeforeInDays: 20 })).code;

  shipped = await placePaidTestOrder(db(), { userId: owner.id, lines: [{ variantId: fixture.variants[0]!.id, quantity: 2 }] });
  const item = await db().selectFrom("order_items").select(["id", "quantity"]).where("order_id", "=", shipped.id).executeTakeFirstOrThrow();
  const trackingNumber = `SF${String(3_000_000_000_000 + shipped.id)}`;
  await createShipment(db(), { orderId: shipped.id, carrier: "sf", trackingNumber, lines: [{ orderItemId: item.id, quantity: item.quantity }], actor: { kind: "staff" } });
  const push = kuaidi100PushSchema.parse({
    lastResult: {
      com: "shunfeng",
      nu: trackingNumber,
      state: "0",
      data: [
        { context: "快件到达【重庆江北集散中心】", time: beijingTime(-5), areaName: "重庆市江北区" },
        { context: "顺丰速运已收取快件", time: beijingTime(-90), areaName: "重庆市奉节县" },
      ],
    },
  });
  await recordCarrierPush(db(), push);

  unshipped = await placePaidTestOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 1 }] });
  // Staff allocate batches when packing; this one is packed but not handed to a carrier yet.
  const unshippedItem = await db().selectFrom("order_items").innerJoin("orders", "orders.id", "order_items.order_id").select("order_items.id").where("orders.number", "=", unshipped.number).executeTakeFirstOrThrow();
  const batch = await db().selectFrom("batches").select("id").where("code", "=", batchCode).executeTakeFirstOrThrow();
  await db().updateTable("order_items").set({ batch_id: batch.id }).where("id", "=", unshippedItem.id).execute();
});

describe("/trace/:code with an order link", () => {
  it("shows the parcel's journey to the holder of the order link, privately", async () => {
    const response = await trace(batchCode, `?order=${shipped.number}&token=${shipped.accessToken}&lang=en`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const data = await response.json();
    expect(data.batch.code).toBe(batchCode);
    expect(data.journey.number).toBe(shipped.number);
    expect(data.journey.orderPath).toBe(`/orders/${shipped.number}?token=${encodeURIComponent(shipped.accessToken)}`);
    expect(data.journey.shipments).toHaveLength(1);
    expect(data.journey.shipments[0]).toMatchObject({ carrierName: "SF Express", status: "in_transit" });
    expect(data.journey.shipments[0].scans.map((scan: { description: string }) => scan.description)).toEqual(["快件到达【重庆江北集散中心】", "顺丰速运已收取快件"]);
  });

  it("shows it to the order's owner signed in, without a token", async () => {
    const data = await (await trace(batchCode, `?order=${shipped.number}`, owner.email)).json();
    expect(data.journey?.shipments).toHaveLength(1);
  });

  it("says when the order has not left yet", async () => {
    const data = await (await trace(batchCode, `?order=${unshipped.number}&token=${unshipped.accessToken}`)).json();
    expect(data.journey).toMatchObject({ number: unshipped.number, shipments: [] });
  });

  it("stays the public page for a wrong token, another order's token, an order without the batch, or no order", async () => {
    for (const search of [
      `?order=${shipped.number}&token=${"x".repeat(shipped.accessToken.length)}`,
      `?order=${shipped.number}&token=${unshipped.accessToken}`,
      `?order=${shipped.number}`,
      `?order=SS000000000000&token=${shipped.accessToken}`,
      `?order=not-a-number&token=${shipped.accessToken}`,
      "",
    ]) {
      const response = await trace(batchCode, search);
      expect(response.status, search).toBe(200);
      const data = await response.json();
      expect(data.journey, search).toBeNull();
      // An order link is never answered from (or put into) the catalogue's shared cache.
      if (search) expect(response.headers.get("Cache-Control"), search).toBe("private, no-store");
      else expect(response.headers.get("Cache-Control")).toMatch(/^public/);
    }
    const otherBatch = await (await trace(otherBatchCode, `?order=${shipped.number}&token=${shipped.accessToken}`)).json();
    expect(otherBatch.journey).toBeNull();
  });

  it("is linked from the order page for each batch in the order", async () => {
    const response = await settle(async () =>
      orderPageLoader({ request: await getRequest(`/orders/${shipped.number}?token=${shipped.accessToken}`), params: { number: shipped.number }, context: testContext }),
    );
    const data = await response.json();
    expect(data.traceLinks).toEqual([
      expect.objectContaining({ code: batchCode, href: `/trace/${batchCode}?order=${shipped.number}&token=${encodeURIComponent(shipped.accessToken)}` }),
    ]);
  });
});
