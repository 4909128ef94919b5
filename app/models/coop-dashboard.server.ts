import { sql, type Kysely } from "kysely";
import type { Database, OrderStatus } from "~db/schema";
import { addDays, chinaToday } from "~/utils/dates";
import { brandsNeedingAttention } from "~/models/brand.server";
import { certificationsNeedingAttention } from "~/models/certification.server";
import { countProductsByStatus } from "~/models/product.server";
import { lowStockVariants } from "~/models/stock.server";

// What a cooperative sees of the shop as a whole: its own order lines (never another
// cooperative's lines in the same order, never more of the address than province and city),
// its sales, and what needs doing.

export const ATTENTION_DAYS = 30;
export const SALES_DAYS = 30;

/** Orders a cooperative is told about: an order still waiting for payment is not one yet. */
const VISIBLE_STATUSES: OrderStatus[] = ["paid", "fulfilling", "partially_shipped", "shipped", "delivered", "cancelled"];

export interface CooperativeOrder {
  id: number;
  number: string;
  placed_at: Date;
  status: OrderStatus;
  payment_status: string;
  ship_province: string;
  ship_city: string;
  shipping_method: string;
  lines: {
    id: number;
    product_name_zh: string;
    product_name_en: string;
    variant_label_zh: string;
    variant_label_en: string;
    sku: string;
    quantity: number;
    quantity_shipped: number;
    unit_price_fen: number;
    line_total_fen: number;
    batch_code: string | null;
  }[];
  total_fen: number;
}

/**
 * The orders holding this cooperative's lines, newest first, with only those lines. `before` is
 * a keyset cursor (an order id) for the next page.
 */
export async function listCooperativeOrders(
  db: Kysely<Database>,
  { cooperativeId, status, limit = 30, before }: { cooperativeId: number; status?: OrderStatus; limit?: number; before?: number },
): Promise<{ orders: CooperativeOrder[]; nextBefore: number | null }> {
  const orders = await db
    .selectFrom("orders as o")
    .where((eb) => eb.exists(eb.selectFrom("order_items as oi").select("oi.id").whereRef("oi.order_id", "=", "o.id").where("oi.cooperative_id", "=", cooperativeId)))
    .where("o.status", "in", status ? [status] : VISIBLE_STATUSES)
    .$if(before !== undefined, (q) => q.where("o.id", "<", before!))
    // Province and city say where a parcel goes; the street, phone and name are the shopper's and staff's business.
    .select(["o.id", "o.number", "o.placed_at", "o.status", "o.payment_status", "o.ship_province", "o.ship_city", "o.shipping_method"])
    .orderBy("o.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = orders.slice(0, limit);
  const ids = page.map((order) => order.id);
  const lines = ids.length
    ? await db
        .selectFrom("order_items as oi")
        .leftJoin("batches as b", "b.id", "oi.batch_id")
        .where("oi.order_id", "in", ids)
        .where("oi.cooperative_id", "=", cooperativeId)
        .select([
          "oi.id",
          "oi.order_id",
          "oi.product_name_zh",
          "oi.product_name_en",
          "oi.variant_label_zh",
          "oi.variant_label_en",
          "oi.sku",
          "oi.quantity",
          "oi.quantity_shipped",
          "oi.unit_price_fen",
          "oi.line_total_fen",
          "b.code as batch_code",
        ])
        .orderBy("oi.id")
        .execute()
    : [];
  return {
    orders: page.map((order) => {
      const own = lines.filter((line) => line.order_id === order.id).map(({ order_id: _orderId, ...line }) => line);
      return { ...order, lines: own, total_fen: own.reduce((sum, line) => sum + line.line_total_fen, 0) };
    }),
    nextBefore: orders.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export interface SalesDay {
  day: string;
  fen: number;
  units: number;
}

/** Paid sales of this cooperative's lines per China day, for the last `days` days (zeros included). */
export async function salesByDay(
  db: Kysely<Database>,
  { cooperativeId, today = chinaToday(), days = SALES_DAYS }: { cooperativeId: number; today?: string; days?: number },
): Promise<SalesDay[]> {
  const first = addDays(today, -(days - 1));
  const chinaDay = sql<string>`to_char(o.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
  const rows = await db
    .selectFrom("order_items as oi")
    .innerJoin("orders as o", "o.id", "oi.order_id")
    .where("oi.cooperative_id", "=", cooperativeId)
    .where("o.paid_at", "is not", null)
    .where("o.status", "<>", "cancelled")
    // A bound on the timestamp itself (a day early, whatever the session's time zone) keeps the scan to recent orders.
    .where("o.paid_at", ">=", sql<Date>`${first}::date - interval '1 day'`)
    .select([
      chinaDay.as("day"),
      sql<number>`sum(oi.line_total_fen)::bigint`.as("fen"),
      sql<number>`sum(oi.quantity)::bigint`.as("units"),
    ])
    .groupBy(chinaDay)
    .execute();
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const result: SalesDay[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(first, i);
    const row = byDay.get(day);
    result.push({ day, fen: Number(row?.fen ?? 0), units: Number(row?.units ?? 0) });
  }
  return result;
}

export async function coopDashboard(db: Kysely<Database>, { cooperativeId, today = chinaToday() }: { cooperativeId: number; today?: string }) {
  const horizon = addDays(today, ATTENTION_DAYS);
  const [counts, lowStock, certifications, brands, recent, sales] = await Promise.all([
    countProductsByStatus(db, { cooperativeId }),
    lowStockVariants(db, { cooperativeId }),
    certificationsNeedingAttention(db, { cooperativeId, today, horizon }),
    brandsNeedingAttention(db, { cooperativeId, today, horizon }),
    listCooperativeOrders(db, { cooperativeId, limit: 5 }),
    salesByDay(db, { cooperativeId, today }),
  ]);
  return { counts, lowStock, certifications, brands, recentOrders: recent.orders, sales, today };
}
