import { sql, type Kysely } from "kysely";
import type { Database, NoticeNames } from "~db/schema";
import { withTransaction } from "~/models/transaction.server";

// Surplus distributions (migration 2026_12_03_0002_distributions). A draft is what the
// cooperative previews; confirming it is one guarded UPDATE, after which the database refuses
// any change to it or its lines.

/**
 * What the shop settled to the cooperative in the period: the net of its issued statements
 * whose period lies within it (goods less commission; a statement's opening balance is the
 * previous statement's shortfall, already counted there, so it is left out).
 */
export async function settledShopIncome(db: Kysely<Database>, { cooperativeId, start, end }: { cooperativeId: number; start: string; end: string }): Promise<number> {
  const row = await db
    .selectFrom("statements")
    .select(sql<string>`coalesce(sum(goods_fen - commission_fen), 0)`.as("net"))
    .where("cooperative_id", "=", cooperativeId)
    .where("period_start", ">=", start)
    .where("period_end", "<=", end)
    .executeTakeFirstOrThrow();
  return Number(row.net);
}

export interface DistributionRecord {
  periodStart: string;
  periodEnd: string;
  incomeFen: number;
  costsFen: number;
  surplusFen: number;
  lossesFen: number;
  lossesCoveredFen: number;
  reserveRateBp: number;
  reserveFen: number;
  transactionShareBp: number;
  distributableFen: number;
  byTransactionsFen: number;
  byAccountsFen: number;
  convertedBp: number;
  noticeNames: NoticeNames;
}

export interface DistributionLineRecord {
  householdId: number;
  householdNumber: number;
  headName: string;
  village: string;
  memberDays: number;
  transactionsFen: number;
  accountFen: number;
  byTransactionsFen: number;
  byAccountFen: number;
  convertedFen: number;
}

/** Saves a draft with its lines, replacing the cooperative's other drafts for the same period. */
export async function saveDraft(
  db: Kysely<Database>,
  { cooperativeId, userId, record, lines }: { cooperativeId: number; userId: number | null; record: DistributionRecord; lines: readonly DistributionLineRecord[] },
): Promise<number> {
  return withTransaction(db, async (trx) => {
    await trx.deleteFrom("distributions").where("cooperative_id", "=", cooperativeId).where("period_start", "=", record.periodStart).where("status", "=", "draft").execute();
    const { id } = await trx
      .insertInto("distributions")
      .values({
        cooperative_id: cooperativeId,
        period_start: record.periodStart,
        period_end: record.periodEnd,
        income_fen: record.incomeFen,
        costs_fen: record.costsFen,
        surplus_fen: record.surplusFen,
        losses_fen: record.lossesFen,
        losses_covered_fen: record.lossesCoveredFen,
        reserve_rate_bp: record.reserveRateBp,
        reserve_fen: record.reserveFen,
        transaction_share_bp: record.transactionShareBp,
        distributable_fen: record.distributableFen,
        by_transactions_fen: record.byTransactionsFen,
        by_accounts_fen: record.byAccountsFen,
        converted_bp: record.convertedBp,
        notice_names: record.noticeNames,
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (lines.length) {
      await trx
        .insertInto("distribution_lines")
        .values(
          lines.map((line) => ({
            distribution_id: id,
            cooperative_id: cooperativeId,
            household_id: line.householdId,
            household_number: line.householdNumber,
            head_name: line.headName,
            village: line.village,
            member_days: line.memberDays,
            transactions_fen: line.transactionsFen,
            account_fen: line.accountFen,
            by_transactions_fen: line.byTransactionsFen,
            by_account_fen: line.byAccountFen,
            converted_fen: line.convertedFen,
          })),
        )
        .execute();
    }
    return id;
  });
}

const AMOUNTS = ["income_fen", "costs_fen", "surplus_fen", "losses_fen", "losses_covered_fen", "reserve_fen", "distributable_fen", "by_transactions_fen", "by_accounts_fen"] as const;

export async function listDistributions(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }) {
  const rows = await db
    .selectFrom("distributions")
    .select(["id", "period_start", "period_end", "status", "confirmed_at", ...AMOUNTS])
    .where("cooperative_id", "=", cooperativeId)
    .orderBy("period_start", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((row) => ({ ...row, ...Object.fromEntries(AMOUNTS.map((k) => [k, Number(row[k])])) }) as typeof row);
}

/** A distribution with its lines, or null when it is not this cooperative's. */
export async function getDistribution(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }) {
  const row = await db
    .selectFrom("distributions as d")
    .leftJoin("users as u", "u.id", "d.confirmed_by")
    .selectAll("d")
    .select("u.name as confirmed_by_name")
    .where("d.id", "=", id)
    .where("d.cooperative_id", "=", cooperativeId)
    .executeTakeFirst();
  if (!row) return null;
  const lines = await db
    .selectFrom("distribution_lines")
    .selectAll()
    .where("distribution_id", "=", id)
    .where("cooperative_id", "=", cooperativeId)
    .orderBy("household_number")
    .execute();
  const distribution = { ...row, ...Object.fromEntries(AMOUNTS.map((k) => [k, Number(row[k])])) } as typeof row;
  return {
    distribution,
    lines: lines.map((line) => ({
      ...line,
      transactions_fen: Number(line.transactions_fen),
      account_fen: Number(line.account_fen),
      by_transactions_fen: Number(line.by_transactions_fen),
      by_account_fen: Number(line.by_account_fen),
      converted_fen: Number(line.converted_fen),
    })),
  };
}

/** Confirms a draft, once: true only for the call that did it. */
export async function markConfirmed(db: Kysely<Database>, { id, cooperativeId, userId }: { id: number; cooperativeId: number; userId: number }): Promise<boolean> {
  const row = await db
    .updateTable("distributions")
    .set({ status: "confirmed", confirmed_by: userId, confirmed_at: sql`now()` })
    .where("id", "=", id)
    .where("cooperative_id", "=", cooperativeId)
    .where("status", "=", "draft")
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Throws a draft away; a confirmed distribution is kept (false). */
export async function deleteDraft(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }): Promise<boolean> {
  const result = await db.deleteFrom("distributions").where("id", "=", id).where("cooperative_id", "=", cooperativeId).where("status", "=", "draft").executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Whether the cooperative already confirmed a distribution for a period starting that day. */
export async function hasConfirmed(db: Kysely<Database>, { cooperativeId, periodStart }: { cooperativeId: number; periodStart: string }): Promise<boolean> {
  const row = await db.selectFrom("distributions").select("id").where("cooperative_id", "=", cooperativeId).where("period_start", "=", periodStart).where("status", "=", "confirmed").executeTakeFirst();
  return row !== undefined;
}
