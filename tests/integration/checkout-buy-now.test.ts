import { describe, expect, it } from "vitest";
import { readCartLines } from "~/models/cart.server";
import { action as cartAction } from "~/routes/cart";
import { action as buyNowAction } from "~/routes/cart.buy-now";
import { action, loader } from "~/routes/checkout";
import { findShopperCart } from "~/services/checkout.server";
import { sweepExpiredReservations } from "~/services/reservation-sweeper.server";
import { db } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, settle, testContext } from "../support/auth";
import { createTestVariant, payTestOrder, testCheckoutDetails } from "../support/checkout";

// 立即购买 checks out one line and leaves the shopper's cart as it was, before and after the
// order is paid; the checkout key stays bound to the shopper; the normal checkout is the same.

type Json = any;

/** Who is asking: a guest's cart cookie, or a signed-in shopper's e-mail. */
interface Who {
  cookie?: string;
  email?: string;
}

const cookieOf = (response: Response, fallback?: string) => response.headers.get("Set-Cookie")?.split(";")[0] ?? fallback;

async function addToCart(who: Who, variantId: number, quantity: number): Promise<Who> {
  const request = await formRequest("/cart", { ...who, form: { intent: "add", variantId: String(variantId), quantity: String(quantity) } });
  const response = await settle(cartAction({ request, params: {}, context: testContext }));
  expect(response.status).toBe(200);
  return { ...who, cookie: cookieOf(response, who.cookie) };
}

async function cartOf(who: Who): Promise<Array<[number, number]>> {
  const { cartId } = await findShopperCart(db(), await getRequest("/cart", who));
  return cartId ? (await readCartLines(db(), { cartId })).map((line) => [line.variantId, line.quantity]) : [];
}

/** 立即购买 from the product page: where it sends the shopper. */
async function buyNow(who: Who, variantId: number, quantity: number): Promise<string> {
  const request = await formRequest("/cart/buy-now", { ...who, form: { variantId: String(variantId), quantity: String(quantity), redirectTo: "/products/x" } });
  const response = await settle(buyNowAction({ request, params: {}, context: testContext }));
  expect(response.status).toBe(303);
  return response.headers.get("Location")!;
}

async function checkoutPage(path: string, who: Who) {
  return settle(loader({ request: await getRequest(path, who), params: {}, context: testContext }));
}

/** The form as the page renders it: its hidden fields, the typed details and the place button. */
async function pageForm(path: string, who: Who, details = testCheckoutDetails()): Promise<Record<string, string>> {
  const data: Json = await (await checkoutPage(path, who)).json();
  const typed = Object.fromEntries(Object.entries(details).map(([key, value]) => [key, value ?? ""]));
  return { intent: "place", ...typed, checkoutKey: data.values.checkoutKey, ...(data.buyNow?.hiddenFields ?? {}) };
}

async function submit(path: string, who: Who, form: Record<string, string>) {
  const request = await formRequest(path, { ...who, form });
  return settle(action({ request, params: {}, context: testContext }));
}

async function orderByKey(checkoutKey: string) {
  const order = await db().selectFrom("orders").selectAll().where("checkout_key", "=", checkoutKey).executeTakeFirstOrThrow();
  const items = await db().selectFrom("order_items").select(["variant_id", "quantity", "unit_price_fen"]).where("order_id", "=", order.id).execute();
  return { order, items };
}

const ordersOf = async (variantId: number) =>
  db().selectFrom("order_items").select("order_id").where("variant_id", "=", variantId).execute();

const stockOf = (variantId: number) =>
  db().selectFrom("variants").select(["stock_on_hand", "stock_reserved"]).where("id", "=", variantId).executeTakeFirstOrThrow();

