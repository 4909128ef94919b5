import { sql, type Kysely } from "kysely";
import type { ActorKind, Database, OrderStatus, PaymentStatus } from "~db/schema";
import { allowedFrom, ORDER_TRANSITIONS, PAYMENT_TRANSITIONS } from "~/models/order-state";

/** The channel every order change is announced on; the payload is the order id and event id. */
export const ORDER_CHANNEL = "order_changes";

export interface Actor {
  kind: ActorKind;
  userId?: number | null;
}

interface EventInput {
  orderId: number;
  type: string;
  actor: Actor;
  fromStatus?: string | null;
  toStatus?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends to the order's timeline and announces it. The NOTIFY is part of the caller's
 * transaction: listeners hear of the change only once it is committed, and never of a
 * change that was rolled back.
 */
export async function appendOrderEvent(db: Kysely<Database>, input: EventInput): Promise<number> {
  const { id } = await db
    .insertInto("order_events")
    .values({
      order_id: input.orderId,
      type: input.type,
      from_status: input.fromStatus ?? null,
      to_status: input.toStatus ?? null,
      actor_kind: input.actor.kind,
      actor_user_id: input.actor.userId ?? null,
      data: JSON.stringify(input.data ?? {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`SELECT pg_notify(${ORDER_CHANNEL}, ${JSON.stringify({ orderId: input.orderId, eventId: id })})`.execute(db);
  return id;
}

/**
 * Moves an order to `to` if, and only if, its current status allows it. Returns the
 * status it moved from, or null when the transition was not allowed (nothing changed).
 */
export async function transitionOrderStatus(
  db: Kysely<Database>,
  input: { orderId: number; to: OrderStatus; actor: Actor; type?: string; data?: Record<string, unknown> },
): Promise<OrderStatus | null> {
  const from = allowedFrom(ORDER_TRANSITIONS, input.to);
  if (from.length === 0) return null;
  const previous = await db
    .with("before", (q) => q.selectFrom("orders").select(["id", "status"]).where("id", "=", input.orderId).forUpdate())
    .updateTable("orders")
    .from("before")
    .set({
      status: input.to,
      updated_at: sql`now()`,
      ...(input.to === "cancelled" ? { cancelled_at: sql`now()` } : {}),
    })
    .whereRef("orders.id", "=", "before.id")
    .where("before.status", "in", from)
    .returning("before.status as from")
    .executeTakeFirst();
  if (!previous) return null;
  await appendOrderEvent(db, {
    orderId: input.orderId,
    type: input.type ?? `order.${input.to}`,
    actor: input.actor,
    fromStatus: previous.from,
    toStatus: input.to,
    data: input.data,
  });
  return previous.from;
}

/** The payment-side twin of transitionOrderStatus. */
export async function transitionPaymentStatus(
  db: Kysely<Database>,
  input: { orderId: number; to: PaymentStatus; actor: Actor; type?: string; data?: Record<string, unknown> },
): Promise<PaymentStatus | null> {
  const from = allowedFrom(PAYMENT_TRANSITIONS, input.to);
  if (from.length === 0) return null;
  const previous = await db
    .with("before", (q) => q.selectFrom("orders").select(["id", "payment_status"]).where("id", "=", input.orderId).forUpdate())
    .updateTable("orders")
    .from("before")
    .set({ payment_status: input.to, updated_at: sql`now()`, ...(input.to === "paid" ? { paid_at: sql`now()` } : {}) })
    .whereRef("orders.id", "=", "before.id")
    .where("before.payment_status", "in", from)
    .returning("before.payment_status as from")
    .executeTakeFirst();
  if (!previous) return null;
  await appendOrderEvent(db, {
    orderId: input.orderId,
    type: input.type ?? `payment.${input.to}`,
    actor: input.actor,
    fromStatus: previous.from,
    toStatus: input.to,
    data: input.data,
  });
  return previous.from;
}
