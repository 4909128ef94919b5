import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { enqueueOutbox, type OutboxKind } from "~/models/outbox.server";

// What the order e-mails show, read when a message is sent (not when it is queued), so a
// message always carries the current facts and a retried one is the same message.

export async function getOrderForMail(db: Kysely<Database>, { orderId }: { orderId: number }) {
  return db
    .selectFrom("orders")
    .select([
      "id", "number", "access_token", "locale", "contact_name", "email", "subtotal_fen", "shipping_fen", "total_fen", "refunded_fen",
      "ship_province", "ship_city", "ship_district", "ship_street", "ship_postcode", "phone",
    ])
    .where("id", "=", orderId)
    .executeTakeFirst();
}

/**
 * Queues an e-mail about an order, in the caller's transaction, if the order has an address:
 * a shopper may check out with a mobile number only, and a message to nobody is not queued
 * (it would only fail in the worker). Returns whether it was queued.
 */
export async function enqueueOrderEmail(
  db: Kysely<Database>,
  message: { kind: Extract<OutboxKind, `email.order_${string}`>; dedupeKey: string; payload: { orderId: number } & Record<string, unknown> },
): Promise<boolean> {
  const order = await db.selectFrom("orders").select("email").where("id", "=", message.payload.orderId).executeTakeFirst();
  if (!order?.email) return false;
  await enqueueOutbox(db, message);
  return true;
}

const orderItemColumns = ["order_items.product_name_zh", "order_items.product_name_en", "order_items.variant_label_zh", "order_items.variant_label_en", "order_items.unit_price_fen"] as const;

/** The order's lines as ordered. */
export async function listOrderLinesForMail(db: Kysely<Database>, { orderId }: { orderId: number }) {
  return db
    .selectFrom("order_items")
    .select([...orderItemColumns, "order_items.quantity"])
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
}

/** A shipment of this order (none for another order's shipment id). */
export async function getShipmentForMail(db: Kysely<Database>, { orderId, shipmentId }: { orderId: number; shipmentId: number }) {
  return db
    .selectFrom("shipments")
    .select(["id", "carrier", "tracking_number"])
    .where("id", "=", shipmentId)
    .where("order_id", "=", orderId)
    .executeTakeFirst();
}

/** What one parcel carries, line by line. */
export async function listShipmentLinesForMail(db: Kysely<Database>, { shipmentId }: { shipmentId: number }) {
  return db
    .selectFrom("shipment_items")
    .innerJoin("order_items", "order_items.id", "shipment_items.order_item_id")
    .select([...orderItemColumns, "shipment_items.quantity"])
    .where("shipment_items.shipment_id", "=", shipmentId)
    .orderBy("order_items.id")
    .execute();
}

/** Whether units of the order are still to be shipped after this parcel and the earlier ones. */
export async function moreToFollowAfter(db: Kysely<Database>, { orderId, shipmentId }: { orderId: number; shipmentId: number }): Promise<boolean> {
  const shippedSoFar = await db
    .selectFrom("shipment_items")
    .innerJoin("shipments", "shipments.id", "shipment_items.shipment_id")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("shipment_items.quantity"), eb.lit(0)).as("units"))
    .where("shipments.order_id", "=", orderId)
    .where("shipments.id", "<=", shipmentId)
    .executeTakeFirstOrThrow();
  const ordered = await db
    .selectFrom("order_items")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("quantity"), eb.lit(0)).as("units"))
    .where("order_id", "=", orderId)
    .executeTakeFirstOrThrow();
  return Number(shippedSoFar.units) < Number(ordered.units);
}

/** The amount of a refund of this order (none for another order's refund id). */
export async function getRefundForMail(db: Kysely<Database>, { orderId, refundId }: { orderId: number; refundId: number }) {
  return db.selectFrom("refunds").select("amount_fen").where("id", "=", refundId).where("order_id", "=", orderId).executeTakeFirst();
}
