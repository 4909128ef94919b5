import { afterEach, describe, expect, it } from "vitest";
import { action as cartAction } from "~/routes/cart";
import { action as checkoutAction } from "~/routes/checkout";
import { action as orderAction, loader as orderLoader } from "~/routes/orders.$number";
import { action as devPayAction, loader as devPayLoader } from "~/routes/pay.dev.$orderId";
import { startPayment } from "~/services/checkout.server";
import { STRIPE_API_VERSION } from "~/services/payments/stripe.server";
import { db } from "~/utils/db.server";
import { ConfigError, getEnv, resetEnvForTests } from "~/utils/env.server";
import { createTestUser, formRequest, getRequest, sessionCookieFor, settle, testContext } from "../support/auth";
import { createTestVariant, placeTestOrder, testCheckoutDetails } from "../support/checkout";
import { useStripeDouble } from "../support/stripe-double";

/** A guest who fills a cart and places an order through the real routes; returns where checkout sent them. */
async function guestCheckout(options: { quantity?: number; stock?: number } = {}) {
  const variant = await createTestVariant(db(), { stock: options.stock ?? 10 });
  const add = await formRequest("/cart", { form: { intent: "add", variantId: String(variant.id), quantity: String(options.quantity ?? 2) } });
  const added = (await cartAction({ request: add, params: {}, context: testContext })) as Response;
  const cookie = added.headers.get("Set-Cookie")!.split(";")[0]!;
  const details = testCheckoutDetails();
  const form = { intent: "place", ...Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v ?? ""])) };
  const placed = await settle(async () => checkoutAction({ request: await formRequest("/checkout", { form, cookie }), params: {}, context: testContext }));
  expect(placed.status).toBe(303);
  const order = await db().selectFrom("orders").selectAll().where("checkout_key", "=", details.checkoutKey).executeTakeFirstOrThrow();
  return { variant, cookie, order, location: placed.headers.get("Location")! };
}

async function orderPage(number: string, query: string, cookie?: string) {
  return settle(async () => orderLoader({ request: await getRequest(`/orders/${number}?${query}`, { cookie }), params: { number }, context: testContext }));
}

async function devDecision(location: string, decision: string, overrides: Record<string, string> = {}) {
  const url = new URL(location, "http://localhost");
  const orderId = url.pathname.split("/").pop()!;
  const form = { token: url.searchParams.get("token")!, session: url.searchParams.get("session")!, decision, ...overrides };
  return settle(async () => devPayAction({ request: await formRequest(`/pay/dev/${orderId}`, { form }), params: { orderId }, context: testContext }));
}

async function cartCount(cookie: string) {
  const { cartCountForRequest } = await import("~/services/checkout.server");
  return cartCountForRequest(db(), new Request("http://localhost/", { headers: { Cookie: cookie } }));
}

