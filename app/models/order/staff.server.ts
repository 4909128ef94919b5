import { sql, type Kysely } from "kysely";
import type { Carrier, Database, OrderStatus, PaymentStatus, TemperatureClass } from "~db/schema";
import { orderTimeline } from "~/models/order/events.server";

// Orders as staff see them: every order, every cooperative, with search, filters and the
// full history.

// ---------------------------------------------------------------- the list

export interface OrderFilters {
  status?: OrderStatus;
  payment?: PaymentStatus;
  /** China days, inclusive, on the day the order was placed. */
  from?: string;
  to?: string;
  cooperative?: number;
  carrier?: Carrier;
  /** Only orders flagged for attention (e.g. paid after their stock was gone). */
  flagged?: boolean;
  /** An order number, an e-mail address (or its start), or phone digits. */
  q?: string;
  /** Keyset cursor: the last row of the previous page (placed_at as PostgreSQL prints it, so no microsecond is lost). */
  after?: OrderCursor;
  limit?: number;
}

export interface OrderCursor {
  placedAt: string;
  id: number;
}

export interface StaffOrderRow {
  id: number;
  number: string;
  placed_at: Date;
  contact_name: string;
  email: string | null;
  phone: string;
  ship_province: string;
  ship_city: string;
  status: OrderStatus;
  payment_status: PaymentStatus;
  total_fen: number;
  refunded_fen: number;
  flagged_reason: string | null;
  units: number;
  units_shipped: number;
}

export const ORDER_PAGE_SIZE = 50;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Orders newest first, keyset-paginated on (placed_at, id). */
export async function listStaffOrders(
  db: Kysely<Database>,
  filters: OrderFilters,
): Promise<{ rows: StaffOrderRow[]; next: OrderCursor | null }> {
  const limit = filters.limit ?? ORDER_PAGE_SIZE;
  let query = db
    .selectFrom("orders")
    .select([
      "orders.id",
      "orders.number",
      "orders.placed_at",
      "orders.contact_name",
      "orders.email",
      "orders.phone",
      "orders.ship_province",
      "orders.ship_city",
      "orders.status",
      "orders.payment_status",
      "orders.total_fen",
      "orders.refunded_fen",
      "orders.flagged_reason",
      sql<string>`orders.placed_at::text`.as("cursor_placed_at"),
      (eb) =>
        eb
          .selectFrom("order_items")
          .select(sql<number>`coalesce(sum(quantity), 0)::int`.as("units"))
          .whereRef("order_items.order_id", "=", "orders.id")
          .as("units"),
      (eb) =>
        eb
          .selectFrom("order_items")
          .select(sql<number>`coalesce(sum(quantity_shipped), 0)::int`.as("shipped"))
          .whereRef("order_items.order_id", "=", "orders.id")
          .as("units_shipped"),
    ])
    .orderBy("orders.placed_at", "desc")
    .orderBy("orders.id", "desc")
    .limit(limit + 1);

  if (filters.status) query = query.where("orders.status", "=", filters.status);
  if (filters.payment) query = query.where("orders.payment_status", "=", filters.payment);
  if (filters.flagged) query = query.where("orders.flagged_reason", "is not", null);
  if (filters.from) query = query.where("orders.placed_at", ">=", chinaDayStart(filters.from));
  if (filters.to) query = query.where("orders.placed_at", "<", chinaDayEnd(filters.to));
  if (filters.cooperative !== undefined) {
    const cooperativeId = filters.cooperative;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("order_items")
          .select("order_items.id")
          .whereRef("order_items.order_id", "=", "orders.id")
          .where("order_items.cooperative_id", "=", cooperativeId),
      ),
    );
  }
  if (filters.carrier) {
    const carrier = filters.carrier;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("shipments")
          .select("shipments.id")
          .whereRef("shipments.order_id", "=", "orders.id")
          .where("shipments.carrier", "=", carrier),
      ),
    );
  }
  const q = filters.q?.trim();
  if (q) {
    const digits = q.replace(/[\s-]/g, "");
    query = query.where((eb) =>
      eb.or([
        eb("orders.number", "=", q),
        eb("orders.number", "=", q.toUpperCase()),
        eb("orders.email", "like", `${escapeLike(q.toLowerCase())}%`),
        ...(/^\+?\d{4,}$/.test(digits) ? [eb("orders.phone", "like", `%${escapeLike(digits.replace(/^\+/, ""))}%`)] : []),
      ]),
    );
  }
  if (filters.after) {
    const { placedAt, id } = filters.after;
    const at = sql<Date>`${placedAt}::timestamptz`;
    query = query.where((eb) => eb.or([eb("orders.placed_at", "<", at), eb.and([eb("orders.placed_at", "=", at), eb("orders.id", "<", id)])]));
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit).map(({ cursor_placed_at: _, ...row }) => ({ ...row, units: row.units ?? 0, units_shipped: row.units_shipped ?? 0 }));
  const last = rows[limit - 1];
  return { rows: page, next: rows.length > limit && last ? { placedAt: last.cursor_placed_at, id: last.id } : null };
}

