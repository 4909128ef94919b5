import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { listVariantSnapshots } from "~/models/variant.server";
import type { Database, Locale, OrderStatus, PaymentStatus } from "~db/schema";

// The one way tests write an order straight into the database (tests that need the real
// checkout use placeTestOrder in ./checkout instead). Names, SKU and price are snapshotted
// from the variants as checkout does; everything else has a default a test may override.

let sequence = 0;
const RUN = randomBytes(3).toString("hex").toUpperCase();
function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}${RUN}${sequence.toString(36).toUpperCase()}`;
}

export interface OrderAddress {
  contact_name: string;
  ship_province: string;
  ship_city: string;
  ship_district: string;
  ship_region_code: string;
  ship_street: string;
}

const CHONGQING: OrderAddress = {
  contact_name: "李华",
  ship_province: "重庆市",
  ship_city: "重庆市",
  ship_district: "渝中区",
  ship_region_code: "500103",
  ship_street: "解放碑步行街 1 号",
};

export interface InsertOrderOptions {
  lines: { variantId: number; quantity: number; batchId?: number | null }[];
  status?: OrderStatus;
  /** By default unpaid for an order awaiting payment or cancelled, else paid. */
  paymentStatus?: PaymentStatus;
  placedAt?: Date;
  /** By default a minute after `placedAt` when paid, else none. */
  paidAt?: Date | null;
  userId?: number | null;
  email?: string;
  phone?: string;
  locale?: Locale;
  address?: Partial<OrderAddress>;
  shippingFen?: number;
  number?: string;
  accessToken?: string;
  /**
   * Leave stock and payments as checkout would: a reservation for an order awaiting payment,
   * committed stock and a captured dev payment for a paid one. Off, only the order and its lines are written.
   */
  bookStockAndPayment?: boolean;
}

export interface OrderFixture {
  id: number;
  number: string;
  total_fen: number;
  accessToken: string;
  email: string;
  items: { id: number; quantity: number; variant_id: number | null; product_id: number | null }[];
}

export async function insertOrder(db: Kysely<Database>, options: InsertOrderOptions): Promise<OrderFixture> {
  const status = options.status ?? "paid";
  const paymentStatus = options.paymentStatus ?? (status === "pending_payment" || status === "cancelled" ? "unpaid" : "paid");
  const variants = await listVariantSnapshots(db, { variantIds: options.lines.map((line) => line.variantId) });
  const lines = options.lines.map((line) => ({ ...line, variant: variants.find((v) => v.id === line.variantId)! }));
  const subtotal = lines.reduce((sum, line) => sum + line.variant.price_fen * line.quantity, 0);
  const shipping = options.shippingFen ?? 1000;
  const placedAt = options.placedAt ?? new Date();
  const paid = paymentStatus !== "unpaid" && paymentStatus !== "failed";
  const paidAt = options.paidAt !== undefined ? options.paidAt : paid ? new Date(placedAt.getTime() + 60_000) : null;
  const accessToken = options.accessToken ?? randomBytes(24).toString("hex");
  const email = options.email ?? `${unique("buyer").toLowerCase()}@example.test`;
  const order = await db
    .insertInto("orders")
    .values({
      number: options.number ?? unique("SS"),
      access_token: accessToken,
      user_id: options.userId ?? null,
      ...(options.locale ? { locale: options.locale } : {}),
      ...CHONGQING,
      ...options.address,
      email,
      phone: options.phone ?? "13800138000",
      shipping_method: "standard",
      subtotal_fen: subtotal,
      shipping_fen: shipping,
      total_fen: subtotal + shipping,
      status,
      payment_status: paymentStatus,
      placed_at: placedAt,
      paid_at: paidAt,
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
          batch_id: line.batchId ?? null,
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
  if (options.bookStockAndPayment ?? true) await bookStockAndPayment(db, { order, lines, status, paid });
  return { ...order, accessToken, email, items };
}

async function bookStockAndPayment(
  db: Kysely<Database>,
  { order, lines, status, paid }: { order: { id: number; total_fen: number }; lines: { variantId: number; quantity: number }[]; status: OrderStatus; paid: boolean },
) {
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
        provider_session_id: `dev_${unique("")}`,
        provider_payment_id: `devpay_${unique("")}`,
        amount_fen: order.total_fen,
        captured_fen: order.total_fen,
        status: "paid",
        checkout_url: `/pay/dev/${order.id}`,
        expires_at: new Date(Date.now() + 30 * 60_000),
      })
      .execute();
  }
}
