import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { postPayout } from "~/models/ledger.server";
import { withTransaction } from "~/models/transaction.server";
import { maskAccountNumber } from "~/utils/bank";

// Payout batches (migration 2026_12_02_0009_payouts): prepared by one member of staff, approved
// by another, marked paid with the bank's reference, which posts the payout to the ledger.

export interface BankAccountInput {
  cooperativeId: number;
  accountName: string;
  bankName: string;
  accountNumber: string;
  userId: number;
}

/** Sets the cooperative's bank details (the caller has re-confirmed the member's password). */
export async function setBankAccount(db: Kysely<Database>, input: BankAccountInput): Promise<void> {
  const values = { account_name: input.accountName, bank_name: input.bankName, account_number: input.accountNumber, updated_by: input.userId };
  await db
    .insertInto("cooperative_bank_accounts")
    .values({ cooperative_id: input.cooperativeId, ...values })
    .onConflict((oc) => oc.column("cooperative_id").doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

/** The bank details as pages show them: the account number masked. */
export async function maskedBankAccount(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }) {
  const row = await db
    .selectFrom("cooperative_bank_accounts")
    .select(["account_name", "bank_name", "account_number", "updated_at"])
    .where("cooperative_id", "=", cooperativeId)
    .executeTakeFirst();
  return row ? { accountName: row.account_name, bankName: row.bank_name, accountNumber: maskAccountNumber(row.account_number), updatedAt: row.updated_at } : null;
}

/** Issued statements owed to a cooperative with bank details, not yet in a batch. */
export async function payableStatements(db: Kysely<Database>) {
  const rows = await db
    .selectFrom("statements as s")
    .innerJoin("cooperatives as c", "c.id", "s.cooperative_id")
    .leftJoin("cooperative_bank_accounts as b", "b.cooperative_id", "s.cooperative_id")
    .select(["s.id", "s.number", "s.period_start", "s.period_end", "s.total_fen", "c.id as cooperative_id", "c.name_zh", "c.name_en", "b.account_number"])
    .where("s.total_fen", ">", 0)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("payout_items as i").select("i.statement_id").whereRef("i.statement_id", "=", "s.id"))))
    .orderBy("s.period_end")
    .orderBy("s.id")
    .execute();
  return rows.map(({ account_number, ...row }) => ({ ...row, total_fen: Number(row.total_fen), bankAccount: account_number ? maskAccountNumber(account_number) : null }));
}

export type PayoutRefusal = "nothing_to_pay" | "not_found" | "same_person" | "wrong_status";

/**
 * Gathers statements into a batch. Statements already in a batch, owed nothing or without bank
 * details are refused as a whole: staff choose again from the current list.
 */
export async function prepareBatch(
  db: Kysely<Database>,
  { statementIds, preparedBy }: { statementIds: number[]; preparedBy: number },
): Promise<{ ok: true; batchId: number } | { ok: false; reason: PayoutRefusal }> {
  if (!statementIds.length) return { ok: false, reason: "nothing_to_pay" };
  return withTransaction(db, async (trx) => {
    const rows = await trx
      .selectFrom("statements as s")
      .innerJoin("cooperative_bank_accounts as b", "b.cooperative_id", "s.cooperative_id")
      .select(["s.id", "s.cooperative_id", "s.total_fen", "b.account_name", "b.bank_name", "b.account_number"])
      .where("s.id", "in", statementIds)
      .where("s.total_fen", ">", 0)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("payout_items as i").select("i.statement_id").whereRef("i.statement_id", "=", "s.id"))))
      .execute();
    if (rows.length !== new Set(statementIds).size) return { ok: false as const, reason: "nothing_to_pay" as const };
    const total = rows.reduce((sum, row) => sum + Number(row.total_fen), 0);
    const batch = await trx
      .insertInto("payout_batches")
      .values({ number: sql`'PO-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(nextval(pg_get_serial_sequence('payout_batches', 'id'))::text, 5, '0')`, total_fen: total, prepared_by: preparedBy })
      .returning("id")
      .executeTakeFirstOrThrow();
    // A statement put in another batch meanwhile fails the unique statement_id: nothing is kept.
    await trx
      .insertInto("payout_items")
      .values(rows.map((row) => ({ batch_id: batch.id, statement_id: row.id, cooperative_id: row.cooperative_id, amount_fen: Number(row.total_fen), account_name: row.account_name, bank_name: row.bank_name, account_number: row.account_number })))
      .execute();
    return { ok: true as const, batchId: batch.id };
  });
}

/** Approves a prepared batch; never by whoever prepared it, and only once however many try. */
export async function approveBatch(db: Kysely<Database>, { batchId, approverId }: { batchId: number; approverId: number }): Promise<{ ok: true } | { ok: false; reason: PayoutRefusal }> {
  const approved = await db
    .updateTable("payout_batches")
    .set({ status: "approved", approved_by: approverId, approved_at: sql`now()` })
    .where("id", "=", batchId)
    .where("status", "=", "prepared")
    .where("prepared_by", "<>", approverId)
    .returning("id")
    .executeTakeFirst();
  if (approved) return { ok: true };
  const batch = await db.selectFrom("payout_batches").select(["status", "prepared_by"]).where("id", "=", batchId).executeTakeFirst();
  if (!batch) return { ok: false, reason: "not_found" };
  return { ok: false, reason: batch.status === "prepared" && batch.prepared_by === approverId ? "same_person" : "wrong_status" };
}

/** Records the bank's reference for an approved batch and posts the payout to the ledger. */
export async function markBatchPaid(
  db: Kysely<Database>,
  { batchId, paidBy, bankReference }: { batchId: number; paidBy: number; bankReference: string },
): Promise<{ ok: true } | { ok: false; reason: PayoutRefusal }> {
  return withTransaction(db, async (trx) => {
    const paid = await trx
      .updateTable("payout_batches")
      .set({ status: "paid", paid_by: paidBy, paid_at: sql`now()`, bank_reference: bankReference })
      .where("id", "=", batchId)
      .where("status", "=", "approved")
      .returning("id")
      .executeTakeFirst();
    if (!paid) return { ok: false as const, reason: "wrong_status" as const };
    const items = await trx.selectFrom("payout_items").select(["cooperative_id", "amount_fen"]).where("batch_id", "=", batchId).execute();
    await postPayout(trx, { batchId, items: items.map((item) => ({ cooperativeId: item.cooperative_id, amountFen: Number(item.amount_fen) })) });
    return { ok: true as const };
  });
}

/** The bank-transfer file's rows: the one place the full account number leaves the shop. */
export async function transferRows(db: Kysely<Database>, { batchId }: { batchId: number }) {
  return db
    .selectFrom("payout_items as i")
    .innerJoin("payout_batches as b", "b.id", "i.batch_id")
    .innerJoin("statements as s", "s.id", "i.statement_id")
    .select(["i.account_name", "i.bank_name", "i.account_number", "i.amount_fen", sql<string>`b.number || '/' || s.number`.as("reference")])
    .where("i.batch_id", "=", batchId)
    .orderBy("s.number")
    .execute();
}
