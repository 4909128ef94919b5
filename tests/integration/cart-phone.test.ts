import { describe, expect, it } from "vitest";
import { action, loader } from "~/routes/cart";
import { shippingConfig } from "~/services/checkout.server";
import { db } from "~/utils/db.server";
import { formatFen } from "~/utils/money";
import { formRequest, getRequest, testContext } from "../support/auth";
import { createTestVariant } from "../support/checkout";

// The phone cart: quantities changed in place, removal with undo (with and without scripts),
// a refused quantity that leaves the cart as it was, and the free-shipping gap.

async function post(form: Record<string, string>, options: { cookie?: string; document?: boolean } = {}) {
  const request = await formRequest("/cart", { form, cookie: options.cookie, headers: options.document ? { Accept: "text/html", "Sec-Fetch-Dest": "document" } : {} });
  const response = (await action({ request, params: {}, context: testContext })) as Response;
  const setCookie = response.headers.get("Set-Cookie");
  return { response, cookie: setCookie ? setCookie.split(";")[0]! : options.cookie, body: response.headers.get("Content-Type")?.includes("json") ? await response.json() : null };
}

async function cartOf(cookie: string | undefined, path = "/cart") {
  const response = (await loader({ request: await getRequest(path, { cookie }), params: {}, context: testContext })) as Response;
  return response.json();
}

type Line = { variantId: number; quantity: number; lineTotalFen: number };
const summary = (cart: { lines: Line[] }) => cart.lines.map((line) => [line.variantId, line.quantity, line.lineTotalFen]);