describe("dev payments", () => {
  it("shows a clearly marked test page only to the holder of the order's link", async () => {
    const { location, order } = await guestCheckout();
    const url = new URL(location, "http://localhost");
    const orderId = String(order.id);
    const ok = await settle(async () => devPayLoader({ request: await getRequest(`${url.pathname}${url.search}`), params: { orderId }, context: testContext }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ number: order.number, amountFen: order.total_fen, open: true });
    for (const search of ["", `?session=${url.searchParams.get("session")}`, `?token=wrong&session=${url.searchParams.get("session")}`, `?token=${order.access_token}&session=dev_cs_999_1`]) {
      const denied = await settle(async () => devPayLoader({ request: await getRequest(`${url.pathname}${search}`), params: { orderId }, context: testContext }));
      expect(denied.status).toBe(404);
    }
    expect((await devDecision(location, "approve", { token: "forged" })).status).toBe(404);
    expect(await db().selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirstOrThrow()).toEqual({ status: "pending_payment" });
  });

  it("approve: the order is paid, the cart emptied, the confirmation queued, and the success page shows it", async () => {
    const { location, order, cookie, variant } = await guestCheckout();
    const approved = await devDecision(location, "approve");
    expect(approved.status).toBe(303);
    expect(approved.headers.get("Location")).toBe(`/orders/${order.number}?token=${order.access_token}&payment=paid`);
    expect(await db().selectFrom("orders").select(["status", "payment_status"]).where("id", "=", order.id).executeTakeFirstOrThrow()).toEqual({ status: "paid", payment_status: "paid" });
    expect(await cartCount(cookie)).toBe(0);
    const stock = await db().selectFrom("variants").select(["stock_on_hand", "stock_reserved"]).where("id", "=", variant.id).executeTakeFirstOrThrow();
    expect(stock).toEqual({ stock_on_hand: 8, stock_reserved: 0 });
    expect(await db().selectFrom("outbox").select("kind").where("dedupe_key", "=", `order-confirmation:${order.id}`).execute()).toEqual([{ kind: "email.order_confirmation" }]);
    const stored = await db().selectFrom("webhook_events").select(["provider", "type"]).where("event_id", "like", `%dev_cs_${order.id}_1`).execute();
    expect(stored).toEqual([{ provider: "dev", type: "dev.payment.approved" }]);

    const page = await orderPage(order.number, `token=${order.access_token}&payment=paid`);
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ order: { number: order.number, status: "paid", paymentStatus: "paid", totalFen: order.total_fen }, canPay: false });
    // Approving again (a double click) changes nothing.
    expect((await devDecision(location, "approve")).status).toBe(303);
    expect((await db().selectFrom("order_events").select("id").where("order_id", "=", order.id).where("type", "=", "order.paid").execute()).length).toBe(1);
  });

  it("decline keeps the order waiting and the cart intact; try again makes attempt 2, which can be paid", async () => {
    const { location, order, cookie, variant } = await guestCheckout({ quantity: 3 });
    const declined = await devDecision(location, "decline");
    expect(declined.headers.get("Location")).toBe(`/orders/${order.number}?token=${order.access_token}&payment=failed`);
    expect(await db().selectFrom("orders").select(["status", "payment_status"]).where("id", "=", order.id).executeTakeFirstOrThrow()).toEqual({ status: "pending_payment", payment_status: "failed" });
    expect(await cartCount(cookie)).toBe(3);
    expect((await db().selectFrom("variants").select("stock_reserved").where("id", "=", variant.id).executeTakeFirstOrThrow()).stock_reserved).toBe(3);
    const page = await (await orderPage(order.number, `token=${order.access_token}&payment=failed`)).json();
    expect(page).toMatchObject({ canPay: true, lastAttemptFailed: true, attempts: [{ attempt: 1, status: "failed" }] });

    const retry = await settle(async () =>
      orderAction({ request: await formRequest(`/orders/${order.number}`, { form: { intent: "pay", token: order.access_token } }), params: { number: order.number }, context: testContext }),
    );
    expect(retry.status).toBe(303);
    const second = retry.headers.get("Location")!;
    expect(second).toContain(`session=dev_cs_${order.id}_2`);
    expect((await devDecision(second, "approve")).status).toBe(303);
    expect(await db().selectFrom("orders").select(["status", "payment_status"]).where("id", "=", order.id).executeTakeFirstOrThrow()).toEqual({ status: "paid", payment_status: "paid" });
    const attempts = await db().selectFrom("payments").select(["attempt", "status"]).where("order_id", "=", order.id).orderBy("attempt").execute();
    expect(attempts).toEqual([
      { attempt: 1, status: "failed" },
      { attempt: 2, status: "paid" },
    ]);
    expect(await cartCount(cookie)).toBe(0);
    // Nothing left to pay: the pay action refuses quietly.
    const again = await settle(async () =>
      orderAction({ request: await formRequest(`/orders/${order.number}`, { form: { intent: "pay", token: order.access_token } }), params: { number: order.number }, context: testContext }),
    );
    expect(again.headers.get("Location")).toContain("payment=not_payable");
  });

  it("shows the order page to its owner, staff and link holders only", async () => {
    const owner = await createTestUser();
    const order = await placeTestOrder(db(), { userId: owner.id });
    expect((await orderPage(order.number, "")).status).toBe(404);
    expect((await orderPage(order.number, "token=nope")).status).toBe(404);
    expect((await orderPage(order.number, `token=${order.accessToken}`)).status).toBe(200);
    expect((await orderPage(order.number, "", await sessionCookieFor(owner.email))).status).toBe(200);
    expect((await orderPage(order.number, "", await sessionCookieFor((await createTestUser()).email))).status).toBe(404);
    expect((await orderPage(order.number, "", await sessionCookieFor((await createTestUser({ role: "staff" })).email))).status).toBe(200);
    expect((await orderPage("SS000000000000", `token=${order.accessToken}`)).status).toBe(404);
    expect((await orderPage("not-a-number", "")).status).toBe(404);
  });
});

