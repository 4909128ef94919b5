import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { commissionRateOn } from "~/models/ledger.server";
import type { SettlementPeriod } from "~/models/settlement-period";
import type { AgeingBucket } from "~/utils/ageing";
import { maskAccountNumber } from "~/utils/bank";

// What the money pages show, read from the journal, the statements and the payout batches.
// Every figure is a sum of ledger entries or a stored statement total, never a figure kept
// beside them, so the pages reconcile with the journal by construction (and a test checks it).

export type StatementPayment = "paid" | "in_payout" | "unpaid" | "nothing_due";

function paymentOf(totalFen: number, batchStatus: string | null): StatementPayment {
  if (batchStatus === "paid") return "paid";
  if (batchStatus) return "in_payout";
  return totalFen > 0 ? "unpaid" : "nothing_due";
}

/** What the shop owes a cooperative now: minus its payable account's balance (credits are negative). */
export async function cooperativePayableFen(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }): Promise<number> {
  const row = await db
    .selectFrom("ledger_entries")
    .select(sql<number | null>`-sum(amount_fen)`.as("owed"))
    .where("cooperative_id", "=", cooperativeId)
    .where("account", "=", "cooperative_payable")
    .executeTakeFirst();
  return Number(row?.owed ?? 0);
}

export interface StatementSummary {
  id: number;
  number: string;
  periodStart: string;
  periodEnd: string;
  issuedAt: Date;
  /** Goods sold in the statement's new orders. */
  salesFen: number;
  /** Goods returned by refunds posted after an earlier statement (negative or zero). */
  refundsFen: number;
  /** Corrections an admin posted to what the cooperative is owed, either sign. */
  adjustmentsFen: number;
  commissionFen: number;
  /** A negative balance carried from the previous statement (negative or zero). */
  openingFen: number;
  totalFen: number;
  payment: StatementPayment;
  batchNumber: string | null;
  paidAt: Date | null;
  bankReference: string | null;
}

/**
 * Statements with the payout batch that carries each (none yet: batch columns null). A
 * statement is paid only when its batch is, so both the cooperative's list and the ageing of
 * unpaid statements read it through this one join.
 */
function statementsWithBatch(db: Kysely<Database>) {
  return db
    .selectFrom("statements as s")
    .leftJoin("payout_items as i", "i.statement_id", "s.id")
    .leftJoin("payout_batches as b", "b.id", "i.batch_id");
}

/** Every statement of one cooperative, newest first, with how it was paid. */
export async function cooperativeStatements(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }): Promise<StatementSummary[]> {
  const rows = await statementsWithBatch(db)
    .select([
      "s.id",
      "s.number",
      "s.period_start",
      "s.period_end",
      "s.issued_at",
      "s.goods_fen",
      "s.commission_fen",
      "s.opening_fen",
      "s.total_fen",
      "b.status as batch_status",
      "b.number as batch_number",
      "b.paid_at",
      "b.bank_reference",
      sql<number | null>`(SELECT -sum(e.amount_fen) FROM statement_entries se
        JOIN ledger_entries e ON e.id = se.entry_id JOIN ledger_transactions t ON t.id = e.transaction_id
        WHERE se.statement_id = s.id AND t.kind = 'refund')`.as("refunds"),
      // Statements count adjustments with the goods; their other side is not commission.
      sql<number | null>`(SELECT -sum(e.amount_fen) FROM statement_entries se
        JOIN ledger_entries e ON e.id = se.entry_id JOIN ledger_transactions t ON t.id = e.transaction_id
        WHERE se.statement_id = s.id AND t.kind = 'adjustment' AND e.account = 'cooperative_payable')`.as("adjustments"),
    ])
    .where("s.cooperative_id", "=", cooperativeId)
    .orderBy("s.period_start", "desc")
    .execute();
  return rows.map((row) => {
    const goods = Number(row.goods_fen);
    const refunds = Number(row.refunds ?? 0);
    const adjustments = Number(row.adjustments ?? 0);
    const total = Number(row.total_fen);
    return {
      id: row.id,
      number: row.number,
      periodStart: String(row.period_start),
      periodEnd: String(row.period_end),
      issuedAt: row.issued_at,
      salesFen: goods - refunds - adjustments,
      refundsFen: refunds,
      adjustmentsFen: adjustments,
      commissionFen: Number(row.commission_fen),
      openingFen: Number(row.opening_fen),
      totalFen: total,
      payment: paymentOf(total, row.batch_status),
      batchNumber: row.batch_number,
      paidAt: row.paid_at,
      bankReference: row.bank_reference,
    };
  });
}

