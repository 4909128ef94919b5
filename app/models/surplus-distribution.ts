import { splitByLargestRemainder } from "~/utils/allocation";

// A year's surplus (盈余) shared out in the order the Farmers' Professional Cooperatives Law
// (2017 revision, articles 44 and 45) sets: losses are made good first, then the reserve fund
// (公积金) takes the bylaws' rate; of what is left, the distributable surplus (可分配盈余), at
// least 60 % goes back to members in proportion to their transactions with the cooperative,
// and the rest in proportion to what their member accounts hold (contributions, reserve-fund
// share, quantified subsidies and donations). Pure rules: the amounts and members come in, the
// parts go out, every part an integer number of fen, each total split exactly.

/** The law's floor for the part returned by transactions: 60 %. */
export const MIN_TRANSACTION_SHARE_BP = 6_000;

export interface SurplusMember {
  householdId: number;
  /** ISO dates; a member counts for the days of the period they were a member. */
  joinedOn: string;
  leftOn: string | null;
  /** The member's transactions with the cooperative in the period (交售额), in fen. */
  transactionsFen: number;
  /** What the member account holds: contributions, reserve-fund share, quantified subsidies and donations. */
  accountFen: number;
}

export interface SurplusInput {
  period: { start: string; end: string };
  surplusFen: number;
  /** Losses of earlier years still to make good. */
  lossesFen: number;
  /** The bylaws' reserve-fund rate. */
  reserveRateBp: number;
  /** The bylaws' share returned by transactions, never under MIN_TRANSACTION_SHARE_BP. */
  transactionShareBp: number;
  members: readonly SurplusMember[];
}

export interface SurplusShare {
  householdId: number;
  byTransactionsFen: number;
  byAccountFen: number;
}

export interface SurplusDistribution {
  lossesCoveredFen: number;
  reserveFen: number;
  distributableFen: number;
  byTransactionsFen: number;
  byAccountsFen: number;
  shares: SurplusShare[];
}

export type SurplusError =
  | { code: "transaction_share_below_law"; minimumBp: number }
  | { code: "rate_out_of_range"; field: "reserveRateBp" | "transactionShareBp" }
  | { code: "negative_amount"; field: "surplusFen" | "lossesFen" | "transactionsFen" | "accountFen" }
  | { code: "no_transactions" }
  | { code: "no_accounts" };

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

/** Days of the period (both ends included) the member belonged to the cooperative. */
export function memberDays(member: Pick<SurplusMember, "joinedOn" | "leftOn">, period: SurplusInput["period"]): number {
  const from = Math.max(dayNumber(member.joinedOn), dayNumber(period.start));
  const to = Math.min(member.leftOn ? dayNumber(member.leftOn) : Infinity, dayNumber(period.end));
  return Math.max(0, to - from + 1);
}

export function distributeSurplus(input: SurplusInput): { ok: true; distribution: SurplusDistribution } | { ok: false; error: SurplusError } {
  if (!Number.isInteger(input.reserveRateBp) || input.reserveRateBp < 0 || input.reserveRateBp > 10_000) {
    return { ok: false, error: { code: "rate_out_of_range", field: "reserveRateBp" } };
  }
  if (!Number.isInteger(input.transactionShareBp) || input.transactionShareBp > 10_000) {
    return { ok: false, error: { code: "rate_out_of_range", field: "transactionShareBp" } };
  }
  if (input.transactionShareBp < MIN_TRANSACTION_SHARE_BP) {
    return { ok: false, error: { code: "transaction_share_below_law", minimumBp: MIN_TRANSACTION_SHARE_BP } };
  }
  if (input.surplusFen < 0) return { ok: false, error: { code: "negative_amount", field: "surplusFen" } };
  if (input.lossesFen < 0) return { ok: false, error: { code: "negative_amount", field: "lossesFen" } };
  for (const member of input.members) {
    if (member.transactionsFen < 0) return { ok: false, error: { code: "negative_amount", field: "transactionsFen" } };
    if (member.accountFen < 0) return { ok: false, error: { code: "negative_amount", field: "accountFen" } };
  }

  const lossesCoveredFen = Math.min(input.surplusFen, input.lossesFen);
  const afterLosses = input.surplusFen - lossesCoveredFen;
  // Splitting the remainder in two by the rate, with the reserve as the first part, rounds it to
  // the nearer fen without a second rounding rule.
  const [reserveFen, distributableFen] = splitByLargestRemainder(afterLosses, [input.reserveRateBp, 10_000 - input.reserveRateBp]) as [number, number];
  // Rounded up, so the transaction part is never below the bylaws' rate (and so never below 60 %).
  const byTransactionsFen = Number((BigInt(distributableFen) * BigInt(input.transactionShareBp) + 9_999n) / 10_000n);
  const byAccountsFen = distributableFen - byTransactionsFen;

  const members = input.members.filter((member) => memberDays(member, input.period) > 0);
  const transactionWeights = members.map((member) => member.transactionsFen);
  const accountWeights = members.map((member) => member.accountFen * memberDays(member, input.period));
  if (byTransactionsFen > 0 && !transactionWeights.some((w) => w > 0)) return { ok: false, error: { code: "no_transactions" } };
  if (byAccountsFen > 0 && !accountWeights.some((w) => w > 0)) return { ok: false, error: { code: "no_accounts" } };

  const byTransactions = splitByLargestRemainder(byTransactionsFen, transactionWeights);
  const byAccounts = splitByLargestRemainder(byAccountsFen, accountWeights);
  const shares = members.map((member, i) => ({ householdId: member.householdId, byTransactionsFen: byTransactions[i]!, byAccountFen: byAccounts[i]! }));
  return { ok: true, distribution: { lossesCoveredFen, reserveFen, distributableFen, byTransactionsFen, byAccountsFen, shares } };
}