/** The instant a China day starts ('2026-03-01' → 2026-02-28T16:00Z). */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The instant after a China day ends (exclusive bound). */
export function chinaDayEnd(day: string): Date {
  return new Date(chinaDayStart(day).getTime() + 24 * 60 * 60 * 1000);
}

// --------------------------------------------------------------- one order

export interface StaffOrderItem {
  id: number;
  product_id: number | null;
  variant_id: number | null;
  product_name_zh: string;
  product_name_en: string;
  variant_label_zh: string;
  variant_label_en: string;
  sku: string;
  weight_grams: number;
  temperature_class: TemperatureClass;
  unit_price_fen: number;
  quantity: number;
  line_total_fen: number;
  quantity_shipped: number;
  batch_id: number | null;
  batch_code: string | null;
  batch_best_before: string | null;
  cooperative_id: number;
  cooperative_name_zh: string;
  cooperative_name_en: string;
  product_slug: string | null;
}

export async function getStaffOrder(db: Kysely<Database>, { number }: { number: string }) {
  const order = await db.selectFrom("orders").selectAll().where("number", "=", number).executeTakeFirst();
  if (!order) return null;
  const [items, payments, refunds, events] = await Promise.all([
    orderItemsForStaff(db, { orderId: order.id }),
    db
      .selectFrom("payments")
      .select(["id", "provider", "provider_session_id", "provider_payment_id", "attempt", "amount_fen", "captured_fen", "refunded_fen", "status", "created_at", "expires_at"])
      .where("order_id", "=", order.id)
      .orderBy("attempt")
      .execute(),
    db
      .selectFrom("refunds")
      .leftJoin("users", "users.id", "refunds.actor_user_id")
      .select([
        "refunds.id",
        "refunds.amount_fen",
        "refunds.reason",
        "refunds.status",
        "refunds.provider_refund_id",
        "refunds.created_at",
        "users.name as actor_name",
        "users.email as actor_email",
      ])
      .where("refunds.order_id", "=", order.id)
      .orderBy("refunds.id")
      .execute(),
    orderTimeline(db, { orderId: order.id }),
  ]);
  return { order, items, payments, refunds, events };
}

export async function orderItemsForStaff(db: Kysely<Database>, { orderId }: { orderId: number }): Promise<StaffOrderItem[]> {
  return db
    .selectFrom("order_items")
    .innerJoin("cooperatives", "cooperatives.id", "order_items.cooperative_id")
    .leftJoin("batches", "batches.id", "order_items.batch_id")
    .leftJoin("products", "products.id", "order_items.product_id")
    .select([
      "order_items.id",
      "order_items.product_id",
      "order_items.variant_id",
      "order_items.product_name_zh",
      "order_items.product_name_en",
      "order_items.variant_label_zh",
      "order_items.variant_label_en",
      "order_items.sku",
      "order_items.weight_grams",
      "order_items.temperature_class",
      "order_items.unit_price_fen",
      "order_items.quantity",
      "order_items.line_total_fen",
      "order_items.quantity_shipped",
      "order_items.batch_id",
      "batches.code as batch_code",
      "batches.best_before as batch_best_before",
      "order_items.cooperative_id",
      "cooperatives.name_zh as cooperative_name_zh",
      "cooperatives.name_en as cooperative_name_en",
      "products.slug as product_slug",
    ])
    .where("order_items.order_id", "=", orderId)
    .orderBy("order_items.id")
    .execute();
}

// --------------------------------------------------------------- dashboard

export async function dashboardCounts(db: Kysely<Database>) {
  const orders = await db
    .selectFrom("orders")
    .select([
      sql<number>`count(*) filter (where status in ('paid', 'fulfilling', 'partially_shipped'))::int`.as("toFulfil"),
      sql<number>`count(*) filter (where flagged_reason is not null and status <> 'cancelled')::int`.as("flagged"),
      sql<number>`count(*) filter (where status = 'pending_payment')::int`.as("awaitingPayment"),
    ])
    .executeTakeFirstOrThrow();
  const shipments = await db
    .selectFrom("shipments")
    .select([
      sql<number>`count(*) filter (where status = 'exception')::int`.as("exceptions"),
      sql<number>`count(*) filter (where status not in ('delivered', 'returned'))::int`.as("open"),
    ])
    .executeTakeFirstOrThrow();
  return {
    toFulfil: orders.toFulfil,
    flagged: orders.flagged,
    awaitingPayment: orders.awaitingPayment,
    shipmentExceptions: shipments.exceptions,
    openShipments: shipments.open,
  };
}

export async function listCooperativeOptions(db: Kysely<Database>) {
  return db.selectFrom("cooperatives").select(["id", "name_zh", "name_en"]).orderBy("name_zh").execute();
}
