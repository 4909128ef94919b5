import type { Kysely } from "kysely";
import type { Database } from "~db/schema";

export type OutboxKind = "email.order_confirmation" | "email.order_shipped" | "email.order_delivered" | "email.order_refunded" | "email.invitation" | "email.verify_email" | "email.signup_confirm" | "email.signup_existing";

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
