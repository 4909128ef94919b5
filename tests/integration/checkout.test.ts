import { describe, expect, it } from "vitest";
import { placeOrder } from "~/services/checkout.server";
import { action, loader } from "~/routes/checkout";
import { loader as regionsLoader } from "~/routes/checkout.regions";
import { action as cartAction } from "~/routes/cart";
import { db } from "~/utils/db.server";
import { createAddress } from "~/models/address.server";
import { createTestUser, formRequest, getRequest, settle, testContext } from "../support/auth";
import { createTestVariant, testCheckoutDetails } from "../support/checkout";

async function cartWith(lines: { variantId: number; quantity: number }[]) {
  let cookie: string | undefined;
  for (const line of lines) {
    const request = await formRequest("/cart", { form: { intent: "add", variantId: String(line.variantId), quantity: String(line.quantity) }, cookie });
    const response = (await cartAction({ request, params: {}, context: testContext })) as Response;
    expect(response.status).toBe(200);
    cookie ??= response.headers.get("Set-Cookie")!.split(";")[0]!;
  }
  return cookie!;
}

async function checkoutPage(cookie: string) {
  return (await loader({ request: await getRequest("/checkout", { cookie }), params: {}, context: testContext })) as Response;
}

function formOf(details: ReturnType<typeof testCheckoutDetails>, extra: Record<string, string> = {}): Record<string, string> {
  return { intent: "place", ...Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v ?? ""])), ...extra };
}

async function submit(cookie: string, form: Record<string, string>) {
  const request = await formRequest("/checkout", { form, cookie });
  return settle(action({ request, params: {}, context: testContext }));
}

/** Orders holding this variant (each test file shares one database). */
const ordersFor = async (variantId: number) =>
  db()
    .selectFrom("orders")
    .selectAll()
    .where("id", "in", (eb) => eb.selectFrom("order_items").select("order_id").where("variant_id", "=", variantId))
    .execute();
const ordersCount = async (variantId: number) => (await ordersFor(variantId)).length;

