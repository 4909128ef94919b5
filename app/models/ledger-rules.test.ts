import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capturePostings, refundPostings, refundSplit, type GoodsPart, type LedgerLine, type OrderMoney } from "~/models/ledger-rules";

const part = fc.record({
  cooperativeId: fc.integer({ min: 1, max: 5 }),
  goodsFen: fc.integer({ min: 1, max: 20_000_000 }),
  rateBp: fc.integer({ min: 0, max: 3_000 }),
});
// An order: one to four cooperatives' goods, shipping, and a few partial refunds (fractions of what is left).
const order = fc.record({
  goods: fc.uniqueArray(part, { minLength: 1, maxLength: 4, selector: (p) => p.cooperativeId }),
  shippingFen: fc.integer({ min: 0, max: 3_000 }),
  refunds: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
});

const sum = (lines: readonly LedgerLine[], filter: (line: LedgerLine) => boolean = () => true) =>
  lines.filter(filter).reduce((total, line) => total + line.amountFen, 0);

describe("ledger postings", () => {
  it("balance, never owe a cooperative more than its captured goods, and add up to captured less refunded", () => {
    fc.assert(
      fc.property(order, ({ goods, shippingFen, refunds }) => {
        const captured = goods.reduce((s, p) => s + p.goodsFen, 0) + shippingFen;
        const journal: LedgerLine[][] = [capturePostings(captured, goods, shippingFen)];
        const money: OrderMoney = { goods, shippingFen, refundedGoodsFen: goods.map(() => 0), refundedShippingFen: 0 };
        let refunded = 0;
        for (const fraction of refunds) {
          const amount = Math.floor((captured - refunded) * fraction);
          const split = refundSplit(amount, money);
          journal.push(refundPostings(amount, money));
          money.refundedGoodsFen = money.refundedGoodsFen.map((fen, i) => fen + split.goodsFen[i]!);
          money.refundedShippingFen += split.shippingFen;
          refunded += amount;
        }
        for (const transaction of journal) expect(sum(transaction)).toBe(0);
        const all = journal.flat();
        expect(sum(all, (l) => l.account === "provider_clearing")).toBe(captured - refunded);
        // Everything the shop still holds is owed to someone: cooperatives, commission, shipping.
        expect(0 - sum(all, (l) => l.account !== "provider_clearing")).toBe(captured - refunded);
        goods.forEach((p: GoodsPart, i) => {
          const owed = 0 - sum(all, (l) => l.account === "cooperative_payable" && l.cooperativeId === p.cooperativeId);
          expect(owed).toBeGreaterThanOrEqual(0);
          expect(owed).toBeLessThanOrEqual(p.goodsFen - money.refundedGoodsFen[i]!);
          expect(money.refundedGoodsFen[i]).toBeLessThanOrEqual(p.goodsFen);
        });
        expect(money.refundedShippingFen).toBeLessThanOrEqual(shippingFen);
      }),
      { numRuns: 2_000 },
    );
  });

  it("posts an order across two cooperatives to the fen", () => {
    const goods = [
      { cooperativeId: 1, goodsFen: 11_960, rateBp: 500 }, // ¥119.60 at 5 %: commission 598
      { cooperativeId: 2, goodsFen: 5_810, rateBp: 800 }, //  ¥58.10 at 8 %: commission 464.8 → 465
    ];
    expect(capturePostings(18_770, goods, 1_000)).toEqual([
      { account: "provider_clearing", cooperativeId: null, amountFen: 18_770 },
      { account: "cooperative_payable", cooperativeId: 1, amountFen: -11_362 },
      { account: "commission_income", cooperativeId: 1, amountFen: -598 },
      { account: "cooperative_payable", cooperativeId: 2, amountFen: -5_345 },
      { account: "commission_income", cooperativeId: 2, amountFen: -465 },
      { account: "shipping_income", cooperativeId: null, amountFen: -1_000 },
    ]);
    // Refunding everything undoes everything.
    const money = { goods, shippingFen: 1_000, refundedGoodsFen: [0, 0], refundedShippingFen: 0 };
    const lines = [...capturePostings(18_770, goods, 1_000), ...refundPostings(18_770, money)];
    for (const account of ["provider_clearing", "cooperative_payable", "commission_income", "shipping_income"]) {
      expect(sum(lines, (l) => l.account === account)).toBe(0);
    }
  });

  it("refuses to refund more than is left", () => {
    const money = { goods: [{ cooperativeId: 1, goodsFen: 100, rateBp: 500 }], shippingFen: 0, refundedGoodsFen: [60], refundedShippingFen: 0 };
    expect(() => refundPostings(41, money)).toThrow(RangeError);
    expect(refundSplit(40, money)).toEqual({ goodsFen: [40], shippingFen: 0 });
  });
});
