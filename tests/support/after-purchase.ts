import { randomBytes } from "node:crypto";
import { db } from "~/utils/db.server";
import { insertOrder } from "./orders";
import type { Locale, OrderStatus, PaymentStatus } from "~db/schema";

// Orders written straight into the database, for the tests of what happens after a
// purchase (tracking, e-mails, account pages) that must not depend on the checkout flow.

let counter = 0;
function unique(): string {
  counter += 1;
  return `${process.pid.toString(36)}${Date.now().toString(36)}${counter}`.toUpperCase();
}

export async function insertTestCooperative(): Promise<number> {
  const suffix = unique().toLowerCase();
  const row = await db()
    .insertInto("cooperatives")
    .values({ slug: `after-purchase-${suffix}`, name_zh: `售后测试合作社${suffix}`, name_en: `After-purchase Co-op ${suffix}`, county_zh: "奉节县", county_en: "Fengjie County" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TestProduct {
  productId: number;
  variantId: number;
  sku: string;
  cooperativeId: number;
  priceFen: number;
}

export async function insertTestProduct(
  options: { cooperativeId?: number; stock?: number; priceFen?: number; status?: "draft" | "active" | "archived"; active?: boolean; nameZh?: string; nameEn?: string } = {},
): Promise<TestProduct> {
  const cooperativeId = options.cooperativeId ?? (await insertTestCooperative());
  const suffix = unique();
  let category = await db().selectFrom("categories").select("id").orderBy("id").executeTakeFirst();
  category ??= await db()
    .insertInto("categories")
    .values({ slug: `after-purchase-${suffix.toLowerCase()}`, name_zh: "水果", name_en: "Fruit" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const product = await db()
    .insertInto("products")
    .values({
      cooperative_id: cooperativeId,
      category_id: category.id,
      slug: `after-purchase-product-${suffix.toLowerCase()}`,
      name_zh: options.nameZh ?? `奉节脐橙${suffix}`,
      name_en: options.nameEn ?? `Fengjie Navel Orange ${suffix}`,
      origin_county_zh: "奉节县",
      origin_county_en: "Fengjie County",
      shelf_life_days: 30,
      status: options.status ?? "active",
      published_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const priceFen = options.priceFen ?? 6800;
  const sku = `AP-${suffix}`.slice(0, 40);
  const variant = await db()
    .insertInto("variants")
    .values({
      product_id: product.id,
      sku,
      label_zh: "5公斤装",
      label_en: "5 kg box",
      weight_grams: 5000,
      price_fen: priceFen,
      stock_on_hand: options.stock ?? 50,
      active: options.active ?? true,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { productId: product.id, variantId: variant.id, sku, cooperativeId, priceFen };
}

export interface TestOrder {
  id: number;
  number: string;
  accessToken: string;
  email: string;
}

/** An order of test products (one made for it by default), written as the after-purchase pages find it. */
export async function insertTestOrder(
  options: {
    userId?: number | null;
    email?: string;
    locale?: Locale;
    status?: OrderStatus;
    paymentStatus?: PaymentStatus;
    items?: { product: TestProduct; quantity: number; batchId?: number | null }[];
  } = {},
): Promise<TestOrder> {
  const items = options.items ?? [{ product: await insertTestProduct(), quantity: 2 }];
  const paymentStatus = options.paymentStatus ?? "paid";
  const order = await insertOrder(db(), {
    lines: items.map((item) => ({ variantId: item.product.variantId, quantity: item.quantity, batchId: item.batchId ?? null })),
    status: options.status ?? "paid",
    paymentStatus,
    paidAt: paymentStatus === "unpaid" ? null : new Date(),
    userId: options.userId ?? null,
    email: options.email ?? `buyer-${unique().toLowerCase()}@example.test`,
    locale: options.locale ?? "zh",
    address: { contact_name: "李小梅", ship_street: "解放碑步行街1号" },
    number: `SS${unique()}`.slice(0, 24),
    accessToken: randomBytes(24).toString("base64url"),
    bookStockAndPayment: false,
  });
  return { id: order.id, number: order.number, accessToken: order.accessToken, email: order.email };
}

export async function insertTestShipment(
  order: { id: number },
  options: { carrier?: "sf" | "jd" | "ems" | "zto" | "yto" | "sto" | "yunda" | "deppon" | "other"; trackingNumber?: string } = {},
): Promise<{ id: number; trackingNumber: string }> {
  const trackingNumber = options.trackingNumber ?? `SF${Date.now()}${counter++}`.slice(0, 20);
  const row = await db()
    .insertInto("shipments")
    .values({ order_id: order.id, carrier: options.carrier ?? "sf", tracking_number: trackingNumber, status: "in_transit", shipped_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const items = await db().selectFrom("order_items").select(["id", "quantity"]).where("order_id", "=", order.id).execute();
  for (const item of items) {
    await db().insertInto("shipment_items").values({ shipment_id: row.id, order_item_id: item.id, quantity: item.quantity }).execute();
  }
  return { id: row.id, trackingNumber };
}

/** Reads an SSE body until `until` says enough (or the time is up); returns the parsed events. */
/** Marks an order's lines (or one cooperative's) delivered at `at`, in one shipment. */
export async function insertDeliveredShipment(order: { id: number }, { cooperativeId, at = new Date() }: { cooperativeId?: number; at?: Date } = {}): Promise<void> {
  const shipment = await db()
    .insertInto("shipments")
    .values({ order_id: order.id, carrier: "sf", tracking_number: `SF${Date.now()}${counter++}`.slice(0, 20), status: "delivered", shipped_at: at, delivered_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  let items = db().selectFrom("order_items").select(["id", "quantity"]).where("order_id", "=", order.id);
  if (cooperativeId !== undefined) items = items.where("cooperative_id", "=", cooperativeId);
  const rows = await items.execute();
  await db().insertInto("shipment_items").values(rows.map((item) => ({ shipment_id: shipment.id, order_item_id: item.id, quantity: item.quantity }))).execute();
}

export async function readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  { until, timeoutMs = 5_000 }: { until: (events: ServerSentEvent[], raw: string) => boolean; timeoutMs?: number },
): Promise<{ events: ServerSentEvent[]; raw: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = body.getReader();
  return readMore(reader, { until, timeoutMs });
}

export interface ServerSentEvent {
  id: string | null;
  data: string;
  receivedAt: number;
}

const buffers = new WeakMap<ReadableStreamDefaultReader<Uint8Array>, { raw: string; pending: string; decoder: TextDecoder; events: ServerSentEvent[] }>();

/** Continues reading a stream opened with readServerSentEvents. */
export async function readMore(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  { until, timeoutMs = 5_000 }: { until: (events: ServerSentEvent[], raw: string) => boolean; timeoutMs?: number },
): Promise<{ events: ServerSentEvent[]; raw: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const state = buffers.get(reader) ?? { raw: "", pending: "", decoder: new TextDecoder(), events: [] };
  buffers.set(reader, state);
  const deadline = Date.now() + timeoutMs;
  while (!until(state.events, state.raw)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    const chunk = await Promise.race([
      reader.read(),
      new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), remaining))),
    ]);
    clearTimeout(timer);
    if (chunk === "timeout") break;
    if (chunk.done) break;
    const text = state.decoder.decode(chunk.value, { stream: true });
    state.raw += text;
    state.pending += text;
    let boundary: number;
    while ((boundary = state.pending.indexOf("\n\n")) >= 0) {
      const block = state.pending.slice(0, boundary);
      state.pending = state.pending.slice(boundary + 2);
      const lines = block.split("\n");
      const data = lines.filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trimStart());
      if (data.length === 0) continue;
      const id = lines.find((line) => line.startsWith("id:"))?.slice(3).trim() ?? null;
      state.events.push({ id, data: data.join("\n"), receivedAt: Date.now() });
    }
  }
  return { events: state.events, raw: state.raw, reader };
}

export interface CarrierScan {
  context: string;
  /** Beijing time, "YYYY-MM-DD HH:mm:ss". */
  time: string;
  areaName?: string;
}

/** "YYYY-MM-DD HH:mm:ss" in Beijing time, `offsetMinutes` from now. */
export function beijingTime(offsetMinutes = 0): string {
  const shifted = new Date(Date.now() + offsetMinutes * 60_000 + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 19).replace("T", " ");
}

/**
 * The form body of a Kuaidi100 subscription push for a waybill, signed with `salt`
 * (MD5 hex of param + salt, as Kuaidi100 signs). Scans newest first, as Kuaidi100 sends them.
 */
export async function kuaidi100PushBody(
  { trackingNumber, state, scans, com = "shunfeng" }: { trackingNumber: string; state: string; scans: CarrierScan[]; com?: string },
  salt: string,
): Promise<URLSearchParams> {
  const { createHash } = await import("node:crypto");
  const param = JSON.stringify({
    status: "polling",
    billstatus: "change",
    message: "",
    lastResult: {
      message: "ok",
      nu: trackingNumber,
      ischeck: state === "3" ? "1" : "0",
      condition: "F00",
      com,
      status: "200",
      state,
      data: scans.map((scan) => ({ context: scan.context, time: scan.time, ftime: scan.time, areaName: scan.areaName })),
    },
  });
  const sign = createHash("md5").update(param + salt).digest("hex").toUpperCase();
  return new URLSearchParams({ param, sign });
}
