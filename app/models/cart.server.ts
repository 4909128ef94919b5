import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, TemperatureClass } from "~db/schema";
import { withTransaction } from "~/models/transaction.server";
import { cartLimitProblem, MAX_LINE_QUANTITY } from "~/utils/cart-limits";

// The cart lives in the database: a guest's is found through a signed cookie, a shopper's
// through their user id. Quantities are checked against what can be sold now, but a cart
// holds nothing: stock is reserved only when an order is placed.

export interface CartLine {
  variantId: number;
  productId: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  labelZh: string;
  labelEn: string;
  sku: string;
  illustration: string;
  imageKey: string | null;
  cooperativeId: number;
  quantity: number;
  unitPriceFen: number;
  priceSeenFen: number;
  weightGrams: number;
  temperatureClass: TemperatureClass;
  /** Units that can be sold now: on hand minus reserved for unpaid orders. */
  available: number;
  purchasable: boolean;
  soldOut: boolean;
  /** More in the cart than can be sold now. */
  exceedsStock: boolean;
  priceChanged: boolean;
  lineTotalFen: number;
}

export type CartChangeResult =
  | { ok: true; quantity: number }
  | { ok: false; reason: "unavailable" | "too_many" | "insufficient_stock" | "not_in_cart" | "line_too_large" | "order_too_large"; available?: number };

export async function findUserCartId(db: Kysely<Database>, input: { userId: number }): Promise<string | null> {
  const row = await db.selectFrom("carts").select("id").where("user_id", "=", input.userId).executeTakeFirst();
  return row?.id ?? null;
}

export async function guestCartExists(db: Kysely<Database>, input: { cartId: string }): Promise<boolean> {
  const row = await db.selectFrom("carts").select("id").where("id", "=", input.cartId).where("user_id", "is", null).executeTakeFirst();
  return Boolean(row);
}