describe("stripe payments", () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it("creates a CNY Checkout Session from the order, expiring with the reservation", async () => {
    const started = await useStripeDouble();
    stop = started.stop;
    const { double } = started;
    const { location, order } = await guestCheckout({ quantity: 2 });
    const session = [...double.sessions.values()].find((s) => s.client_reference_id === String(order.id))!;
    expect(location).toBe(session.url);
    const request = double.requests.find((r) => r.path === "/v1/checkout/sessions" && r.method === "POST")!;
    expect(request.headers.authorization).toBe("Bearer sk_test_shanshui_double");
    expect(request.headers["stripe-version"]).toBe(STRIPE_API_VERSION);
    expect(request.headers["idempotency-key"]).toBe(`checkout-session:order-${order.id}:attempt-1`);
    expect(request.params).toMatchObject({
      mode: "payment",
      currency: "cny",
      allowed_payment_method_types: ["card", "alipay", "wechat_pay"],
      payment_method_options: { wechat_pay: { client: "web" } },
      client_reference_id: String(order.id),
      metadata: { order_id: String(order.id), order_number: order.number, attempt: "1" },
      customer_email: order.email,
    });
    expect(session.amount_total).toBe(order.total_fen);
    expect(String(request.params.success_url)).toBe(`${getEnv().publicUrl}/orders/${order.number}?token=${order.access_token}&payment=paid`);
    expect(String(request.params.cancel_url)).toContain("payment=cancelled");
    const hold = await db().selectFrom("stock_reservations").select("expires_at").where("order_id", "=", order.id).executeTakeFirstOrThrow();
    expect(session.expires_at).toBe(Math.floor(hold.expires_at.getTime() / 1000));
    const payment = await db().selectFrom("payments").selectAll().where("order_id", "=", order.id).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ provider: "stripe", provider_session_id: session.id, attempt: 1, amount_fen: order.total_fen, status: "open" });
  });

  it("makes one Checkout Session of a double-clicked Pay", async () => {
    const started = await useStripeDouble();
    stop = started.stop;
    const order = await placeTestOrder(db());
    const results = await Promise.all(Array.from({ length: 5 }, () => startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } })));
    expect(new Set(results.map((r) => (r.kind === "redirect" ? r.url : r.kind))).size).toBe(1);
    expect([...started.double.sessions.values()].filter((s) => s.client_reference_id === String(order.id))).toHaveLength(1);
    expect(await db().selectFrom("payments").select("id").where("order_id", "=", order.id).execute()).toHaveLength(1);
  });

  it("keeps the order when Stripe is down and lets the shopper pay later", async () => {
    const started = await useStripeDouble();
    stop = started.stop;
    started.double.failNext("/v1/checkout/sessions", 10);
    const order = await placeTestOrder(db());
    expect(await startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } })).toMatchObject({ kind: "provider_unavailable" });
    expect(await db().selectFrom("payments").select("id").where("order_id", "=", order.id).execute()).toHaveLength(0);
    started.double.failNext("/v1/checkout/sessions", 0);
    expect(await startPayment(db(), { orderId: order.id, actor: { kind: "shopper" } })).toMatchObject({ kind: "redirect", attempt: 1 });
  });

  it("asks Stripe how the session ended when the shopper is back before the webhook", async () => {
    const started = await useStripeDouble();
    stop = started.stop;
    const { order } = await guestCheckout();
    const session = [...started.double.sessions.values()].find((s) => s.client_reference_id === String(order.id))!;
    started.double.pay(session.id);
    const page = await (await orderPage(order.number, `token=${order.access_token}&payment=paid`)).json();
    expect(page.order).toMatchObject({ status: "paid", paymentStatus: "paid" });
    expect(started.double.requests.some((r) => r.method === "GET" && r.path === `/v1/checkout/sessions/${session.id}`)).toBe(true);
  });
});

describe("which provider runs", () => {
  const names = ["DATABASE_URL", "SESSION_SECRET", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "PAYMENT_PROVIDER", "RESERVATION_MINUTES"] as const;
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  afterEach(() => {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
    resetEnvForTests();
  });
  const withEnv = (values: Partial<Record<(typeof names)[number], string>>) => {
    for (const n of names) delete process.env[n];
    Object.assign(process.env, values);
    resetEnvForTests();
    return getEnv;
  };
  const secret = "x".repeat(40);

  it("is dev on the embedded database, stripe with a key, and refuses a real database without either", () => {
    expect(withEnv({})().paymentProvider).toBe("dev");
    expect(withEnv({ STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1" })().paymentProvider).toBe("stripe");
    expect(withEnv({ DATABASE_URL: "postgres://db/shop", SESSION_SECRET: secret, PAYMENT_PROVIDER: "dev" })().paymentProvider).toBe("dev");
    expect(() => withEnv({ DATABASE_URL: "postgres://db/shop", SESSION_SECRET: secret })()).toThrow(ConfigError);
    expect(() => withEnv({ DATABASE_URL: "postgres://db/shop", SESSION_SECRET: secret })()).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => withEnv({ STRIPE_SECRET_KEY: "sk_test_1" })()).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => withEnv({ STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1", RESERVATION_MINUTES: "10" })()).toThrow(/RESERVATION_MINUTES/);
  });
});
