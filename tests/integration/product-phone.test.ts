import { describe, expect, it } from "vitest";
import { DEMO } from "~db/seed-data/fixtures";
import { createAddress } from "~/models/address.server";
import { readCartLines } from "~/models/cart.server";
import { productSalesCount } from "~/models/catalogue/sales.server";
import { action as addAction } from "~/routes/cart.add";
import { action as buyNowAction } from "~/routes/cart.buy-now";
import { loader } from "~/routes/products.$slug";
import { findShopperCart } from "~/services/checkout.server";
import { db } from "~/utils/db.server";
import { PERSONAL_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from "~/utils/http-cache.server";
import { formatFen } from "~/utils/money";
import { serializeShipProvince } from "~/utils/ship-province-cookie.server";
import { createTestUser, formRequest, getRequest, sessionCookieFor, testContext } from "../support/auth";
import { createTestVariant } from "../support/checkout";
import { insertOrder } from "../support/orders";

// The product page a phone shopper decides by (unit price, shipping to their province,
// delivery window, sales from paid orders) and the two ways its buy bar posts.

// Loader data is read as plain JSON here: the assertions are the types.
type Json = any;

async function page(slug: string, search = "", cookie?: string): Promise<Json> {
  const request = await getRequest(`/products/${slug}${search}`, { cookie });
  const response = (await loader({ request, params: { slug }, context: testContext })) as Response;
  expect(response.status).toBe(200);
  return response.json();
}

async function pageResponse(slug: string, search = "", cookie?: string, ifNoneMatch?: string): Promise<Response> {
  const request = await getRequest(`/products/${slug}${search}`, { cookie, headers: ifNoneMatch ? { "If-None-Match": ifNoneMatch } : undefined });
  return (await loader({ request, params: { slug }, context: testContext })) as Response;
}

/** The `ship_province=…` pair a response sets, or null. */
function provinceCookieOf(response: Response): string | null {
  return response.headers.getSetCookie().find((cookie) => cookie.startsWith("ship_province="))?.split(";")[0] ?? null;
}

async function provinceCookie(code: string): Promise<string> {
  return (await serializeShipProvince(code)).split(";")[0]!;
}

/** An address in the district `regionCode` (only the code matters here). */
function address(regionCode: string) {
  return { recipient: "陈静", phone: "13800138000", province: "省", city: "市", district: "区", regionCode, street: "人民路 1 号", postcode: null };
}

async function productSlug(productId: number): Promise<string> {
  return (await db().selectFrom("products").select("slug").where("id", "=", productId).executeTakeFirstOrThrow()).slug;
}

const cookieOf = (response: Response, fallback?: string) => response.headers.get("Set-Cookie")?.split(";")[0] ?? fallback;

async function addJson(form: Record<string, string>, cookie?: string) {
  const request = await formRequest("/cart/add", { form, cookie, headers: { Accept: "application/json" } });
  const response = (await addAction({ request, params: {}, context: testContext })) as Response;
  return { response, body: (await response.json()) as Json, cookie: cookieOf(response, cookie) };
}

async function buyNow(form: Record<string, string>, cookie?: string) {
  const request = await formRequest("/cart/buy-now", { form, cookie, headers: { Accept: "text/html", "Sec-Fetch-Dest": "document" } });
  const response = (await buyNowAction({ request, params: {}, context: testContext })) as Response;
  return { response, cookie: cookieOf(response, cookie) };
}

async function cartLines(cookie: string | undefined) {
  const { cartId } = await findShopperCart(db(), await getRequest("/cart", { cookie }));
  return cartId ? readCartLines(db(), { cartId }) : [];
}

describe("the product page's buying facts", () => {
  it("shows the price per 斤 and per kg, the shipping fee and the delivery window for the province", async () => {
    // 5斤装 at ¥25.00 weighing 2.5 kg: ¥5.00 per 斤, ¥10.00 per kg.
    const variant = await createTestVariant(db(), { priceFen: 2500, weightGrams: 2500 });
    const slug = await productSlug(variant.productId);
    const home = await page(slug);
    expect(home.unitPrice).toBe(`合 ${formatFen(500)}/斤 · ${formatFen(1000)}/公斤`);
    // Chongqing by default: 3 started kg at the local standard rate (¥6 + 2 × ¥1), free from ¥99.
    expect(home.delivery.province).toBe("500000");
    expect(home.delivery.shipping).toBe("运费 ¥8.00 · 满 ¥99.00 包邮");
    expect(home.delivery.delivery).toMatch(/^预计 \d+月\d+日–\d+月\d+日 送达$/);
    expect(home.delivery.coldChain).toBeNull();

    // Guangdong is "far": ¥10 + 2 × ¥4.
    const guangdong = await page(slug, "?province=440000");
    expect(guangdong.delivery.province).toBe("440000");
    expect(guangdong.delivery.shipping).toBe("运费 ¥18.00 · 满 ¥99.00 包邮");
    // Anything that is not a province is ignored.
    for (const bad of ["44", "999999", "<script>", "440100"]) {
      expect((await page(slug, `?province=${encodeURIComponent(bad)}`)).delivery.province).toBe("500000");
    }
    // English: per kg first.
    expect((await page(slug, "?lang=en")).unitPrice).toBe(`${formatFen(1000)}/kg · ${formatFen(500)} per 500 g`);
  });

  it("says cold chain for chilled goods and where it cannot ship", async () => {
    const variant = await createTestVariant(db(), { temperatureClass: "chilled", priceFen: 3000, weightGrams: 1000 });
    const slug = await productSlug(variant.productId);
    const data = await page(slug, "?province=440000");
    expect(data.delivery.coldChain).toMatch(/冷链/);
    expect(data.delivery.shipping).toBe("运费 ¥28.00");
    const tibet = await page(slug, "?province=540000");
    expect(tibet.delivery.shipping).toBe("暂不能配送到西藏自治区：冷链快递无法到达。");
    expect(tibet.delivery.delivery).toBe("");
    // Cold chain within Chongqing arrives on one day: named once, not as a range from a day to itself.
    const local = await page(slug, "?province=500000");
    expect(local.delivery.delivery).toMatch(/^预计 \d+月\d+日 送达$/);
  });

  it("counts units sold in paid orders only, and recounts once a payment commits stock", async () => {
    const variant = await createTestVariant(db(), { stock: 100 });
    const slug = await productSlug(variant.productId);
    await insertOrder(db(), { lines: [{ variantId: variant.id, quantity: 3 }], status: "paid" });
    await insertOrder(db(), { lines: [{ variantId: variant.id, quantity: 2 }], status: "delivered" });
    await insertOrder(db(), { lines: [{ variantId: variant.id, quantity: 5 }], status: "pending_payment" });
    await insertOrder(db(), { lines: [{ variantId: variant.id, quantity: 7 }], status: "cancelled" });
    expect(await productSalesCount(db(), { productId: variant.productId })).toBe(5);
    expect((await page(slug)).sold).toBe("已售 5");

    // A real payment commits stock, which changes the catalogue version: the count follows.
    await insertOrder(db(), { lines: [{ variantId: variant.id, quantity: 4 }], status: "paid", bookStockAndPayment: true });
    expect((await page(slug)).sold).toBe("已售 9");

    const unsold = await createTestVariant(db());
    expect((await page(await productSlug(unsold.productId))).sold).toBeNull();
  });

  it("names the built script and gives the script each size's facts", async () => {
    const data = await page(DEMO.navelOrange.slug);
    expect(data.enhanceScript === null || /^\/build\/enhance\/catalogue-[0-9a-f]{10}\.js$/.test(data.enhanceScript)).toBe(true);
    expect(data.variantFacts).toHaveLength(DEMO.navelOrange.skus.length);
    expect(data.variantFacts[1]).toMatchObject({ sku: DEMO.navelOrange.skus[1], text: { price: "¥149.00" } });
  });
});

describe("the province shipped to: chosen, remembered, from the last order or the address book", () => {
  it("remembers a guest's choice in a cookie for the next product, and a new choice replaces it", async () => {
    const first = await pageResponse(DEMO.navelOrange.slug, "?province=440000");
    const remembered = provinceCookieOf(first)!;
    expect(remembered).toBe(await provinceCookie("440000"));
    const other = await createTestVariant(db());
    const otherSlug = await productSlug(other.productId);
    const next = await pageResponse(otherSlug, "", remembered);
    expect(((await next.json()) as Json).delivery.province).toBe("440000");
    expect(provinceCookieOf(next)).toBeNull();
    // Choosing the remembered one again sets nothing; choosing another replaces it.
    expect(provinceCookieOf(await pageResponse(otherSlug, "?province=440000", remembered))).toBeNull();
    const changed = await pageResponse(otherSlug, "?province=310000", remembered);
    expect(((await changed.json()) as Json).delivery.province).toBe("310000");
    expect(provinceCookieOf(changed)).toBe(await provinceCookie("310000"));
    // Not a province (or tampered with): ignored, and nothing is remembered from a bad ?province=.
    const forged = `ship_province=${Buffer.from(JSON.stringify("<b>")).toString("base64")}`;
    expect((await page(otherSlug, "", forged)).delivery.province).toBe("500000");
    expect(provinceCookieOf(await pageResponse(otherSlug, "?province=440100"))).toBeNull();
  });

  it("prefers ?province=, then the cookie, then the latest order, then the default address, then Chongqing", async () => {
    const user = await createTestUser();
    const session = await sessionCookieFor(user.email);
    const slug = DEMO.navelOrange.slug;
    const provinceFor = async (search: string, cookie = session) => ((await page(slug, search, cookie)) as Json).delivery.province;
    expect(await provinceFor("")).toBe("500000");

    await createAddress(db(), { userId: user.id, input: address("310115") });
    await createAddress(db(), { userId: user.id, input: address("320102") });
    expect(await provinceFor("")).toBe("310000");

    const variant = await createTestVariant(db());
    await insertOrder(db(), { lines: [{ variantId: variant.id, quantity: 1 }], userId: user.id, placedAt: new Date(Date.now() - 86_400_000), address: { ship_region_code: "510104" } });
    await insertOrder(db(), { lines: [{ variantId: variant.id, quantity: 1 }], userId: user.id, address: { ship_region_code: "440106" } });
    expect(await provinceFor("")).toBe("440000");

    const withCookie = `${session}; ${await provinceCookie("330000")}`;
    expect(await provinceFor("", withCookie)).toBe("330000");
    expect(await provinceFor("?province=110000", withCookie)).toBe("110000");
  });

  it("never confirms a page with one visitor's remembered province to another", async () => {
    const slug = DEMO.navelOrange.slug;
    const guangdong = await provinceCookie("440000");
    const shanghai = await provinceCookie("310000");
    const forGuangdong = await pageResponse(slug, "", guangdong);
    const forShanghai = await pageResponse(slug, "", shanghai);
    const anonymous = await pageResponse(slug);
    for (const response of [forGuangdong, forShanghai]) {
      // Only that browser keeps it, and it asks again every time.
      expect(response.headers.get("Cache-Control")).toBe(PERSONAL_CACHE_CONTROL);
      expect(response.headers.get("Vary")).toContain("Cookie");
    }
    expect(anonymous.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
    const tags = [forGuangdong, forShanghai, anonymous].map((response) => response.headers.get("ETag"));
    expect(tags.every(Boolean)).toBe(true);
    expect(new Set(tags).size).toBe(3);

    // Shanghai presenting the Guangdong tag (or the anonymous one) gets its own page, not a 304.
    for (const tag of [tags[0]!, tags[2]!]) {
      const revalidated = await pageResponse(slug, "", shanghai, tag);
      expect(revalidated.status).toBe(200);
      expect(((await revalidated.json()) as Json).delivery.province).toBe("310000");
    }
    // The anonymous visitor never gets a remembered province's page confirmed either.
    expect((await pageResponse(slug, "", undefined, tags[0]!)).status).toBe(200);
    // Its own tag holds.
    expect((await pageResponse(slug, "", guangdong, tags[0]!)).status).toBe(304);
  });
});

describe("/cart/add (the buy bar's in-place addition)", () => {
  it("adds and answers the new count and a confirmation", async () => {
    const variant = await createTestVariant(db(), { stock: 10 });
    const first = await addJson({ variantId: String(variant.id), quantity: "2" });
    expect(first.response.status).toBe(200);
    expect(first.body).toEqual({ ok: true, cartCount: 2, message: "已加入购物车。" });
    expect(first.cookie).toMatch(/shanshui_cart=/);
    const second = await addJson({ variantId: String(variant.id), quantity: "1" }, first.cookie);
    expect(second.body).toMatchObject({ ok: true, cartCount: 3 });
  });

  it("refuses with a clear message: bad quantity, unknown size, not enough stock", async () => {
    const variant = await createTestVariant(db(), { stock: 2 });
    const badQuantity = await addJson({ variantId: String(variant.id), quantity: "abc" });
    expect(badQuantity.response.status).toBe(400);
    expect(badQuantity.body).toEqual({ ok: false, code: "quantity", error: "请输入 1 到 999 之间的整数。" });

    const unknown = await addJson({ variantId: "987654321", quantity: "1" });
    expect(unknown.response.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, code: "unavailable", error: "该商品已不再销售。" });

    const tooMany = await addJson({ variantId: String(variant.id), quantity: "3" });
    expect(tooMany.response.status).toBe(409);
    expect(tooMany.body).toMatchObject({ ok: false, code: "insufficient_stock", error: "库存仅剩 2 件。" });
    expect(await cartLines(tooMany.cookie)).toHaveLength(0);

    const missing = await addJson({ quantity: "1" });
    expect(missing.response.status).toBe(400);
    expect(missing.body.ok).toBe(false);
    expect(missing.body.error).toBeTruthy();
  });

  it("answers in English to an English shopper", async () => {
    const variant = await createTestVariant(db(), { stock: 1 });
    const request = await formRequest("/cart/add?lang=en", { form: { variantId: String(variant.id), quantity: "5" }, headers: { Accept: "application/json" } });
    const response = (await addAction({ request, params: {}, context: testContext })) as Response;
    expect(((await response.json()) as Json).error).toMatch(/1/);
  });
});

describe("/cart/buy-now (立即购买)", () => {
  it("goes to a checkout of that line alone and leaves the cart as it was", async () => {
    const kept = await createTestVariant(db(), { stock: 10 });
    const bought = await createTestVariant(db(), { stock: 10 });
    const { cookie } = await addJson({ variantId: String(kept.id), quantity: "1" });
    await addJson({ variantId: String(bought.id), quantity: "1" }, cookie);
    const { response, cookie: after } = await buyNow(
      { intent: "add", variantId: String(bought.id), quantity: "2", redirectTo: `/products/${await productSlug(bought.productId)}` },
      cookie,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/checkout?buy=${bought.id}&quantity=2`);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    // Neither added to nor summed with the size already in the cart.
    const lines = await cartLines(after);
    expect(lines.map((line) => [line.variantId, line.quantity])).toEqual([
      [kept.id, 1],
      [bought.id, 1],
    ]);
  });

  it("gives a guest no cart on the way", async () => {
    const variant = await createTestVariant(db(), { stock: 10 });
    const { response, cookie } = await buyNow({ variantId: String(variant.id), quantity: "1" });
    expect(response.headers.get("Location")).toBe(`/checkout?buy=${variant.id}&quantity=1`);
    expect(cookie).toBeUndefined();
  });

  it("goes back to the product page with the reason when refused, and never off-site", async () => {
    const variant = await createTestVariant(db(), { stock: 1 });
    const slug = await productSlug(variant.productId);
    const { cookie } = await addJson({ variantId: String(variant.id), quantity: "1" });
    const refused = await buyNow({ variantId: String(variant.id), quantity: "5", redirectTo: `/products/${slug}?added=1` }, cookie);
    expect(refused.response.status).toBe(303);
    expect(refused.response.headers.get("Location")).toBe(`/products/${slug}?buy=insufficient_stock`);
    expect((await page(slug, "?buy=insufficient_stock")).buyError).toBe("库存仅剩 1 件。");
    expect((await page(slug, "?buy=order_too_large")).buyError).toMatch(/¥[\d,]+\.\d\d/);
    expect((await page(slug, "?buy=<b>evil</b>")).buyError).toBeNull();

    const offSite = await buyNow({ variantId: String(variant.id), quantity: "5", redirectTo: "//evil.example/x" });
    expect(offSite.response.headers.get("Location")).toBe("/products?buy=insufficient_stock");

    const back = `/products/${slug}`;
    const unknown = await buyNow({ variantId: "987654321", quantity: "1", redirectTo: back }, cookie);
    expect(unknown.response.headers.get("Location")).toBe(`${back}?buy=unavailable`);
    const soldOut = await createTestVariant(db(), { stock: 0 });
    expect((await buyNow({ variantId: String(soldOut.id), quantity: "1", redirectTo: back }, cookie)).response.headers.get("Location")).toBe(`${back}?buy=insufficient_stock_none`);
    // ¥150,000.00 a box: two boxes pass the per-line limit (app/utils/cart-limits.ts).
    const dear = await createTestVariant(db(), { stock: 5, priceFen: 15_000_000 });
    expect((await buyNow({ variantId: String(dear.id), quantity: "2", redirectTo: back }, cookie)).response.headers.get("Location")).toBe(`${back}?buy=line_too_large`);
    const badQuantity = await buyNow({ variantId: String(variant.id), quantity: "0", redirectTo: back }, cookie);
    expect(badQuantity.response.status).toBe(400);
    expect(await badQuantity.response.text()).toBe("请输入 1 到 999 之间的整数。");
    // Whatever was refused, the cart holds what it held.
    expect((await cartLines(cookie)).map((line) => [line.variantId, line.quantity])).toEqual([[variant.id, 1]]);
  });
});
