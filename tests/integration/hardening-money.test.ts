import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { action as cartAction, loader as cartLoader } from "~/routes/cart";
import { action as checkoutAction, loader as checkoutLoader } from "~/routes/checkout";
import { MAX_LINE_TOTAL_FEN, MAX_ORDER_GOODS_FEN } from "~/utils/cart-limits";
import { readGuestCartId } from "~/utils/cart-cookie.server";
import { db } from "~/utils/db.server";
import { formRequest, getRequest, settle, testContext } from "../support/auth";
import { createTestVariant, testCheckoutDetails } from "../support/checkout";

const params = {};
const YUAN = 100;

async function cartPost(form: Record<string, string>, cookie?: string, headers: Record<string, string> = {}) {
  return settle(cartAction({ request: await formRequest("/cart", { form, cookie, headers }), params, context: testContext }));
}

/** A guest cart with one ¥1 line, then (behind the cart's back, as a cart from before a price rise would be) the line set to `quantity` of `variantId`. */
async function cartHolding(variantId: number, quantity: number, priceSeenFen: number) {
  const seed = await createTestVariant(db(), { priceFen: 100 });
  const started = await cartPost({ intent: "add", variantId: String(seed.id), quantity: "1" });
  const cookie = started.headers.get("Set-Cookie")!.split(";")[0]!;
  const cartId = (await readGuestCartId(new Request("http://x/", { headers: { Cookie: cookie } })))!;
  await db().deleteFrom("cart_items").where("cart_id", "=", cartId).execute();
  await db().insertInto("cart_items").values({ cart_id: cartId, variant_id: variantId, quantity, price_seen_fen: priceSeenFen }).execute();
  return { cookie, cartId };
}

describe("limits on what one order may come to", () => {
  it("are ¥200,000.00 of goods per order and per line", () => {
    expect(MAX_ORDER_GOODS_FEN).toBe(200_000 * YUAN);
    expect(MAX_LINE_TOTAL_FEN).toBe(200_000 * YUAN);
  });

  it("the cart refuses 999 × ¥100,000 with a clear message and keeps what it held", async () => {
    const variant = await createTestVariant(db(), { priceFen: 100_000 * YUAN, stock: 2000 });
    const first = await cartPost({ intent: "add", variantId: String(variant.id), quantity: "1" });
    expect(first.status).toBe(200);
    const cookie = first.headers.get("Set-Cookie")!.split(";")[0]!;

    const huge = await cartPost({ intent: "update", variantId: String(variant.id), quantity: "999" }, cookie);
    expect(huge.status).toBe(400);
    const body = await huge.json();
    expect(body.code).toBe("line_too_large");
    expect(body.error).toContain("200,000.00");
    const zh = await cartPost({ intent: "add", variantId: String(variant.id), quantity: "998" }, cookie, { "Accept-Language": "zh-CN" });
    expect((await zh.json()).error).toMatch(/200,000\.00/);

    // Exactly at the limit is fine; one more line that passes the order's limit is not.
    expect((await cartPost({ intent: "update", variantId: String(variant.id), quantity: "2" }, cookie)).status).toBe(200);
    const other = await createTestVariant(db(), { priceFen: 1 * YUAN });
    const over = await cartPost({ intent: "add", variantId: String(other.id), quantity: "1" }, cookie);
    expect(over.status).toBe(400);
    expect((await over.json()).code).toBe("order_too_large");

    const page = await (await settle(cartLoader({ request: await getRequest("/cart", { cookie }), params, context: testContext }))).json();
    expect(page.lines.map((l: { variantId: number; quantity: number }) => [l.variantId, l.quantity])).toEqual([[variant.id, 2]]);
    expect(page.subtotalFen).toBe(200_000 * YUAN);
    expect(page.blocked).toBe(false);
  });

  it("a cart already past the limit says why, cannot reach checkout, and POST /checkout answers 400, not 500", async () => {
    const variant = await createTestVariant(db(), { priceFen: 100_000 * YUAN, stock: 2000 });
    const { cookie, cartId } = await cartHolding(variant.id, 999, 100_000 * YUAN);

    const page = await (await settle(cartLoader({ request: await getRequest("/cart", { cookie }), params, context: testContext }))).json();
    expect(page.subtotalFen).toBe(99_900_000 * YUAN);
    expect(page.blocked).toBe(true);
    expect(page.limit).toMatchObject({ code: "line_too_large" });

    const checkoutPage = await settle(checkoutLoader({ request: await getRequest("/checkout", { cookie }), params, context: testContext }));
    expect(checkoutPage.status).toBe(302);
    expect(checkoutPage.headers.get("Location")).toBe("/cart");

    const details = testCheckoutDetails();
    const form = { intent: "place", ...Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v ?? ""])) };
    const placed = await settle(checkoutAction({ request: await formRequest("/checkout", { form, cookie }), params, context: testContext }));
    expect(placed.status).toBe(400);
    const refusal = await placed.json();
    expect(refusal.formError.key).toBe("errors.line_too_large");
    expect(await db().selectFrom("orders").select("id").where("checkout_key", "=", details.checkoutKey).execute()).toEqual([]);
    // The cart is kept as it was.
    expect(await db().selectFrom("cart_items").select(["variant_id", "quantity"]).where("cart_id", "=", cartId).execute()).toEqual([{ variant_id: variant.id, quantity: 999 }]);
  });
});

