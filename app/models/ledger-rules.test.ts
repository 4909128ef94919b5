import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capturePostings, cooperativeShare, refundPostings, refundSplit, type GoodsPart, type LedgerLine, type OrderMoney } from "~/models/ledger-rules";

const part = fc.record({
  cooperativeId: fc.integer({ min: 1, max: 5 }),
  goodsFen: fc.integer({ min: 1, max: 20_000_000 }),
  rateBp: fc.integer({ min: 0, max: 3_000 }),
});
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
// An order: one to four cooperatives' goods, shipping, the share of the capture the provider kept,
// and a few partial refunds (fractions of what is left).
const order = fc.record({
  goods: fc.uniqueArray(part, { minLength: 1, maxLength: 4, selector: (p) => p.cooperativeId }),
  shippingFen: fc.integer({ min: 0, max: 3_000 }),
  feeShare: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.05, noNaN: true }), fraction),
  refunds: fc.array(fraction, { maxLength: 5 }),
});

const sum = (lines: readonly LedgerLine[], filter: (line: LedgerLine) => boolean = () => true) =>
  lines.filter(filter).reduce((total, line) => total + line.amountFen, 0);
const capturedOf = (goods: readonly GoodsPart[], shippingFen: number) => goods.reduce((s, p) => s + p.goodsFen, 0) + shippingFen;
const owedTo = (lines: readonly LedgerLine[], cooperativeId: number) =>
  0 - sum(lines, (l) => l.account === "cooperative_payable" && l.cooperativeId === cooperativeId);

/** A refund of a fraction of what is left, posted against `money`, which it then brings up to date. */
function refund(money: OrderMoney, share: number): { amount: number; lines: LedgerLine[] } {
  const left = money.goods.reduce((s, p, i) => s + p.goodsFen - money.refundedGoodsFen[i]!, 0) + money.shippingFen - money.refundedShippingFen;
  const amount = Math.floor(left * share);
  const split = refundSplit(amount, money);
  const lines = refundPostings(amount, money);
  money.refundedGoodsFen = money.refundedGoodsFen.map((fen, i) => fen + split.goodsFen[i]!);
  money.refundedShippingFen += split.shippingFen;
  return { amount, lines };
}