/** One statement of a cooperative with its payment; null when it is not that cooperative's. */
export async function cooperativeStatement(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }) {
  return (await cooperativeStatements(db, { cooperativeId })).find((statement) => statement.id === id) ?? null;
}

/** The payouts that went, or are going, to one cooperative: account numbers masked. */
export async function cooperativePayouts(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }) {
  const rows = await db
    .selectFrom("payout_items as i")
    .innerJoin("payout_batches as b", "b.id", "i.batch_id")
    .innerJoin("statements as s", "s.id", "i.statement_id")
    .select(["b.number as batch_number", "b.status", "b.prepared_at", "b.paid_at", "b.bank_reference", "s.number as statement_number", "i.amount_fen", "i.bank_name", "i.account_number"])
    .where("i.cooperative_id", "=", cooperativeId)
    .orderBy("b.prepared_at", "desc")
    .orderBy("s.number")
    .execute();
  return rows.map(({ account_number, ...row }) => ({ ...row, amount_fen: Number(row.amount_fen), accountNumber: maskAccountNumber(account_number) }));
}

export async function settlementPeriodOf(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }): Promise<SettlementPeriod> {
  const row = await db.selectFrom("cooperatives").select("settlement_period").where("id", "=", cooperativeId).executeTakeFirstOrThrow();
  return row.settlement_period;
}

/** Chooses the cooperative's statement period; the next statement is issued for the new kind of period. */
export async function setSettlementPeriod(db: Kysely<Database>, { cooperativeId, period }: { cooperativeId: number; period: SettlementPeriod }): Promise<boolean> {
  const changed = await db
    .updateTable("cooperatives")
    .set({ settlement_period: period })
    .where("id", "=", cooperativeId)
    .where("settlement_period", "<>", period)
    .returning("id")
    .executeTakeFirst();
  return Boolean(changed);
}


export interface CooperativeSettlementRow {
  cooperativeId: number;
  name_zh: string;
  name_en: string;
  settlementPeriod: SettlementPeriod;
  /** Owed now by the journal, settled or not. */
  payableFen: number;
  /** Issued statements owed something and not yet paid, by age. */
  ageing: Record<AgeingBucket, number>;
  /** In a batch that is prepared or approved but not paid. */
  pendingPayoutFen: number;
  paidPayoutFen: number;
  rateBp: number;
}

/**
 * Payables by cooperative from the journal, the ageing of unpaid statements on `today` (a China
 * day), and payouts pending and paid: every cooperative the journal or a statement names.
 */
export async function settlementOverview(db: Kysely<Database>, { today }: { today: string }): Promise<CooperativeSettlementRow[]> {
  const cooperatives = await db
    .selectFrom("cooperatives as c")
    .select([
      "c.id",
      "c.name_zh",
      "c.name_en",
      "c.settlement_period",
      sql<number | null>`(SELECT -sum(e.amount_fen) FROM ledger_entries e WHERE e.cooperative_id = c.id AND e.account = 'cooperative_payable')`.as("payable"),
    ])
    .where(({ or, exists, selectFrom }) =>
      or([
        exists(selectFrom("ledger_entries as e").select("e.id").whereRef("e.cooperative_id", "=", "c.id")),
        exists(selectFrom("statements as s").select("s.id").whereRef("s.cooperative_id", "=", "c.id")),
      ]),
    )
    .orderBy("c.id")
    .execute();
  const unpaid = await statementsWithBatch(db)
    .select([
      "s.cooperative_id",
      "s.total_fen",
      "b.status",
      sql<number>`${today}::date - (s.issued_at AT TIME ZONE 'Asia/Shanghai')::date`.as("age"),
    ])
    .where("s.total_fen", ">", 0)
    .where((eb) => eb.or([eb("b.status", "is", null), eb("b.status", "<>", "paid")]))
    .execute();
  const payouts = await db
    .selectFrom("payout_items as i")
    .innerJoin("payout_batches as b", "b.id", "i.batch_id")
    .select(["i.cooperative_id", sql<boolean>`b.status = 'paid'`.as("paid"), sql<number>`sum(i.amount_fen)`.as("amount")])
    .groupBy(["i.cooperative_id", sql`b.status = 'paid'`])
    .execute();
  const rows: CooperativeSettlementRow[] = [];
  for (const c of cooperatives) {
    const ageing: Record<AgeingBucket, number> = { days0to30: 0, days31to60: 0, days61plus: 0 };
    for (const statement of unpaid.filter((s) => s.cooperative_id === c.id)) {
      const age = Number(statement.age);
      ageing[age <= 30 ? "days0to30" : age <= 60 ? "days31to60" : "days61plus"] += Number(statement.total_fen);
    }
    const mine = payouts.filter((p) => p.cooperative_id === c.id);
    rows.push({
      cooperativeId: c.id,
      name_zh: c.name_zh,
      name_en: c.name_en,
      settlementPeriod: c.settlement_period,
      payableFen: Number(c.payable ?? 0),
      ageing,
      pendingPayoutFen: mine.filter((p) => !p.paid).reduce((sum, p) => sum + Number(p.amount), 0),
      paidPayoutFen: mine.filter((p) => p.paid).reduce((sum, p) => sum + Number(p.amount), 0),
      rateBp: await commissionRateOn(db, c.id, today),
    });
  }
  return rows;
}

