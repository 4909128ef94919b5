import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";

export type OutboxKind = "email.booking_confirmation" | "email.booking_reminder" | "email.booking_cancelled" | "email.order_confirmation" | "email.order_shipped" | "email.order_delivered" | "email.order_refunded" | "email.invitation" | "email.verify_email" | "email.signup_confirm" | "email.signup_existing";

/**
 * Queues a side effect (an e-mail) in the caller's transaction, so it is sent if and only
 * if the change it reports is committed. The dedupe key makes a repeated call a no-op.
 */
export async function enqueueOutbox(
  db: Kysely<Database>,
  message: { kind: OutboxKind; dedupeKey: string; payload: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto("outbox")
    .values({ kind: message.kind, dedupe_key: message.dedupeKey, payload: JSON.stringify(message.payload) })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .execute();
}

/** Whether a message with this dedupe key was queued (sent or not). */
export async function outboxMessageExists(db: Kysely<Database>, { dedupeKey }: { dedupeKey: string }): Promise<boolean> {
  const row = await db.selectFrom("outbox").select("id").where("dedupe_key", "=", dedupeKey).executeTakeFirst();
  return row !== undefined;
}

export interface OutboxMessage {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

function interval(ms: number) {
  return sql<Date>`now() + ${Math.max(0, Math.round(ms))}::integer * interval '1 millisecond'`;
}

/** Claims up to `limit` due messages for this worker (see the module comment). */
export async function claimOutboxMessages(db: Kysely<Database>, { limit, leaseMs }: { limit: number; leaseMs: number }): Promise<OutboxMessage[]> {
  const rows = await db
    .updateTable("outbox")
    .set((eb) => ({ attempts: eb("attempts", "+", 1), available_at: interval(leaseMs), updated_at: sql`now()` }))
    .where("id", "in", (eb) =>
      eb
        .selectFrom("outbox")
        .select("id")
        .where("status", "=", "pending")
        .where("available_at", "<=", sql<Date>`now()`)
        .orderBy("available_at")
        .orderBy("id")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(["id", "kind", "payload", "attempts"])
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) })).sort((a, b) => a.id - b.id);
}

export async function markOutboxSent(db: Kysely<Database>, { id }: { id: number }): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: sql`now()`, last_error: null, updated_at: sql`now()` })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .execute();
}

/** Schedules the next attempt, or gives up; returns what became of the message. */
export async function recordOutboxFailure(
  db: Kysely<Database>,
  { id, attempts, error, permanent, maxAttempts, retryInMs }: { id: number; attempts: number; error: string; permanent: boolean; maxAttempts: number; retryInMs: number },
): Promise<"retry" | "failed"> {
  const giveUp = permanent || attempts >= maxAttempts;
  await db
    .updateTable("outbox")
    .set({
      ...(giveUp ? { status: "failed" as const } : { available_at: interval(retryInMs) }),
      last_error: error.slice(0, 2000),
      updated_at: sql`now()`,
    })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .execute();
  return giveUp ? "failed" : "retry";
}
