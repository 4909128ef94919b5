import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Locale, TemperatureClass } from "~db/schema";
import { placeOrder, startPayment } from "~/services/checkout.server";
import { createDevWebhook } from "~/services/payments/dev.server";
import { devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import type { CheckoutInput } from "~/utils/checkout-schema.server";

// Helpers to make sellable stock and orders in tests, for every area that needs an order
// (fulfilment, staff refunds, accounts' order history…). They go through the real checkout
// and payment code: an order made here is exactly what a shopper's would be.

function suffix(): string {
  return randomBytes(4).toString("hex");
}

export interface TestVariantOptions {
  stock?: number;
  priceFen?: number;
  weightGrams?: number;
  temperatureClass?: TemperatureClass;
  productStatus?: "draft" | "active" | "archived";
  /** Put the variant on an existing product instead of a new one. */
  productId?: number;
}

/** A new active product with one variant in stock (default 10 units at ¥25.00, 1 kg, ambient). */
export async function createTestVariant(db: Kysely<Database>, options: TestVariantOptions = {}) {
  const tag = suffix();
  let productId = options.productId;
  if (productId === undefined) {
    const cooperative =
      (await db.selectFrom("cooperatives").select("id").orderBy("id").limit(1).executeTakeFirst()) ??
      (await db
        .insertInto("cooperatives")
        .values({ slug: `test-coop-${tag}`, name_zh: "测试合作社", name_en: "Test Cooperative", county_zh: "奉节县", county_en: "Fengjie County" })
        .returning("id")
        .executeTakeFirstOrThrow());
    const category =
      (await db.selectFrom("categories").select("id").orderBy("id").limit(1).executeTakeFirst()) ??
      (await db.insertInto("categories").values({ slug: `test-cat-${tag}`, name_zh: "水果", name_en: "Fruit" }).returning("id").executeTakeFirstOrThrow());
    const product = await db
      .insertInto("products")
      .values({
        cooperative_id: cooperative.id,
        category_id: category.id,
        slug: `test-product-${tag}`,
        name_zh: `测试脐橙 ${tag}`,
        name_en: `Test Orange ${tag}`,
        origin_county_zh: "奉节县",
        origin_county_en: "Fengjie County",
        temperature_class: options.temperatureClass ?? "ambient",
        shelf_life_days: 30,
        status: options.productStatus ?? "active",
        published_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    productId = product.id;
  }
  const variant = await db
    .insertInto("variants")
    .values({
      product_id: productId,
      sku: `TEST-${tag.toUpperCase()}`,
      label_zh: "5斤装",
      label_en: "2.5 kg box",
      weight_grams: options.weightGrams ?? 1000,
      price_fen: options.priceFen ?? 2500,
      stock_on_hand: options.stock ?? 10,
    })
    .returning(["id", "product_id as productId", "sku", "price_fen as priceFen"])
    .executeTakeFirstOrThrow();
  return variant;
}

/** A valid checkout form for a Chongqing (Yuzhong District) address. Override any field. */
export function testCheckoutDetails(overrides: Partial<Omit<CheckoutInput, "email">> & { email?: string } = {}): CheckoutInput & { email: string } {
  return {
    checkoutKey: `test-${randomBytes(12).toString("hex")}`,
    name: "李晓明",
    email: "xiaoming@example.test",
    phone: "13800138000",
    province: "500000",
    city: "500000",
    district: "500103",
    street: "解放碑步行街 88 号 3 栋 1201",
    postcode: "400010",
    shippingMethod: "standard",
    ...overrides,
  };
}

export interface PlaceTestOrderOptions {
  /** What to buy; default: one unit of a fresh test variant. */
  lines?: { variantId: number; quantity: number }[];
  details?: Partial<CheckoutInput>;
  userId?: number | null;
  cartId?: string | null;
  locale?: Locale;
}

/** Places an order (pending payment, stock reserved) and returns it; throws if it is refused. */
export async function placeTestOrder(db: Kysely<Database>, options: PlaceTestOrderOptions = {}) {
  const lines = options.lines ?? [{ variantId: (await createTestVariant(db)).id, quantity: 1 }];
  const result = await placeOrder(db, {
    lines,
    details: { ...testCheckoutDetails(), ...options.details },
    cartId: options.cartId ?? null,
    userId: options.userId ?? null,
    locale: options.locale ?? "zh",
  });
  if (!result.ok) throw new Error(`test order refused: ${JSON.stringify(result.error)}`);
  return result.order;
}

/**
 * Pays an order through the dev provider, the way the /pay/dev page does: a payment attempt,
 * then a signed "approved" (or "declined") event through the shared event processing.
 * Needs the dev provider to be the active one (no STRIPE_SECRET_KEY in the test's env).
 */
export async function payTestOrder(db: Kysely<Database>, input: { orderId: number; outcome?: "approved" | "declined" }) {
  const started = await startPayment(db, { orderId: input.orderId, actor: { kind: "shopper" } });
  if (started.kind !== "redirect") throw new Error(`order ${input.orderId} cannot be paid: ${started.kind}`);
  const payment = await db
    .selectFrom("payments")
    .select(["provider_session_id", "amount_fen", "provider"])
    .where("order_id", "=", input.orderId)
    .where("attempt", "=", started.attempt)
    .executeTakeFirstOrThrow();
  if (payment.provider !== "dev") throw new Error("payTestOrder pays through the dev provider only");
  const webhook = createDevWebhook({
    sessionId: payment.provider_session_id,
    type: input.outcome === "declined" ? "dev.payment.declined" : "dev.payment.approved",
    amountFen: payment.amount_fen,
  });
  const event = await devProvider.parseWebhook(webhook.body, webhook.headers);
  return processPaymentEvent(db, event);
}

/** Places and pays an order in one go; returns the order (now `paid`). */
export async function placePaidTestOrder(db: Kysely<Database>, options: PlaceTestOrderOptions = {}) {
  const order = await placeTestOrder(db, options);
  await payTestOrder(db, { orderId: order.id });
  return order;
}
