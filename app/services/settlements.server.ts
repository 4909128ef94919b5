import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { recordAuditEvent } from "~/models/audit.server";
import { commissionRateOn, postAdjustment, setCommissionRate } from "~/models/ledger.server";
import { approveBatch, markBatchPaid, maskedBankAccount, prepareBatch, setBankAccount, transferRows, type PayoutRefusal } from "~/models/payout.server";
import { csvLines, type CsvCell } from "~/models/report.server";
import { cooperativeStatement, payoutBatch, setSettlementPeriod } from "~/models/settlement-report.server";
import { statementWithLines } from "~/models/statement.server";
import type { SettlementPeriod } from "~/models/settlement-period";
import { withTransaction } from "~/models/transaction.server";
import { passwordMatches } from "~/models/user.server";
import { chinaClockParts } from "~/utils/china-clock";
import { chinaToday } from "~/utils/dates";
import { getFixedT } from "~/utils/i18n.server";

// The money office's changes, each written with its audit event in one transaction: who set a
// rate, who changed where a cooperative's money goes, who prepared, approved and paid a batch.

interface Actor {
  userId: number;
  ip?: string | null;
}

export type BankAccountChange = { ok: true } | { ok: false; field: "password"; error: "wrongPassword" | "required" };

/**
 * Saves a cooperative's bank details. Replacing details already on file asks for the member's
 * password again: a stolen session alone must not be able to redirect the cooperative's money.
 * Only the last four digits ever reach the audit log.
 */
export async function changeBankAccount(
  db: Kysely<Database>,
  input: { cooperativeId: number; accountName: string; bankName: string; accountNumber: string; password: string } & Actor,
): Promise<BankAccountChange> {
  const existing = await maskedBankAccount(db, { cooperativeId: input.cooperativeId });
  if (existing) {
    if (!input.password) return { ok: false, field: "password", error: "required" };
    if (!(await passwordMatches(db, { userId: input.userId, password: input.password }))) {
      await recordAuditEvent(db, { kind: "bank_account.confirm_failed", actorUserId: input.userId, cooperativeId: input.cooperativeId, ip: input.ip });
      return { ok: false, field: "password", error: "wrongPassword" };
    }
  }
  await withTransaction(db, async (trx) => {
    await setBankAccount(trx, { cooperativeId: input.cooperativeId, accountName: input.accountName, bankName: input.bankName, accountNumber: input.accountNumber, userId: input.userId });
    await recordAuditEvent(trx, {
      kind: "bank_account.changed",
      actorUserId: input.userId,
      cooperativeId: input.cooperativeId,
      ip: input.ip,
      data: { bankName: input.bankName, last4: input.accountNumber.slice(-4), replaced: existing ? existing.accountNumber : null },
    });
  });
  return { ok: true };
}

export async function changeSettlementPeriod(db: Kysely<Database>, input: { cooperativeId: number; period: SettlementPeriod } & Actor): Promise<void> {
  await withTransaction(db, async (trx) => {
    if (await setSettlementPeriod(trx, { cooperativeId: input.cooperativeId, period: input.period })) {
      await recordAuditEvent(trx, { kind: "settlement_period.changed", actorUserId: input.userId, cooperativeId: input.cooperativeId, ip: input.ip, data: { period: input.period } });
    }
  });
}

/** An admin's new rate from a day on; the rate it replaces is kept in the audit entry. */
export async function changeCommissionRate(
  db: Kysely<Database>,
  input: { cooperativeId: number; rateBp: number; effectiveFrom: string } & Actor,
): Promise<void> {
  await withTransaction(db, async (trx) => {
    const before = await commissionRateOn(trx, input.cooperativeId, input.effectiveFrom);
    await setCommissionRate(trx, { cooperativeId: input.cooperativeId, rateBp: input.rateBp, effectiveFrom: input.effectiveFrom, setBy: input.userId });
    await recordAuditEvent(trx, {
      kind: "commission.rate_set",
      actorUserId: input.userId,
      cooperativeId: input.cooperativeId,
      ip: input.ip,
      data: { rateBp: input.rateBp, previousBp: before, effectiveFrom: input.effectiveFrom, setOn: chinaToday() },
    });
  });
}

/**
 * An admin's correction to what the shop owes a cooperative, posted with its audit event. A
 * form submitted twice (its token seen before) posts nothing and is not audited again.
 */
export async function postCooperativeAdjustment(
  db: Kysely<Database>,
  input: { cooperativeId: number; amountFen: number; reason: string; token: string } & Actor,
): Promise<{ posted: boolean }> {
  return withTransaction(db, async (trx) => {
    const posted = await postAdjustment(trx, { cooperativeId: input.cooperativeId, amountFen: input.amountFen, reason: input.reason, idempotencyKey: input.token });
    if (posted) {
      await recordAuditEvent(trx, {
        kind: "ledger.adjustment_posted",
        actorUserId: input.userId,
        cooperativeId: input.cooperativeId,
        ip: input.ip,
        data: { amountFen: input.amountFen, reason: input.reason },
      });
    }
    return { posted };
  });
}

