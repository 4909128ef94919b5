import type { Kysely, Transaction } from "kysely";
import type { Carrier, Database, OrderStatus, ShipmentStatus } from "~db/schema";
import { announceOrderChange, appendOrderEvent, appendOrderEvents, type Actor, type OrderEventInput } from "~/models/order/events.server";
import {
  allocateBatch,
  batchCandidates,
  chooseBatch,
  lockOrderItems,
  setOrderItemBatch,
  shipOrderItemUnits,
  unshippedLines,
  type PickLine,
} from "~/models/order/items.server";
import { lockOrder, transitionOrderStatus, type Order } from "~/models/order/order.server";
import { fulfilmentStatus, ORDER_TRANSITIONS, transitionPath } from "~/models/order-state";
import { enqueueOrderEmail } from "~/models/order/mail.server";
import {
  findShipmentOrderId,
  insertShipment,
  insertShipmentEvents,
  insertShipmentItems,
  lockShipment,
  moveShipmentStatus,
  newestShipmentEvent,
  orderUnits,
  touchShipmentLastEvent,
  trackingNumberInUse,
  type LockedShipment,
  type ScanInput,
} from "~/models/shipment.server";
import { withTransaction } from "~/models/transaction.server";
import { isValidTrackingNumber, normalizeTrackingNumber } from "~/utils/carriers";
import { chinaToday } from "~/utils/dates";

// Shipments are built from an order's lines, and the order's status follows from its
// shipments: nothing here sets an order status directly, it computes what the shipped and
// delivered units imply (fulfilmentStatus) and walks there through transitionOrderStatus.
//
// Lock order, everywhere: the order row first, then its lines or shipments. A carrier
// push and a staff action on the same order therefore queue instead of deadlocking.

export type FulfilmentErrorCode =
  | "order_not_found"
  | "order_not_shippable"
  | "nothing_to_ship"
  | "unknown_line"
  | "over_shipped"
  | "invalid_tracking"
  | "duplicate_tracking"
  | "shipment_not_found"
  | "shipment_closed";

/** A refused fulfilment action; `code` is a key of the staff strings (`errors.<code>`). */
export class FulfilmentError extends Error {
  override name = "FulfilmentError";
  constructor(readonly code: FulfilmentErrorCode, message?: string) {
    super(message ?? code);
  }
}

export const SHIPPABLE_ORDER_STATUSES: readonly OrderStatus[] = ["paid", "fulfilling", "partially_shipped"];
const SHIPPABLE_PAYMENT_STATUSES = ["paid", "partially_refunded"] as const;

/** paid → fulfilling: someone has started picking this order. Idempotent. */
export async function startFulfilment(db: Kysely<Database>, { orderId, actor }: { orderId: number; actor: Actor }): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const order = await lockOrder(trx, { orderId });
    if (!order) throw new FulfilmentError("order_not_found");
    if (order.status === "fulfilling") return false;
    if (order.status !== "paid") throw new FulfilmentError("order_not_shippable");
    return (await transitionOrderStatus(trx, { orderId, to: "fulfilling", actor })) !== null;
  });
}

export interface NewShipment {
  orderId: number;
  carrier: Carrier;
  trackingNumber: string;
  /** Units of each order line that go in this parcel; lines not listed stay behind. */
  lines: readonly { orderItemId: number; quantity: number }[];
  actor: Actor;
}

/**
 * Records a parcel handed to a carrier: in one transaction, with the order locked, it
 * checks every line still has the units, adds them to `quantity_shipped` (whose CHECK
 * is the last defence against shipping more than was ordered), allocates a batch to
 * lines that have none, and moves the order to partially_shipped or shipped.
 */
