import type { Kysely } from "kysely";
import type { Database, OrderStatus } from "~db/schema";
import { catalogueMemo } from "~/models/catalogue/version.server";

// Orders whose money was taken and kept: a cancelled order (unpaid, or refunded and cancelled)
// is no sale, and neither is one still waiting for its payment.
export const SOLD_ORDER_STATUSES: readonly OrderStatus[] = ["paid", "fulfilling", "partially_shipped", "shipped", "delivered"];

const remember = catalogueMemo<number>();

/**
 * Units of a product sold in paid orders. A payment commits stock, which bumps the catalogue
 * version, so the count is computed once per version and product instead of per page view.
 */
export function productSalesCount(database: Kysely<Database>, { productId }: { productId: number }): Promise<number> {
  return remember(database, `sales:${productId}`, async () => {
    const row = await database
      .selectFrom("order_items")
      .innerJoin("orders", "orders.id", "order_items.order_id")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>("order_items.quantity"), eb.lit(0)).as("sold"))
      .where("order_items.product_id", "=", productId)
      .where("orders.status", "in", SOLD_ORDER_STATUSES)
      .where("orders.paid_at", "is not", null)
      .executeTakeFirst();
    return Number(row?.sold ?? 0);
  });
}
