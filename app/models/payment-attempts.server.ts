import { sql, type Generated, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database, PaymentsTable, RefundsTable } from "~db/schema";

// Payment attempts are kept per thing paid for: `payments` (orders) and `booking_payments`
// (bookings), with the same columns but the one naming the order or the booking, and the same
// status moves (open → paid / failed / expired), each an UPDATE guarded by the statuses it
// leaves, so a repeated event changes nothing. Their refunds (`refunds`, `booking_refunds`)
// likewise. payment.server.ts and booking-payment.server.ts keep their own functions and call
// these with their table.

/** Each attempt table and the column naming what its attempts pay for. */
const OWNER = { payments: "order_id", booking_payments: "booking_id" } as const;
export type AttemptTable = keyof typeof OWNER;
export type Attempt<T extends AttemptTable> = Selectable<Database[T]>;
export type RefundTable = "refunds" | "booking_refunds";

/**
 * The columns the attempt tables share, with both owner columns (only the table's own is ever
 * used), under one name: the queries below are written once against this view of either table.
 */
type AttemptView = { payments: Omit<PaymentsTable, "order_id"> & { order_id: Generated<number>; booking_id: Generated<number> } };
type RefundView = { refunds: Pick<RefundsTable, "id" | "status" | "provider_refund_id" | "created_at"> };

function attempts(db: Kysely<Database>, table: AttemptTable) {
  return { db: db as unknown as Kysely<AttemptView>, table: table as "payments", owner: OWNER[table] };
}

/** A new attempt; undefined when this session's attempt is on record already (a double-click). */
export async function insertAttempt<T extends AttemptTable>(
  db: Kysely<Database>,
  table: T,
  input: { ownerId: number; provider: "stripe" | "dev"; sessionId: string; attempt: number; amountFen: number; checkoutUrl: string; expiresAt: Date },
): Promise<Attempt<T> | undefined> {
  const a = attempts(db, table);
  return (await a.db
    .insertInto(a.table)
    .values({
      [a.owner]: input.ownerId,
      provider: input.provider,
      provider_session_id: input.sessionId,
      attempt: input.attempt,
      amount_fen: input.amountFen,
      checkout_url: input.checkoutUrl,
      expires_at: input.expiresAt,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst()) as Attempt<T> | undefined;
}

/** The attempt the provider knows by this id: its checkout session's, or its payment's. */
async function findAttemptByProviderId<T extends AttemptTable>(
  db: Kysely<Database>,
  table: T,
  input: { provider: string; column: "provider_session_id" | "provider_payment_id"; value: string },
): Promise<Attempt<T> | undefined> {
  const a = attempts(db, table);
  return (await a.db
    .selectFrom(a.table)
    .selectAll()
    .where("provider", "=", input.provider as "stripe" | "dev")
    .where(input.column, "=", input.value)
    .executeTakeFirst()) as Attempt<T> | undefined;
}

export function findAttemptBySession<T extends AttemptTable>(db: Kysely<Database>, table: T, input: { provider: string; sessionId: string }): Promise<Attempt<T> | undefined> {
  return findAttemptByProviderId(db, table, { provider: input.provider, column: "provider_session_id", value: input.sessionId });
}

export function findAttemptByProviderPaymentId<T extends AttemptTable>(
  db: Kysely<Database>,
  table: T,
  input: { provider: string; providerPaymentId: string },
): Promise<Attempt<T> | undefined> {
  return findAttemptByProviderId(db, table, { provider: input.provider, column: "provider_payment_id", value: input.providerPaymentId });
}

export async function lockAttempt<T extends AttemptTable>(trx: Transaction<Database>, table: T, input: { id: number }): Promise<Attempt<T> | undefined> {
  const a = attempts(trx, table);
  return (await a.db.selectFrom(a.table).selectAll().where("id", "=", input.id).forUpdate().executeTakeFirst()) as Attempt<T> | undefined;
}

export async function latestAttempt<T extends AttemptTable>(db: Kysely<Database>, table: T, input: { ownerId: number }): Promise<Attempt<T> | undefined> {
  const a = attempts(db, table);
  return (await a.db.selectFrom(a.table).selectAll().where(a.owner, "=", input.ownerId).orderBy("attempt", "desc").limit(1).executeTakeFirst()) as Attempt<T> | undefined;
}

/**
 * Records captured money on an attempt not paid yet (a later success wins over a failure or an
 * expiry) and returns the paid row. `capAtAmount` stores at most the attempt's amount; the
 * provider's fee is never stored above what is stored as captured.
 */
export async function markAttemptPaid<T extends AttemptTable>(
  trx: Transaction<Database>,
  table: T,
  input: { id: number; providerPaymentId: string; capturedFen: number; feeFen: number; capAtAmount: boolean },
): Promise<Attempt<T> | undefined> {
  const a = attempts(trx, table);
  const feeFen = Math.min(input.feeFen, input.capturedFen);
  return (await a.db
    .updateTable(a.table)
    .set({
      status: "paid",
      provider_payment_id: input.providerPaymentId,
      captured_fen: input.capAtAmount ? sql`LEAST(amount_fen, ${input.capturedFen}::bigint)` : input.capturedFen,
      fee_fen: input.capAtAmount ? sql`LEAST(amount_fen, ${feeFen}::bigint)` : feeFen,
      updated_at: sql`now()`,
    })
    .where("id", "=", input.id)
    .where("status", "in", ["open", "failed", "expired"])
    .returningAll()
    .executeTakeFirst()) as Attempt<T> | undefined;
}

/** open → failed; false when the attempt was not open. */
export async function markAttemptFailed(trx: Transaction<Database>, table: AttemptTable, input: { id: number }): Promise<boolean> {
  const a = attempts(trx, table);
  const row = await a.db.updateTable(a.table).set({ status: "failed", updated_at: sql`now()` }).where("id", "=", input.id).where("status", "=", "open").returning("id").executeTakeFirst();
  return Boolean(row);
}

/** open or failed → expired; false otherwise. */
export async function markAttemptExpired(trx: Transaction<Database>, table: AttemptTable, input: { id: number }): Promise<boolean> {
  const a = attempts(trx, table);
  const row = await a.db
    .updateTable(a.table)
    .set({ status: "expired", updated_at: sql`now()` })
    .where("id", "=", input.id)
    .where("status", "in", ["open", "failed"])
    .returning("id")
    .executeTakeFirst();
  return Boolean(row);
}

/** Other attempts of the same order or booking still open and not past their expiry. */
export async function countOtherOpenAttempts(db: Kysely<Database>, table: AttemptTable, input: { ownerId: number; exceptId: number; now: Date }): Promise<number> {
  const a = attempts(db, table);
  const row = await a.db
    .selectFrom(a.table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(a.owner, "=", input.ownerId)
    .where("id", "<>", input.exceptId)
    .where("status", "=", "open")
    .where("expires_at", ">", input.now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Refunds on record that never reached the provider (a crash, or it was down), oldest first. */
export async function listUnsubmittedRefundsOf(db: Kysely<Database>, table: RefundTable, input: { olderThan: Date; limit: number }): Promise<Array<{ id: number }>> {
  return (db as unknown as Kysely<RefundView>)
    .selectFrom(table as "refunds")
    .select("id")
    .where("status", "=", "pending")
    .where("provider_refund_id", "is", null)
    .where("created_at", "<", input.olderThan)
    .orderBy("id")
    .limit(input.limit)
    .execute();
}
