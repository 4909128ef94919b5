import { randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database, Locale, OrdersTable, OrderStatus, PaymentStatus, ShippingMethod, TemperatureClass } from "~db/schema";
import { appendOrderEvent, type Actor, type AppendOptions } from "~/models/order/events.server";
import { listOrderItems } from "~/models/order/items.server";
import { allowedFrom, ORDER_TRANSITIONS, PAYMENT_TRANSITIONS } from "~/models/order-state";
import { withTransaction } from "~/models/transaction.server";
import { checkOrderLinkToken } from "~/utils/order-link.server";
import type { PostalAddress } from "~/types/address";

// Orders: placing one (its row, its price snapshots), locking it, moving its status, and
// reading one for its page. Lock order, everywhere: the order row first (lockOrder), then
// its lines, payments, reservations or shipments, then variants in id order.

export type Order = Selectable<OrdersTable>;

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

/**
 * The one rule for a `token` that opens an order: the order's own link (from checkout and
 * its e-mails), or an unexpired fresh link the guest lookup signed for it. Anything else,
 * tampered or expired, is simply no match.
 */
export function orderLinkMatches(order: { id: number; access_token: string }, given: string | null | undefined): boolean {
  if (!given) return false;
  return accessTokenMatches(order.access_token, given) || checkOrderLinkToken(given, { orderId: order.id, accessToken: order.access_token });
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

export interface NewOrder extends PostalAddress {
  checkoutKey: string;
  userId: number | null;
  cartId: string | null;
  locale: Locale;
  contactName: string;
  email: string | null;
  phone: string;
  shippingMethod: ShippingMethod;
  subtotalFen: number;
  shippingFen: number;
  totalFen: number;
}

/** The order row and its item snapshots, together or not at all. */
export async function insertOrder(db: Kysely<Database>, order: NewOrder, items: readonly OrderItemSnapshot[]) {
  return withTransaction(db, async (trx) => {
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
  });
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

/**
 * Locks the order row for the rest of the transaction and returns it; null when there is no
 * such order. With `skipLocked`, an order another transaction holds is passed over (null)
 * instead of waited for: for background sweeps that will come back to it.
 */
export async function lockOrder(trx: Transaction<Database>, input: { orderId: number; skipLocked?: boolean }): Promise<Order | null> {
  let query = trx.selectFrom("orders").selectAll().where("id", "=", input.orderId).forUpdate();
  if (input.skipLocked) query = query.skipLocked();
  return (await query.executeTakeFirst()) ?? null;
}

export async function getOrderById(db: Kysely<Database>, input: { orderId: number }) {
  return db.selectFrom("orders").selectAll().where("id", "=", input.orderId).executeTakeFirst();
}

export async function findOrderIdByNumber(db: Kysely<Database>, { number }: { number: string }): Promise<number | null> {
  const row = await db.selectFrom("orders").select("id").where("number", "=", number).executeTakeFirst();
  return row?.id ?? null;
}

/** The order, if it is this user's. */
export async function findUserOrderId(db: Kysely<Database>, input: { orderId: number; userId: number }): Promise<number | null> {
  const row = await db.selectFrom("orders").select("id").where("id", "=", input.orderId).where("user_id", "=", input.userId).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * What the shop sells each variant for now, with what an order line snapshots of it: the
 * product, its cooperative and its newest batch. Variants that do not exist are missing.
 */
export async function readVariantsForOrder(db: Kysely<Database>, input: { variantIds: readonly number[] }) {
  if (input.variantIds.length === 0) return [];
  return db
    .selectFrom("variants as v")
    .innerJoin("products as p", "p.id", "v.product_id")
    .select([
      "v.id",
      "v.sku",
      "v.label_zh",
      "v.label_en",
      "v.price_fen",
      "v.weight_grams",
      "v.active",
      "p.id as product_id",
      "p.status as product_status",
      "p.name_zh",
      "p.name_en",
      "p.cooperative_id",
      "p.temperature_class",
      (eb) =>
        eb
          .selectFrom("batches as b")
          .select("b.id")
          .whereRef("b.product_id", "=", "p.id")
          .orderBy("b.harvested_on", "desc")
          .orderBy("b.id", "desc")
          .limit(1)
          .as("batch_id"),
    ])
    .where("v.id", "in", [...input.variantIds])
    .execute();
}

export async function flagOrder(trx: Kysely<Database>, input: { orderId: number; reason: string }): Promise<void> {
  // The first reason stays: it is the one staff must look at; later ones go to the timeline.
  await trx
    .updateTable("orders")
    .set({ flagged_reason: sql`coalesce(flagged_reason, ${input.reason})`, updated_at: sql`now()` })
    .where("id", "=", input.orderId)
    .execute();
}

/** What the guest lookup compares and signs with: the order's mobile number and its link secret (null for no such number). */
export async function findOrderForLookup(db: Kysely<Database>, { number }: { number: string }) {
  if (!ORDER_NUMBER_PATTERN.test(number)) return null;
  return (await db.selectFrom("orders").select(["id", "number", "phone", "access_token"]).where("number", "=", number).executeTakeFirst()) ?? null;
}

export interface OrderViewer {
  /** The `token` query parameter of a guest link: the order's own, or a fresh one from the lookup. */
  token?: string | null;
  userId?: number | null;
  isStaff?: boolean;
}

/**
 * The order behind /orders/:number, for someone allowed to see it: its owner, staff, or
 * the holder of a link to it (orderLinkMatches). Anyone else gets null, the same as for a number that does not exist.
 */
export async function getOrderForPage(db: Kysely<Database>, input: { number: string; viewer: OrderViewer }) {
  if (!ORDER_NUMBER_PATTERN.test(input.number)) return null;
  const order = await db.selectFrom("orders").selectAll().where("number", "=", input.number).executeTakeFirst();
  if (!order) return null;
  const allowed =
    input.viewer.isStaff === true ||
    (input.viewer.userId != null && order.user_id === input.viewer.userId) ||
    orderLinkMatches(order, input.viewer.token);
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

/**
 * Moves an order to `to` if, and only if, its current status allows it. Returns the
 * status it moved from and the id of the timeline event that records it, or null when
 * the transition was not allowed (nothing changed).
 */
export async function transitionOrderStatus(
  db: Kysely<Database>,
  input: { orderId: number; to: OrderStatus; actor: Actor; type?: string; data?: Record<string, unknown> },
  options: AppendOptions = {},
): Promise<{ from: OrderStatus; eventId: number } | null> {
  const from = allowedFrom(ORDER_TRANSITIONS, input.to);
  if (from.length === 0) return null;
  return withTransaction(db, async (trx) => {
    const previous = await trx
      .with("before", (q) => q.selectFrom("orders").select(["id", "status"]).where("id", "=", input.orderId).forUpdate())
      .updateTable("orders")
      .from("before")
      .set({
        status: input.to,
        updated_at: sql`now()`,
        ...(input.to === "cancelled" ? { cancelled_at: sql`now()` } : {}),
      })
      .whereRef("orders.id", "=", "before.id")
      .where("before.status", "in", from)
      .returning("before.status as from")
      .executeTakeFirst();
    if (!previous) return null;
    const eventId = await appendOrderEvent(
      trx,
      { orderId: input.orderId, type: input.type ?? `order.${input.to}`, actor: input.actor, fromStatus: previous.from, toStatus: input.to, data: input.data },
      options,
    );
    return { from: previous.from, eventId };
  });
}

/** The payment-side twin of transitionOrderStatus. */
export async function transitionPaymentStatus(
  db: Kysely<Database>,
  input: { orderId: number; to: PaymentStatus; actor: Actor; type?: string; data?: Record<string, unknown> },
): Promise<PaymentStatus | null> {
  const from = allowedFrom(PAYMENT_TRANSITIONS, input.to);
  if (from.length === 0) return null;
  return withTransaction(db, async (trx) => {
    const previous = await trx
      .with("before", (q) => q.selectFrom("orders").select(["id", "payment_status"]).where("id", "=", input.orderId).forUpdate())
      .updateTable("orders")
      .from("before")
      .set({ payment_status: input.to, updated_at: sql`now()`, ...(input.to === "paid" ? { paid_at: sql`now()` } : {}) })
      .whereRef("orders.id", "=", "before.id")
      .where("before.payment_status", "in", from)
      .returning("before.payment_status as from")
      .executeTakeFirst();
    if (!previous) return null;
    await appendOrderEvent(trx, {
      orderId: input.orderId,
      type: input.type ?? `payment.${input.to}`,
      actor: input.actor,
      fromStatus: previous.from,
      toStatus: input.to,
      data: input.data,
    });
    return previous.from;
  });
}

/** The refunded total of the order; only ever raised (the caller holds the order's lock). */
export async function raiseOrderRefunded(trx: Transaction<Database>, input: { orderId: number; refundedFen: number }): Promise<void> {
  await trx
    .updateTable("orders")
    .set({ refunded_fen: input.refundedFen, updated_at: sql`now()` })
    .where("id", "=", input.orderId)
    .where("refunded_fen", "<", input.refundedFen)
    .execute();
}
