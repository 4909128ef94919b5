import { describe, expect, it } from "vitest";
import { readCartLines } from "~/models/cart.server";
import { action as ordersAction, loader as ordersLoader } from "~/routes/account.orders";
import { reorderIntoCart } from "~/services/reorder.server";
import { db } from "~/utils/db.server";
import { insertTestOrder, insertTestProduct } from "../support/after-purchase";
import { createTestUser, formRequest, getRequest, settle, testContext } from "../support/auth";

describe("reorder", () => {
  it("puts what is still on sale into the cart, bounded by stock, and names what is not", async () => {
    const user = await createTestUser();
    const plenty = await insertTestProduct({ stock: 40, nameEn: "Plenty Orange" });
    const short = await insertTestProduct({ stock: 10, nameEn: "Short Plum" });
    const soldOut = await insertTestProduct({ stock: 10, nameEn: "Gone Pepper" });
    const archived = await insertTestProduct({ stock: 10, nameEn: "Old Pomelo" });
    const inactive = await insertTestProduct({ stock: 10, nameEn: "Retired Box" });
    const order = await insertTestOrder({
      userId: user.id,
      items: [
        { product: plenty, quantity: 2 },
        { product: short, quantity: 5 },
        { product: soldOut, quantity: 1 },
        { product: archived, quantity: 1 },
        { product: inactive, quantity: 1 },
      ],
    });
    // Since the order: one sold out (everything left is held by unpaid orders), one archived,
    // one variant withdrawn, one down to 3 sellable units.
    await db().updateTable("variants").set({ stock_on_hand: 4, stock_reserved: 4 }).where("id", "=", soldOut.variantId).execute();
    await db().updateTable("products").set({ status: "archived" }).where("id", "=", archived.productId).execute();
    await db().updateTable("variants").set({ active: false }).where("id", "=", inactive.variantId).execute();
    await db().updateTable("variants").set({ stock_on_hand: 5, stock_reserved: 2 }).where("id", "=", short.variantId).execute();

    const result = await reorderIntoCart(db(), { userId: user.id, orderId: order.id });
    if (!result) throw new Error("reorder refused");
    expect(result.added.map((line) => [line.nameEn, line.quantity, line.limited])).toEqual([
      [expect.stringContaining("Plenty Orange"), 2, false],
      [expect.stringContaining("Short Plum"), 3, true],
    ]);
    expect(result.unavailable.map((line) => [line.nameEn, line.reason])).toEqual([
      [expect.stringContaining("Gone Pepper"), "sold_out"],
      [expect.stringContaining("Old Pomelo"), "archived"],
      [expect.stringContaining("Retired Box"), "inactive"],
    ]);
    const cart = await readCartLines(db(), { cartId: result.cartId });
    expect(cart.map((line) => [line.variantId, line.quantity])).toEqual([
      [plenty.variantId, 2],
      [short.variantId, 3],
    ]);

    // Again: the cart keeps to the stock; nothing more of the short one fits.
    const again = await reorderIntoCart(db(), { userId: user.id, orderId: order.id });
    expect(again!.added.map((line) => [line.variantId, line.quantity])).toEqual([
      [plenty.variantId, 2],
      [short.variantId, 0],
    ]);
    const after = await readCartLines(db(), { cartId: result.cartId });
    expect(after.map((line) => [line.variantId, line.quantity])).toEqual([
      [plenty.variantId, 4],
      [short.variantId, 3],
    ]);
  });

  it("says a variant deleted from the catalogue is gone", async () => {
    const user = await createTestUser();
    const product = await insertTestProduct();
    const order = await insertTestOrder({ userId: user.id, items: [{ product, quantity: 1 }] });
    await db().deleteFrom("variants").where("id", "=", product.variantId).execute();
    const result = await reorderIntoCart(db(), { userId: user.id, orderId: order.id });
    expect(result!.added).toEqual([]);
    expect(result!.unavailable.map((line) => line.reason)).toEqual(["removed"]);
  });

  it("reorders only the user's own orders", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const order = await insertTestOrder({ userId: owner.id });
    expect(await reorderIntoCart(db(), { userId: other.id, orderId: order.id })).toBeNull();
    const guestOrder = await insertTestOrder({ userId: null });
    expect(await reorderIntoCart(db(), { userId: other.id, orderId: guestOrder.id })).toBeNull();
  });
});

describe("/account/orders", () => {
  it("lists the user's orders newest first, a page at a time, and only theirs", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const product = await insertTestProduct();
    const created = [];
    for (let i = 0; i < 23; i += 1) created.push(await insertTestOrder({ userId: user.id, items: [{ product, quantity: 1 + (i % 3) }] }));
    await insertTestOrder({ userId: other.id });
    // Spread them over time, oldest first.
    for (const [index, order] of created.entries()) {
      await db().updateTable("orders").set({ placed_at: new Date(Date.UTC(2026, 0, 1, 0, index)) }).where("id", "=", order.id).execute();
    }
    const first = await (await settle(async () => ordersLoader({ request: await getRequest("/account/orders", { email: user.email }), params: {}, context: testContext }))).json();
    expect(first.orders).toHaveLength(20);
    expect(first.orders[0].number).toBe(created[22]!.number);
    expect(first.orders[0]).toMatchObject({ status: "paid", itemCount: 1 + (22 % 3) });
    expect(first.next).toEqual(expect.any(String));
    const second = await (await settle(async () => ordersLoader({ request: await getRequest(`/account/orders?cursor=${first.next}`, { email: user.email }), params: {}, context: testContext }))).json();
    expect(second.orders.map((o: { number: string }) => o.number)).toEqual([created[2]!.number, created[1]!.number, created[0]!.number]);
    expect(second.next).toBeNull();
    const bad = await settle(async () => ordersLoader({ request: await getRequest("/account/orders?cursor=bm9wZQ", { email: user.email }), params: {}, context: testContext }));
    expect(bad.status).toBe(400);
  });

  it("buys an order again from the history, and says what could not be added", async () => {
    const user = await createTestUser();
    const fine = await insertTestProduct({ stock: 10, nameEn: "Fine Tea" });
    const archived = await insertTestProduct({ stock: 10, nameEn: "Archived Honey" });
    const order = await insertTestOrder({ userId: user.id, items: [{ product: fine, quantity: 2 }, { product: archived, quantity: 1 }] });
    await db().updateTable("products").set({ status: "archived" }).where("id", "=", archived.productId).execute();
    const response = await settle(async () => ordersAction({ request: await formRequest("/account/orders", { email: user.email, form: { intent: "reorder", orderId: String(order.id) } }), params: {}, context: testContext }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.reorder.added.map((line: { nameEn: string; quantity: number }) => [line.nameEn, line.quantity])).toEqual([[expect.stringContaining("Fine Tea"), 2]]);
    expect(data.reorder.unavailable.map((line: { reason: string }) => line.reason)).toEqual(["archived"]);

    const stranger = await createTestUser();
    const refused = await settle(async () => ordersAction({ request: await formRequest("/account/orders", { email: stranger.email, form: { intent: "reorder", orderId: String(order.id) } }), params: {}, context: testContext }));
    expect(refused.status).toBe(404);
    const bad = await settle(async () => ordersAction({ request: await formRequest("/account/orders", { email: user.email, form: { intent: "explode" } }), params: {}, context: testContext }));
    expect(bad.status).toBe(400);
  });
});
