import { describe, expect, it } from "vitest";
import { readCartLines } from "~/models/cart.server";
import { reorderIntoCart } from "~/services/reorder.server";
import { db } from "~/utils/db.server";
import { insertTestOrder, insertTestProduct } from "../support/after-purchase";
import { createTestUser } from "../support/auth";

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