describe("money columns that hold sums", () => {
  const sums: [string, string][] = [
    ["orders", "subtotal_fen"],
    ["orders", "shipping_fen"],
    ["orders", "total_fen"],
    ["orders", "refunded_fen"],
    ["order_items", "line_total_fen"],
    ["payments", "amount_fen"],
    ["payments", "captured_fen"],
    ["payments", "refunded_fen"],
    ["refunds", "amount_fen"],
  ];

  it("are bigint", async () => {
    const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
      SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name LIKE '%\\_fen'`.execute(db());
    const types = new Map(rows.rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
    for (const [table, column] of sums) expect(types.get(`${table}.${column}`), `${table}.${column}`).toBe("bigint");
  });

  it("come back as JavaScript numbers past ¥21,474,836.47, and a line's check does not overflow", async () => {
    const big = 99_900_000 * YUAN;
    const row = await sql<{ n: unknown }>`SELECT ${big}::bigint AS n`.execute(db());
    expect(row.rows[0]!.n).toBe(big);
    const product = await createTestVariant(db(), { priceFen: 100_000 * YUAN });
    class Rollback extends Error {
      constructor(readonly values: { total: number; line: number }) {
        super("rollback");
      }
    }
    const check = await db().transaction().execute(async (trx) => {
      const order = await trx
        .insertInto("orders")
        .values({
          number: `T${Date.now()}`.slice(0, 20),
          access_token: "x".repeat(40),
          contact_name: "n",
          email: "e@example.test",
          phone: "13800138000",
          ship_province: "p",
          ship_city: "c",
          ship_district: "d",
          ship_region_code: "500103",
          ship_street: "s",
          shipping_method: "standard",
          subtotal_fen: big,
          shipping_fen: 0,
          total_fen: big,
        })
        .returning(["id", "total_fen"])
        .executeTakeFirstOrThrow();
      const cooperative = await trx.selectFrom("products").select("cooperative_id").where("id", "=", product.productId).executeTakeFirstOrThrow();
      const item = await trx
        .insertInto("order_items")
        .values({
          order_id: order.id,
          variant_id: product.id,
          product_id: product.productId,
          cooperative_id: cooperative.cooperative_id,
          product_name_zh: "n",
          product_name_en: "n",
          variant_label_zh: "l",
          variant_label_en: "l",
          sku: product.sku,
          weight_grams: 1000,
          temperature_class: "ambient",
          unit_price_fen: 100_000 * YUAN,
          quantity: 999,
          line_total_fen: big,
        })
        .returning("line_total_fen")
        .executeTakeFirstOrThrow();
      throw new Rollback({ total: order.total_fen, line: item.line_total_fen });
    }).catch((error: unknown) => (error instanceof Rollback ? error.values : { error: String(error) }));
    expect(check).toEqual({ total: big, line: big });
  });
});
