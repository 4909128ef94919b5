import { stringify } from "csv-stringify/sync";
import { sql, type Kysely } from "kysely";
import type { Carrier, Database, OrderStatus, PaymentStatus, ShipmentStatus } from "~db/schema";
import type { OrderRecipient } from "~/types/address";
import { addDays } from "~/utils/dates";
import { chinaDayEnd, chinaDayStart } from "~/models/order/staff.server";
import { latestScanDescription, selectShipmentRows } from "~/models/shipment.server";

// Sales reports and CSV exports. Sales count orders by the China day they were paid, net
// of refunds; per cooperative and per product, an order's refunds are shared out over its
// lines in proportion to their value (refunds are made on the order, not on a line).

export interface DateRange {
  /** China days, inclusive. */
  from: string;
  to: string;
}

export interface DailySales {
  day: string;
  orders: number;
  gross_fen: number;
  refunded_fen: number;
  net_fen: number;
}

/** One row per day of the range, days without sales included (as zeros). */
export async function salesByDay(db: Kysely<Database>, range: DateRange): Promise<DailySales[]> {
  const rows = await db
    .selectFrom("orders")
    .select([
      sql<string>`to_char((paid_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')`.as("day"),
      sql<number>`count(*)::int`.as("orders"),
      sql<number>`coalesce(sum(total_fen), 0)::bigint`.as("gross_fen"),
      sql<number>`coalesce(sum(refunded_fen), 0)::bigint`.as("refunded_fen"),
    ])
    .where("paid_at", "is not", null)
    .where("paid_at", ">=", chinaDayStart(range.from))
    .where("paid_at", "<", chinaDayEnd(range.to))
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const days: DailySales[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    const row = byDay.get(day);
    const gross = Number(row?.gross_fen ?? 0);
    const refunded = Number(row?.refunded_fen ?? 0);
    days.push({ day, orders: row?.orders ?? 0, gross_fen: gross, refunded_fen: refunded, net_fen: gross - refunded });
  }
  return days;
}

export interface GroupSales {
  id: number | null;
  name_zh: string;
  name_en: string;
  orders: number;
  units: number;
  gross_fen: number;
  net_fen: number;
}

// A line's share of its order's refunds, in fen (floored, so the shares never add up to more).
const lineRefund = sql<number>`(order_items.line_total_fen::bigint * orders.refunded_fen / nullif(orders.total_fen, 0))`;

function paidLines(db: Kysely<Database>, range: DateRange) {
  return db
    .selectFrom("order_items")
    .innerJoin("orders", "orders.id", "order_items.order_id")
    .where("orders.paid_at", "is not", null)
    .where("orders.paid_at", ">=", chinaDayStart(range.from))
    .where("orders.paid_at", "<", chinaDayEnd(range.to));
}

/** Item sales per cooperative (shipping excluded), best first. */
export async function salesByCooperative(db: Kysely<Database>, range: DateRange): Promise<GroupSales[]> {
  const rows = await paidLines(db, range)
    .innerJoin("cooperatives", "cooperatives.id", "order_items.cooperative_id")
    .select([
      "cooperatives.id",
      "cooperatives.name_zh",
      "cooperatives.name_en",
      sql<number>`count(distinct orders.id)::int`.as("orders"),
      sql<number>`sum(order_items.quantity)::bigint`.as("units"),
      sql<number>`sum(order_items.line_total_fen)::bigint`.as("gross_fen"),
      sql<number>`sum(order_items.line_total_fen - coalesce(${lineRefund}, 0))::bigint`.as("net_fen"),
    ])
    .groupBy(["cooperatives.id", "cooperatives.name_zh", "cooperatives.name_en"])
    .orderBy("net_fen", "desc")
    .orderBy("cooperatives.id")
    .execute();
  return rows.map((row) => ({ ...row, units: Number(row.units), gross_fen: Number(row.gross_fen), net_fen: Number(row.net_fen) }));
}

