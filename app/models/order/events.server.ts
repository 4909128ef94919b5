import { sql, type Kysely } from "kysely";
import type { ActorKind, Database } from "~db/schema";

// An order's timeline: every change to an order appends here, and every append is announced
// on ORDER_CHANNEL, which the live order pages listen to.

/** The channel every order change is announced on; the payload is the order id and event id. */
export const ORDER_CHANNEL = "order_changes";

export interface Actor {
  kind: ActorKind;
  userId?: number | null;
}

export interface OrderEventInput {
  orderId: number;
  type: string;
  actor: Actor;
  fromStatus?: string | null;
  toStatus?: string | null;
  data?: Record<string, unknown>;
}

/** Whether an append announces itself, or leaves one announcement to its caller (see announceOrderChange). */
export interface AppendOptions {
  notify?: boolean;
}

/**
 * Appends to the order's timeline and announces it. The NOTIFY is part of the caller's
 * transaction: listeners hear of the change only once it is committed, and never of a
 * change that was rolled back.
 */
export async function appendOrderEvent(db: Kysely<Database>, input: OrderEventInput, options: AppendOptions = {}): Promise<number> {
  const [id] = await appendOrderEvents(db, [input], options);
  return id!;
}

/**
 * Appends several events of one order in one statement, in the order given, and announces
 * them once: a listener wakes up once and reads them all.
 */
export async function appendOrderEvents(db: Kysely<Database>, inputs: readonly OrderEventInput[], options: AppendOptions = {}): Promise<number[]> {
  if (inputs.length === 0) return [];
  const rows = await db
    .insertInto("order_events")
    .values(
      inputs.map((input) => ({
        order_id: input.orderId,
        type: input.type,
        from_status: input.fromStatus ?? null,
        to_status: input.toStatus ?? null,
        actor_kind: input.actor.kind,
        actor_user_id: input.actor.userId ?? null,
        data: JSON.stringify(input.data ?? {}),
      })),
    )
    .returning(["id", "order_id"])
    .execute();
  const ids = rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  if (options.notify !== false) {
    for (const orderId of new Set(inputs.map((input) => input.orderId))) {
      await announceOrderChange(db, { orderId, eventId: Math.max(...rows.filter((row) => row.order_id === orderId).map((row) => Number(row.id))) });
    }
  }
  return ids;
}

/** One NOTIFY for a batch of changes to an order appended with `notify: false`; `eventId` is the newest of them. */
export async function announceOrderChange(db: Kysely<Database>, input: { orderId: number; eventId: number }): Promise<void> {
  await sql`SELECT pg_notify(${ORDER_CHANNEL}, ${JSON.stringify({ orderId: input.orderId, eventId: input.eventId })})`.execute(db);
}

export interface TimelineEvent {
  id: number;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_kind: ActorKind;
  actor_name: string | null;
  actor_email: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

/** The order's whole history, oldest first, with who did each thing. */
export async function orderTimeline(db: Kysely<Database>, { orderId }: { orderId: number }): Promise<TimelineEvent[]> {
  return db
    .selectFrom("order_events")
    .leftJoin("users", "users.id", "order_events.actor_user_id")
    .select([
      "order_events.id",
      "order_events.type",
      "order_events.from_status",
      "order_events.to_status",
      "order_events.actor_kind",
      "users.name as actor_name",
      "users.email as actor_email",
      "order_events.data",
      "order_events.created_at",
    ])
    .where("order_events.order_id", "=", orderId)
    .orderBy("order_events.id")
    .execute();
}

/** The events after `afterId`, oldest first, at most `limit` of them. */
export async function listOrderEventsAfter(
  db: Kysely<Database>,
  { orderId, afterId, limit }: { orderId: number; afterId: number; limit: number },
): Promise<{ id: number; type: string; to_status: string | null; data: Record<string, unknown>; created_at: Date }[]> {
  return db
    .selectFrom("order_events")
    .select(["id", "type", "to_status", "data", "created_at"])
    .where("order_id", "=", orderId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** The newest event id of the order (0 when it has none). */
export async function latestOrderEventId(db: Kysely<Database>, { orderId }: { orderId: number }): Promise<number> {
  const row = await db
    .selectFrom("order_events")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("order_id", "=", orderId)
    .executeTakeFirst();
  return row?.id == null ? 0 : Number(row.id);
}
