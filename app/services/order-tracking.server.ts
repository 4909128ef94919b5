import type { Kysely } from "kysely";
import type { Database, OrderStatus } from "~db/schema";
import type { OrderProgressView, ShipmentView } from "~/types/order-tracking";
import type { Locale } from "~/i18n";
import { latestOrderEventId } from "~/models/order/events.server";
import { listOrderLineBatches } from "~/models/order/items.server";
import { getOrderForPage, type OrderViewer } from "~/models/order/order.server";
import { shipmentsForOrder } from "~/models/shipment.server";
import { carrierName } from "~/utils/carriers";

/**
 * What a shopper sees of an order's journey: its progress, every parcel with its scans,
 * and the id of the newest timeline event (where the page's live stream picks up).
 * Only shopper-facing facts: no staff names, no internal notes.
 */
export interface OrderTrackingView {
  progress: OrderProgressView;
  shipments: ShipmentView[];
  lastEventId: number;
  /** The harvest batches in the order, for links to their traceability pages. */
  batches: { code: string; nameZh: string; nameEn: string }[];
}

export async function orderTrackingView(
  db: Kysely<Database>,
  {
    order,
    locale,
  }: {
    order: { id: number; status: OrderStatus; placed_at: Date; paid_at: Date | null; cancelled_at: Date | null };
    locale: Locale;
  },
): Promise<OrderTrackingView> {
  const [shipments, lastEventId, batches] = await Promise.all([
    shipmentsForOrder(db, { orderId: order.id }),
    latestOrderEventId(db, { orderId: order.id }),
    listOrderLineBatches(db, { orderId: order.id }),
  ]);
  const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);
  const times = (values: (Date | null)[]) => values.filter((v): v is Date => v !== null).map((v) => new Date(v).getTime());
  const shippedTimes = times(shipments.map((s) => s.shipped_at ?? s.created_at));
  const deliveredTimes = times(shipments.map((s) => s.delivered_at));
  const shipped = ["partially_shipped", "shipped", "delivered"].includes(order.status);
  return {
    lastEventId,
    batches: batches
      .filter((batch, index) => batches.findIndex((other) => other.code === batch.code) === index)
      .map(({ code, nameZh, nameEn }) => ({ code, nameZh, nameEn })),
    progress: {
      placedAt: iso(order.placed_at)!,
      paidAt: iso(order.paid_at),
      shippedAt: shipped && shippedTimes.length > 0 ? iso(new Date(Math.min(...shippedTimes))) : null,
      deliveredAt: order.status === "delivered" && deliveredTimes.length > 0 ? iso(new Date(Math.max(...deliveredTimes))) : null,
      cancelledAt: order.status === "cancelled" ? iso(order.cancelled_at ?? order.placed_at) : null,
    },
    shipments: shipments.map((shipment) => ({
      id: shipment.id,
      carrierName: carrierName(shipment.carrier, locale),
      trackingNumber: shipment.tracking_number,
      status: shipment.status,
      items: shipment.items.map((item) => ({
        id: item.order_item_id,
        nameZh: item.product_name_zh,
        nameEn: item.product_name_en,
        labelZh: item.variant_label_zh,
        labelEn: item.variant_label_en,
        quantity: item.quantity,
      })),
      scans: shipment.events.map((event) => ({
        id: Number(event.id),
        occurredAt: iso(event.occurred_at)!,
        status: event.status,
        description: event.description,
        location: event.location,
        byStaff: event.source === "staff",
      })),
    })),
  };
}

export interface BatchJourney {
  number: string;
  /** The order page, with the link's token when the visitor came with one. */
  orderPath: string;
  /** The parcels that carry units of this batch (none yet: not shipped). */
  shipments: ShipmentView[];
}

/**
 * The shipping journey shown on a batch's traceability page to someone allowed to see an
 * order containing that batch (the order link's token, or its owner or staff signed in).
 * Null, and the page stays the public one, for anyone else or an order without the batch.
 */
export async function batchJourneyForOrder(
  db: Kysely<Database>,
  { code, number, viewer, locale }: { code: string; number: string; viewer: OrderViewer; locale: Locale },
): Promise<BatchJourney | null> {
  const page = await getOrderForPage(db, { number, viewer });
  if (!page) return null;
  const lineIds = new Set((await listOrderLineBatches(db, { orderId: page.order.id })).filter((line) => line.code === code).map((line) => line.orderItemId));
  if (lineIds.size === 0) return null;
  const tracking = await orderTrackingView(db, { order: page.order, locale });
  const query = viewer.token ? `?${new URLSearchParams({ token: viewer.token })}` : "";
  return {
    number: page.order.number,
    orderPath: `/orders/${page.order.number}${query}`,
    shipments: tracking.shipments.filter((shipment) => shipment.items.some((item) => lineIds.has(item.id))),
  };
}
