import { randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, Locale, ShippingMethod, TemperatureClass } from "~db/schema";

// Orders: placing one (its row, its price snapshots) and reading one for its page.

/**
 * A number people can read out on the phone: SS + China date (YYMMDD) + six random digits,
 * e.g. SS261129048213. Random rather than a counter, so the number says nothing about how
 * many orders the shop takes; the UNIQUE constraint catches the rare collision (retried).
 */
export function generateOrderNumber(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "2-digit", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `SS${part("year")}${part("month")}${part("day")}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
}

export const ORDER_NUMBER_PATTERN = /^SS\d{12}$/;

/** The secret in a guest's order link: 256 random bits. */
export function generateAccessToken(): string {
  return randomBytes(32).toString("base64url");
}

export function accessTokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface OrderItemSnapshot {
  variantId: number;
  productId: number;
  cooperativeId: number;
  batchId: number | null;
  productNameZh: string;
  productNameEn: string;
  variantLabelZh: string;
  variantLabelEn: string;
  sku: string;
  weightGrams: number;
  temperatureClass: TemperatureClass;
  unitPriceFen: number;
  quantity: number;
}

export interface NewOrder {
  checkoutKey: string;
  userId: number | null;
  cartId: string | null;
  locale: Locale;
  contactName: string;
  email: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  regionCode: string;
  street: string;
  postcode: string | null;
  shippingMethod: ShippingMethod;
  subtotalFen: number;
  shippingFen: number;
  totalFen: number;
}

export async function insertOrder(trx: Transaction<Database>, order: NewOrder, items: readonly OrderItemSnapshot[]) {
  const row = await trx
    .insertInto("orders")
    .values({
      number: generateOrderNumber(),
      access_token: generateAccessToken(),
      checkout_key: order.checkoutKey,
      user_id: order.userId,
      cart_id: order.cartId,
      locale: order.locale,
      contact_name: order.contactName,
      email: order.email,
      phone: order.phone,
      ship_province: order.province,
      ship_city: order.city,
      ship_district: order.district,
      ship_region_code: order.regionCode,
      ship_street: order.street,
      ship_postcode: order.postcode,
      shipping_method: order.shippingMethod,
      subtotal_fen: order.subtotalFen,
      shipping_fen: order.shippingFen,
      total_fen: order.totalFen,
    })
    .returning(["id", "number", "access_token"])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("order_items")
    .values(
      items.map((item) => ({
        order_id: row.id,
        variant_id: item.variantId,
        product_id: item.productId,
        cooperative_id: item.cooperativeId,
        batch_id: item.batchId,
        product_name_zh: item.productNameZh,
        product_name_en: item.productNameEn,
        variant_label_zh: item.variantLabelZh,
        variant_label_en: item.variantLabelEn,
        sku: item.sku,
        weight_grams: item.weightGrams,
        temperature_class: item.temperatureClass,
        unit_price_fen: item.unitPriceFen,
        quantity: item.quantity,
        line_total_fen: item.unitPriceFen * item.quantity,
      })),
    )
    .execute();
  return { id: row.id, number: row.number, accessToken: row.access_token };
}

export type CheckoutKeyUse =
  | { kind: "unused" }
  /** This cart (and user) made an order with the key: the same form submitted again. */
  | { kind: "same_cart"; order: { id: number; number: string; accessToken: string } }
  /** Another cart or user made it: a replayed key, which must learn nothing of that order. */
  | { kind: "other_cart" };

/**
 * What a checkout key was used for. The key is an idempotency key, not a capability: only the
 * cart and user that placed the order get it back.
 */
export async function findOrderByCheckoutKey(
  db: Kysely<Database>,
  input: { checkoutKey: string; cartId: string | null; userId: number | null },
): Promise<CheckoutKeyUse> {
  const row = await db
    .selectFrom("orders")
    .select(["id", "number", "access_token as accessToken", "cart_id", "user_id"])
    .where("checkout_key", "=", input.checkoutKey)
    .executeTakeFirst();
  if (!row) return { kind: "unused" };
  if (row.cart_id !== input.cartId || row.user_id !== input.userId) return { kind: "other_cart" };
  return { kind: "same_cart", order: { id: row.id, number: row.number, accessToken: row.accessToken } };
}

export async function lockOrder(trx: Transaction<Database>, input: { orderId: number }) {
  return trx.selectFrom("orders").selectAll().where("id", "=", input.orderId).forUpdate().executeTakeFirst();
}

export async function getOrderById(db: Kysely<Database>, input: { orderId: number }) {
  return db.selectFrom("orders").selectAll().where("id", "=", input.orderId).executeTakeFirst();
}

export async function listOrderItems(db: Kysely<Database>, input: { orderId: number }) {
  return db.selectFrom("order_items").selectAll().where("order_id", "=", input.orderId).orderBy("id").execute();
}

export async function flagOrder(trx: Transaction<Database>, input: { orderId: number; reason: string }): Promise<void> {
  // The first reason stays: it is the one staff must look at; later ones go to the timeline.
  await trx
    .updateTable("orders")
    .set({ flagged_reason: sql`coalesce(flagged_reason, ${input.reason})`, updated_at: sql`now()` })
    .where("id", "=", input.orderId)
    .execute();
}

export interface OrderViewer {
  /** The `token` query parameter of a guest link. */
  token?: string | null;
  userId?: number | null;
  isStaff?: boolean;
}

/**
 * The order behind /orders/:number, for someone allowed to see it: its owner, staff, or
 * the holder of its link. Anyone else gets null, the same as for a number that does not exist.
 */
export async function getOrderForPage(db: Kysely<Database>, input: { number: string; viewer: OrderViewer }) {
  if (!ORDER_NUMBER_PATTERN.test(input.number)) return null;
  const order = await db.selectFrom("orders").selectAll().where("number", "=", input.number).executeTakeFirst();
  if (!order) return null;
  const allowed =
    input.viewer.isStaff === true ||
    (input.viewer.userId != null && order.user_id === input.viewer.userId) ||
    accessTokenMatches(order.access_token, input.viewer.token);
  if (!allowed) return null;
  const [items, payments, reservations] = await Promise.all([
    listOrderItems(db, { orderId: order.id }),
    db
      .selectFrom("payments")
      .select(["id", "attempt", "provider", "status", "amount_fen", "captured_fen", "refunded_fen", "expires_at", "checkout_url", "created_at"])
      .where("order_id", "=", order.id)
      .orderBy("attempt")
      .execute(),
    db
      .selectFrom("stock_reservations")
      .select(["status", "expires_at"])
      .where("order_id", "=", order.id)
      .execute(),
  ]);
  return { order, items, payments, reservations };
}

export type OrderPageData = NonNullable<Awaited<ReturnType<typeof getOrderForPage>>>;