export async function preparePayoutBatch(
  db: Kysely<Database>,
  input: { statementIds: number[] } & Actor,
): Promise<{ ok: true; batchId: number } | { ok: false; reason: PayoutRefusal }> {
  try {
    return await withTransaction(db, async (trx) => {
      const result = await prepareBatch(trx, { statementIds: input.statementIds, preparedBy: input.userId });
      if (result.ok) await recordAuditEvent(trx, { kind: "payout.prepared", actorUserId: input.userId, ip: input.ip, data: { batchId: result.batchId, statementIds: input.statementIds } });
      return result;
    });
  } catch (error) {
    // Someone put one of these statements in another batch at the same moment (unique statement_id).
    if (error instanceof Error && /unique|duplicate/i.test(error.message)) return { ok: false, reason: "nothing_to_pay" };
    throw error;
  }
}

export async function approvePayoutBatch(db: Kysely<Database>, input: { batchId: number } & Actor): Promise<{ ok: true } | { ok: false; reason: PayoutRefusal }> {
  return withTransaction(db, async (trx) => {
    const result = await approveBatch(trx, { batchId: input.batchId, approverId: input.userId });
    if (result.ok) await recordAuditEvent(trx, { kind: "payout.approved", actorUserId: input.userId, ip: input.ip, data: { batchId: input.batchId } });
    return result;
  });
}

export async function markPayoutBatchPaid(
  db: Kysely<Database>,
  input: { batchId: number; bankReference: string } & Actor,
): Promise<{ ok: true } | { ok: false; reason: PayoutRefusal }> {
  return withTransaction(db, async (trx) => {
    const result = await markBatchPaid(trx, { batchId: input.batchId, paidBy: input.userId, bankReference: input.bankReference });
    if (result.ok) await recordAuditEvent(trx, { kind: "payout.paid", actorUserId: input.userId, ip: input.ip, data: { batchId: input.batchId, bankReference: input.bankReference } });
    return result;
  });
}

/** Fen as a plain yuan figure for a spreadsheet: -1918 → "-19.18". */
function yuanCell(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** An instant as '2026-12-03 10:05' China time. */
function chinaDateTime(date: Date): string {
  const p = chinaClockParts(new Date(date));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function csvResponse(body: string, filename: string): Response {
  // The BOM lets spreadsheet programs read the Chinese text as UTF-8.
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/**
 * A statement as CSV with Chinese headers (the cooperative's accountant reads Chinese): its lines,
 * then the totals. Null when the statement is not the cooperative's.
 */
export async function statementCsvResponse(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }): Promise<Response | null> {
  const found = await statementWithLines(db, { id, cooperativeId });
  if (!found) return null;
  const t = await getFixedT("zh", "money");
  const { statement, lines } = found;
  const summary = await cooperativeStatement(db, { id, cooperativeId });
  const header = (["order", "kind", "postedAt", "goods", "commission", "payable", "reason"] as const).map((column) => t(`csv.statement.${column}`));
  const rows: CsvCell[][] = [
    header,
    ...lines.map((line) => [line.orderNumber, t(`lineKinds.${line.kind}`), chinaDateTime(line.postedAt), yuanCell(line.goodsFen), yuanCell(line.commissionFen), yuanCell(line.payableFen), line.reason]),
    [],
    [t("statement.salesLine"), "", "", yuanCell(summary?.salesFen ?? statement.goods_fen), "", ""],
    [t("statement.refundsLine"), "", "", yuanCell(summary?.refundsFen ?? 0), "", ""],
    [t("statement.adjustmentsLine"), "", "", yuanCell(summary?.adjustmentsFen ?? 0), "", ""],
    [t("statement.commissionLine"), "", "", "", yuanCell(statement.commission_fen), ""],
    [t("statement.openingLine"), "", "", "", "", yuanCell(statement.opening_fen)],
    [t("statement.totalLine"), "", "", "", "", yuanCell(statement.total_fen)],
  ];
  return csvResponse(csvLines(rows), `${statement.number}.csv`);
}

/** The bank-transfer file of a batch: the one download with full account numbers. */
export async function transferCsvResponse(db: Kysely<Database>, { batchId }: { batchId: number }): Promise<Response | null> {
  const batch = await payoutBatch(db, { id: batchId });
  if (!batch) return null;
  const t = await getFixedT("zh", "money");
  const rows = await transferRows(db, { batchId });
  const header = (["accountName", "bank", "accountNumber", "amount", "reference"] as const).map((column) => t(`csv.transfer.${column}`));
  // The account number stays text: a spreadsheet would turn 19 digits into 6.22848E+18.
  const body = csvLines([header, ...rows.map((row) => [row.account_name, row.bank_name, row.account_number, yuanCell(Number(row.amount_fen)), row.reference])]);
  return csvResponse(body, `${batch.batch.number}.csv`);
}
