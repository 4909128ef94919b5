import { describe, expect, it } from "vitest";
import { DEMO } from "~db/seed-data/fixtures";
import { mergeGuestCartIntoUserCart, readCartLines } from "~/models/cart.server";
import { loader as rootLoader } from "~/root";
import { action, loader } from "~/routes/cart";
import { readGuestCartId } from "~/utils/cart-cookie.server";
import { db } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, sessionCookieFor, testContext } from "../support/auth";
import { createTestVariant } from "../support/checkout";

async function variantBySku(sku: string) {
  return db().selectFrom("variants").select(["id", "price_fen", "stock_on_hand", "stock_reserved"]).where("sku", "=", sku).executeTakeFirstOrThrow();
}

/** Sends a cart form the way Remix's fetch does (JSON back), or as a plain browser form. */
async function post(form: Record<string, string>, options: { cookie?: string; document?: boolean } = {}) {
  const request = await formRequest("/cart", { form, cookie: options.cookie, headers: options.document ? { Accept: "text/html", "Sec-Fetch-Dest": "document" } : {} });
  const response = (await action({ request, params: {}, context: testContext })) as Response;
  const setCookie = response.headers.get("Set-Cookie");
  return { response, cookie: setCookie ? setCookie.split(";")[0]! : options.cookie, body: response.headers.get("Content-Type")?.includes("json") ? await response.json() : null };
}

async function cartOf(cookie: string | undefined) {
  const response = (await loader({ request: await getRequest("/cart", { cookie }), params: {}, context: testContext })) as Response;
  return response.json();
}