describe("the phone cart", () => {
  it("changes a quantity in place and the line total and subtotal follow", async () => {
    const variant = await createTestVariant(db(), { stock: 20, priceFen: 1280 });
    const { cookie } = await post({ intent: "add", variantId: String(variant.id), quantity: "1" });
    // What the + button sends: the next quantity.
    const up = await post({ intent: "update", variantId: String(variant.id), quantity: "2" }, { cookie });
    expect(up.response.status).toBe(200);
    expect(up.body).toMatchObject({ ok: true, intent: "update", cartCount: 2 });
    const cart = await cartOf(cookie);
    expect(summary(cart)).toEqual([[variant.id, 2, 2560]]);
    expect(cart.subtotalFen).toBe(2560);
    // Sizes and names are shown, never the SKU code.
    expect(cart.lines[0]).toMatchObject({ labelZh: "5斤装", labelEn: "2.5 kg box" });
    expect(cart.lines[0].picture).toMatchObject({ kind: "illustration", alt: "" });
    expect(JSON.stringify(cart)).not.toMatch(/TEST-[0-9A-F]{8}/);
    expect(cart.lines[0]).not.toHaveProperty("sku");
  });

  it.each(["0", "", "abc", "2.5", "1000", "-3"])("refuses the quantity %j with a clear message and keeps the cart", async (quantity) => {
    const variant = await createTestVariant(db(), { stock: 20 });
    const { cookie } = await post({ intent: "add", variantId: String(variant.id), quantity: "3" });
    const refused = await post({ intent: "update", variantId: String(variant.id), quantity }, { cookie });
    expect(refused.response.status).toBe(400);
    expect(refused.body).toMatchObject({ ok: false, code: "quantity", error: "请输入 1 到 999 之间的整数。" });
    expect(summary(await cartOf(cookie))).toEqual([[variant.id, 3, 7500]]);
  });

  it("removes a line and undo puts it back exactly: quantity, total and its place in the cart", async () => {
    const first = await createTestVariant(db(), { stock: 20, priceFen: 1000 });
    const middle = await createTestVariant(db(), { stock: 20, priceFen: 2000 });
    const last = await createTestVariant(db(), { stock: 20, priceFen: 3000 });
    const { cookie } = await post({ intent: "add", variantId: String(first.id), quantity: "1" });
    await post({ intent: "add", variantId: String(middle.id), quantity: "4" }, { cookie });
    await post({ intent: "add", variantId: String(last.id), quantity: "2" }, { cookie });
    const before = await cartOf(cookie);

    const removed = await post({ intent: "remove", variantId: String(middle.id) }, { cookie });
    expect(removed.body).toMatchObject({ ok: true, intent: "remove", cartCount: 3, undo: { quantity: 4, label: "5斤装" } });
    expect(removed.body.undo.name).toMatch(/^测试脐橙 /);
    expect(summary(await cartOf(cookie))).toEqual([[first.id, 1, 1000], [last.id, 2, 6000]]);

    const restored = await post({ intent: "restore", undo: removed.body.undo.token }, { cookie });
    expect(restored.body).toMatchObject({ ok: true, intent: "restore", cartCount: 7 });
    const after = await cartOf(cookie);
    expect(summary(after)).toEqual(summary(before));
    expect(after.subtotalFen).toBe(before.subtotalFen);

    // A second tap (or another tab) does not double it.
    await post({ intent: "restore", undo: removed.body.undo.token }, { cookie });
    expect(summary(await cartOf(cookie))).toEqual(summary(before));
  });

  it("without scripts: the removal redirects to an undo form, which puts the line back", async () => {
    const variant = await createTestVariant(db(), { stock: 20 });
    const { cookie } = await post({ intent: "add", variantId: String(variant.id), quantity: "5" });
    const removed = await post({ intent: "remove", variantId: String(variant.id) }, { cookie, document: true });
    expect(removed.response.status).toBe(303);
    const location = removed.response.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/cart\\?undo=${variant.id}\\.5\\.\\d+$`));
    const page = await cartOf(cookie, location);
    expect(page.lines).toEqual([]);
    expect(page.undo).toMatchObject({ quantity: 5, label: "5斤装", token: new URL(location, "http://x").searchParams.get("undo") });

    const restored = await post({ intent: "restore", undo: page.undo.token }, { cookie, document: true });
    expect(restored.response.status).toBe(303);
    expect(restored.response.headers.get("Location")).toBe("/cart");
    const cart = await cartOf(cookie, location);
    expect(summary(cart)).toEqual([[variant.id, 5, 12500]]);
    // The line is back, so the same URL no longer offers to undo.
    expect(cart.undo).toBeNull();
  });

  it("refuses a forged or stale undo with a message, and checks a restore like any change", async () => {
    const variant = await createTestVariant(db(), { stock: 3 });
    const { cookie } = await post({ intent: "add", variantId: String(variant.id), quantity: "2" });
    for (const token of ["", "abc", `${variant.id}.0.1`, `${variant.id}.5000.1`]) {
      const forged = await post({ intent: "restore", undo: token }, { cookie });
      expect(forged.response.status).toBe(400);
      expect(forged.body).toMatchObject({ ok: false, code: "undo" });
    }
    // More than can be sold: refused, nothing written.
    const greedy = await post({ intent: "restore", undo: `${variant.id}.9.1` }, { cookie: (await post({ intent: "add", variantId: String((await createTestVariant(db())).id), quantity: "1" })).cookie });
    expect(greedy.body).toMatchObject({ ok: false, code: "insufficient_stock", available: 3 });
    // No cart at all: nothing to restore into.
    const stranger = await post({ intent: "restore", undo: `${variant.id}.1.1` });
    expect(stranger.body).toMatchObject({ ok: false, code: "not_in_cart" });
    // A made-up URL token for a variant that does not exist offers nothing.
    expect((await cartOf(cookie, "/cart?undo=99999999.2.1")).undo).toBeNull();
    expect((await cartOf(cookie, "/cart?undo=<script>")).undo).toBeNull();
  });

  it("says how much more makes shipping free, by the checkout's threshold", async () => {
    const threshold = shippingConfig().freeStandardFromFen!;
    expect(threshold).toBe(9900);
    const variant = await createTestVariant(db(), { stock: 20, priceFen: 2900 });
    const { cookie } = await post({ intent: "add", variantId: String(variant.id), quantity: "3" });
    const short = await cartOf(cookie);
    expect(short.freeShipping).toEqual({ kind: "short", gapFen: 1200, thresholdFen: 9900 });
    expect(formatFen(short.freeShipping.gapFen)).toBe("¥12.00");

    await post({ intent: "update", variantId: String(variant.id), quantity: "4" }, { cookie });
    expect((await cartOf(cookie)).freeShipping).toEqual({ kind: "free", thresholdFen: 9900 });

    const chilled = await createTestVariant(db(), { stock: 5, priceFen: 500, temperatureClass: "chilled" });
    await post({ intent: "add", variantId: String(chilled.id), quantity: "1" }, { cookie });
    expect((await cartOf(cookie)).freeShipping).toEqual({ kind: "cold_chain" });
  });
});
