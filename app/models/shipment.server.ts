import { sql, type ExpressionBuilder, type Kysely, type Transaction } from "kysely";
import type { Carrier, Database, ShipmentStatus } from "~db/schema";
import { allowedFrom, SHIPMENT_TRANSITIONS } from "~/models/order-state";

// Shipments, their items and their scans. Status changes go through moveShipmentStatus,
// a guarded UPDATE: a scan that arrives late or twice can never move a parcel backwards.

export interface ScanInput {
  occurredAt: Date;
  status: ShipmentStatus;
  description: string;
  location?: string | null;
  carrierState?: string | null;
}

export async function insertShipment(
  db: Kysely<Database>,
  input: { orderId: number; carrier: Carrier; trackingNumber: string; createdBy: number | null },
): Promise<number> {
  const { id } = await db
    .insertInto("shipments")
    .values({
      order_id: input.orderId,
      carrier: input.carrier,
      tracking_number: input.trackingNumber,
      created_by: input.createdBy,
      shipped_at: sql<Date>`now()`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function trackingNumberInUse(
  db: Kysely<Database>,
  { carrier, trackingNumber }: { carrier: Carrier; trackingNumber: string },
): Promise<boolean> {
  const row = await db
    .selectFrom("shipments")
    .select("id")
    .where("carrier", "=", carrier)
    .where("tracking_number", "=", trackingNumber)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The shipment a carrier push is about. Kuaidi100 names the carrier by its own code, which
 * may be one we do not map (a carrier that took over the parcel): then the number alone
 * decides, as long as it is not ambiguous.
 */
export async function findShipmentByTracking(
  db: Kysely<Database>,
  { trackingNumber, carrier }: { trackingNumber: string; carrier: Carrier | null },
): Promise<{ id: number; order_id: number; carrier: Carrier } | null> {
  const rows = await db
    .selectFrom("shipments")
    .select(["id", "order_id", "carrier"])
    .where("tracking_number", "=", trackingNumber)
    .orderBy("id")
    .execute();
  const exact = carrier ? rows.filter((row) => row.carrier === carrier) : [];
  if (exact.length === 1) return exact[0]!;
  return rows.length === 1 ? rows[0]! : null;
}

/** The order a shipment belongs to, or null when there is no such shipment. */
export async function findShipmentOrderId(db: Kysely<Database>, { shipmentId }: { shipmentId: number }): Promise<number | null> {
  const row = await db.selectFrom("shipments").select("order_id").where("id", "=", shipmentId).executeTakeFirst();
  return row?.order_id ?? null;
}

export interface LockedShipment {
  id: number;
  order_id: number;
  status: ShipmentStatus;
  carrier: Carrier;
  tracking_number: string;
}

export async function lockShipment(trx: Transaction<Database>, { shipmentId }: { shipmentId: number }): Promise<LockedShipment | null> {
  const row = await trx
    .selectFrom("shipments")
    .select(["id", "order_id", "status", "carrier", "tracking_number"])
    .where("id", "=", shipmentId)
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Stores scans, skipping any already stored (same time and text: carriers repeat the whole
 * history on every push). Returns the scans that are new, oldest first.
 */
export async function insertShipmentEvents(
  db: Kysely<Database>,
  input: { shipmentId: number; scans: readonly ScanInput[]; source: "carrier" | "staff"; createdBy?: number | null },
): Promise<{ id: number; occurred_at: Date; status: ShipmentStatus; description: string; location: string | null }[]> {
  if (input.scans.length === 0) return [];
  // Oldest first, so ids grow with time and ties on occurred_at resolve to the later line.
  const ordered = [...input.scans].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return db
    .insertInto("shipment_events")
    .values(
      ordered.map((scan) => ({
        shipment_id: input.shipmentId,
        occurred_at: scan.occurredAt,
        status: scan.status,
        carrier_state: scan.carrierState ?? null,
        description: scan.description,
        location: scan.location ?? null,
        source: input.source,
        created_by: input.createdBy ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(["shipment_id", "occurred_at", "description"]).doNothing())
    .returning(["id", "occurred_at", "status", "description", "location"])
    .execute()
    .then((rows) => rows.sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime() || a.id - b.id));
}

/** The most recent scan of a shipment: what its status should reflect. */
export async function newestShipmentEvent(
  db: Kysely<Database>,
  { shipmentId }: { shipmentId: number },
): Promise<{ occurred_at: Date; status: ShipmentStatus } | null> {
  const row = await db
    .selectFrom("shipment_events")
    .select(["occurred_at", "status"])
    .where("shipment_id", "=", shipmentId)
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Moves a shipment to `to` only if its current status allows it. Returns the status it
 * moved from, or null when nothing changed.
 */
export async function moveShipmentStatus(
  db: Kysely<Database>,
  { shipmentId, to, at }: { shipmentId: number; to: ShipmentStatus; at: Date },
): Promise<ShipmentStatus | null> {
  const from = allowedFrom(SHIPMENT_TRANSITIONS, to);
  if (from.length === 0) return null;
  const previous = await db
    .with("before", (q) => q.selectFrom("shipments").select(["id", "status"]).where("id", "=", shipmentId).forUpdate())
    .updateTable("shipments")
    .from("before")
    .set({
      status: to,
      updated_at: sql<Date>`now()`,
      ...(to === "delivered" ? { delivered_at: at } : {}),
    })
    .whereRef("shipments.id", "=", "before.id")
    .where("before.status", "in", from)
    .returning("before.status as from")
    .executeTakeFirst();
  return previous?.from ?? null;
}

/** Keeps `last_event_at` at the newest scan, whatever order scans arrive in. */
export async function touchShipmentLastEvent(db: Kysely<Database>, { shipmentId, at }: { shipmentId: number; at: Date }): Promise<void> {
  await db
    .updateTable("shipments")
    .set({ last_event_at: sql<Date>`greatest(last_event_at, ${at})`, updated_at: sql<Date>`now()` })
    .where("id", "=", shipmentId)
    .execute();
}

export async function insertShipmentItems(
  db: Kysely<Database>,
  { shipmentId, items }: { shipmentId: number; items: readonly { orderItemId: number; quantity: number }[] },
): Promise<void> {
  await db
    .insertInto("shipment_items")
    .values(items.map((item) => ({ shipment_id: shipmentId, order_item_id: item.orderItemId, quantity: item.quantity })))
    .execute();
}

/** Units ordered, shipped and delivered: what the order's status follows from. */
export async function orderUnits(
  db: Kysely<Database>,
  { orderId }: { orderId: number },
): Promise<{ ordered: number; shipped: number; delivered: number }> {
  const lines = await db
    .selectFrom("order_items")
    .select([
      sql<number>`coalesce(sum(quantity), 0)::int`.as("ordered"),
      sql<number>`coalesce(sum(quantity_shipped), 0)::int`.as("shipped"),
    ])
    .where("order_id", "=", orderId)
    .executeTakeFirstOrThrow();
  const delivered = await db
    .selectFrom("shipment_items")
    .innerJoin("shipments", "shipments.id", "shipment_items.shipment_id")
    .select(sql<number>`coalesce(sum(shipment_items.quantity), 0)::int`.as("units"))
    .where("shipments.order_id", "=", orderId)
    .where("shipments.status", "=", "delivered")
    .executeTakeFirstOrThrow();
  return { ordered: lines.ordered, shipped: lines.shipped, delivered: delivered.units };
}

export interface ShipmentDetail {
  id: number;
  carrier: Carrier;
  tracking_number: string;
  status: ShipmentStatus;
  shipped_at: Date | null;
  delivered_at: Date | null;
  last_event_at: Date | null;
  created_at: Date;
  created_by_name: string | null;
  items: { order_item_id: number; quantity: number; sku: string; product_name_zh: string; product_name_en: string; variant_label_zh: string; variant_label_en: string }[];
  events: { id: number; occurred_at: Date; status: ShipmentStatus; description: string; location: string | null; source: "carrier" | "staff"; carrier_state: string | null }[];
}

/** An order's shipments with what each carries and every scan, newest scan first. */
export async function shipmentsForOrder(db: Kysely<Database>, { orderId }: { orderId: number }): Promise<ShipmentDetail[]> {
  const shipments = await db
    .selectFrom("shipments")
    .leftJoin("users", "users.id", "shipments.created_by")
    .select([
      "shipments.id",
      "shipments.carrier",
      "shipments.tracking_number",
      "shipments.status",
      "shipments.shipped_at",
      "shipments.delivered_at",
      "shipments.last_event_at",
      "shipments.created_at",
      "users.name as created_by_name",
    ])
    .where("shipments.order_id", "=", orderId)
    .orderBy("shipments.id")
    .execute();
  if (shipments.length === 0) return [];
  const ids = shipments.map((shipment) => shipment.id);
  const [items, events] = await Promise.all([
    db
      .selectFrom("shipment_items")
      .innerJoin("order_items", "order_items.id", "shipment_items.order_item_id")
      .select([
        "shipment_items.shipment_id",
        "shipment_items.order_item_id",
        "shipment_items.quantity",
        "order_items.sku",
        "order_items.product_name_zh",
        "order_items.product_name_en",
        "order_items.variant_label_zh",
        "order_items.variant_label_en",
      ])
      .where("shipment_items.shipment_id", "in", ids)
      .orderBy("shipment_items.order_item_id")
      .execute(),
    db
      .selectFrom("shipment_events")
      .select(["id", "shipment_id", "occurred_at", "status", "description", "location", "source", "carrier_state"])
      .where("shipment_id", "in", ids)
      .orderBy("occurred_at", "desc")
      .orderBy("id", "desc")
      .execute(),
  ]);
  return shipments.map((shipment) => ({
    ...shipment,
    items: items.filter((item) => item.shipment_id === shipment.id).map(({ shipment_id: _, ...item }) => item),
    events: events.filter((event) => event.shipment_id === shipment.id).map(({ shipment_id: _, ...event }) => event),
  }));
}

export interface ShipmentListRow {
  id: number;
  order_number: string;
  carrier: Carrier;
  tracking_number: string;
  status: ShipmentStatus;
  shipped_at: Date | null;
  last_event_at: Date | null;
  delivered_at: Date | null;
  last_description: string | null;
}

export const SHIPMENT_PAGE_SIZE = 50;

/** Shipments with their order's number and the columns every list of shipments shows. */
export function selectShipmentRows(db: Kysely<Database>) {
  return db
    .selectFrom("shipments")
    .innerJoin("orders", "orders.id", "shipments.order_id")
    .select([
      "shipments.id",
      "orders.number as order_number",
      "shipments.carrier",
      "shipments.tracking_number",
      "shipments.status",
      "shipments.shipped_at",
      "shipments.last_event_at",
      "shipments.delivered_at",
    ]);
}

/** What the carrier said at a shipment's most recent scan, as a subquery on `shipments`. */
export function latestScanDescription(eb: ExpressionBuilder<Database, "shipments">) {
  return eb
    .selectFrom("shipment_events")
    .select("shipment_events.description")
    .whereRef("shipment_events.shipment_id", "=", "shipments.id")
    .orderBy("shipment_events.occurred_at", "desc")
    .orderBy("shipment_events.id", "desc")
    .limit(1);
}

/**
 * Shipments for the staff list, newest first, keyset-paginated on id. `open` means not yet
 * delivered or returned: the parcels someone may need to chase.
 */
export async function listShipments(
  db: Kysely<Database>,
  filters: { status?: ShipmentStatus | "open"; carrier?: Carrier; q?: string; before?: number; limit?: number },
): Promise<{ rows: ShipmentListRow[]; nextBefore: number | null }> {
  const limit = filters.limit ?? SHIPMENT_PAGE_SIZE;
  let query = selectShipmentRows(db)
    .select((eb) => latestScanDescription(eb).as("last_description"))
    .orderBy("shipments.id", "desc")
    .limit(limit + 1);
  if (filters.status === "open") query = query.where("shipments.status", "not in", ["delivered", "returned"]);
  else if (filters.status) query = query.where("shipments.status", "=", filters.status);
  if (filters.carrier) query = query.where("shipments.carrier", "=", filters.carrier);
  if (filters.q) {
    const q = filters.q.trim();
    query = query.where((eb) => eb.or([eb("shipments.tracking_number", "=", q.toUpperCase()), eb("orders.number", "=", q.toUpperCase())]));
  }
  if (filters.before) query = query.where("shipments.id", "<", filters.before);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: rows.length > limit ? page[page.length - 1]!.id : null };
}

export async function countShipmentsWithExceptions(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("shipments")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("status", "=", "exception")
    .executeTakeFirstOrThrow();
  return row.count;
}
