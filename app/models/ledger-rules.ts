import { basisPointsOf, splitByLargestRemainder } from "~/utils/allocation";

// What the journal posts for a payment and its refunds: pure rules, so that every amount can be
// checked by property tests before the ledger model writes it.
//
// Double entry with one signed amount per entry: a debit is positive, a credit negative, and
// the entries of one journal transaction sum to zero. The shop's accounts:
//   provider_clearing    money held for the shop by the payment provider (an asset)
//   cooperative_payable  what the shop owes one cooperative (a liability, per cooperative)
//   commission_income    the shop's commission on the goods it sold for cooperatives
//   shipping_income      shipping charged to shoppers
//   payment_fees         what the payment provider kept of captured payments (an expense)
// A cooperative is owed its goods less the commission on them; the commission is always the
// rate of the goods still sold (captured less refunded), so a refund gives back the commission
// on what it returns and the two never drift apart by rounding. The provider's fee is the shop's
// cost alone: it comes out of the clearing account, never out of what a cooperative is owed, and
// a refund does not give it back (providers keep their fee on refunded payments).

export const LEDGER_ACCOUNTS = ["provider_clearing", "cooperative_payable", "commission_income", "shipping_income", "payment_fees"] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

/** The shop's commission when an admin has set none: 5 %. */
export const DEFAULT_COMMISSION_BP = 500;

export interface LedgerLine {
  account: LedgerAccount;
  cooperativeId: number | null;
  amountFen: number;
}

/** One cooperative's goods in an order, and the commission rate in force when it was paid. */
export interface GoodsPart {
  cooperativeId: number;
  goodsFen: number;
  rateBp: number;
}

/** What the order has captured and refunded so far, per part: the state a refund starts from. */
export interface OrderMoney {
  goods: readonly GoodsPart[];
  shippingFen: number;
  /** Refunded so far, per cooperative (same order as goods) and of shipping. */
  refundedGoodsFen: readonly number[];
  refundedShippingFen: number;
}

function payableAndCommission(part: GoodsPart, soldFen: number): { payable: number; commission: number } {
  const commission = basisPointsOf(soldFen, part.rateBp);
  return { payable: soldFen - commission, commission };
}

function balanced(lines: LedgerLine[]): LedgerLine[] {
  const sum = lines.reduce((total, line) => total + line.amountFen, 0);
  if (sum !== 0) throw new Error(`unbalanced postings: ${sum}`);
  return lines.filter((line) => line.amountFen !== 0);
}

/**
 * A captured payment: the clearing account receives it; each cooperative is owed its goods less
 * commission; the shop earns the commission and the shipping. When the capture differs from the
 * order's goods and shipping (it should not), it is spread over them by largest remainder so
 * the journal still balances and no part is owed more than was captured.
 *
 * `feeFen`, what the provider kept, leaves the clearing account for the fee expense account: the
 * shop bears it, so the cooperatives' payables are the same whatever the fee.
 */
export function capturePostings(capturedFen: number, goods: readonly GoodsPart[], shippingFen: number, feeFen: number): LedgerLine[] {
  if (!Number.isSafeInteger(feeFen) || feeFen < 0 || feeFen > capturedFen) throw new RangeError(`a fee of ${feeFen} fen on a capture of ${capturedFen} fen`);
  const parts = splitByLargestRemainder(capturedFen, [...goods.map((part) => part.goodsFen), shippingFen]);
  const lines: LedgerLine[] = [
    { account: "provider_clearing", cooperativeId: null, amountFen: capturedFen },
    { account: "payment_fees", cooperativeId: null, amountFen: feeFen },
    { account: "provider_clearing", cooperativeId: null, amountFen: -feeFen },
  ];
  goods.forEach((part, i) => {
    const { payable, commission } = payableAndCommission(part, parts[i]!);
    lines.push({ account: "cooperative_payable", cooperativeId: part.cooperativeId, amountFen: -payable });
    lines.push({ account: "commission_income", cooperativeId: part.cooperativeId, amountFen: -commission });
  });
  lines.push({ account: "shipping_income", cooperativeId: null, amountFen: -parts.at(-1)! });
  return balanced(lines);
}

/** How a refund of `amountFen` falls on the parts: in proportion to what each has left to refund. */
export function refundSplit(amountFen: number, money: OrderMoney): { goodsFen: number[]; shippingFen: number } {
  const left = [...money.goods.map((part, i) => part.goodsFen - money.refundedGoodsFen[i]!), money.shippingFen - money.refundedShippingFen];
  const total = left.reduce((sum, fen) => sum + fen, 0);
  if (amountFen < 0 || amountFen > total) throw new RangeError(`a refund of ${amountFen} fen when ${total} fen are left to refund`);
  const parts = splitByLargestRemainder(amountFen, left);
  return { goodsFen: parts.slice(0, -1), shippingFen: parts.at(-1)! };
}

/**
 * A refund: the clearing account pays it out; each cooperative's payable and the commission
 * fall to what they are on the goods still sold after it.
 */
export function refundPostings(amountFen: number, money: OrderMoney): LedgerLine[] {
  const split = refundSplit(amountFen, money);
  const lines: LedgerLine[] = [{ account: "provider_clearing", cooperativeId: null, amountFen: -amountFen }];
  money.goods.forEach((part, i) => {
    const soldBefore = part.goodsFen - money.refundedGoodsFen[i]!;
    const before = payableAndCommission(part, soldBefore);
    const after = payableAndCommission(part, soldBefore - split.goodsFen[i]!);
    lines.push({ account: "cooperative_payable", cooperativeId: part.cooperativeId, amountFen: before.payable - after.payable });
    lines.push({ account: "commission_income", cooperativeId: part.cooperativeId, amountFen: before.commission - after.commission });
  });
  lines.push({ account: "shipping_income", cooperativeId: null, amountFen: split.shippingFen });
  return balanced(lines);
}

/**
 * What a cooperative keeps of goods sold at `rateBp`: the same split, and the same rounding, a
 * capture posts (so the figure a shopper is shown is the one the journal will hold).
 */
export function cooperativeShare(goodsFen: number, rateBp: number): { payableFen: number; commissionFen: number } {
  const { payable, commission } = payableAndCommission({ cooperativeId: 0, goodsFen, rateBp }, goodsFen);
  return { payableFen: payable, commissionFen: commission };
}