/** Item sales per product (its name as sold), best first. */
export async function salesByProduct(db: Kysely<Database>, range: DateRange, { limit = 50 }: { limit?: number } = {}): Promise<GroupSales[]> {
  const rows = await paidLines(db, range)
    .select([
      "order_items.product_id as id",
      sql<string>`max(order_items.product_name_zh)`.as("name_zh"),
      sql<string>`max(order_items.product_name_en)`.as("name_en"),
      sql<number>`count(distinct orders.id)::int`.as("orders"),
      sql<number>`sum(order_items.quantity)::bigint`.as("units"),
      sql<number>`sum(order_items.line_total_fen)::bigint`.as("gross_fen"),
      sql<number>`sum(order_items.line_total_fen - coalesce(${lineRefund}, 0))::bigint`.as("net_fen"),
    ])
    .groupBy("order_items.product_id")
    .orderBy("net_fen", "desc")
    .orderBy("order_items.product_id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, units: Number(row.units), gross_fen: Number(row.gross_fen), net_fen: Number(row.net_fen) }));
}

// ---------------------------------------------------------------- CSV export

export const CSV_BATCH_SIZE = 500;

/**
 * A spreadsheet treats a cell starting with = + - @ (or a tab or carriage return) as a
 * formula; an apostrophe in front makes it text. Applied to every text cell we export,
 * since names, addresses and scan texts come from shoppers and carriers.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | null;

/** Rows as CSV text (RFC 4180 quoting, CRLF), every text cell formula-safe. */
export function csvLines(rows: readonly (readonly CsvCell[])[]): string {
  if (rows.length === 0) return "";
  return stringify(
    rows.map((row) => row.map((cell) => (typeof cell === "string" ? neutralizeFormula(cell) : cell === null ? "" : String(cell)))),
    // Line breaks inside a cell must be quoted whatever the record delimiter is.
    { record_delimiter: "windows", quoted_match: /[\r\n]/ },
  );
}

/**
 * A CSV file as a stream: the BOM (so spreadsheet programs read the UTF-8 Chinese text
 * right), the header, then one batch of rows per pull. Batches are fetched by keyset, which
 * works on PostgreSQL and on PGlite (whose driver cannot stream a cursor); memory stays at
 * one batch however large the export.
 */
export function csvStream(
  header: readonly string[],
  nextBatch: (after: number | null) => Promise<{ rows: CsvCell[][]; last: number | null }>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: number | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`\uFEFF${csvLines([[...header]])}`));
          return;
        }
        const batch = await nextBatch(after);
        if (batch.rows.length > 0) controller.enqueue(encoder.encode(csvLines(batch.rows)));
        if (batch.last === null || batch.rows.length === 0) controller.close();
        else after = batch.last;
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

const CHINA_TIME = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** 'YYYY-MM-DD HH:mm:ss' in China time: what staff and accountants expect to read. */
export function chinaTime(date: Date | null): string {
  return date ? CHINA_TIME.format(date) : "";
}

export const ORDER_CSV_COLUMNS = [
  "number",
  "placedAt",
  "paidAt",
  "status",
  "paymentStatus",
  "contactName",
  "email",
  "phone",
  "province",
  "city",
  "district",
  "street",
  "postcode",
  "shippingMethod",
  "units",
  "subtotal",
  "shipping",
  "total",
  "refunded",
  "net",
  "cooperatives",
  "trackingNumbers",
] as const;

export interface OrderExportRow extends OrderRecipient {
  id: number;
  number: string;
  placed_at: Date;
  paid_at: Date | null;
  status: OrderStatus;
  payment_status: PaymentStatus;
  subtotal_fen: number;
  shipping_fen: number;
  total_fen: number;
  refunded_fen: number;
  units: number;
  cooperatives: string | null;
  tracking_numbers: string | null;
}

/** Orders placed in the range, by id, one batch after `after`. */
export async function orderExportBatch(
  db: Kysely<Database>,
  input: DateRange & { after: number | null; limit?: number },
): Promise<OrderExportRow[]> {
  let query = db
    .selectFrom("orders")
    .select([
      "orders.id",
      "orders.number",
      "orders.placed_at",
      "orders.paid_at",
      "orders.status",
      "orders.payment_status",
      "orders.contact_name",
      "orders.email",
      "orders.phone",
      "orders.ship_province",
      "orders.ship_city",
      "orders.ship_district",
      "orders.ship_street",
      "orders.ship_postcode",
      "orders.shipping_method",
      "orders.subtotal_fen",
      "orders.shipping_fen",
      "orders.total_fen",
      "orders.refunded_fen",
      (eb) =>
        eb
          .selectFrom("order_items")
          .select(sql<number>`coalesce(sum(order_items.quantity), 0)::int`.as("units"))
          .whereRef("order_items.order_id", "=", "orders.id")
          .as("units"),
      (eb) =>
        eb
          .selectFrom("order_items")
          .innerJoin("cooperatives", "cooperatives.id", "order_items.cooperative_id")
          .select(sql<string>`string_agg(distinct cooperatives.name_zh, '; ')`.as("names"))
          .whereRef("order_items.order_id", "=", "orders.id")
          .as("cooperatives"),
      (eb) =>
        eb
          .selectFrom("shipments")
          .select(sql<string>`string_agg(shipments.carrier || ':' || shipments.tracking_number, '; ' ORDER BY shipments.id)`.as("numbers"))
          .whereRef("shipments.order_id", "=", "orders.id")
          .as("tracking_numbers"),
    ])
    .where("orders.placed_at", ">=", chinaDayStart(input.from))
    .where("orders.placed_at", "<", chinaDayEnd(input.to))
    .orderBy("orders.id")
    .limit(input.limit ?? CSV_BATCH_SIZE);
  if (input.after !== null) query = query.where("orders.id", ">", input.after);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, units: row.units ?? 0 }));
}

