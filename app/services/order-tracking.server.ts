import type { Kysely } from "kysely";
import type { Database, OrderStatus } from "../../db/schema";
import type { OrderProgressView } from "~/components/order/order-progress";
import type { ShipmentView } from "~/components/order/shipment-card";
import type { Locale } from "~/i18n";
import { shipmentsForOrder } from "~/models/shipment.server";
import { latestOrderEventId } from "./order-event-stream.server";
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
  const [shipments, lastEventId] = await Promise.all([shipmentsForOrder(db, { orderId: order.id }), latestOrderEventId(db, { orderId: order.id })]);
  const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);
  const times = (values: (Date | null)[]) => values.filter((v): v is Date => v !== null).map((v) => new Date(v).getTime());
  const shippedTimes = times(shipments.map((s) => s.shipped_at ?? s.created_at));
  const deliveredTimes = times(shipments.map((s) => s.delivered_at));
  const shipped = ["partially_shipped", "shipped", "delivered"].includes(order.status);
  return {
    lastEventId,
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