export async function createShipment(db: Kysely<Database>, input: NewShipment): Promise<{ shipmentId: number }> {
  const trackingNumber = normalizeTrackingNumber(input.trackingNumber);
  if (!isValidTrackingNumber(input.carrier, trackingNumber)) throw new FulfilmentError("invalid_tracking");
  const lines = input.lines.filter((line) => line.quantity > 0);
  if (lines.length === 0) throw new FulfilmentError("nothing_to_ship");
  if (new Set(lines.map((line) => line.orderItemId)).size !== lines.length) throw new FulfilmentError("unknown_line");

  try {
    return await withTransaction(db, async (trx) => {
      const order = await lockOrder(trx, { orderId: input.orderId });
      if (!order) throw new FulfilmentError("order_not_found");
      if (
        !SHIPPABLE_ORDER_STATUSES.includes(order.status) ||
        !(SHIPPABLE_PAYMENT_STATUSES as readonly string[]).includes(order.payment_status)
      ) {
        throw new FulfilmentError("order_not_shippable");
      }
      const items = await lockOrderItems(trx, { orderId: input.orderId });
      for (const line of lines) {
        const item = items.find((candidate) => candidate.id === line.orderItemId);
        if (!item) throw new FulfilmentError("unknown_line");
        if (!Number.isInteger(line.quantity) || line.quantity > item.quantity - item.quantity_shipped) {
          throw new FulfilmentError("over_shipped");
        }
      }
      if (await trackingNumberInUse(trx, { carrier: input.carrier, trackingNumber })) throw new FulfilmentError("duplicate_tracking");

      const shipmentId = await insertShipment(trx, {
        orderId: input.orderId,
        carrier: input.carrier,
        trackingNumber,
        createdBy: input.actor.userId ?? null,
      });
      const today = chinaToday();
      for (const line of lines) {
        await shipOrderItemUnits(trx, { orderItemId: line.orderItemId, quantity: line.quantity });
        const item = items.find((candidate) => candidate.id === line.orderItemId)!;
        if (item.batch_id === null && item.product_id !== null) {
          const batch = await allocateBatch(trx, { productId: item.product_id, quantity: item.quantity, today });
          if (batch) await setOrderItemBatch(trx, { orderItemId: item.id, batchId: batch.id });
        }
      }
      await insertShipmentItems(trx, { shipmentId, items: lines });
      await appendOrderEvent(trx, {
        orderId: input.orderId,
        type: "shipment.created",
        actor: input.actor,
        data: { shipmentId, carrier: input.carrier, trackingNumber, lines },
      });
      await enqueueOrderEmail(trx, {
        kind: "email.order_shipped",
        dedupeKey: `shipped:${shipmentId}`,
        payload: { orderId: input.orderId, shipmentId },
      });
      await syncOrderWithShipments(trx, { order, actor: input.actor });
      return { shipmentId };
    });
  } catch (error) {
    // Two people entering the same waybill at once: the unique index decides.
    if (isUniqueViolation(error, "shipments_carrier_tracking_number_key")) throw new FulfilmentError("duplicate_tracking");
    // The CHECK on quantity_shipped caught an over-shipment the checks above did not.
    if (isCheckViolation(error)) throw new FulfilmentError("over_shipped");
    throw error;
  }
}

/**
 * Stores scans of a shipment (from the carrier or typed by staff) and moves the shipment
 * to the status of its newest scan when its machine allows: a scan older than the newest
 * one, or a status that would go backwards, is kept in the history and changes nothing.
 * The caller has locked `order` (the shipment's order, as the lock returned it); this locks
 * the shipment. Everything one call appends to the order's timeline is announced once.
 */
export async function applyShipmentScans(
  trx: Transaction<Database>,
  input: {
    order: Pick<Order, "id" | "status">;
    shipmentId: number;
    /** The shipment as the caller locked it, if it did. */
    shipment?: LockedShipment;
    scans: readonly ScanInput[];
    source: "carrier" | "staff";
    actor: Actor;
  },
): Promise<{ added: number; status: ShipmentStatus; changed: boolean }> {
  const shipment = input.shipment ?? (await lockShipment(trx, { shipmentId: input.shipmentId }));
  if (!shipment || shipment.order_id !== input.order.id) throw new FulfilmentError("shipment_not_found");
  const added = await insertShipmentEvents(trx, {
    shipmentId: shipment.id,
    scans: input.scans,
    source: input.source,
    createdBy: input.source === "staff" ? (input.actor.userId ?? null) : null,
  });
  if (added.length === 0) return { added: 0, status: shipment.status, changed: false };
  const events: OrderEventInput[] = added.map((scan) => ({
    orderId: shipment.order_id,
    type: "shipment.scan",
    actor: input.actor,
    data: {
      shipmentId: shipment.id,
      trackingNumber: shipment.tracking_number,
      status: scan.status,
      description: scan.description,
      location: scan.location,
      occurredAt: scan.occurred_at.toISOString(),
    },
  }));

  const newest = (await newestShipmentEvent(trx, { shipmentId: shipment.id }))!;
  await touchShipmentLastEvent(trx, { shipmentId: shipment.id, at: newest.occurred_at });
  let status = shipment.status;
  let changed = false;
  if (newest.status !== shipment.status) {
    const from = await moveShipmentStatus(trx, { shipmentId: shipment.id, to: newest.status, at: newest.occurred_at });
    if (from !== null) {
      status = newest.status;
      changed = true;
      events.push({
        orderId: shipment.order_id,
        type: "shipment.status",
        actor: input.actor,
        fromStatus: from,
        toStatus: newest.status,
        data: { shipmentId: shipment.id, trackingNumber: shipment.tracking_number },
      });
    }
  }
  const ids = await appendOrderEvents(trx, events, { notify: false });
  let newestEventId = Math.max(...ids);
  if (changed) {
    const synced = await syncOrderWithShipments(trx, { order: input.order, actor: input.actor, notify: false });
    newestEventId = Math.max(newestEventId, synced.newestEventId ?? 0);
  }
  await announceOrderChange(trx, { orderId: shipment.order_id, eventId: newestEventId });
  return { added: added.length, status, changed };
}