describe("/cart", () => {
  it("keeps a guest's cart in the database behind a signed cookie", async () => {
    const orange = await variantBySku(DEMO.navelOrange.skus[0]);
    const added = await post({ intent: "add", variantId: String(orange.id), quantity: "2" });
    expect(added.response.status).toBe(200);
    expect(added.body).toMatchObject({ ok: true, cartCount: 2 });
    expect(added.cookie).toMatch(/shanshui_cart=/);
    expect(added.response.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect(added.response.headers.get("Set-Cookie")).toMatch(/SameSite=Lax/i);

    const again = await post({ intent: "add", variantId: String(orange.id), quantity: "3" }, { cookie: added.cookie });
    expect(again.body).toMatchObject({ ok: true, cartCount: 5 });
    const cart = await cartOf(added.cookie);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({ variantId: orange.id, quantity: 5, unitPriceFen: orange.price_fen });
    expect(cart.subtotalFen).toBe(orange.price_fen * 5);

    // The header badge counts units.
    const root = (await rootLoader({ request: await getRequest("/", { cookie: added.cookie }), params: {}, context: testContext })) as Response;
    expect((await root.json()).cartCount).toBe(5);

    // A tampered cookie is not a cart.
    const forged = added.cookie!.replace(/=(.)/, (_m, c: string) => `=${c === "a" ? "b" : "a"}`);
    expect((await cartOf(forged)).lines).toHaveLength(0);
  });

  it("updates, removes and clears, and answers 400 to an unknown intent", async () => {
    const a = await createTestVariant(db(), { stock: 20 });
    const b = await createTestVariant(db(), { stock: 20 });
    const { cookie } = await post({ intent: "add", variantId: String(a.id), quantity: "1" });
    await post({ intent: "add", variantId: String(b.id), quantity: "1" }, { cookie });
    expect((await post({ intent: "update", variantId: String(a.id), quantity: "7" }, { cookie })).body).toMatchObject({ ok: true, cartCount: 8 });
    expect((await post({ intent: "remove", variantId: String(b.id) }, { cookie })).body).toMatchObject({ ok: true, cartCount: 7 });
    const unknown = await post({ intent: "explode", variantId: String(a.id) }, { cookie });
    expect(unknown.response.status).toBe(400);
    expect((await cartOf(cookie)).count).toBe(7);
    expect((await post({ intent: "clear" }, { cookie })).body).toMatchObject({ ok: true, cartCount: 0 });
    expect((await cartOf(cookie)).lines).toHaveLength(0);
  });

  it.each(["0", "-1", "1.5", "1e12", "abc", "1000"])("refuses the quantity %j with a message and leaves the cart as it was", async (quantity) => {
    const variant = await createTestVariant(db(), { stock: 50 });
    const { cookie } = await post({ intent: "add", variantId: String(variant.id), quantity: "2" });
    for (const intent of ["add", "update"]) {
      const refused = await post({ intent, variantId: String(variant.id), quantity }, { cookie });
      expect(refused.response.status).toBe(400);
      expect(refused.body).toMatchObject({ ok: false, code: "quantity" });
    }
    const cart = await cartOf(cookie);
    expect(cart.lines.map((l: { quantity: number }) => l.quantity)).toEqual([2]);
  });

  it("bounds quantities by what can be sold, and refuses products not on sale", async () => {
    const variant = await createTestVariant(db(), { stock: 5 });
    await db().updateTable("variants").set({ stock_reserved: 2 }).where("id", "=", variant.id).execute();
    const { cookie } = await post({ intent: "add", variantId: String(variant.id), quantity: "3" });
    const tooMany = await post({ intent: "add", variantId: String(variant.id), quantity: "1" }, { cookie });
    expect(tooMany.response.status).toBe(400);
    expect(tooMany.body).toMatchObject({ ok: false, code: "insufficient_stock", available: 3 });
    expect(tooMany.body.error).toBe("库存仅剩 3 件。"); // said in the shopper's language, ready to show
    expect((await post({ intent: "update", variantId: String(variant.id), quantity: "4" }, { cookie })).body).toMatchObject({ code: "insufficient_stock" });
    expect((await cartOf(cookie)).count).toBe(3);

    const soldOut = await db()
      .selectFrom("variants as v")
      .innerJoin("products as p", "p.id", "v.product_id")
      .select("v.id")
      .where("p.slug", "=", DEMO.soldOut)
      .executeTakeFirstOrThrow();
    expect((await post({ intent: "add", variantId: String(soldOut.id), quantity: "1" }, { cookie })).body).toMatchObject({ code: "insufficient_stock_none" });
    const draft = await createTestVariant(db(), { productStatus: "draft" });
    expect((await post({ intent: "add", variantId: String(draft.id), quantity: "1" }, { cookie })).body).toMatchObject({ code: "unavailable" });
    expect((await post({ intent: "add", variantId: "99999999", quantity: "1" }, { cookie })).body).toMatchObject({ code: "unavailable" });
  });

  it("flags lines that sold out or changed price since they were added", async () => {
    const cheap = await createTestVariant(db(), { stock: 5, priceFen: 1000 });
    const scarce = await createTestVariant(db(), { stock: 5 });
    const { cookie } = await post({ intent: "add", variantId: String(cheap.id), quantity: "1" });
    await post({ intent: "add", variantId: String(scarce.id), quantity: "4" }, { cookie });
    await db().updateTable("variants").set({ price_fen: 1200 }).where("id", "=", cheap.id).execute();
    await db().updateTable("variants").set({ stock_on_hand: 2 }).where("id", "=", scarce.id).execute();
    const cart = await cartOf(cookie);
    const byId = new Map(cart.lines.map((l: { variantId: number }) => [l.variantId, l]));
    expect(byId.get(cheap.id)).toMatchObject({ priceChanged: true, priceSeenFen: 1000, unitPriceFen: 1200, lineTotalFen: 1200 });
    expect(byId.get(scarce.id)).toMatchObject({ exceedsStock: true, available: 2 });
    expect(cart.blocked).toBe(true);
    await db().updateTable("variants").set({ stock_on_hand: 0 }).where("id", "=", scarce.id).execute();
    expect((await cartOf(cookie)).lines.find((l: { variantId: number }) => l.variantId === scarce.id)).toMatchObject({ soldOut: true });
  });

  it("without JavaScript, redirects back to a local redirectTo saying it was added (else to /cart) and shows errors on the cart page", async () => {
    const variant = await createTestVariant(db());
    const back = await post({ intent: "add", variantId: String(variant.id), quantity: "1", redirectTo: "/products/some-orange?v=2" }, { document: true });
    expect(back.response.status).toBe(303);
    expect(back.response.headers.get("Location")).toBe("/products/some-orange?v=2&added=1");
    for (const hostile of ["https://evil.example/", "//evil.example", "/\\evil.example"]) {
      const safe = await post({ intent: "add", variantId: String(variant.id), quantity: "1", redirectTo: hostile }, { document: true, cookie: back.cookie });
      expect(safe.response.headers.get("Location")).toBe("/cart");
    }
    const refused = await post({ intent: "add", variantId: String(variant.id), quantity: "abc" }, { document: true, cookie: back.cookie });
    expect(refused.response.status).toBe(400);
  });

  it("keeps a signed-in shopper's cart on their account and merges a guest cart into it at login", async () => {
    const user = await createTestUser();
    const sessionCookie = await sessionCookieFor(user.email);
    const a = await createTestVariant(db(), { stock: 10 });
    const b = await createTestVariant(db(), { stock: 4 });
    const own = await post({ intent: "add", variantId: String(a.id), quantity: "2" }, { cookie: sessionCookie });
    expect(own.response.headers.get("Set-Cookie")).toBeNull(); // no guest cookie for a signed-in shopper
    await post({ intent: "add", variantId: String(b.id), quantity: "3" }, { cookie: sessionCookie });

    const guest = await post({ intent: "add", variantId: String(a.id), quantity: "5" });
    await post({ intent: "add", variantId: String(b.id), quantity: "4" }, { cookie: guest.cookie });
    const guestCartId = await readGuestCartId(new Request("http://x/", { headers: { Cookie: guest.cookie! } }));
    expect(guestCartId).toBeTruthy();

    const userCartId = await mergeGuestCartIntoUserCart(db(), { guestCartId: guestCartId!, userId: user.id });
    const lines = await readCartLines(db(), { cartId: userCartId });
    expect(Object.fromEntries(lines.map((l) => [l.variantId, l.quantity]))).toEqual({ [a.id]: 7, [b.id]: 4 }); // b bounded by stock
    expect(await db().selectFrom("carts").select("id").where("id", "=", guestCartId!).executeTakeFirst()).toBeUndefined();
    expect((await cartOf(sessionCookie)).count).toBe(11);
    // Merging again (a replayed login) changes nothing.
    await mergeGuestCartIntoUserCart(db(), { guestCartId: guestCartId!, userId: user.id });
    expect((await cartOf(sessionCookie)).count).toBe(11);
  });
});
