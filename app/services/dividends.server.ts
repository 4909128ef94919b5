import type { Kysely } from "kysely";
import type { Database, NoticeNames } from "~db/schema";
import { getDistribution, hasConfirmed, markConfirmed, saveDraft, settledShopIncome, type DistributionLineRecord } from "~/models/distribution.server";
import { householdsInPeriod } from "~/models/household.server";
import { accountTotals, addAccountEntries, transactionTotals } from "~/models/member-account.server";
import { distributeSurplus, memberDays, type SurplusError } from "~/models/surplus-distribution";
import { withTransaction } from "~/models/transaction.server";
import type { FieldErrors } from "~/types/forms";
import { basisPointsOf } from "~/utils/allocation";
import { chinaToday } from "~/utils/dates";

// A period's surplus distribution, from the figures a cooperative records to the confirmed
// record: the households that were members in the period, their transactions with the
// cooperative in it and their member accounts at its end go through distributeSurplus (the
// law's order); the result is saved as a draft to preview, and confirmed once. Confirming
// writes the part a members' assembly turned into contributions to the member accounts, in
// the same transaction.

export interface DistributionInput {
  periodStart: string;
  periodEnd: string;
  incomeFen: number;
  costsFen: number;
  lossesFen: number;
  reserveRateBp: number;
  transactionShareBp: number;
  convertedBp: number;
  noticeNames: NoticeNames;
}

/** The surplus prefilled on the form: what the shop settled to the cooperative in the period. */
export function prefillIncome(db: Kysely<Database>, { cooperativeId, start, end }: { cooperativeId: number; start: string; end: string }): Promise<number> {
  return settledShopIncome(db, { cooperativeId, start, end });
}

function errorsFor(error: SurplusError): FieldErrors {
  switch (error.code) {
    case "transaction_share_below_law":
      return { transaction_share: "belowLaw" };
    case "rate_out_of_range":
      return { [error.field === "reserveRateBp" ? "reserve_rate" : "transaction_share"]: "percentFormat" };
    case "negative_amount":
      return { costs: "costsOverIncome" };
    case "no_transactions":
      return { form: "noTransactions" };
    case "no_accounts":
      return { form: "noAccounts" };
  }
}

export type PreviewResult = { ok: true; record: Parameters<typeof saveDraft>[1]["record"]; lines: DistributionLineRecord[] } | { ok: false; errors: FieldErrors };

/** Every household's two parts for these figures, computed but not saved. */
export async function previewDistribution(db: Kysely<Database>, { cooperativeId, input }: { cooperativeId: number; input: DistributionInput }): Promise<PreviewResult> {
  if (input.periodEnd < input.periodStart) return { ok: false, errors: { period_end: "periodOrder" } };
  if (input.costsFen > input.incomeFen) return { ok: false, errors: { costs: "costsOverIncome" } };
  const period = { start: input.periodStart, end: input.periodEnd };
  const [households, transactions, accounts] = await Promise.all([
    householdsInPeriod(db, { cooperativeId, ...period }),
    transactionTotals(db, { cooperativeId, ...period }),
    accountTotals(db, { cooperativeId, asOf: period.end }),
  ]);
  const members = households.map((h) => ({
    householdId: h.id,
    joinedOn: h.joined_on,
    leftOn: h.left_on,
    transactionsFen: Math.max(0, transactions.get(h.id) ?? 0),
    accountFen: Math.max(0, accounts.get(h.id) ?? 0),
  }));
  const surplusFen = input.incomeFen - input.costsFen;
  const result = distributeSurplus({ period, surplusFen, lossesFen: input.lossesFen, reserveRateBp: input.reserveRateBp, transactionShareBp: input.transactionShareBp, members });
  if (!result.ok) return { ok: false, errors: errorsFor(result.error) };
  const { distribution } = result;
  const byId = new Map(households.map((h) => [h.id, h]));
  const memberById = new Map(members.map((m) => [m.householdId, m]));
  const lines: DistributionLineRecord[] = distribution.shares.map((share) => {
    const household = byId.get(share.householdId)!;
    const member = memberById.get(share.householdId)!;
    return {
      householdId: share.householdId,
      householdNumber: household.number,
      headName: household.head_name,
      village: household.village,
      memberDays: memberDays(member, period),
      transactionsFen: member.transactionsFen,
      accountFen: member.accountFen,
      byTransactionsFen: share.byTransactionsFen,
      byAccountFen: share.byAccountFen,
      convertedFen: basisPointsOf(share.byTransactionsFen + share.byAccountFen, input.convertedBp),
    };
  });
  return {
    ok: true,
    record: {
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      incomeFen: input.incomeFen,
      costsFen: input.costsFen,
      surplusFen,
      lossesFen: input.lossesFen,
      lossesCoveredFen: distribution.lossesCoveredFen,
      reserveRateBp: input.reserveRateBp,
      reserveFen: distribution.reserveFen,
      transactionShareBp: input.transactionShareBp,
      distributableFen: distribution.distributableFen,
      byTransactionsFen: distribution.byTransactionsFen,
      byAccountsFen: distribution.byAccountsFen,
      convertedBp: input.convertedBp,
      noticeNames: input.noticeNames,
    },
    lines,
  };
}

/** Records the figures as a draft to preview (replacing an earlier draft of the period). */
export async function recordDistribution(
  db: Kysely<Database>,
  { cooperativeId, userId, input }: { cooperativeId: number; userId: number | null; input: DistributionInput },
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  if (await hasConfirmed(db, { cooperativeId, periodStart: input.periodStart })) return { ok: false, errors: { period_start: "periodConfirmed" } };
  const preview = await previewDistribution(db, { cooperativeId, input });
  if (!preview.ok) return preview;
  const id = await saveDraft(db, { cooperativeId, userId, record: preview.record, lines: preview.lines });
  return { ok: true, id };
}

export type ConfirmRefusal = "not_found" | "already_confirmed" | "period_confirmed";

/** Confirms a draft; the part turned into contributions goes into the member accounts. */
export async function confirmDistribution(
  db: Kysely<Database>,
  { id, cooperativeId, userId, today = chinaToday() }: { id: number; cooperativeId: number; userId: number; today?: string },
): Promise<{ ok: true } | { ok: false; reason: ConfirmRefusal }> {
  return withTransaction(db, async (trx) => {
    const found = await getDistribution(trx, { id, cooperativeId });
    if (!found) return { ok: false as const, reason: "not_found" as const };
    if (found.distribution.status === "confirmed") return { ok: false as const, reason: "already_confirmed" as const };
    if (await hasConfirmed(trx, { cooperativeId, periodStart: found.distribution.period_start })) return { ok: false as const, reason: "period_confirmed" as const };
    if (!(await markConfirmed(trx, { id, cooperativeId, userId }))) return { ok: false as const, reason: "already_confirmed" as const };
    await addAccountEntries(trx, {
      cooperativeId,
      userId,
      entries: found.lines
        .filter((line) => line.converted_fen > 0)
        .map((line) => ({
          householdId: line.household_id,
          kind: "converted_surplus" as const,
          amountFen: line.converted_fen,
          landMu: null,
          enteredOn: today,
          note: `${found.distribution.period_start}/${found.distribution.period_end}`,
          distributionId: id,
        })),
    });
    return { ok: true as const };
  });
}
