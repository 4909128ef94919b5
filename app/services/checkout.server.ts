import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Locale } from "~db/schema";
import {
  acknowledgeCartPrices,
  cartItemCount,
  createGuestCart,
  findUserCartId,
  getOrCreateUserCart,
  guestCartExists,
  readCartLines,
  type CartLine,
} from "~/models/cart.server";
import { checkoutValuesFromAddress, createAddress, listAddresses, type SavedAddress } from "~/models/address.server";
import { appendOrderEvent, type Actor } from "~/models/order/events.server";
import { listOrderItems } from "~/models/order/items.server";
import {
  findOrderByCheckoutKey,
  insertOrder,
  lockOrder,
  readVariantsForOrder,
  transitionOrderStatus,
  type OrderItemSnapshot,
} from "~/models/order/order.server";
import { findPaymentByAttempt, insertPayment, latestPayment } from "~/models/payment.server";
import {
  consolidateLines,
  extendHeldReservations,
  listOrderReservations,
  OutOfStockError,
  reholdReleasedReservations,
  reserveStockForOrder,
  type ConsolidatedLines,
  type StockLine,
} from "~/models/reservation.server";
import { withTransaction } from "~/models/transaction.server";
import { getProfile } from "~/models/user.server";
import { getOptionalUser, type SessionUser } from "~/services/auth.server";
import { readGuestCartId, serializeGuestCartCookie } from "~/utils/cart-cookie.server";
import type { CheckoutInput, CheckoutValues } from "~/utils/checkout-schema.server";
import { getEnv } from "~/utils/env.server";
import { resolveAddressRegion } from "~/utils/regions.server";
import { cartLimitProblem } from "~/utils/cart-limits";
import { DEFAULT_RATES, quoteShipping, type ShippingConfig } from "~/utils/shipping";
import { activePaymentProvider, paymentProviderFor } from "~/services/payments/index.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import { PaymentProviderError } from "~/services/payments/provider.server";

// Checkout: finding the shopper's cart, placing an order in one transaction, and starting
// (or retrying) its payment.

export interface ShopperCart {
  cartId: string | null;
  user: SessionUser | null;
  /** Set-Cookie for a guest cart created by this request. */
  setCookie: string | null;
}

/** The cart of whoever is asking: the signed-in user's, else the guest cookie's (if it still exists). */
export async function findShopperCart(db: Kysely<Database>, request: Request): Promise<ShopperCart> {
  const user = await getOptionalUser(request);
  if (user) return { cartId: await findUserCartId(db, { userId: user.id }), user, setCookie: null };
  const guestCartId = await readGuestCartId(request);
  const cartId = guestCartId && (await guestCartExists(db, { cartId: guestCartId })) ? guestCartId : null;
  return { cartId, user: null, setCookie: null };
}

/** Like findShopperCart, creating the cart (and for a guest its cookie) when there is none yet. */
export async function getOrCreateShopperCart(db: Kysely<Database>, request: Request): Promise<ShopperCart & { cartId: string }> {
  const found = await findShopperCart(db, request);
  if (found.cartId) return { ...found, cartId: found.cartId };
  if (found.user) return { ...found, cartId: await getOrCreateUserCart(db, { userId: found.user.id }) };
  const cartId = await createGuestCart(db);
  return { cartId, user: null, setCookie: await serializeGuestCartCookie(cartId) };
}

/** The header badge: how many units are in the visitor's cart. */
export async function cartCountForRequest(db: Kysely<Database>, request: Request): Promise<number> {
  const { cartId } = await findShopperCart(db, request);
  return cartId ? cartItemCount(db, { cartId }) : 0;
}