/** Every cooperative with the commission rate in force on `today`, for the admin's rate form. */
export async function cooperativesWithRates(db: Kysely<Database>, { today }: { today: string }) {
  const cooperatives = await db.selectFrom("cooperatives").select(["id", "name_zh", "name_en"]).orderBy("id").execute();
  const result = [];
  for (const c of cooperatives) result.push({ ...c, rateBp: await commissionRateOn(db, c.id, today) });
  return result;
}

/** The rates set so far, newest first (those from a future day included). */
export async function commissionRateHistory(db: Kysely<Database>, { limit = 50 }: { limit?: number } = {}) {
  return db
    .selectFrom("commission_rates as r")
    .innerJoin("cooperatives as c", "c.id", "r.cooperative_id")
    .leftJoin("users as u", "u.id", "r.set_by")
    .select(["r.id", "r.cooperative_id", "c.name_zh", "c.name_en", "r.rate_bp", sql<string>`r.effective_from::text`.as("effective_from"), "r.created_at", "u.name as set_by_name"])
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc")
    .limit(limit)
    .execute();
}

/** Payout batches, newest first, with who prepared, approved and paid each. */
export async function listPayoutBatches(db: Kysely<Database>) {
  const rows = await db
    .selectFrom("payout_batches as b")
    .innerJoin("users as p", "p.id", "b.prepared_by")
    .leftJoin("users as a", "a.id", "b.approved_by")
    .select([
      "b.id",
      "b.number",
      "b.status",
      "b.total_fen",
      "b.prepared_at",
      "b.approved_at",
      "b.paid_at",
      "b.bank_reference",
      "p.name as prepared_by_name",
      "a.name as approved_by_name",
      sql<number>`(SELECT count(*) FROM payout_items i WHERE i.batch_id = b.id)`.as("items"),
    ])
    .orderBy("b.id", "desc")
    .execute();
  return rows.map((row) => ({ ...row, total_fen: Number(row.total_fen), items: Number(row.items) }));
}

/** One batch with its items, account numbers masked, and the people behind each step. */
export async function payoutBatch(db: Kysely<Database>, { id }: { id: number }) {
  const batch = await db
    .selectFrom("payout_batches as b")
    .innerJoin("users as p", "p.id", "b.prepared_by")
    .leftJoin("users as a", "a.id", "b.approved_by")
    .leftJoin("users as d", "d.id", "b.paid_by")
    .select([
      "b.id",
      "b.number",
      "b.status",
      "b.total_fen",
      "b.prepared_by",
      "b.prepared_at",
      "b.approved_at",
      "b.paid_at",
      "b.bank_reference",
      "p.name as prepared_by_name",
      "a.name as approved_by_name",
      "d.name as paid_by_name",
    ])
    .where("b.id", "=", id)
    .executeTakeFirst();
  if (!batch) return null;
  const items = await db
    .selectFrom("payout_items as i")
    .innerJoin("statements as s", "s.id", "i.statement_id")
    .innerJoin("cooperatives as c", "c.id", "i.cooperative_id")
    .select(["i.statement_id", "s.number as statement_number", "s.period_start", "s.period_end", "c.name_zh", "c.name_en", "i.amount_fen", "i.account_name", "i.bank_name", "i.account_number"])
    .where("i.batch_id", "=", id)
    .orderBy("s.number")
    .execute();
  return {
    batch: { ...batch, total_fen: Number(batch.total_fen) },
    items: items.map(({ account_number, ...item }) => ({
      ...item,
      period_start: String(item.period_start),
      period_end: String(item.period_end),
      amount_fen: Number(item.amount_fen),
      accountNumber: maskAccountNumber(account_number),
    })),
  };
}

export async function cooperativeExists(db: Kysely<Database>, { id }: { id: number }): Promise<boolean> {
  return Boolean(await db.selectFrom("cooperatives").select("id").where("id", "=", id).executeTakeFirst());
}