describe("/checkout", () => {
  it("sends an empty cart back to /cart", async () => {
    const response = await loader({ request: await getRequest("/checkout"), params: {}, context: testContext }).catch((r: unknown) => r as Response);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("Location")).toBe("/cart");
  });

  it("renders the form with a fresh checkout key and every province of the mainland", async () => {
    const variant = await createTestVariant(db());
    const cookie = await cartWith([{ variantId: variant.id, quantity: 1 }]);
    const first = await (await checkoutPage(cookie)).json();
    const second = await (await checkoutPage(cookie)).json();
    expect(first.values.checkoutKey).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(second.values.checkoutKey).not.toBe(first.values.checkoutKey);
    expect(first.regions.provinces).toHaveLength(31);
    expect(first.regions.provinces.map((p: { name: string }) => p.name)).toContain("重庆市");
    expect(first.regions.provinces.map((p: { name: string }) => p.name)).not.toContain("台湾省");
    expect(first.lines).toHaveLength(1);
  });

  it("fills the form from the shopper's default address, or from the saved address they pick, never from someone else's", async () => {
    const shopper = await createTestUser({ name: "王芳" });
    const stranger = await createTestUser();
    const save = async (userId: number, recipient: string, district: { code: string; name: string }) => {
      const created = await createAddress(db(), {
        userId,
        input: { recipient, phone: "13800138000", province: "重庆市", city: "重庆市", district: district.name, regionCode: district.code, street: `${recipient}路 1 号`, postcode: null },
      });
      if (!created.ok) throw new Error("address not saved");
      return created.address.id;
    };
    const home = await save(shopper.id, "王芳", { code: "500103", name: "渝中区" });
    const office = await save(shopper.id, "王芳公司", { code: "500108", name: "南岸区" });
    const strangers = await save(stranger.id, "陌生人", { code: "500101", name: "万州区" });

    const variant = await createTestVariant(db());
    const added = (await cartAction({
      request: await formRequest("/cart", { email: shopper.email, form: { intent: "add", variantId: String(variant.id), quantity: "1" } }),
      params: {},
      context: testContext,
    })) as Response;
    expect(added.status).toBe(200);
    const page = async (query: string) =>
      (await (
        (await loader({ request: await getRequest(`/checkout${query}`, { email: shopper.email }), params: {}, context: testContext })) as Response
      ).json()) as { values: Record<string, string>; addresses: Array<{ id: number; place: string }>; addressId: number };

    const byDefault = await page("");
    expect(byDefault.addressId).toBe(home);
    expect(byDefault.values).toMatchObject({ name: "王芳", email: shopper.email, district: "500103", street: "王芳路 1 号" });
    expect(byDefault.addresses.map((a) => a.id)).toEqual([home, office]);
    expect(byDefault.addresses[1]!.place).toBe("重庆市重庆市南岸区王芳公司路 1 号");

    const picked = await page(`?address=${office}`);
    expect(picked.addressId).toBe(office);
    expect(picked.values).toMatchObject({ name: "王芳公司", district: "500108", street: "王芳公司路 1 号" });

    for (const query of [`?address=${strangers}`, "?address=-1", "?address=abc", "?address=1e99"]) {
      const fallback = await page(query);
      expect(fallback.addressId).toBe(home);
      expect(JSON.stringify(fallback)).not.toContain("陌生人");
    }
  });

  it("lists cities and districts: in place (resource route) and as a no-JavaScript step that keeps what was typed", async () => {
    const sichuan = await (await regionsLoader({ request: new Request("http://x/checkout/regions?province=510000"), params: {}, context: testContext })).json();
    expect(sichuan.cities.map((c: { name: string }) => c.name)).toContain("成都市");
    expect(sichuan.districts).toEqual([]);
    const chengdu = await (await regionsLoader({ request: new Request("http://x/checkout/regions?province=510000&city=510100"), params: {}, context: testContext })).json();
    expect(chengdu.districts.map((d: { name: string }) => d.name)).toContain("武侯区");
    const chongqing = await (await regionsLoader({ request: new Request("http://x/checkout/regions?province=500000"), params: {}, context: testContext })).json();
    expect(chongqing.city).toBe("500000");
    expect(chongqing.districts.map((d: { name: string }) => d.name)).toContain("奉节县");

    const variant = await createTestVariant(db());
    const cookie = await cartWith([{ variantId: variant.id, quantity: 1 }]);
    const step = await submit(cookie, { intent: "regions", name: "李晓明", email: "li@example.test", province: "510000", checkoutKey: "k".repeat(20) });
    expect(step.status).toBe(200);
    const body = await step.json();
    expect(body.values).toMatchObject({ name: "李晓明", email: "li@example.test", province: "510000" });
    expect(body.regions.cities.map((c: { code: string }) => c.code)).toContain("510100");
    expect(await ordersCount(variant.id)).toBe(0);
  });

  it("refuses invalid details with 400, field errors, and everything typed", async () => {
    const variant = await createTestVariant(db());
    const cookie = await cartWith([{ variantId: variant.id, quantity: 1 }]);
    const details = testCheckoutDetails({ phone: "12345", email: "nope" });
    const response = await submit(cookie, formOf(details));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toMatchObject({ phone: "errors.phone", email: "errors.email" });
    expect(body.values).toMatchObject({ name: details.name, phone: "12345", email: "nope", street: details.street, district: details.district });
    // A district that does not belong to the chosen city.
    const mismatched = await submit(cookie, formOf(testCheckoutDetails({ province: "510000", city: "510100", district: "500103" })));
    expect(mismatched.status).toBe(400);
    expect((await mismatched.json()).formError.key).toBe("errors.invalid_region");
    expect(await ordersCount(variant.id)).toBe(0);
  });

  it("places the order, reserves the stock, snapshots the items and sends the shopper to pay", async () => {
    const variant = await createTestVariant(db(), { stock: 10, priceFen: 3000, weightGrams: 2500 });
    const cookie = await cartWith([{ variantId: variant.id, quantity: 2 }]);
    const details = testCheckoutDetails({ province: "440000", city: "440300", district: "440305" }); // Shenzhen, Nanshan
    // Price, currency and total fields are not part of the form: sent anyway, they change nothing.
    const response = await submit(cookie, formOf(details, { priceFen: "1", unitPriceFen: "1", totalFen: "1", currency: "usd", shippingFen: "0" }));
    expect(response.status).toBe(303);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(/^\/pay\/dev\/\d+\?token=[A-Za-z0-9_-]{43}&session=dev_cs_\d+_1$/);

    const order = await db().selectFrom("orders").selectAll().where("checkout_key", "=", details.checkoutKey).executeTakeFirstOrThrow();
    // 5 kg to Guangdong (far): 1000 + 4 × 400; goods 2 × ¥30 = ¥60, under the free threshold.
    expect(order).toMatchObject({
      status: "pending_payment",
      payment_status: "unpaid",
      currency: "CNY",
      subtotal_fen: 6000,
      shipping_fen: 2600,
      total_fen: 8600,
      ship_province: "广东省",
      ship_city: "深圳市",
      ship_district: "南山区",
      ship_region_code: "440305",
      email: details.email,
      phone: "13800138000",
      shipping_method: "standard",
    });
    expect(order.number).toMatch(/^SS\d{12}$/);
    expect(order.access_token.length).toBeGreaterThanOrEqual(32);
    const items = await db().selectFrom("order_items").selectAll().where("order_id", "=", order.id).execute();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ variant_id: variant.id, unit_price_fen: 3000, quantity: 2, line_total_fen: 6000, weight_grams: 2500, sku: variant.sku, temperature_class: "ambient" });
    const stock = await db().selectFrom("variants").select(["stock_on_hand", "stock_reserved"]).where("id", "=", variant.id).executeTakeFirstOrThrow();
    expect(stock).toEqual({ stock_on_hand: 10, stock_reserved: 2 });
    const reservation = await db().selectFrom("stock_reservations").selectAll().where("order_id", "=", order.id).executeTakeFirstOrThrow();
    expect(reservation).toMatchObject({ variant_id: variant.id, quantity: 2, status: "held" });
    const minutes = (reservation.expires_at.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(28);
    expect(minutes).toBeLessThanOrEqual(30);
    const events = await db().selectFrom("order_events").select("type").where("order_id", "=", order.id).orderBy("id").execute();
    expect(events.map((e) => e.type)).toEqual(["order.placed", "payment.started"]);
    // The cart keeps its items until the payment succeeds.
    expect((await (await checkoutPage(cookie)).json()).lines).toHaveLength(1);
  });

  it("makes one order of a form submitted twice, even at the same moment", async () => {
    const variant = await createTestVariant(db(), { stock: 10 });
    const cookie = await cartWith([{ variantId: variant.id, quantity: 3 }]);
    const form = formOf(testCheckoutDetails());
    const [a, b] = await Promise.all([submit(cookie, form), submit(cookie, form)]);
    const c = await submit(cookie, form);
    expect([a.status, b.status, c.status]).toEqual([303, 303, 303]);
    expect(new Set([a, b, c].map((r) => r.headers.get("Location"))).size).toBe(1);
    expect(await ordersCount(variant.id)).toBe(1);
    const stock = await db().selectFrom("variants").select("stock_reserved").where("id", "=", variant.id).executeTakeFirstOrThrow();
    expect(stock.stock_reserved).toBe(3);
    const [order] = await ordersFor(variant.id);
    expect(await db().selectFrom("payments").select("id").where("order_id", "=", order!.id).execute()).toHaveLength(1);
  });

  it("refuses a form whose honeypot field was filled", async () => {
    const variant = await createTestVariant(db());
    const cookie = await cartWith([{ variantId: variant.id, quantity: 1 }]);
    const response = await submit(cookie, formOf(testCheckoutDetails(), { website: "http://spam.example" }));
    expect(response.status).toBe(400);
    expect(await ordersCount(variant.id)).toBe(0);
  });

  it("requires cold chain for chilled goods and refuses it where couriers cannot keep them cold", async () => {
    const chilled = await createTestVariant(db(), { temperatureClass: "chilled", stock: 10 });
    const cookie = await cartWith([{ variantId: chilled.id, quantity: 1 }]);
    const standard = await submit(cookie, formOf(testCheckoutDetails({ shippingMethod: "standard" })));
    expect(standard.status).toBe(400);
    expect((await standard.json()).errors.shippingMethod).toBe("shipping.reasons.cold_chain_required");
    const lhasa = await submit(cookie, formOf(testCheckoutDetails({ shippingMethod: "cold_chain", province: "540000", city: "540100", district: "540102" })));
    expect(lhasa.status).toBe(400);
    const body = await lhasa.json();
    expect(body.errors.shippingMethod).toBe("shipping.reasons.cold_chain_unreachable");
    expect(body.values.street).toBe(testCheckoutDetails().street);
    expect(await ordersCount(chilled.id)).toBe(0);
    const ok = await submit(cookie, formOf(testCheckoutDetails({ shippingMethod: "cold_chain" })));
    expect(ok.status).toBe(303);
    const [order] = await ordersFor(chilled.id);
    expect(order).toMatchObject({ shipping_method: "cold_chain", shipping_fen: 1500 });
  });

  it("refuses once when a price changed since the shopper saw it, then takes the new price", async () => {
    const variant = await createTestVariant(db(), { priceFen: 1000, stock: 10 });
    const cookie = await cartWith([{ variantId: variant.id, quantity: 1 }]);
    await db().updateTable("variants").set({ price_fen: 1500 }).where("id", "=", variant.id).execute();
    const refused = await submit(cookie, formOf(testCheckoutDetails()));
    expect(refused.status).toBe(400);
    expect((await refused.json()).formError).toMatchObject({ key: "errors.price_changed" });
    expect(await ordersCount(variant.id)).toBe(0);
    const placed = await submit(cookie, formOf(testCheckoutDetails()));
    expect(placed.status).toBe(303);
    expect((await ordersFor(variant.id))[0]!.subtotal_fen).toBe(1500);
  });

  it("rolls everything back when a later line cannot be reserved", async () => {
    const plenty = await createTestVariant(db(), { stock: 10 });
    const scarce = await createTestVariant(db(), { stock: 2 });
    // Someone else takes a unit between the cart and the order: the first line reserves, the second cannot.
    await db().updateTable("variants").set({ stock_reserved: 1 }).where("id", "=", scarce.id).execute();
    const result = await placeOrder(db(), {
      lines: [
        { variantId: plenty.id, quantity: 4 },
        { variantId: scarce.id, quantity: 2 },
      ],
      details: testCheckoutDetails(),
      cartId: null,
      userId: null,
      locale: "zh",
    });
    expect(result).toEqual({ ok: false, error: { code: "out_of_stock", variantIds: [scarce.id] } });
    expect(await ordersCount(plenty.id)).toBe(0);
    expect(await db().selectFrom("stock_reservations").select("id").where("variant_id", "in", [plenty.id, scarce.id]).execute()).toHaveLength(0);
    const stock = await db().selectFrom("variants").select(["id", "stock_reserved"]).where("id", "in", [plenty.id, scarce.id]).orderBy("id").execute();
    expect(stock).toEqual([
      { id: plenty.id, stock_reserved: 0 },
      { id: scarce.id, stock_reserved: 1 },
    ]);
  });

  it("sends the shopper back to the cart when a line no longer fits the stock", async () => {
    const scarce = await createTestVariant(db(), { stock: 2 });
    const cookie = await cartWith([{ variantId: scarce.id, quantity: 2 }]);
    await db().updateTable("variants").set({ stock_reserved: 1 }).where("id", "=", scarce.id).execute();
    const response = await submit(cookie, formOf(testCheckoutDetails()));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/cart");
    expect(await ordersCount(scarce.id)).toBe(0);
  });

  it("refuses an out-of-stock order in the service with nothing written", async () => {
    const scarce = await createTestVariant(db(), { stock: 1 });
    const result = await placeOrder(db(), { lines: [{ variantId: scarce.id, quantity: 2 }], details: testCheckoutDetails(), cartId: null, userId: null, locale: "en" });
    expect(result).toEqual({ ok: false, error: { code: "out_of_stock", variantIds: [scarce.id] } });
    expect(await ordersCount(scarce.id)).toBe(0);
  });
});