/** A fresh key per rendered checkout form: submitting the same form twice makes one order. */
export function newCheckoutKey(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * What the checkout form starts with for a signed-in shopper: their details and the saved
 * address they picked (`addressId`, one of their own), else their default one. `addresses`
 * lists the address book for the picker.
 */
export async function checkoutPrefill(
  db: Kysely<Database>,
  input: { user: SessionUser | null; addressId?: number | null },
): Promise<{ values: CheckoutValues; addresses: SavedAddress[]; addressId: number | null }> {
  if (!input.user) return { values: {}, addresses: [], addressId: null };
  const [account, addresses] = await Promise.all([
    getProfile(db, { userId: input.user.id }),
    listAddresses(db, { userId: input.user.id }),
  ]);
  const address = addresses.find((candidate) => candidate.id === input.addressId) ?? addresses[0] ?? null;
  const values: CheckoutValues = address
    ? { email: account?.email ?? "", ...checkoutValuesFromAddress(address) }
    : { name: account?.name ?? "", email: account?.email ?? "", phone: account?.phone ?? "" };
  return { values, addresses, addressId: address?.id ?? null };
}

export function shippingConfig(): ShippingConfig {
  const env = getEnv();
  return { freeStandardFromFen: env.FREE_SHIPPING_FROM_FEN, coldChainUnreachable: env.COLD_CHAIN_UNREACHABLE, rates: DEFAULT_RATES };
}

export function reservationExpiry(now = new Date()): Date {
  return new Date(now.getTime() + getEnv().RESERVATION_MINUTES * 60_000);
}

export type PlaceOrderError =
  | { code: "empty_cart" }
  | { code: "invalid_region" }
  | { code: "unavailable"; variantIds: number[] }
  | { code: "price_changed"; variantIds: number[] }
  | { code: "out_of_stock"; variantIds: number[] }
  | { code: "line_too_large" | "order_too_large"; variantIds: number[] }
  | { code: "shipping_unavailable"; reason: string }
  /** The checkout key was used by another cart or user (a replay): nothing about that order is told. */
  | { code: "checkout_key_used" };

export type PlaceOrderResult =
  | { ok: true; created: boolean; order: { id: number; number: string; accessToken: string } }
  | { ok: false; error: PlaceOrderError };

export interface PlaceOrderInput {
  /** What to buy. Prices are never taken from here: only variant ids and quantities. */
  lines: readonly StockLine[];
  /** The prices the shopper was shown, per variant; a difference refuses the order (the shopper must see the new price first). */
  seenPrices?: ReadonlyMap<number, number>;
  details: CheckoutInput;
  cartId: string | null;
  userId: number | null;
  locale: Locale;
}

const UNIQUE_VIOLATION = "23505";

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (!e || e.code !== UNIQUE_VIOLATION) return false;
  return !constraint || e.constraint === constraint || (e.message ?? "").includes(constraint);
}

/** The order this checkout key already made for this cart, a refusal when another cart made it, else null. */
async function previousPlacement(db: Kysely<Database>, input: Pick<PlaceOrderInput, "details" | "cartId" | "userId">): Promise<PlaceOrderResult | null> {
  const use = await findOrderByCheckoutKey(db, { checkoutKey: input.details.checkoutKey, cartId: input.cartId, userId: input.userId });
  if (use.kind === "same_cart") return { ok: true, created: false, order: use.order };
  if (use.kind === "other_cart") return { ok: false, error: { code: "checkout_key_used" } };
  return null;
}

/**
 * Places an order in one transaction: prices and availability re-read from the database,
 * quantities summed per variant, stock reserved with conditional updates in variant-id
 * order, items snapshotted, a reservation per variant, the `order.placed` event. Any
 * failure rolls all of it back. The same checkout key twice from the same cart and user makes
 * one order: the second call returns the first order. From another cart or user it is refused.
 */
export async function placeOrder(db: Kysely<Database>, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  return (await previousPlacement(db, input)) ?? placeNewOrder(db, { ...input, lines: consolidateLines(input.lines) });
}

