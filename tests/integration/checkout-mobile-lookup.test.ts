import { randomBytes, randomInt } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { action as checkoutAction, loader as checkoutLoader } from "~/routes/checkout";
import { loader as regionsLoader } from "~/routes/checkout.regions";
import { action as cartAction } from "~/routes/cart";
import { loader as orderLoader } from "~/routes/orders.$number";
import { action as lookupAction, loader as lookupLoader } from "~/routes/orders.lookup";
import { loader as historyLoader } from "~/routes/account.orders";
import { listAddresses } from "~/models/address.server";
import { ORDER_LOOKUP_LIMITS } from "~/services/guest-orders.server";
import { db } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, settle, testContext } from "../support/auth";
import { createTestVariant, payTestOrder, placeTestOrder, testCheckoutDetails } from "../support/checkout";

/**
 * A context from its own client address, so one test's rate-limit counters do not touch
 * another's (nor a previous run's: on PostgreSQL the counters outlive the test run).
 */
function clientContext(): AppLoadContext {
  return { ...testContext, clientAddress: `test-client-${randomBytes(8).toString("hex")}` };
}

/** An order number no order has (the counters per order number outlive the run too). */
function unknownOrderNumber(): string {
  return `SS000000${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
}

async function cartWith(variantId: number, quantity = 1, cookie?: string) {
  const request = await formRequest("/cart", { form: { intent: "add", variantId: String(variantId), quantity: String(quantity) }, cookie });
  const response = (await cartAction({ request, params: {}, context: testContext })) as Response;
  expect(response.status).toBe(200);
  return cookie ?? response.headers.get("Set-Cookie")!.split(";")[0]!;
}

function formOf(details: Record<string, unknown>, extra: Record<string, string> = {}): Record<string, string> {
  return { intent: "place", ...Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v == null ? "" : String(v)])), ...extra };
}

async function placeThroughCheckout(form: Record<string, string>, options: { cookie?: string; email?: string }) {
  const request = await formRequest("/checkout", { form, cookie: options.cookie, email: options.email });
  return settle(checkoutAction({ request, params: {}, context: testContext }));
}

const ordersFor = async (variantId: number) =>
  db()
    .selectFrom("orders")
    .selectAll()
    .where("id", "in", (eb) => eb.selectFrom("order_items").select("order_id").where("variant_id", "=", variantId))
    .execute();

async function lookup(form: Record<string, string>, context: AppLoadContext = clientContext()) {
  const request = await formRequest("/orders/lookup", { form });
  return settle(lookupAction({ request, params: {}, context }));
}

async function orderPage(path: string, cookie?: string) {
  return settle(orderLoader({ request: await getRequest(path, { cookie }), params: { number: path.split("/")[2]!.split("?")[0]! }, context: testContext }));
}

describe("checkout with a mobile number", () => {
  it("requires the mobile number, normalises +86, spaces and dashes, and keeps the cart on an error", async () => {
    const variant = await createTestVariant(db());
    const cookie = await cartWith(variant.id, 2);
    const { checkoutKey: _k, ...details } = testCheckoutDetails();

    const missing = await placeThroughCheckout(formOf({ ...details, phone: "" }, { checkoutKey: testCheckoutDetails().checkoutKey }), { cookie });
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors).toMatchObject({ phone: "errors.phone" });
    const invalid = await placeThroughCheckout(formOf({ ...details, phone: "12345678901" }, { checkoutKey: testCheckoutDetails().checkoutKey }), { cookie });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).errors).toMatchObject({ phone: "errors.phone" });
    expect(await ordersFor(variant.id)).toHaveLength(0);
    // The cart is still there: the page renders it again.
    const page = (await checkoutLoader({ request: await getRequest("/checkout", { cookie }), params: {}, context: testContext })) as Response;
    expect((await page.json()).lines).toMatchObject([{ variantId: variant.id, quantity: 2 }]);

    const placed = await placeThroughCheckout(formOf({ ...details, phone: "+86 139-1234 5678" }, { checkoutKey: testCheckoutDetails().checkoutKey }), { cookie });
    expect(placed.status).toBe(303);
    const [order] = await ordersFor(variant.id);
    expect(order!.phone).toBe("13912345678");
  });

  it("lets a guest without an e-mail address place and pay an order: no mail is queued, the order page opens with its link", async () => {
    const variant = await createTestVariant(db(), { priceFen: 2000 });
    const cookie = await cartWith(variant.id);
    const { checkoutKey, ...details } = testCheckoutDetails();
    const placed = await placeThroughCheckout(formOf({ ...details, email: "" }, { checkoutKey }), { cookie });
    expect(placed.status).toBe(303);
    const [order] = await ordersFor(variant.id);
    expect(order!.email).toBeNull();

    await payTestOrder(db(), { orderId: order!.id });
    const paid = await db().selectFrom("orders").select(["status", "payment_status"]).where("id", "=", order!.id).executeTakeFirstOrThrow();
    expect(paid).toEqual({ status: "paid", payment_status: "paid" });
    const queued = await db().selectFrom("outbox").select(["kind", "payload"]).where("dedupe_key", "like", `%:${order!.id}`).execute();
    expect(queued).toEqual([]);

    const page = await orderPage(`/orders/${order!.number}?token=${order!.access_token}`);
    expect(page.status).toBe(200);
    const data = await page.json();
    expect(data.order.email).toBeNull();
    expect(data.order.status).toBe("paid");
  });

  it("an empty e-mail stays an empty address at the database too", async () => {
    await expect(
      db().updateTable("orders").set({ email: " " }).where("id", "=", (await placeTestOrder(db())).id).execute(),
    ).rejects.toThrow();
  });

  it("saves the typed address to the signed-in shopper's own address book, once", async () => {
    const shopper = await createTestUser();
    const other = await createTestUser();
    const variant = await createTestVariant(db());
    const { checkoutKey: _k, ...details } = testCheckoutDetails({ name: "王芳", phone: "13712345678", province: "440000", city: "440100", district: "440106", street: "天河路 385 号 1 栋 802" });
    const first = await cartWith(variant.id);
    expect(first).toBeTruthy();
    // The shopper's own cart (signed in), then the order with the box ticked.
    await settle(cartAction({ request: await formRequest("/cart", { form: { intent: "add", variantId: String(variant.id), quantity: "1" }, email: shopper.email }), params: {}, context: testContext }));
    const placed = await placeThroughCheckout(formOf({ ...details, email: "" }, { checkoutKey: testCheckoutDetails().checkoutKey, saveAddress: "on" }), { email: shopper.email });
    expect(placed.status).toBe(303);
    const orders = await db().selectFrom("orders").select(["email", "user_id"]).where("user_id", "=", shopper.id).execute();
    // A signed-in shopper who leaves the e-mail blank is written to at the account's address.
    expect(orders).toEqual([{ email: shopper.email, user_id: shopper.id }]);
    const saved = await listAddresses(db(), { userId: shopper.id });
    expect(saved).toMatchObject([{ recipient: "王芳", phone: "13712345678", province: "广东省", city: "广州市", district: "天河区", regionCode: "440106", street: "天河路 385 号 1 栋 802" }]);
    expect(await listAddresses(db(), { userId: other.id })).toEqual([]);

    // The same address again is not saved twice; without the box nothing is saved.
    await settle(cartAction({ request: await formRequest("/cart", { form: { intent: "add", variantId: String(variant.id), quantity: "1" }, email: shopper.email }), params: {}, context: testContext }));
    await placeThroughCheckout(formOf(details, { checkoutKey: testCheckoutDetails().checkoutKey, saveAddress: "on" }), { email: shopper.email });
    expect(await listAddresses(db(), { userId: shopper.id })).toHaveLength(1);
    await settle(cartAction({ request: await formRequest("/cart", { form: { intent: "add", variantId: String(variant.id), quantity: "1" }, email: shopper.email }), params: {}, context: testContext }));
    await placeThroughCheckout(formOf({ ...details, street: "体育西路 1 号 2 栋 301" }, { checkoutKey: testCheckoutDetails().checkoutKey }), { email: shopper.email });
    expect(await listAddresses(db(), { userId: shopper.id })).toHaveLength(1);
  });

  it("a guest's save-address box is ignored", async () => {
    const variant = await createTestVariant(db());
    const cookie = await cartWith(variant.id);
    const { checkoutKey, ...details } = testCheckoutDetails();
    const before = await db().selectFrom("addresses").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect((await placeThroughCheckout(formOf(details, { checkoutKey, saveAddress: "on" }), { cookie })).status).toBe(303);
    const after = await db().selectFrom("addresses").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("lists Guangzhou's real districts, without the 市辖区 placeholder", async () => {
    const response = (await regionsLoader({ request: await getRequest("/checkout/regions?province=440000&city=440100"), params: {}, context: testContext })) as Response;
    const { districts } = (await response.json()) as { districts: { code: string; name: string }[] };
    const names = districts.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(["越秀区", "天河区", "海珠区", "白云区"]));
    expect(names).not.toContain("市辖区");
    // A city whose only entry was the placeholder is its own district.
    const jiayuguan = await (await regionsLoader({ request: await getRequest("/checkout/regions?province=620000&city=620200"), params: {}, context: testContext })) as Response;
    expect(((await jiayuguan.json()) as { districts: { name: string }[] }).districts.map((d) => d.name)).toEqual(["嘉峪关市"]);
  });
});

describe("the order page and history for shoppers", () => {
  it("says 包邮 when shipping was free and shows names and sizes, never SKUs", async () => {
    const variant = await createTestVariant(db(), { priceFen: 12000 });
    const order = await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: 1 }] });
    const row = await db().selectFrom("orders").select(["shipping_fen", "access_token"]).where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(row.shipping_fen).toBe(0);
    const page = await orderPage(`/orders/${order.number}?token=${row.access_token}`);
    const text = JSON.stringify(await page.json());
    expect(text).not.toContain(variant.sku);
    expect(text).toContain("5斤装");

    const { renderToString } = await import("react-dom/server");
    const { createElement } = await import("react");
    const { I18nextProvider, initReactI18next } = await import("react-i18next");
    const i18next = (await import("i18next")).default;
    const { i18nOptions } = await import("~/i18n");
    const zh = (await import("~/locales/zh")).default;
    const { OrderTotals, OrderItemsTable } = await import("~/components/checkout/order-summary");
    const i18n = i18next.createInstance();
    await i18n.use(initReactI18next).init(i18nOptions("zh", { zh } as never));
    const html = renderToString(
      createElement(
        I18nextProvider,
        { i18n },
        createElement(OrderTotals, { order: { subtotalFen: 12000, shippingFen: 0, totalFen: 12000, refundedFen: 0 } }),
        createElement(OrderItemsTable, { locale: "zh", items: [{ id: 1, nameZh: "奉节脐橙", nameEn: "Orange", labelZh: "5斤装", labelEn: "2.5 kg", quantity: 1, unitPriceFen: 12000, lineTotalFen: 12000 }] }),
      ),
    );
    expect(html).toContain('data-testid="order-shipping">包邮<');
    expect(html).not.toContain("货号");
    expect(html).not.toContain("¥0.00");
  });

  it("the confirmation e-mail says 包邮 when shipping was free and links to the lookup", async () => {
    const { orderConfirmationEmail } = await import("~/services/mail/templates.server");
    const { getFixedT } = await import("~/utils/i18n.server");
    const fixed = await getFixedT("zh", "orders");
    const t = (key: string, options?: Record<string, unknown>) => String(fixed(key, options as never));
    const email = orderConfirmationEmail(t, {
      language: "zh",
      number: "SS261203123456",
      contactName: "陈静",
      orderUrl: "https://shop.example/orders/SS261203123456?token=x",
      lookupUrl: "https://shop.example/orders/lookup?lang=zh",
      lines: [{ name: "奉节脐橙", variant: "5斤装", quantity: 1, lineTotalFen: 12000 }],
      subtotalFen: 12000,
      shippingFen: 0,
      totalFen: 12000,
      addressLines: ["陈静 13700234567"],
    });
    expect(email.text).toContain("运费: 包邮");
    expect(email.text).not.toContain("¥0.00");
    expect(email.html).toContain("包邮");
    expect(email.html).toContain('href="https://shop.example/orders/lookup?lang=zh"');
  });

  it("the account's order history names the size of each line", async () => {
    const shopper = await createTestUser();
    const variant = await createTestVariant(db());
    await placeTestOrder(db(), { lines: [{ variantId: variant.id, quantity: 1 }], userId: shopper.id });
    const response = (await historyLoader({ request: await getRequest("/account/orders", { email: shopper.email }), params: {}, context: testContext })) as Response;
    const data = await response.json();
    expect(data.orders[0].preview[0]).toMatchObject({ labelZh: "5斤装", labelEn: "2.5 kg box" });
    expect(JSON.stringify(data)).not.toContain(variant.sku);
  });
});

describe("/orders/lookup", () => {
  it("the right number and mobile open the order page with a working link", async () => {
    const order = await placeTestOrder(db(), { details: { phone: "13612345678", email: null } });
    const response = await lookup({ number: order.number.toLowerCase(), phone: "+86 136 1234 5678" });
    expect(response.status).toBe(303);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/orders/${order.number}\\?token=`));
    const page = await orderPage(location);
    expect(page.status).toBe(200);
    expect((await page.json()).order.number).toBe(order.number);
    // Without the link the order page is a 404 (whose page points to the lookup).
    expect((await orderPage(`/orders/${order.number}`)).status).toBe(404);
  });

  it("answers a wrong mobile number and an unknown order identically", async () => {
    const order = await placeTestOrder(db(), { details: { phone: "13512345678" } });
    const wrong = await lookup({ number: order.number, phone: "13512345679" });
    const missing = await lookup({ number: unknownOrderNumber(), phone: "13512345678" });
    expect(wrong.status).toBe(404);
    expect(missing.status).toBe(404);
    const [a, b] = [await wrong.json(), await missing.json()];
    expect({ ...a, values: null }).toEqual({ ...b, values: null });
    expect(a.formError).toBe("notFound");
  });

  it("limits attempts per client", async () => {
    const context = clientContext();
    const statuses: number[] = [];
    for (let i = 0; i < ORDER_LOOKUP_LIMITS.perClient.limit + 1; i++) {
      statuses.push((await lookup({ number: unknownOrderNumber(), phone: "13800138000" }, context)).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 404)).toBe(true);
    const blocked = await lookup({ number: unknownOrderNumber(), phone: "13800138000" }, context);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect((await blocked.json()).formError).toBe("tooMany");
  });

  it("limits attempts per order, from any number of clients, even for the right mobile afterwards", async () => {
    const order = await placeTestOrder(db(), { details: { phone: "13312345678" } });
    for (let i = 0; i < ORDER_LOOKUP_LIMITS.perOrder.limit; i++) {
      expect((await lookup({ number: order.number, phone: `1331234${String(5000 + i)}` })).status).toBe(404);
    }
    expect((await lookup({ number: order.number, phone: "13312345678" })).status).toBe(429);
  });

  it("refuses malformed input and injection attempts with a clear error, never a 500 or a redirect elsewhere", async () => {
    const attempts: Record<string, string>[] = [
      { number: "https://evil.example/", phone: "13800138000" },
      { number: "//evil.example", phone: "13800138000" },
      { number: "SS261203123456' OR '1'='1", phone: "13800138000" },
      { number: "SS261203123456", phone: "13800138000'; DROP TABLE orders; --" },
      { number: "SS261203123456\r\nLocation: https://evil.example", phone: "13800138000" },
      { number: "", phone: "" },
      { number: "x".repeat(5000), phone: "1".repeat(5000) },
      { number: "SS261203123456", phone: "13800138000", redirectTo: "https://evil.example" },
    ];
    for (const form of attempts) {
      const response = await lookup(form);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get("Location")).toBeNull();
    }
    const bad = await lookup({ number: "//evil.example", phone: "abc" });
    expect((await bad.json()).errors).toMatchObject({ number: "number", phone: "phone" });
  });

  it("fills the number from ?number= and ignores anything else", async () => {
    const good = (await lookupLoader({ request: await getRequest("/orders/lookup?number=SS261203123456"), params: {}, context: testContext })) as Response;
    expect((await good.json()).number).toBe("SS261203123456");
    const bad = (await lookupLoader({ request: await getRequest("/orders/lookup?number=%3Cscript%3E"), params: {}, context: testContext })) as Response;
    expect((await bad.json()).number).toBe("");
  });
});
