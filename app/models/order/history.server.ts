import { sql, type Kysely } from "kysely";
import type { Database, OrderStatus, PaymentStatus } from "~db/schema";
import { appendOrderEvent } from "~/models/order/events.server";
import { withTransaction } from "~/models/transaction.server";
import type { OrderHistoryCursor } from "~/utils/order-history-cursor";

/**
 * A shopper's orders: the history on their account page, and guest orders placed with
 * their e-mail address that they may add to the account once the address is confirmed.
 */

export const ORDER_HISTORY_PAGE_SIZE = 20;

export interface OrderHistoryRow {
  id: number;
  number: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  placedAt: Date;
  totalFen: number;
  itemCount: number;
  /** The first few product names, for a one-line summary. */
  /** The first lines by product name and size (a shopper reads these, never SKU codes). */
  preview: { nameZh: string; nameEn: string; labelZh: string; labelEn: string }[];
}

/** Newest first, keyset-paged by (placed_at, id). */
export async function listUserOrders(
  db: Kysely<Database>,
  { userId, after, limit = ORDER_HISTORY_PAGE_SIZE }: { userId: number; after?: OrderHistoryCursor | null; limit?: number },
): Promise<{ orders: OrderHistoryRow[]; next: OrderHistoryCursor | null }> {
  let query = db
    .selectFrom("orders")
    .select(["id", "number", "status", "payment_status", "placed_at", "total_fen"])
    .where("user_id", "=", userId)
    .orderBy("placed_at", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("placed_at", "<", new Date(after.placedAt)),
        eb.and([eb("placed_at", "=", new Date(after.placedAt)), eb("id", "<", after.id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const ids = page.map((row) => row.id);
  const items = ids.length
    ? await db
        .selectFrom("order_items")
        .select(["order_id", "product_name_zh", "product_name_en", "variant_label_zh", "variant_label_en", "quantity"])
        .where("order_id", "in", ids)
        .orderBy("id")
        .execute()
    : [];
  const orders = page.map((row) => {
    const own = items.filter((item) => item.order_id === row.id);
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      paymentStatus: row.payment_status,
      placedAt: row.placed_at,
      totalFen: row.total_fen,
      itemCount: own.reduce((sum, item) => sum + item.quantity, 0),
      preview: own.slice(0, 3).map((item) => ({ nameZh: item.product_name_zh, nameEn: item.product_name_en, labelZh: item.variant_label_zh, labelEn: item.variant_label_en })),
    };
  });
  const last = page.at(-1);
  return { orders, next: rows.length > limit && last ? { placedAt: new Date(last.placed_at).toISOString(), id: last.id } : null };
}

export interface ClaimableOrder {
  id: number;
  number: string;
  placedAt: Date;
  totalFen: number;
  status: OrderStatus;
}

/** Orders placed without an account with this e-mail address (compared case-insensitively). */
export async function listClaimableGuestOrders(db: Kysely<Database>, { email }: { email: string }): Promise<ClaimableOrder[]> {
  return db
    .selectFrom("orders")
    .select(["id", "number", "placed_at as placedAt", "total_fen as totalFen", "status"])
    .where("user_id", "is", null)
    // Checkout stores e-mails trimmed and lower-cased, so the index on email serves this.
    .where("email", "=", email.trim().toLowerCase())
    .orderBy("placed_at", "desc")
    .orderBy("id", "desc")
    .limit(200)
    .execute();
}

/**
 * Attaches guest orders to the account. Only orders that are still without an account and
 * carry exactly this e-mail are taken, whatever ids the form sent; each gets a timeline
 * entry. The caller has checked that the address is confirmed. Returns how many moved.
 */
export async function claimGuestOrders(
  db: Kysely<Database>,
  { userId, email, orderIds }: { userId: number; email: string; orderIds: readonly number[] },
): Promise<number> {
  if (orderIds.length === 0) return 0;
  return withTransaction(db, async (trx) => {
    const claimed = await trx
      .updateTable("orders")
      .set({ user_id: userId, updated_at: sql`now()` })
      .where("id", "in", [...orderIds])
      .where("user_id", "is", null)
      .where("email", "=", email.trim().toLowerCase())
      .returning("id")
      .execute();
    for (const { id } of claimed) {
      await appendOrderEvent(trx, { orderId: id, type: "order.claimed", actor: { kind: "shopper", userId } });
    }
    return claimed.length;
  });
}

/** The district code ("440106") the user's most recently placed order was shipped to, or null without orders. */
export async function latestOrderRegionCode(db: Kysely<Database>, { userId }: { userId: number }): Promise<string | null> {
  const row = await db
    .selectFrom("orders")
    .select("ship_region_code")
    .where("user_id", "=", userId)
    .orderBy("placed_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.ship_region_code ?? null;
}