export async function createGuestCart(db: Kysely<Database>): Promise<string> {
  const row = await db.insertInto("carts").values({ user_id: null }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** The user's cart, created on first use (one per user: carts.user_id is UNIQUE). */
export async function getOrCreateUserCart(db: Kysely<Database>, input: { userId: number }): Promise<string> {
  await db.insertInto("carts").values({ user_id: input.userId }).onConflict((oc) => oc.column("user_id").doNothing()).execute();
  const id = await findUserCartId(db, input);
  if (!id) throw new Error(`cart of user ${input.userId} vanished`);
  return id;
}

/** A variant as a cart line shows it: names, price, picture and what can be sold now. */
function lineDetails(db: Kysely<Database>) {
  return db
    .selectFrom("variants as v")
    .innerJoin("products as p", "p.id", "v.product_id")
    .select([
      "v.id as variantId",
      "p.id as productId",
      "p.slug",
      "p.name_zh as nameZh",
      // English is optional: without it the English cart shows the Chinese alone.
      sql<string>`coalesce(nullif(p.name_en, ''), p.name_zh)`.as("nameEn"),
      "p.illustration",
      "p.cooperative_id as cooperativeId",
      "p.temperature_class as temperatureClass",
      "p.status as productStatus",
      "v.label_zh as labelZh",
      sql<string>`coalesce(nullif(v.label_en, ''), v.label_zh)`.as("labelEn"),
      "v.sku",
      "v.price_fen as unitPriceFen",
      "v.weight_grams as weightGrams",
      "v.active",
      "v.stock_on_hand as onHand",
      "v.stock_reserved as reserved",
      (eb) =>
        eb
          .selectFrom("product_images as pi")
          .select("pi.storage_key")
          .whereRef("pi.product_id", "=", "p.id")
          .orderBy("pi.position")
          .limit(1)
          .as("imageKey"),
    ]);
}

type LineDetailsRow = Awaited<ReturnType<ReturnType<typeof lineDetails>["executeTakeFirstOrThrow"]>>;

function toCartLine(row: LineDetailsRow, wanted: { quantity: number; priceSeenFen: number }): CartLine {
  const available = Math.max(0, row.onHand - row.reserved);
  const purchasable = row.active && row.productStatus === "active";
  return {
    variantId: row.variantId,
    productId: row.productId,
    slug: row.slug,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    labelZh: row.labelZh,
    labelEn: row.labelEn,
    sku: row.sku,
    illustration: row.illustration,
    imageKey: row.imageKey ?? null,
    cooperativeId: row.cooperativeId,
    quantity: wanted.quantity,
    unitPriceFen: row.unitPriceFen,
    priceSeenFen: wanted.priceSeenFen,
    weightGrams: row.weightGrams,
    temperatureClass: row.temperatureClass,
    available,
    purchasable,
    soldOut: !purchasable || available === 0,
    exceedsStock: purchasable && available > 0 && wanted.quantity > available,
    priceChanged: wanted.priceSeenFen !== row.unitPriceFen,
    lineTotalFen: row.unitPriceFen * wanted.quantity,
  };
}

export async function readCartLines(db: Kysely<Database>, input: { cartId: string }): Promise<CartLine[]> {
  const rows = await lineDetails(db)
    .innerJoin("cart_items as ci", "ci.variant_id", "v.id")
    .select(["ci.quantity", "ci.price_seen_fen as priceSeenFen"])
    .where("ci.cart_id", "=", input.cartId)
    .orderBy("ci.created_at")
    .orderBy("ci.variant_id")
    .execute();
  return rows.map((row) => toCartLine(row, row));
}

/**
 * One variant as a line that is in no cart (立即购买), seen at today's price; null when there is
 * no such variant. Whether it can be sold is on the line (`soldOut`, `exceedsStock`), as in a cart.
 */
export async function readLoneLine(db: Kysely<Database>, input: { variantId: number; quantity: number }): Promise<CartLine | null> {
  const row = await lineDetails(db).where("v.id", "=", input.variantId).executeTakeFirst();
  return row ? toCartLine(row, { quantity: input.quantity, priceSeenFen: row.unitPriceFen }) : null;
}

export async function cartItemCount(db: Kysely<Database>, input: { cartId: string }): Promise<number> {
  const row = await db
    .selectFrom("cart_items")
    .select(sql<number>`coalesce(sum(quantity), 0)::integer`.as("n"))
    .where("cart_id", "=", input.cartId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function sellableVariant(db: Kysely<Database>, variantId: number) {
  return db
    .selectFrom("variants as v")
    .innerJoin("products as p", "p.id", "v.product_id")
    .select(["v.id", "v.price_fen as priceFen", sql<number>`v.stock_on_hand - v.stock_reserved`.as("available")])
    .where("v.id", "=", variantId)
    .where("v.active", "=", true)
    .where("p.status", "=", "active")
    .executeTakeFirst();
}

/** Sets a line to `quantity` if it is allowed; otherwise says why and changes nothing. */
async function writeLine(db: Kysely<Database>, cartId: string, variantId: number, quantity: number): Promise<CartChangeResult> {
  return withTransaction(db, (trx) => writeCheckedLine(trx, cartId, variantId, quantity));
}

async function writeCheckedLine(db: Transaction<Database>, cartId: string, variantId: number, quantity: number): Promise<CartChangeResult> {
  const variant = await sellableVariant(db, variantId);
  if (!variant) return { ok: false, reason: "unavailable" };
  const available = Number(variant.available);
  if (quantity > MAX_LINE_QUANTITY) return { ok: false, reason: "too_many", available };
  if (quantity > available) return { ok: false, reason: "insufficient_stock", available };
  const overLimit = await limitPassedBy(db, cartId, { variantId, quantity, unitPriceFen: variant.priceFen });
  if (overLimit) return { ok: false, reason: overLimit, available };
  await db
    .insertInto("cart_items")
    .values({ cart_id: cartId, variant_id: variantId, quantity, price_seen_fen: variant.priceFen })
    .onConflict((oc) =>
      oc.columns(["cart_id", "variant_id"]).doUpdateSet({ quantity, price_seen_fen: variant.priceFen, updated_at: sql`now()` }),
    )
    .execute();
  await touchCart(db, cartId);
  return { ok: true, quantity };
}

/**
 * The order limit this change would pass (app/utils/cart-limits.ts), judged at today's prices.
 * Only a change that makes the cart dearer is refused: a cart already past a limit (a price
 * rose) can always be made smaller.
 */
async function limitPassedBy(
  db: Kysely<Database>,
  cartId: string,
  change: { variantId: number; quantity: number; unitPriceFen: number },
): Promise<"line_too_large" | "order_too_large" | null> {
  const rows = await db
    .selectFrom("cart_items as ci")
    .innerJoin("variants as v", "v.id", "ci.variant_id")
    .select(["ci.variant_id as variantId", "ci.quantity", "v.price_fen as unitPriceFen"])
    .where("ci.cart_id", "=", cartId)
    .execute();
  const before = rows.find((row) => row.variantId === change.variantId)?.quantity ?? 0;
  if (change.quantity <= before) return null;
  const after = [...rows.filter((row) => row.variantId !== change.variantId), change];
  return cartLimitProblem(after)?.code ?? null;
}

async function touchCart(db: Kysely<Database>, cartId: string) {
  await db.updateTable("carts").set({ updated_at: sql`now()` }).where("id", "=", cartId).execute();
}

/** Units of the variant in the cart (0 when it has no line). */
export async function cartLineQuantity(db: Kysely<Database>, input: { cartId: string; variantId: number }): Promise<number> {
  const row = await db.selectFrom("cart_items").select("quantity").where("cart_id", "=", input.cartId).where("variant_id", "=", input.variantId).executeTakeFirst();
  return row?.quantity ?? 0;
}

/** Adds to the line of that variant (or starts it). The line total stays within 1..999 and stock. */
export async function addToCart(db: Kysely<Database>, input: { cartId: string; variantId: number; quantity: number }): Promise<CartChangeResult> {
  const existing = await cartLineQuantity(db, input);
  return writeLine(db, input.cartId, input.variantId, existing + input.quantity);
}

export async function setCartQuantity(db: Kysely<Database>, input: { cartId: string; variantId: number; quantity: number }): Promise<CartChangeResult> {
  if ((await cartLineQuantity(db, input)) === 0) return { ok: false, reason: "not_in_cart" };
  return writeLine(db, input.cartId, input.variantId, input.quantity);
}

export async function removeFromCart(db: Kysely<Database>, input: { cartId: string; variantId: number }): Promise<void> {
  await db.deleteFrom("cart_items").where("cart_id", "=", input.cartId).where("variant_id", "=", input.variantId).execute();
}

export async function clearCart(db: Kysely<Database>, input: { cartId: string }): Promise<void> {
  await db.deleteFrom("cart_items").where("cart_id", "=", input.cartId).execute();
}

/** The shopper has seen the current prices (shown in the cart or at checkout). */
export async function acknowledgeCartPrices(db: Kysely<Database>, input: { cartId: string }): Promise<void> {
  await db
    .updateTable("cart_items")
    .set({ price_seen_fen: sql`(SELECT price_fen FROM variants WHERE variants.id = cart_items.variant_id)`, updated_at: sql`now()` })
    .where("cart_id", "=", input.cartId)
    .where(sql<boolean>`price_seen_fen <> (SELECT price_fen FROM variants WHERE variants.id = cart_items.variant_id)`)
    .execute();
}

/** After payment: the paid variants leave the cart (anything added since stays). */
export async function removeOrderedItemsFromCart(trx: Transaction<Database>, input: { cartId: string; variantIds: number[] }): Promise<void> {
  if (input.variantIds.length === 0) return;
  await trx.deleteFrom("cart_items").where("cart_id", "=", input.cartId).where("variant_id", "in", input.variantIds).execute();
}

/**
 * Moves a guest's cart into the user's at login: quantities of the same variant are summed,
 * each line bounded by 999 and by what can be sold; the guest cart is then deleted.
 * Returns the user's cart id.
 */
export async function mergeGuestCartIntoUserCart(db: Kysely<Database>, input: { guestCartId: string; userId: number }): Promise<string> {
  return withTransaction(db, async (trx) => {
    const userCartId = await getOrCreateUserCart(trx, { userId: input.userId });
    if (userCartId === input.guestCartId) return userCartId;
    const guest = await trx.selectFrom("carts").select("id").where("id", "=", input.guestCartId).where("user_id", "is", null).forUpdate().executeTakeFirst();
    if (!guest) return userCartId;
    await trx.selectFrom("carts").select("id").where("id", "=", userCartId).forUpdate().execute();
    const guestItems = await trx.selectFrom("cart_items").select(["variant_id", "quantity", "price_seen_fen"]).where("cart_id", "=", guest.id).execute();
    for (const item of guestItems) {
      const variant = await trx
        .selectFrom("variants as v")
        .innerJoin("products as p", "p.id", "v.product_id")
        .select([sql<number>`v.stock_on_hand - v.stock_reserved`.as("available")])
        .where("v.id", "=", item.variant_id)
        .where("v.active", "=", true)
        .where("p.status", "=", "active")
        .executeTakeFirst();
      if (!variant) continue;
      const existing = await cartLineQuantity(trx, { cartId: userCartId, variantId: item.variant_id });
      const merged = Math.min(existing + item.quantity, MAX_LINE_QUANTITY, Math.max(existing, Number(variant.available)));
      if (merged <= 0) continue;
      await trx
        .insertInto("cart_items")
        .values({ cart_id: userCartId, variant_id: item.variant_id, quantity: merged, price_seen_fen: item.price_seen_fen })
        .onConflict((oc) => oc.columns(["cart_id", "variant_id"]).doUpdateSet({ quantity: merged, updated_at: sql`now()` }))
        .execute();
    }
    await trx.deleteFrom("carts").where("id", "=", guest.id).execute();
    await touchCart(trx, userCartId);
    return userCartId;
  });
}

/** What a removal took out of the cart: enough to put the line back as it was. */
export interface RemovedCartLine {
  variantId: number;
  quantity: number;
  /** When the line was first added: a restored line keeps its place in the cart. */
  addedAt: Date;
}

/** Removes the line and says what it held (null when there was no such line). */
export async function takeCartLine(db: Kysely<Database>, input: { cartId: string; variantId: number }): Promise<RemovedCartLine | null> {
  const row = await db
    .deleteFrom("cart_items")
    .where("cart_id", "=", input.cartId)
    .where("variant_id", "=", input.variantId)
    .returning(["variant_id as variantId", "quantity", "created_at as addedAt"])
    .executeTakeFirst();
  return row ? { variantId: row.variantId, quantity: row.quantity, addedAt: new Date(row.addedAt) } : null;
}

/**
 * Undoes a removal: the line comes back with its quantity, checked like any change (stock,
 * limits), at its old place. A line that is already back (a second tap, another tab) is left
 * as it is, so undoing twice never doubles the quantity.
 */
export async function restoreCartLine(
  db: Kysely<Database>,
  input: { cartId: string; variantId: number; quantity: number; addedAt: Date | null },
): Promise<CartChangeResult> {
  return withTransaction(db, async (trx) => {
    const existing = await cartLineQuantity(trx, input);
    if (existing > 0) return { ok: true, quantity: existing };
    const result = await writeCheckedLine(trx, input.cartId, input.variantId, input.quantity);
    // Only a time in the past is taken: the token comes back from the browser.
    if (result.ok && input.addedAt && input.addedAt.getTime() <= Date.now()) {
      await trx
        .updateTable("cart_items")
        .set({ created_at: input.addedAt })
        .where("cart_id", "=", input.cartId)
        .where("variant_id", "=", input.variantId)
        .execute();
    }
    return result;
  });
}

/** The names of a variant and its product, to say what was removed (any status: it may have left the shop since). */
export async function cartVariantNames(
  db: Kysely<Database>,
  input: { variantId: number },
): Promise<{ nameZh: string; nameEn: string; labelZh: string; labelEn: string } | null> {
  const row = await db
    .selectFrom("variants as v")
    .innerJoin("products as p", "p.id", "v.product_id")
    .select([
      "p.name_zh as nameZh",
      sql<string>`coalesce(nullif(p.name_en, ''), p.name_zh)`.as("nameEn"),
      "v.label_zh as labelZh",
      sql<string>`coalesce(nullif(v.label_en, ''), v.label_zh)`.as("labelEn"),
    ])
    .where("v.id", "=", input.variantId)
    .executeTakeFirst();
  return row ?? null;
}
