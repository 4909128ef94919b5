import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, OrderStatus, PaymentStatus, Role } from "~db/schema";
import { addDays, chinaToday } from "~/utils/dates";

// Small, explicit fixtures for the back-office tests: a cooperative with a product, its
// variants and batches, and orders inserted in whatever state a test needs, so fulfilment
// and tracking can be tested without going through checkout.

type Db = Kysely<Database>;

let sequence = 0;
const RUN = randomBytes(3).toString("hex").toUpperCase();
export function unique(prefix = ""): string {
  sequence += 1;
  return `${prefix}${RUN}${sequence.toString(36).toUpperCase()}`;
}

export async function createUserWithRole(db: Db, role: Role, email?: string) {
  return db
    .insertInto("users")
    .values({ email: (email ?? `${unique("u").toLowerCase()}@example.test`).toLowerCase(), name: `Test ${role}`, role, password_hash: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createCooperative(db: Db) {
  const token = unique().toLowerCase();
  return db
    .insertInto("cooperatives")
    .values({ slug: `coop-${token}`, name_zh: `测试合作社 ${token}`, name_en: `Test Cooperative ${token}`, county_zh: "奉节县", county_en: "Fengjie County" })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ProductFixture {
  cooperative: { id: number; name_zh: string; name_en: string };
  product: { id: number; slug: string };
  variants: { id: number; sku: string; price_fen: number }[];
}

/** A cooperative (new unless given), one active product with `variants` variants in stock. */
export async function createProductFixture(
  db: Db,
  options: { cooperativeId?: number; variants?: number; stock?: number; priceFen?: number } = {},
): Promise<ProductFixture> {
  const cooperative = options.cooperativeId
    ? await db.selectFrom("cooperatives").select(["id", "name_zh", "name_en"]).where("id", "=", options.cooperativeId).executeTakeFirstOrThrow()
    : await createCooperative(db);
  const token = unique().toLowerCase();
  const category =
    (await db.selectFrom("categories").select("id").orderBy("id").executeTakeFirst()) ??
    (await db.insertInto("categories").values({ slug: `cat-${token}`, name_zh: "水果", name_en: "Fruit" }).returning("id").executeTakeFirstOrThrow());
  const product = await db
    .insertInto("products")
    .values({
      cooperative_id: cooperative.id,
      category_id: category.id,
      slug: `product-${token}`,
      name_zh: `测试脐橙 ${token}`,
      name_en: `Test Orange ${token}`,
      origin_county_zh: "奉节县",
      origin_county_en: "Fengjie County",
      shelf_life_days: 30,
      status: "active",
      published_at: new Date(),
    })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
  const variants = [];
  for (let i = 0; i < (options.variants ?? 2); i++) {
    variants.push(
      await db
        .insertInto("variants")
        .values({
          product_id: product.id,
          sku: `T-${unique()}`,
          label_zh: `${(i + 1) * 5}斤装`,
          label_en: `${(i + 1) * 5} jin box`,
          weight_grams: (i + 1) * 2500,
          price_fen: options.priceFen ?? 4990 + i * 3000,
          stock_on_hand: options.stock ?? 100,
          position: i,
        })
        .returning(["id", "sku", "price_fen"])
        .executeTakeFirstOrThrow(),
    );
  }
  return { cooperative, product, variants };
}

export async function createBatch(db: Db, options: { productId: number; bestBeforeInDays: number; quantity?: number; code?: string }) {
  const today = chinaToday();
  const packed = addDays(today, Math.min(0, options.bestBeforeInDays) - 5);
  return db
    .insertInto("batches")
    .values({
      product_id: options.productId,
      code: options.code ?? `B-${unique()}`,
      harvested_on: addDays(packed, -2),
      packed_on: packed,
      best_before: addDays(today, options.bestBeforeInDays),
      quantity: options.quantity ?? 500,
      plot_zh: "三号地块",
      household_zh: "张家",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface OrderFixture {
  id: number;
  number: string;
  total_fen: number;
  items: { id: number; quantity: number; variant_id: number | null; product_id: number | null }[];
}

/**
 * An order inserted directly, by default paid (with a captured dev payment and committed
 * stock), as checkout would leave it.
 */
export async function insertOrder(
  db: Db,
  options: {
    lines: { variantId: number; quantity: number }[];
    status?: OrderStatus;
    paymentStatus?: PaymentStatus;
    placedAt?: Date;
    email?: string;
    phone?: string;
    shippingFen?: number;
    userId?: number | null;
  },
): Promise<OrderFixture> {
  const status = options.status ?? "paid";
  const paymentStatus = options.paymentStatus ?? (status === "pending_payment" || status === "cancelled" ? "unpaid" : "paid");
  const variants = await db
    .selectFrom("variants")
    .innerJoin("products", "products.id", "variants.product_id")
    .select([
      "variants.id",
      "variants.product_id",
      "variants.sku",
      "variants.label_zh",
      "variants.label_en",
      "variants.weight_grams",
      "variants.price_fen",
      "products.cooperative_id",
      "products.name_zh",
      "products.name_en",
      "products.temperature_class",
    ])
    .where("variants.id", "in", options.lines.map((line) => line.variantId))
    .execute();
  const lines = options.lines.map((line) => ({ ...line, variant: variants.find((v) => v.id === line.variantId)! }));
  const subtotal = lines.reduce((sum, line) => sum + line.variant.price_fen * line.quantity, 0);
  const shipping = options.shippingFen ?? 1000;
  const number = unique("SS");
  const placedAt = options.placedAt ?? new Date();
  const paid = paymentStatus !== "unpaid" && paymentStatus !== "failed";
  const order = await db
    .insertInto("orders")
    .values({
      number,
      access_token: randomBytes(24).toString("hex"),
      user_id: options.userId ?? null,
      contact_name: "李华",
      email: options.email ?? `${unique("buyer").toLowerCase()}@example.test`,
      phone: options.phone ?? "13800138000",
      ship_province: "重庆市",
      ship_city: "重庆市",
      ship_district: "渝中区",
      ship_region_code: "500103",
      ship_street: "解放碑步行街 1 号",
      shipping_method: "standard",
      subtotal_fen: subtotal,
      shipping_fen: shipping,
      total_fen: subtotal + shipping,
      status,
      payment_status: paymentStatus,
      placed_at: placedAt,
      paid_at: paid ? new Date(placedAt.getTime() + 60_000) : null,
    })
    .returning(["id", "number", "total_fen"])
    .executeTakeFirstOrThrow();
  const items = [];
  for (const line of lines) {
    items.push(
      await db
        .insertInto("order_items")
        .values({
          order_id: order.id,
          variant_id: line.variant.id,
          product_id: line.variant.product_id,
          cooperative_id: line.variant.cooperative_id,
          product_name_zh: line.variant.name_zh,
          product_name_en: line.variant.name_en,
          variant_label_zh: line.variant.label_zh,
          variant_label_en: line.variant.label_en,
          sku: line.variant.sku,
          weight_grams: line.variant.weight_grams,
          temperature_class: line.variant.temperature_class,
          unit_price_fen: line.variant.price_fen,
          quantity: line.quantity,
          line_total_fen: line.variant.price_fen * line.quantity,
        })
        .returning(["id", "quantity", "variant_id", "product_id"])
        .executeTakeFirstOrThrow(),
    );
  }
  if (status === "pending_payment") {
    for (const line of lines) {
      await db
        .updateTable("variants")
        .set((eb) => ({ stock_reserved: eb("stock_reserved", "+", line.quantity) }))
        .where("id", "=", line.variantId)
        .execute();
      await db
        .insertInto("stock_reservations")
        .values({ order_id: order.id, variant_id: line.variantId, quantity: line.quantity, expires_at: new Date(Date.now() + 30 * 60_000) })
        .execute();
    }
  }
  if (paid) {
    for (const line of lines) {
      await db
        .updateTable("variants")
        .set((eb) => ({ stock_on_hand: eb("stock_on_hand", "-", line.quantity) }))
        .where("id", "=", line.variantId)
        .execute();
      await db
        .insertInto("stock_reservations")
        .values({
          order_id: order.id,
          variant_id: line.variantId,
          quantity: line.quantity,
          status: "committed",
          expires_at: new Date(Date.now() + 30 * 60_000),
          settled_at: new Date(),
        })
        .execute();
    }
    await db
      .insertInto("payments")
      .values({
        order_id: order.id,
        provider: "dev",
        provider_session_id: `dev_${unique()}`,
        provider_payment_id: `devpay_${unique()}`,
        amount_fen: order.total_fen,
        captured_fen: order.total_fen,
        status: "paid",
        checkout_url: `/pay/dev/${order.id}`,
        expires_at: new Date(Date.now() + 30 * 60_000),
      })
      .execute();
  }
  return { ...order, items };
}