describe("立即购买's checkout", () => {
  it("shows only that line, orders only it, and leaves a guest's cart as it was before and after paying", async () => {
    const kept = await createTestVariant(db(), { stock: 10 });
    const bought = await createTestVariant(db(), { stock: 10, priceFen: 3000 });
    let guest = await addToCart({}, kept.id, 1);
    guest = await addToCart(guest, bought.id, 2);
    const path = await buyNow(guest, bought.id, 3);

    const data: Json = await (await checkoutPage(path, guest)).json();
    expect(data.lines.map((line: Json) => [line.variantId, line.quantity, line.lineTotalFen])).toEqual([[bought.id, 3, 9000]]);
    expect(data.metaTitle).toBe("立即购买 · 山水集市");
    expect(data.buyNow).toMatchObject({ query: `buy=${bought.id}&quantity=3`, hiddenFields: { seenPriceFen: "3000" } });

    const form = await pageForm(path, guest);
    const placed = await submit(path, guest, form);
    expect(placed.status).toBe(303);
    expect(placed.headers.get("Location")).toMatch(/^\/pay\/dev\/\d+\?/);
    const { order, items } = await orderByKey(form.checkoutKey!);
    expect(items).toEqual([{ variant_id: bought.id, quantity: 3, unit_price_fen: 3000 }]);
    expect(order.subtotal_fen).toBe(9000);
    const { cartId } = await findShopperCart(db(), await getRequest("/cart", guest));
    expect(order.cart_id).not.toBe(cartId);
    expect(await stockOf(bought.id)).toEqual({ stock_on_hand: 10, stock_reserved: 3 });
    expect(await cartOf(guest)).toEqual([
      [kept.id, 1],
      [bought.id, 2],
    ]);

    await payTestOrder(db(), { orderId: order.id });
    expect(await stockOf(bought.id)).toEqual({ stock_on_hand: 7, stock_reserved: 0 });
    expect(await cartOf(guest)).toEqual([
      [kept.id, 1],
      [bought.id, 2],
    ]);
    // The normal checkout still checks out the whole cart.
    expect((await (await checkoutPage("/checkout", guest)).json()).lines).toHaveLength(2);
  });

  it("makes one order of a form submitted twice, even at the same moment", async () => {
    const variant = await createTestVariant(db(), { stock: 3 });
    const guest = await addToCart({}, (await createTestVariant(db())).id, 1);
    const path = await buyNow(guest, variant.id, 3);
    const form = await pageForm(path, guest);
    const [a, b] = await Promise.all([submit(path, guest, form), submit(path, guest, form)]);
    // All the stock is now held by the first order: the third submission still finds it.
    const c = await submit(path, guest, form);
    expect([a.status, b.status, c.status]).toEqual([303, 303, 303]);
    expect(new Set([a, b, c].map((response) => response.headers.get("Location"))).size).toBe(1);
    expect(await ordersOf(variant.id)).toHaveLength(1);
    expect((await stockOf(variant.id)).stock_reserved).toBe(3);
  });

  it("works for a signed-in shopper, whose key nobody else can replay", async () => {
    const shopper = await createTestUser();
    const kept = await createTestVariant(db(), { stock: 10 });
    const bought = await createTestVariant(db(), { stock: 10 });
    const me = await addToCart({ email: shopper.email }, kept.id, 2);
    const path = await buyNow(me, bought.id, 1);
    const form = await pageForm(path, me, testCheckoutDetails({ name: "受害人乙", street: "秘密路 9 号" }));
    const placed = await submit(path, me, form);
    expect(placed.status).toBe(303);
    const { order, items } = await orderByKey(form.checkoutKey!);
    expect(order.user_id).toBe(shopper.id);
    expect(items.map((item) => [item.variant_id, item.quantity])).toEqual([[bought.id, 1]]);
    expect((await submit(path, me, form)).headers.get("Location")).toBe(placed.headers.get("Location"));

    // Another shopper, a guest, and the same shopper's own cart checkout: refused, told nothing.
    const other = await createTestUser();
    const guest = await addToCart({}, kept.id, 1);
    for (const [who, where] of [
      [{ email: other.email }, path],
      [guest, path],
      [me, "/checkout"],
    ] as const) {
      const replay = await submit(where, who, { ...form, name: "Mallory", street: "别处路 1 号" });
      expect(replay.status).toBe(400);
      const body = await replay.text();
      for (const secret of [order.number, order.access_token, "受害人乙", "秘密路"]) expect(body).not.toContain(secret);
      expect(JSON.parse(body).formError).toEqual({ key: "errors.checkoutKey" });
    }
    expect(await ordersOf(bought.id)).toHaveLength(1);

    await payTestOrder(db(), { orderId: order.id });
    expect(await cartOf(me)).toEqual([[kept.id, 2]]);
  });

  it("gives a guest without a cart one to name the order by, and finds the order again with it", async () => {
    const variant = await createTestVariant(db(), { stock: 5 });
    const path = await buyNow({}, variant.id, 2);
    const form = await pageForm(path, {});
    const placed = await submit(path, {}, form);
    expect(placed.status).toBe(303);
    const cookie = cookieOf(placed);
    expect(cookie).toMatch(/shanshui_cart=/);
    expect(await cartOf({ cookie })).toEqual([]);
    expect((await submit(path, { cookie }, form)).headers.get("Location")).toBe(placed.headers.get("Location"));
    // Without the cookie it is someone else.
    expect((await submit(path, {}, form)).status).toBe(400);
    expect(await ordersOf(variant.id)).toHaveLength(1);
  });

  it("never buys at a price the page did not show: a changed price is refused once, then shown", async () => {
    const variant = await createTestVariant(db(), { stock: 5, priceFen: 2000 });
    const guest = await addToCart({}, variant.id, 1);
    const path = await buyNow(guest, variant.id, 1);
    const stale = await pageForm(path, guest);
    await db().updateTable("variants").set({ price_fen: 2600 }).where("id", "=", variant.id).execute();

    const refused = await submit(path, guest, stale);
    expect(refused.status).toBe(400);
    expect((await refused.json()).formError).toMatchObject({ key: "errors.price_changed", items: expect.stringContaining("5斤装") });
    // An older, lower price sent by hand is refused just the same.
    expect((await submit(path, guest, { ...stale, seenPriceFen: "1000" })).status).toBe(400);
    // A form that does not say what price it showed starts again from the page.
    const { seenPriceFen: _dropped, ...withoutPrice } = stale;
    const restart = await submit(path, guest, withoutPrice);
    expect(restart.status).toBe(302);
    expect(restart.headers.get("Location")).toBe(path);
    expect(await ordersOf(variant.id)).toHaveLength(0);

    const fresh = await pageForm(path, guest);
    expect(fresh.seenPriceFen).toBe("2600");
    expect((await submit(path, guest, fresh)).status).toBe(303);
    expect((await orderByKey(fresh.checkoutKey!)).items).toEqual([{ variant_id: variant.id, quantity: 1, unit_price_fen: 2600 }]);
    expect(await cartOf(guest)).toEqual([[variant.id, 1]]);
  });

  it("sends a line that can no longer be bought back to its product page, saying why", async () => {
    const variant = await createTestVariant(db(), { stock: 2 });
    const { slug } = await db().selectFrom("products").select("slug").where("id", "=", variant.productId).executeTakeFirstOrThrow();
    const path = await buyNow({}, variant.id, 2);
    await db().updateTable("variants").set({ stock_on_hand: 1 }).where("id", "=", variant.id).execute();
    const fewer = await checkoutPage(path, {});
    expect(fewer.headers.get("Location")).toBe(`/products/${slug}?variant=${variant.sku}&buy=insufficient_stock`);
    await db().updateTable("variants").set({ stock_on_hand: 0 }).where("id", "=", variant.id).execute();
    expect((await checkoutPage(path, {})).headers.get("Location")).toBe(`/products/${slug}?variant=${variant.sku}&buy=insufficient_stock_none`);
    await db().updateTable("variants").set({ active: false, stock_on_hand: 5 }).where("id", "=", variant.id).execute();
    expect((await checkoutPage(path, {})).headers.get("Location")).toBe(`/products/${slug}?variant=${variant.sku}&buy=unavailable`);
    expect((await checkoutPage("/checkout?buy=987654321&quantity=1", {})).headers.get("Location")).toBe("/products?buy=unavailable");
    for (const bad of ["/checkout?buy=abc&quantity=1", `/checkout?buy=${variant.id}&quantity=0`, `/checkout?buy=${variant.id}`]) {
      expect((await checkoutPage(bad, {})).headers.get("Location")).toBe("/products");
    }
  });

  it("holds stock only for a placed order, and an abandoned one lets it go when its hold expires", async () => {
    const variant = await createTestVariant(db(), { stock: 4 });
    const guest = await addToCart({}, variant.id, 1);
    const path = await buyNow(guest, variant.id, 4);
    // Opening the checkout holds nothing.
    await pageForm(path, guest);
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 4, stock_reserved: 0 });
    const form = await pageForm(path, guest);
    expect((await submit(path, guest, form)).status).toBe(303);
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 4, stock_reserved: 4 });

    const { order } = await orderByKey(form.checkoutKey!);
    await sweepExpiredReservations(db(), { now: new Date(Date.now() + 24 * 60 * 60_000) });
    expect(await stockOf(variant.id)).toEqual({ stock_on_hand: 4, stock_reserved: 0 });
    const holds = await db().selectFrom("stock_reservations").select("status").where("order_id", "=", order.id).execute();
    expect(holds.map((hold) => hold.status)).toEqual(["released"]);
    expect(await cartOf(guest)).toEqual([[variant.id, 1]]);
  });
});