describe("ledger postings", () => {
  it("balance, never owe a cooperative more than its captured goods, and add up to captured less refunded and fees", () => {
    fc.assert(
      fc.property(order, ({ goods, shippingFen, feeShare, refunds }) => {
        const captured = capturedOf(goods, shippingFen);
        const fee = Math.floor(captured * feeShare);
        const journal: LedgerLine[][] = [capturePostings(captured, goods, shippingFen, fee)];
        const money: OrderMoney = { goods, shippingFen, refundedGoodsFen: goods.map(() => 0), refundedShippingFen: 0 };
        let refunded = 0;
        for (const share of refunds) {
          const posted = refund(money, share);
          journal.push(posted.lines);
          refunded += posted.amount;
        }
        for (const transaction of journal) expect(sum(transaction)).toBe(0);
        const all = journal.flat();
        // The provider kept its fee and keeps it through refunds: the clearing account is short by it.
        expect(sum(all, (l) => l.account === "provider_clearing")).toBe(captured - refunded - fee);
        expect(sum(all, (l) => l.account === "payment_fees")).toBe(fee);
        expect(sum(journal.slice(1).flat(), (l) => l.account === "payment_fees")).toBe(0);
        // Everything the shop still holds before its fee is owed to someone: cooperatives, commission, shipping.
        expect(0 - sum(all, (l) => l.account !== "provider_clearing" && l.account !== "payment_fees")).toBe(captured - refunded);
        goods.forEach((p: GoodsPart, i) => {
          const owed = owedTo(all, p.cooperativeId);
          expect(owed).toBeGreaterThanOrEqual(0);
          expect(owed).toBeLessThanOrEqual(p.goodsFen - money.refundedGoodsFen[i]!);
          expect(money.refundedGoodsFen[i]).toBeLessThanOrEqual(p.goodsFen);
        });
        expect(money.refundedShippingFen).toBeLessThanOrEqual(shippingFen);
      }),
      { numRuns: 2_000 },
    );
  });

  it("leaves every cooperative's payable, the commission and the shipping as they are without the fee", () => {
    fc.assert(
      fc.property(order, ({ goods, shippingFen, feeShare }) => {
        const captured = capturedOf(goods, shippingFen);
        const fee = Math.floor(captured * feeShare);
        const others = (lines: LedgerLine[]) => lines.filter((l) => l.account !== "provider_clearing" && l.account !== "payment_fees");
        expect(others(capturePostings(captured, goods, shippingFen, fee))).toEqual(others(capturePostings(captured, goods, shippingFen, 0)));
      }),
      { numRuns: 500 },
    );
  });

  it("refunds at the rate recorded with the capture when the rate has changed since, across orders at both rates", () => {
    // Two orders from the same cooperatives: A paid at the old rates r1, B paid after an admin
    // changed them to r2; refunds of either come afterwards, in any order. The ledger model
    // rebuilds a refund's starting point from the journal and the rate recorded with the
    // capture (orderMoney in ledger.server.ts); `fromJournal` does the same here.
    const cooperatives = fc.uniqueArray(
      fc.record({
        cooperativeId: fc.integer({ min: 1, max: 5 }),
        goodsA: fc.integer({ min: 1, max: 5_000_000 }),
        goodsB: fc.integer({ min: 1, max: 5_000_000 }),
        r1: fc.integer({ min: 0, max: 5_000 }),
        r2: fc.integer({ min: 0, max: 5_000 }),
      }),
      { minLength: 1, maxLength: 4, selector: (c) => c.cooperativeId },
    );
    const scenario = fc.record({
      cooperatives,
      shippingFen: fc.integer({ min: 0, max: 3_000 }),
      refunds: fc.array(fc.record({ order: fc.constantFrom(0, 1), share: fraction }), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(scenario, ({ cooperatives: coops, shippingFen, refunds }) => {
        const orders = [
          coops.map((c) => ({ cooperativeId: c.cooperativeId, goodsFen: c.goodsA, rateBp: c.r1 })),
          coops.map((c) => ({ cooperativeId: c.cooperativeId, goodsFen: c.goodsB, rateBp: c.r2 })),
        ];
        const journals: LedgerLine[][][] = orders.map((goods) => {
          const captured = capturedOf(goods, shippingFen);
          return [capturePostings(captured, goods, shippingFen, Math.floor(captured * 0.006))];
        });
        const refunded = [0, 0];
        for (const { order: o, share } of refunds) {
          const money = fromJournal(journals[o]!, orders[o]!);
          const posted = refund(money, share);
          journals[o]!.push(posted.lines);
          refunded[o]! += posted.amount;
        }
        const all = journals.flat(2);
        for (const transaction of journals.flat()) expect(sum(transaction)).toBe(0);
        const captured = orders.map((goods) => capturedOf(goods, shippingFen));
        expect(0 - sum(all, (l) => l.account !== "provider_clearing" && l.account !== "payment_fees")).toBe(captured[0]! + captured[1]! - refunded[0]! - refunded[1]!);
        orders.forEach((goods, o) => {
          const money = fromJournal(journals[o]!, goods);
          goods.forEach((p, i) => {
            const sold = p.goodsFen - money.refundedGoodsFen[i]!;
            // Owed the share of what is still sold at the rate the order was paid at: a refund
            // under the new rate neither leaves money owed on goods sent back nor takes more.
            expect(owedTo(journals[o]!.flat(), p.cooperativeId)).toBe(cooperativeShare(sold, p.rateBp).payableFen);
          });
        });
        coops.forEach((c) => {
          const owed = owedTo(all, c.cooperativeId);
          const sold = orders.reduce((s, goods, o) => {
            const i = goods.findIndex((p) => p.cooperativeId === c.cooperativeId);
            return s + goods[i]!.goodsFen - fromJournal(journals[o]!, goods).refundedGoodsFen[i]!;
          }, 0);
          expect(owed).toBeGreaterThanOrEqual(0);
          expect(owed).toBeLessThanOrEqual(sold);
        });
      }),
      { numRuns: 1_000 },
    );
  });

  it("posts an order across two cooperatives to the fen, its fee included", () => {
    const goods = [
      { cooperativeId: 1, goodsFen: 11_960, rateBp: 500 }, // ¥119.60 at 5 %: commission 598
      { cooperativeId: 2, goodsFen: 5_810, rateBp: 800 }, //  ¥58.10 at 8 %: commission 464.8 → 465
    ];
    // ¥187.70 at 0.6 %: 112.62 → 113 fen kept by the provider.
    expect(capturePostings(18_770, goods, 1_000, 113)).toEqual([
      { account: "provider_clearing", cooperativeId: null, amountFen: 18_770 },
      { account: "payment_fees", cooperativeId: null, amountFen: 113 },
      { account: "provider_clearing", cooperativeId: null, amountFen: -113 },
      { account: "cooperative_payable", cooperativeId: 1, amountFen: -11_362 },
      { account: "commission_income", cooperativeId: 1, amountFen: -598 },
      { account: "cooperative_payable", cooperativeId: 2, amountFen: -5_345 },
      { account: "commission_income", cooperativeId: 2, amountFen: -465 },
      { account: "shipping_income", cooperativeId: null, amountFen: -1_000 },
    ]);
    // Refunding everything undoes everything but the fee, which the provider keeps.
    const money = { goods, shippingFen: 1_000, refundedGoodsFen: [0, 0], refundedShippingFen: 0 };
    const lines = [...capturePostings(18_770, goods, 1_000, 113), ...refundPostings(18_770, money)];
    for (const account of ["cooperative_payable", "commission_income", "shipping_income"]) {
      expect(sum(lines, (l) => l.account === account)).toBe(0);
    }
    expect(sum(lines, (l) => l.account === "provider_clearing")).toBe(-113);
    expect(sum(lines, (l) => l.account === "payment_fees")).toBe(113);
  });

  it("refuses a fee that is negative or more than the capture", () => {
    const goods = [{ cooperativeId: 1, goodsFen: 100, rateBp: 500 }];
    expect(() => capturePostings(100, goods, 0, -1)).toThrow(RangeError);
    expect(() => capturePostings(100, goods, 0, 101)).toThrow(RangeError);
    expect(sum(capturePostings(100, goods, 0, 100), (l) => l.account === "provider_clearing")).toBe(0);
  });

  it("refuses to refund more than is left", () => {
    const money = { goods: [{ cooperativeId: 1, goodsFen: 100, rateBp: 500 }], shippingFen: 0, refundedGoodsFen: [60], refundedShippingFen: 0 };
    expect(() => refundPostings(41, money)).toThrow(RangeError);
    expect(refundSplit(40, money)).toEqual({ goodsFen: [40], shippingFen: 0 });
  });
});

/**
 * What an order captured and has left per part, read back from its journal as the ledger model
 * reads it from ledger_entries: a cooperative's goods still sold are its payable plus the
 * commission on them; the rate is the one the capture recorded (`goods`), whatever is in force now.
 */
function fromJournal(journal: readonly LedgerLine[][], goods: readonly GoodsPart[]): OrderMoney {
  const [capture, ...rest] = journal;
  const all = [...capture!, ...rest.flat()];
  const credit = (lines: readonly LedgerLine[], filter: (l: LedgerLine) => boolean) => 0 - sum(lines, filter);
  const ofCooperative = (id: number) => (l: LedgerLine) => (l.account === "cooperative_payable" || l.account === "commission_income") && l.cooperativeId === id;
  const shipping = (l: LedgerLine) => l.account === "shipping_income";
  return {
    goods: goods.map((p) => ({ ...p, goodsFen: credit(capture!, ofCooperative(p.cooperativeId)) })),
    refundedGoodsFen: goods.map((p) => credit(capture!, ofCooperative(p.cooperativeId)) - credit(all, ofCooperative(p.cooperativeId))),
    shippingFen: credit(capture!, shipping),
    refundedShippingFen: credit(capture!, shipping) - credit(all, shipping),
  };
}