export function orderCsvRow(row: OrderExportRow): CsvCell[] {
  return [
    row.number,
    chinaTime(row.placed_at),
    chinaTime(row.paid_at),
    row.status,
    row.payment_status,
    row.contact_name,
    row.email,
    row.phone,
    row.ship_province,
    row.ship_city,
    row.ship_district,
    row.ship_street,
    row.ship_postcode,
    row.shipping_method,
    row.units,
    yuan(row.subtotal_fen),
    yuan(row.shipping_fen),
    yuan(row.total_fen),
    yuan(row.refunded_fen),
    yuan(row.total_fen - row.refunded_fen),
    row.cooperatives,
    row.tracking_numbers,
  ];
}

export const SHIPMENT_CSV_COLUMNS = [
  "orderNumber",
  "carrier",
  "trackingNumber",
  "status",
  "createdAt",
  "shippedAt",
  "lastScanAt",
  "deliveredAt",
  "lastScan",
  "items",
  "shipTo",
] as const;

export interface ShipmentExportRow {
  id: number;
  order_number: string;
  carrier: Carrier;
  tracking_number: string;
  status: ShipmentStatus;
  created_at: Date;
  shipped_at: Date | null;
  last_event_at: Date | null;
  delivered_at: Date | null;
  last_scan: string | null;
  items: string | null;
  ship_to: string;
}

/** Shipments created in the range, by id, one batch after `after`. */
export async function shipmentExportBatch(
  db: Kysely<Database>,
  input: DateRange & { after: number | null; limit?: number },
): Promise<ShipmentExportRow[]> {
  let query = selectShipmentRows(db)
    .select([
      "shipments.created_at",
      (eb) => latestScanDescription(eb).as("last_scan"),
      (eb) =>
        eb
          .selectFrom("shipment_items")
          .innerJoin("order_items", "order_items.id", "shipment_items.order_item_id")
          .select(sql<string>`string_agg(order_items.sku || ' x' || shipment_items.quantity, '; ' ORDER BY order_items.id)`.as("items"))
          .whereRef("shipment_items.shipment_id", "=", "shipments.id")
          .as("items"),
      sql<string>`orders.ship_province || ' ' || orders.ship_city || ' ' || orders.ship_district`.as("ship_to"),
    ])
    .where("shipments.created_at", ">=", chinaDayStart(input.from))
    .where("shipments.created_at", "<", chinaDayEnd(input.to))
    .orderBy("shipments.id")
    .limit(input.limit ?? CSV_BATCH_SIZE);
  if (input.after !== null) query = query.where("shipments.id", ">", input.after);
  return query.execute();
}

export function shipmentCsvRow(row: ShipmentExportRow): CsvCell[] {
  return [
    row.order_number,
    row.carrier,
    row.tracking_number,
    row.status,
    chinaTime(row.created_at),
    chinaTime(row.shipped_at),
    chinaTime(row.last_event_at),
    chinaTime(row.delivered_at),
    row.last_scan,
    row.items,
    row.ship_to,
  ];
}

/** The CSV stream of orders placed in the range. */
export function ordersCsv(db: Kysely<Database>, range: DateRange, header: readonly string[]): ReadableStream<Uint8Array> {
  return csvStream(header, async (after) => {
    const rows = await orderExportBatch(db, { ...range, after });
    return { rows: rows.map(orderCsvRow), last: rows.length === CSV_BATCH_SIZE ? rows[rows.length - 1]!.id : null };
  });
}

/** The CSV stream of shipments created in the range. */
export function shipmentsCsv(db: Kysely<Database>, range: DateRange, header: readonly string[]): ReadableStream<Uint8Array> {
  return csvStream(header, async (after) => {
    const rows = await shipmentExportBatch(db, { ...range, after });
    return { rows: rows.map(shipmentCsvRow), last: rows.length === CSV_BATCH_SIZE ? rows[rows.length - 1]!.id : null };
  });
}
