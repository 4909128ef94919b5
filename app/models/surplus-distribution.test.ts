import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN_TRANSACTION_SHARE_BP, distributeSurplus, memberDays, type SurplusInput, type SurplusMember } from "~/models/surplus-distribution";

const YEAR = { start: "2026-01-01", end: "2026-12-31" };
const day = fc.integer({ min: 0, max: 900 }).map((n) => new Date(Date.UTC(2025, 6, 1) + n * 86_400_000).toISOString().slice(0, 10));
const member = fc.record({
  joinedOn: day,
  leftOn: fc.option(day, { nil: null }),
  transactionsFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50_000_000 })),
  accountFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20_000_000 })),
}).filter((m) => m.leftOn === null || m.leftOn >= m.joinedOn);
const input = fc.record({
  period: fc.constant(YEAR),
  surplusFen: fc.integer({ min: 0, max: 5_000_000_000 }),
  lossesFen: fc.integer({ min: 0, max: 1_000_000_000 }),
  reserveRateBp: fc.integer({ min: 0, max: 3_000 }),
  transactionShareBp: fc.integer({ min: MIN_TRANSACTION_SHARE_BP, max: 10_000 }),
  members: fc.array(member, { minLength: 1, maxLength: 30 }).map((ms) => ms.map((m, i) => ({ ...m, householdId: i + 1 }))),
});

describe("distributeSurplus", () => {
  it("shares out exactly what is distributable, at least 60 % by transactions, nothing to whom has no part", () => {
    fc.assert(
      fc.property(input, (given) => {
        const result = distributeSurplus(given);
        if (!result.ok) {
          // Only when there is something to share and no one to share it by.
          expect(["no_transactions", "no_accounts"]).toContain(result.error.code);
          return;
        }
        const d = result.distribution;
        expect(d.lossesCoveredFen + d.reserveFen + d.distributableFen).toBe(given.surplusFen);
        expect(d.byTransactionsFen + d.byAccountsFen).toBe(d.distributableFen);
        expect(d.byTransactionsFen * 10_000).toBeGreaterThanOrEqual(d.distributableFen * MIN_TRANSACTION_SHARE_BP);
        expect(d.shares.reduce((sum, s) => sum + s.byTransactionsFen, 0)).toBe(d.byTransactionsFen);
        expect(d.shares.reduce((sum, s) => sum + s.byAccountFen, 0)).toBe(d.byAccountsFen);
        for (const share of d.shares) {
          const m = given.members.find((x) => x.householdId === share.householdId && memberDays(x, given.period) > 0)!;
          expect(m).toBeDefined();
          if (m.transactionsFen === 0) expect(share.byTransactionsFen).toBe(0);
          if (m.accountFen === 0) expect(share.byAccountFen).toBe(0);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("works a village's year to the fen", () => {
    const members: SurplusMember[] = [
      { householdId: 1, joinedOn: "2020-03-01", leftOn: null, transactionsFen: 3_000_000, accountFen: 500_000 },
      { householdId: 2, joinedOn: "2020-03-01", leftOn: null, transactionsFen: 1_000_000, accountFen: 500_000 },
      // Joined on 1 July: half a year of account share (184 of 365 days).
      { householdId: 3, joinedOn: "2026-07-01", leftOn: null, transactionsFen: 1_000_000, accountFen: 1_000_000 },
      // Left before the year: nothing.
      { householdId: 4, joinedOn: "2019-01-01", leftOn: "2025-12-31", transactionsFen: 0, accountFen: 800_000 },
    ];
    const result = distributeSurplus({ period: YEAR, surplusFen: 1_250_000, lossesFen: 50_000, reserveRateBp: 1_000, transactionShareBp: 6_000, members });
    expect(result).toEqual({
      ok: true,
      distribution: {
        lossesCoveredFen: 50_000,
        reserveFen: 120_000,
        distributableFen: 1_080_000,
        byTransactionsFen: 648_000,
        byAccountsFen: 432_000,
        shares: [
          // 648,000 × 3/5, 1/5, 1/5; 432,000 by 500,000×365 : 500,000×365 : 1,000,000×184.
          // 143,606.56, 143,606.56 and 144,786.89: the two fen left go to the largest remainders.
          { householdId: 1, byTransactionsFen: 388_800, byAccountFen: 143_607 },
          { householdId: 2, byTransactionsFen: 129_600, byAccountFen: 143_606 },
          { householdId: 3, byTransactionsFen: 129_600, byAccountFen: 144_787 },
        ],
      },
    });
  });

  it("refuses a transaction share under the law's 60 %", () => {
    const base: SurplusInput = { period: YEAR, surplusFen: 100, lossesFen: 0, reserveRateBp: 0, transactionShareBp: 5_999, members: [] };
    expect(distributeSurplus(base)).toEqual({ ok: false, error: { code: "transaction_share_below_law", minimumBp: 6_000 } });
  });

  it("counts membership days at both ends of the period", () => {
    expect(memberDays({ joinedOn: "2026-12-31", leftOn: null }, YEAR)).toBe(1);
    expect(memberDays({ joinedOn: "2025-01-01", leftOn: "2026-01-01" }, YEAR)).toBe(1);
    expect(memberDays({ joinedOn: "2027-01-01", leftOn: null }, YEAR)).toBe(0);
    expect(memberDays({ joinedOn: "2020-01-01", leftOn: null }, YEAR)).toBe(365);
  });
});
