import { beforeAll, describe, expect, it } from "vitest";
import { createBatch, createProduct } from "~/seed/factories.server";
import { allocateBatchesForOrderItems } from "~/models/batch.server";
import { action as batchesAction, loader as batchesLoader } from "~/routes/coop.batches";
import { loader as qrPngLoader } from "~/routes/coop.batches.$code.qr[.]png";
import { loader as qrSvgLoader } from "~/routes/coop.batches.$code.qr[.]svg";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { body, FENGJIE, fengjieId, insertOrder, load, navelOrange, post, tableCounts, WUSHAN } from "./coop-support";

let orangeId: number;
const today = chinaToday();

beforeAll(async () => {
  orangeId = (await navelOrange()).id;
});

function batchForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    product_id: String(orangeId),
    harvested_on: addDays(today, -3),
    packed_on: addDays(today, -2),
    best_before: addDays(today, 40),
    quantity: "180",
    plot_zh: "白帝镇 3 号果园",
    household_zh: "陈家",
    ...overrides,
  };
}

describe("recording a harvest batch", () => {
  it("gives it a unique public code from the product's SKU prefix and the harvest day", async () => {
    const response = await post(batchesAction, "/coop/batches", FENGJIE, batchForm());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!, "http://x");
    const code = location.searchParams.get("code")!;
    expect(location.searchParams.get("notice")).toBe("batchCreated");
    expect(code).toMatch(new RegExp(`^FJ-${addDays(today, -3).slice(2).replaceAll("-", "")}-[2-9A-HJ-NP-Z]{4}$`));
    expect(code).toMatch(/^[A-Z0-9-]{6,40}$/);
    const batch = await db().selectFrom("batches").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ product_id: orangeId, quantity: 180, plot_zh: "白帝镇 3 号果园", plot_en: "", household_zh: "陈家", household_en: "", best_before: addDays(today, 40) });

    const page = await body<{ batches: { code: string }[]; products: { id: number }[] }>(await load(batchesLoader, "/coop/batches", FENGJIE));
    expect(page.batches.map((b) => b.code)).toContain(code);
    expect(page.products.map((p) => p.id)).toContain(orangeId);
    const theirs = await body<{ batches: { code: string }[]; products: { id: number }[] }>(await load(batchesLoader, "/coop/batches", WUSHAN));
    expect(theirs.batches.map((b) => b.code)).not.toContain(code);
    expect(theirs.products.map((p) => p.id)).not.toContain(orangeId);
  });

  it("validates the order of dates and the quantity, keeping what was typed", async () => {
    const before = await tableCounts();
    for (const [overrides, field, error] of [
      [{ packed_on: addDays(today, -5) }, "packed_on", "packedBeforeHarvest"],
      [{ best_before: addDays(today, -3) }, "best_before", "bestBeforeBeforePacked"],
      [{ harvested_on: addDays(today, 2), packed_on: addDays(today, 2) }, "harvested_on", "harvestInFuture"],
      [{ quantity: "0" }, "quantity", "numberTooSmall"],
      [{ quantity: "-4" }, "quantity", "wholeNumber"],
      [{ quantity: "2.5" }, "quantity", "wholeNumber"],
      [{ harvested_on: "2026-13-01" }, "harvested_on", "dateFormat"],
    ] as const) {
      const form = batchForm(overrides);
      const response = await post(batchesAction, "/coop/batches", FENGJIE, form);
      expect(response.status, field).toBe(400);
      const data = await body<{ errors: Record<string, string>; values: Record<string, string> }>(response);
      expect(data.errors[field], JSON.stringify(overrides)).toBe(error);
      expect(data.values).toEqual(form);
    }
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses another cooperative's product in the form: not found, nothing written", async () => {
    const before = await tableCounts();
    const response = await post(batchesAction, "/coop/batches", WUSHAN, batchForm());
    expect(response.status).toBe(404);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("QR codes", () => {
  it("points to the public trace page, as SVG and as a printable PNG, for the batch's own cooperative only", async () => {
    const batch = await createBatch(db(), { product_id: orangeId, code: "FJ-261101-QRQR" });
    const svg = await load(qrSvgLoader, `/coop/batches/${batch.code}/qr.svg`, FENGJIE, { code: batch.code });
    expect(svg.status).toBe(200);
    expect(svg.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    const text = await svg.text();
    expect(text).toMatch(/^<svg/);
    expect(text).not.toMatch(/<script|onload/i);

    const png = await load(qrPngLoader, `/coop/batches/${batch.code}/qr.png`, FENGJIE, { code: batch.code });
    expect(png.status).toBe(200);
    expect(png.headers.get("Content-Type")).toBe("image/png");
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");

    // What the QR encodes: decode is out of scope, but the same function makes the URL.
    const { traceUrl } = await import("~/utils/qr.server");
    expect(traceUrl(batch.code)).toMatch(new RegExp(`/trace/${batch.code}$`));

    for (const loader of [qrSvgLoader, qrPngLoader]) {
      expect((await load(loader, `/coop/batches/${batch.code}/qr`, WUSHAN, { code: batch.code })).status).toBe(404);
      expect((await load(loader, "/coop/batches/x/qr", FENGJIE, { code: "../../x" })).status).toBe(404);
      expect((await load(loader, "/coop/batches/x/qr", FENGJIE, { code: "NO-SUCH-CODE" })).status).toBe(404);
    }
  });
});

describe("allocating batches to order lines", () => {
  it("takes the earliest best-before that is not past and has room, and never a past one", async () => {
    const product = await createProduct(db(), { cooperative_id: await fengjieId(), variants: [{ stock_on_hand: 500 }] });
    const variantId = product.variants[0]!.id;
    const past = await createBatch(db(), { product_id: product.id, harvested_on: addDays(today, -60), packed_on: addDays(today, -59), best_before: addDays(today, -1), quantity: 100 });
    const small = await createBatch(db(), { product_id: product.id, harvested_on: addDays(today, -20), packed_on: addDays(today, -19), best_before: addDays(today, 5), quantity: 3 });
    const later = await createBatch(db(), { product_id: product.id, harvested_on: addDays(today, -5), packed_on: addDays(today, -4), best_before: addDays(today, 30), quantity: 50 });
    const newest = await createBatch(db(), { product_id: product.id, harvested_on: addDays(today, -2), packed_on: addDays(today, -1), best_before: addDays(today, 60), quantity: 50 });

    const first = await insertOrder({ lines: [{ variantId, quantity: 2 }] });
    let allocations = await db().transaction().execute((trx) => allocateBatchesForOrderItems(trx, { orderId: first.id }));
    expect(allocations.map((a) => a.batchId)).toEqual([small.id]);

    // Only one left in the small batch: a line of 4 goes to the next one.
    const second = await insertOrder({ lines: [{ variantId, quantity: 4 }] });
    allocations = await db().transaction().execute((trx) => allocateBatchesForOrderItems(trx, { orderId: second.id }));
    expect(allocations.map((a) => a.batchId)).toEqual([later.id]);

    // Already allocated lines are left alone.
    allocations = await db().transaction().execute((trx) => allocateBatchesForOrderItems(trx, { orderId: second.id }));
    expect(allocations).toEqual([]);
    const items = await db().selectFrom("order_items").select(["order_id", "batch_id"]).where("order_id", "in", [first.id, second.id]).execute();
    expect(items.map((i) => i.batch_id)).not.toContain(past.id);
    expect(newest.id).toBeGreaterThan(later.id);
  });

  it("leaves a line without a batch when every batch is past its date", async () => {
    const product = await createProduct(db(), { cooperative_id: await fengjieId() });
    await createBatch(db(), { product_id: product.id, harvested_on: addDays(today, -90), packed_on: addDays(today, -89), best_before: addDays(today, -30) });
    const order = await insertOrder({ lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] });
    const allocations = await db().transaction().execute((trx) => allocateBatchesForOrderItems(trx, { orderId: order.id }));
    expect(allocations).toEqual([]);
    const item = await db().selectFrom("order_items").select("batch_id").where("order_id", "=", order.id).executeTakeFirstOrThrow();
    expect(item.batch_id).toBeNull();
  });
});