/** The placement itself, once the checkout key is known to be unused and the lines are consolidated. */
async function placeNewOrder(db: Kysely<Database>, input: Omit<PlaceOrderInput, "lines"> & { lines: ConsolidatedLines }): Promise<PlaceOrderResult> {
  const region = resolveAddressRegion({ province: input.details.province, city: input.details.city, district: input.details.district });
  if (!region) return { ok: false, error: { code: "invalid_region" } };
  const { lines } = input;
  if (lines.length === 0) return { ok: false, error: { code: "empty_cart" } };

  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(db, async (trx): Promise<PlaceOrderResult> => {
        const variants = await readVariantsForOrder(trx, { variantIds: lines.map((line) => line.variantId) });
        const byId = new Map(variants.map((v) => [v.id, v]));
        const unavailable = lines.filter((line) => {
          const v = byId.get(line.variantId);
          return !v || !v.active || v.product_status !== "active";
        });
        if (unavailable.length > 0) return { ok: false, error: { code: "unavailable", variantIds: unavailable.map((l) => l.variantId) } };
        const changed = lines.filter((line) => {
          const seen = input.seenPrices?.get(line.variantId);
          return seen !== undefined && seen !== byId.get(line.variantId)!.price_fen;
        });
        if (changed.length > 0) return { ok: false, error: { code: "price_changed", variantIds: changed.map((l) => l.variantId) } };

        const items: OrderItemSnapshot[] = lines.map((line) => {
          const v = byId.get(line.variantId)!;
          return {
            variantId: v.id,
            productId: v.product_id,
            cooperativeId: v.cooperative_id,
            batchId: v.batch_id ?? null,
            productNameZh: v.name_zh,
            // The snapshot an English page and email read: the Chinese where there is no English.
            productNameEn: v.name_en || v.name_zh,
            variantLabelZh: v.label_zh,
            variantLabelEn: v.label_en || v.label_zh,
            sku: v.sku,
            weightGrams: v.weight_grams,
            temperatureClass: v.temperature_class,
            unitPriceFen: v.price_fen,
            quantity: line.quantity,
          };
        });
        const overLimit = cartLimitProblem(items);
        if (overLimit) return { ok: false, error: overLimit };
        const quote = quoteShipping(items, region.district.code, input.details.shippingMethod, shippingConfig());
        if (!quote.available) return { ok: false, error: { code: "shipping_unavailable", reason: quote.reason } };
        const subtotalFen = items.reduce((sum, item) => sum + item.unitPriceFen * item.quantity, 0);

        const order = await insertOrder(
          trx,
          {
            checkoutKey: input.details.checkoutKey,
            userId: input.userId,
            cartId: input.cartId,
            locale: input.locale,
            contactName: input.details.name,
            email: input.details.email,
            phone: input.details.phone,
            province: region.province.name,
            city: region.city.name,
            district: region.district.name,
            regionCode: region.district.code,
            street: input.details.street,
            postcode: input.details.postcode,
            shippingMethod: input.details.shippingMethod,
            subtotalFen,
            shippingFen: quote.fen,
            totalFen: subtotalFen + quote.fen,
          },
          items,
        );
        await reserveStockForOrder(trx, { orderId: order.id, lines, expiresAt: reservationExpiry() });
        await appendOrderEvent(trx, {
          orderId: order.id,
          type: "order.placed",
          actor: { kind: "shopper", userId: input.userId },
          toStatus: "pending_payment",
          data: { totalFen: subtotalFen + quote.fen, items: items.length },
        });
        return { ok: true, created: true, order };
      });
    } catch (error) {
      if (error instanceof OutOfStockError) return { ok: false, error: { code: "out_of_stock", variantIds: [error.variantId] } };
      if (isUniqueViolation(error, "orders_checkout_key_key")) {
        // The same form submitted twice at once: the other submission made the order.
        const existing = await previousPlacement(db, input);
        if (existing) return existing;
      }
      if (isUniqueViolation(error, "orders_number_key") && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * Places an order for what is in the cart now: `cart` when the caller has just read it (the
 * page that shows it), else read here. Prices the shopper has not seen refuse it once (and
 * are then marked seen).
 */
export async function placeOrderFromCart(
  db: Kysely<Database>,
  input: {
    cartId: string;
    /** The signed-in shopper: their e-mail address stands in for a blank one, and they may keep the address. */
    user?: { id: number; email: string } | null;
    /** Or just the id, when there is no account address to fall back on. */
    userId?: number | null;
    locale: Locale;
    details: CheckoutInput;
    /** "保存到我的地址": add the typed address to the signed-in shopper's address book once the order is placed. */
    saveAddress?: boolean;
    cart?: readonly CartLine[];
  },
): Promise<PlaceOrderResult & { addressSaved?: boolean }> {
  const userId = input.user?.id ?? input.userId ?? null;
  // A guest may leave the e-mail out (the mobile number is the contact); a signed-in shopper's account address is used instead.
  const details: CheckoutInput = { ...input.details, email: input.details.email ?? input.user?.email ?? null };
  const previous = await previousPlacement(db, { details, cartId: input.cartId, userId });
  if (previous) return previous;
  const cart = input.cart ?? (await readCartLines(db, { cartId: input.cartId }));
  const result = await placeNewOrder(db, {
    lines: consolidateLines(cart),
    seenPrices: new Map(cart.map((line) => [line.variantId, line.priceSeenFen])),
    details,
    cartId: input.cartId,
    userId,
    locale: input.locale,
  });
  if (!result.ok && result.error.code === "price_changed") await acknowledgeCartPrices(db, { cartId: input.cartId });
  if (result.ok && result.created && userId !== null && input.saveAddress) {
    return { ...result, addressSaved: await saveCheckoutAddress(db, { userId, details }) };
  }
  return result;
}

/**
 * Keeps the address typed at checkout in the shopper's own address book, unless the same
 * address is already there. A full address book only means it is not kept: the order stands.
 */
export async function saveCheckoutAddress(db: Kysely<Database>, input: { userId: number; details: CheckoutInput }): Promise<boolean> {
  const { details } = input;
  const region = resolveAddressRegion({ province: details.province, city: details.city, district: details.district });
  if (!region) return false;
  const existing = await listAddresses(db, { userId: input.userId });
  const same = existing.some(
    (address) =>
      address.recipient === details.name &&
      address.phone === details.phone &&
      address.regionCode === region.district.code &&
      address.street === details.street &&
      (address.postcode ?? null) === (details.postcode ?? null),
  );
  if (same) return true;
  const created = await createAddress(db, {
    userId: input.userId,
    input: {
      recipient: details.name,
      phone: details.phone,
      province: region.province.name,
      city: region.city.name,
      district: region.district.name,
      regionCode: region.district.code,
      street: details.street,
      postcode: details.postcode,
    },
  });
  return created.ok;
}

export type StartPaymentResult =
  | { kind: "redirect"; url: string; attempt: number }
  | { kind: "not_payable"; status: string }
  | { kind: "stock_gone" }
  | { kind: "provider_unavailable"; message: string };

/**
 * Sends the shopper to pay: the open attempt if it still has time left (so a double-clicked
 * "Pay" makes one session), otherwise a new attempt with a fresh reservation window. The
 * order row stays locked while the session is created, so two clicks cannot make two.
 */
export async function startPayment(db: Kysely<Database>, input: { orderId: number; actor: Actor }): Promise<StartPaymentResult> {
  const provider = activePaymentProvider();
  try {
    return await withTransaction(db, async (trx): Promise<StartPaymentResult> => {
      const order = await lockOrder(trx, { orderId: input.orderId });
      if (!order) return { kind: "not_payable", status: "missing" };
      if (order.status !== "pending_payment" || !["unpaid", "failed"].includes(order.payment_status)) {
        return { kind: "not_payable", status: order.status };
      }
      const now = new Date();
      const latest = await latestPayment(trx, { orderId: order.id });
      const holds = await listOrderReservations(trx, { orderId: order.id });
      const holdsValid = holds.every((hold) => hold.status === "held" && hold.expiresAt.getTime() - now.getTime() > 5 * 60_000);
      if (latest && latest.status === "open" && latest.provider === provider.name && holdsValid && latest.expires_at.getTime() - now.getTime() > 5 * 60_000) {
        return { kind: "redirect", url: latest.checkout_url, attempt: latest.attempt };
      }
      if (latest && latest.status === "open") {
        // The old session must not be paid as well as the new one (a second payment would be refunded, but better not taken).
        await paymentProviderFor(latest.provider)
          .expirePayment(latest.provider_session_id)
          .catch((error: unknown) => console.warn(`[payments] could not expire session ${latest.provider_session_id}: ${String(error)}`));
      }
      const attempt = (latest?.attempt ?? 0) + 1;
      const expiresAt = reservationExpiry(now);
      if (!(await reholdReleasedReservations(trx, { orderId: order.id, expiresAt }))) {
        await transitionOrderStatus(trx, { orderId: order.id, to: "cancelled", actor: { kind: "system" }, data: { reason: "stock_gone_before_payment" } });
        return { kind: "stock_gone" };
      }
      await extendHeldReservations(trx, { orderId: order.id, expiresAt });
      const items = await listOrderItems(trx, { orderId: order.id });
      const created = await provider.createPayment({
        orderId: order.id,
        orderNumber: order.number,
        accessToken: order.access_token,
        attempt,
        locale: order.locale,
        email: order.email,
        currency: "CNY",
        totalFen: order.total_fen,
        shippingFen: order.shipping_fen,
        lines: items.map((item) => ({
          name: order.locale === "zh" ? `${item.product_name_zh} ${item.variant_label_zh}` : `${item.product_name_en} ${item.variant_label_en}`,
          unitPriceFen: item.unit_price_fen,
          quantity: item.quantity,
        })),
        expiresAt,
      });
      const payment =
        (await insertPayment(trx, {
          orderId: order.id,
          provider: provider.name,
          sessionId: created.sessionId,
          attempt,
          amountFen: order.total_fen,
          checkoutUrl: created.url,
          expiresAt: created.expiresAt,
        })) ?? (await findPaymentByAttempt(trx, { orderId: order.id, attempt }));
      if (!payment) throw new Error(`payment attempt ${attempt} of order ${order.id} was not recorded`);
      await appendOrderEvent(trx, { orderId: order.id, type: "payment.started", actor: input.actor, data: { attempt, provider: provider.name } });
      return { kind: "redirect", url: payment.checkout_url, attempt };
    });
  } catch (error) {
    if (error instanceof PaymentProviderError) return { kind: "provider_unavailable", message: error.message };
    throw error;
  }
}

/**
 * A shopper back from the payment page before the provider's webhook: ask the provider how
 * the open attempt ended and process the answer like a webhook (it is idempotent with it).
 * Returns true when something was processed. Failures only mean the webhook will tell us.
 */
export async function refreshPaymentFromProvider(db: Kysely<Database>, input: { orderId: number }): Promise<boolean> {
  const payment = await latestPayment(db, { orderId: input.orderId });
  if (!payment || payment.status !== "open") return false;
  try {
    const event = await paymentProviderFor(payment.provider).lookupPayment(payment.provider_session_id);
    if (!event) return false;
    return (await processPaymentEvent(db, event)).status === "processed";
  } catch (error) {
    console.warn(`[payments] could not look up session ${payment.provider_session_id}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