/** A tracking event typed in by staff (a phone call with the courier, a note from the depot). */
export async function recordManualTrackingEvent(
  db: Kysely<Database>,
  input: { shipmentId: number; scan: ScanInput; actor: Actor },
): Promise<{ added: number; status: ShipmentStatus; changed: boolean }> {
  return withTransaction(db, async (trx) => {
    const order = await lockShipmentOrder(trx, input.shipmentId);
    return applyShipmentScans(trx, { order, shipmentId: input.shipmentId, scans: [input.scan], source: "staff", actor: input.actor });
  });
}

/** Staff confirm a parcel arrived (the shopper called, the carrier's push never came). */
export async function markShipmentDelivered(
  db: Kysely<Database>,
  input: { shipmentId: number; note: string; actor: Actor; at?: Date },
): Promise<{ status: ShipmentStatus; changed: boolean }> {
  return withTransaction(db, async (trx) => {
    const order = await lockShipmentOrder(trx, input.shipmentId);
    const shipment = await lockShipment(trx, { shipmentId: input.shipmentId });
    if (!shipment) throw new FulfilmentError("shipment_not_found");
    if (shipment.status === "delivered") return { status: shipment.status, changed: false };
    if (shipment.status === "returned") throw new FulfilmentError("shipment_closed");
    // A scan in the future of every carrier scan: staff's word is the newest.
    const newest = await newestShipmentEvent(trx, { shipmentId: shipment.id });
    const now = input.at ?? new Date();
    const at = newest && newest.occurred_at >= now ? new Date(newest.occurred_at.getTime() + 1000) : now;
    const result = await applyShipmentScans(trx, {
      order,
      shipmentId: shipment.id,
      shipment,
      scans: [{ occurredAt: at, status: "delivered", description: input.note }],
      source: "staff",
      actor: input.actor,
    });
    return { status: result.status, changed: result.changed };
  });
}

/** Locks the order a shipment belongs to: the first lock of anything done to a shipment. */
async function lockShipmentOrder(trx: Transaction<Database>, shipmentId: number): Promise<Order> {
  const orderId = await findShipmentOrderId(trx, { shipmentId });
  if (orderId === null) throw new FulfilmentError("shipment_not_found");
  const order = await lockOrder(trx, { orderId });
  if (!order) throw new FulfilmentError("order_not_found");
  return order;
}

/**
 * Brings the order's status to what its shipped and delivered units imply, one allowed
 * step at a time (paid → shipped → delivered when a single parcel is delivered at once).
 * Never moves backwards: a target behind the current status has no path and is ignored.
 * The caller holds the order's lock and passes the order as it locked it, so concurrent
 * deliveries of two parcels see each other. With `notify: false` the new timeline events
 * are left for the caller to announce (newestEventId).
 */
export async function syncOrderWithShipments(
  trx: Transaction<Database>,
  input: { order: Pick<Order, "id" | "status">; actor: Actor; notify?: boolean },
): Promise<{ status: OrderStatus; newestEventId: number | null }> {
  const orderId = input.order.id;
  const initial = input.order.status;
  let current: OrderStatus = initial;
  let newestEventId: number | null = null;
  const units = await orderUnits(trx, { orderId });
  // Shipped first, then delivered: delivered units are always shipped units, and the
  // timeline should say so (paid → shipped → delivered, not via partially_shipped).
  for (const target of [fulfilmentStatus({ ...units, delivered: 0 }), fulfilmentStatus(units)]) {
    if (!target || target === current) continue;
    const path: OrderStatus[] | null = transitionPath(ORDER_TRANSITIONS, current, target);
    if (!path) continue;
    for (const step of path) {
      const moved = await transitionOrderStatus(trx, { orderId, to: step, actor: input.actor }, { notify: input.notify });
      if (moved === null) break;
      current = step;
      newestEventId = moved.eventId;
    }
  }
  if (current === "delivered" && initial !== "delivered") {
    await enqueueOrderEmail(trx, {
      kind: "email.order_delivered",
      dedupeKey: `delivered:${orderId}`,
      payload: { orderId },
    });
  }
  return { status: current, newestEventId };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return e?.code === "23505" && (e.constraint === constraint || (e.message ?? "").includes(constraint));
}

function isCheckViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "23514";
}

// ------------------------------------------------------------------ pick list

export interface PickGroup {
  key: string;
  product_id: number | null;
  product_name_zh: string;
  product_name_en: string;
  variant_label_zh: string;
  variant_label_en: string;
  sku: string;
  temperature_class: PickLine["temperature_class"];
  batch_code: string | null;
  batch_best_before: string | null;
  /** True when the batch is only proposed: it is stored on the line when the parcel is recorded. */
  batch_proposed: boolean;
  units: number;
  orders: { number: string; units: number }[];
}

/**
 * Everything still to ship, grouped by product, variant and batch, so the packing room
 * walks the shelves once. Lines without a batch get the one createShipment would give them
 * (first expiring, not past), allocated oldest order first.
 */
export async function buildPickList(db: Kysely<Database>, { today = chinaToday() }: { today?: string } = {}): Promise<PickGroup[]> {
  const lines = await unshippedLines(db);
  const productIds = [...new Set(lines.flatMap((line) => (line.batch_id === null && line.product_id !== null ? [line.product_id] : [])))];
  const candidates = await batchCandidates(db, { productIds, today });
  const groups = new Map<string, PickGroup>();
  for (const line of lines) {
    let batch: { code: string; best_before: string } | null = line.batch_code ? { code: line.batch_code, best_before: line.batch_best_before! } : null;
    let proposed = false;
    if (!batch && line.product_id !== null) {
      const chosen = chooseBatch(candidates.filter((candidate) => candidate.product_id === line.product_id), line.quantity, today);
      if (chosen) {
        chosen.remaining -= line.quantity;
        batch = chosen;
        proposed = true;
      }
    }
    const key = `${line.sku}|${batch?.code ?? ""}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        product_id: line.product_id,
        product_name_zh: line.product_name_zh,
        product_name_en: line.product_name_en,
        variant_label_zh: line.variant_label_zh,
        variant_label_en: line.variant_label_en,
        sku: line.sku,
        temperature_class: line.temperature_class,
        batch_code: batch?.code ?? null,
        batch_best_before: batch?.best_before ?? null,
        batch_proposed: proposed,
        units: 0,
        orders: [],
      };
      groups.set(key, group);
    }
    group.units += line.remaining;
    const existing = group.orders.find((order) => order.number === line.order_number);
    if (existing) existing.units += line.remaining;
    else group.orders.push({ number: line.order_number, units: line.remaining });
  }
  return [...groups.values()].sort(
    (a, b) => a.product_name_zh.localeCompare(b.product_name_zh, "zh") || a.sku.localeCompare(b.sku) || (a.batch_best_before ?? "").localeCompare(b.batch_best_before ?? ""),
  );
}

/**
 * The batch each line of an order ships (or will ship) from: stored, else proposed as the
 * pick list would. For the packing slip's QR codes.
 */
export async function batchesForOrderLines(
  db: Kysely<Database>,
  items: readonly { id: number; product_id: number | null; quantity: number; batch_id: number | null; batch_code: string | null; batch_best_before: string | null }[],
  today = chinaToday(),
): Promise<Map<number, { code: string; best_before: string; proposed: boolean }>> {
  const result = new Map<number, { code: string; best_before: string; proposed: boolean }>();
  const productIds = [...new Set(items.flatMap((item) => (item.batch_id === null && item.product_id !== null ? [item.product_id] : [])))];
  const candidates = await batchCandidates(db, { productIds, today });
  for (const item of items) {
    if (item.batch_code && item.batch_best_before) {
      result.set(item.id, { code: item.batch_code, best_before: item.batch_best_before, proposed: false });
      continue;
    }
    if (item.product_id === null) continue;
    const chosen = chooseBatch(candidates.filter((candidate) => candidate.product_id === item.product_id), item.quantity, today);
    if (chosen) {
      chosen.remaining -= item.quantity;
      result.set(item.id, { code: chosen.code, best_before: chosen.best_before, proposed: true });
    }
  }
  return result;
}
