import { describe, expect, it } from "vitest";
import { createHouseholds } from "~/models/household.server";
import { ledgerBalances } from "~/models/ledger.server";
import { accountEntries, accountTotals, addAccountEntries, addDeliveries } from "~/models/member-account.server";
import { approveBatch, markBatchPaid, prepareBatch, setBankAccount, transferRows } from "~/models/payout.server";
import { issueStatement } from "~/models/statement.server";
import { getDistribution } from "~/models/distribution.server";
import { createProduct, createUser } from "~/seed/factories.server";
import { confirmDistribution, prefillIncome, recordDistribution } from "~/services/dividends.server";
import { issueRefund } from "~/services/refunds.server";
import { loader as cooperativeLoader } from "~/routes/cooperatives.$slug";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { insertDeliveredShipment } from "../support/after-purchase";
import { settle, testContext } from "../support/auth";
import { placePaidTestOrder } from "../support/checkout";

// A season of the money trail, shop → cooperative → member households, with every amount
// asserted to the fen: orders across two cooperatives, deliveries, statements, a partial refund
// after settlement (through the refund service, as staff issue it) carried into the next
// statement, a payout prepared by one person and approved by another, and the orange
// cooperative's surplus distributed to five households, part of it turned into contributions by
// the members' assembly.

describe("a money season", () => {
  it("reaches the households to the fen", async () => {
    const today = chinaToday();
    const oranges = await createProduct(db(), { variants: [{ price_fen: 5_980, stock_on_hand: 50 }] });
    const honey = await createProduct(db(), { variants: [{ price_fen: 5_810, stock_on_hand: 50 }] });
    const A = oranges.cooperative_id;
    const B = honey.cooperative_id;
    const orangeVariant = oranges.variants[0]!.id;

    // 1. Orders: one across both cooperatives, one for the oranges alone. Paying posts the ledger.
    const mixed = await placePaidTestOrder(db(), { lines: [{ variantId: orangeVariant, quantity: 2 }, { variantId: honey.variants[0]!.id, quantity: 1 }] });
    const single = await placePaidTestOrder(db(), { lines: [{ variantId: orangeVariant, quantity: 1 }] });
    await insertDeliveredShipment(mixed);
    await insertDeliveredShipment(single);

    // 2. First statements: delivered 11 days before the period's end, past the 7-day hold.
    const first = { start: addDays(today, -5), end: addDays(today, 10) };
    const second = { start: addDays(today, 11), end: addDays(today, 40) };
    const a1 = (await issueStatement(db(), { cooperativeId: A, period: first, holdDays: 7 }))!;
    const b1 = (await issueStatement(db(), { cooperativeId: B, period: first, holdDays: 7 }))!;
    // Oranges: 11,960 + 5,980 = 17,940 less 5 % (598 + 299) = 17,043.
    expect(a1.totalFen).toBe(17_043);
    // Honey: 5,810 less 5 % (290.50, rounded half up to 291).
    expect(b1.totalFen).toBe(5_519);

    // 3. A partial refund of ¥30.00 on the mixed order after settlement: 2,019 falls on the
    // oranges (3,000 × 11,960 / 17,770) and 981 on the honey, each less its commission back.
    const staffMember = await createUser(db(), { role: "staff" });
    const refund = await issueRefund(db(), { orderId: mixed.id, amountFen: 3_000, reason: "damaged", actor: { kind: "staff", userId: staffMember.id }, idempotencyKey: `season-${mixed.id}` });
    expect(refund).toMatchObject({ amountFen: 3_000, status: "succeeded", created: true });
    // The same form sent twice refunds once.
    expect(await issueRefund(db(), { orderId: mixed.id, amountFen: 3_000, reason: "damaged", actor: { kind: "staff", userId: staffMember.id }, idempotencyKey: `season-${mixed.id}` })).toMatchObject({ refundId: refund.refundId, created: false });
    const refundedOrder = await db().selectFrom("orders").select(["refunded_fen", "payment_status"]).where("id", "=", mixed.id).executeTakeFirstOrThrow();
    expect([Number(refundedOrder.refunded_fen), refundedOrder.payment_status]).toEqual([3_000, "partially_refunded"]);
    // Posted once, balanced: the shopper got 3,000 back, split between the two cooperatives.
    const refundPostings = await db()
      .selectFrom("ledger_entries as e")
      .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
      .select(["e.account", "e.cooperative_id", "e.amount_fen"])
      .where("t.kind", "=", "refund")
      .where("t.order_id", "=", mixed.id)
      .execute();
    expect(refundPostings.reduce((sum, e) => sum + Number(e.amount_fen), 0)).toBe(0);
    const payableBack = (cooperativeId: number) => refundPostings.filter((e) => e.account === "cooperative_payable" && e.cooperative_id === cooperativeId).reduce((sum, e) => sum + Number(e.amount_fen), 0);
    expect([payableBack(A), payableBack(B)]).toEqual([1_918, 931]);

    // A third order, for the oranges, settles in the second period with the refund against it.
    const later = await placePaidTestOrder(db(), { lines: [{ variantId: orangeVariant, quantity: 1 }] });
    await insertDeliveredShipment(later);
    const a2 = (await issueStatement(db(), { cooperativeId: A, period: second, holdDays: 7 }))!;
    const b2 = (await issueStatement(db(), { cooperativeId: B, period: second, holdDays: 7 }))!;
    // 5,980 − 299 = 5,681, less the refund's 2,019 − 101 = 1,918.
    expect(a2.totalFen).toBe(5_681 - 1_918);
    // The honey has only the refund: −(981 − 50; the refund's 151 of commission back is split
    // 101 / 50 by largest remainder), carried as a negative balance.
    expect(b2.totalFen).toBe(-931);

    // 4. A payout: prepared by one staff member, refused to the same person, approved by a second, paid.
    const [preparer, approver] = await Promise.all([createUser(db(), { role: "staff" }), createUser(db(), { role: "staff" })]);
    await setBankAccount(db(), { cooperativeId: A, accountName: "奉节县脐橙专业合作社", bankName: "重庆农村商业银行奉节支行", accountNumber: "6228480012345678901", userId: preparer.id });
    await setBankAccount(db(), { cooperativeId: B, accountName: "巫山县蜂蜜专业合作社", bankName: "重庆农村商业银行巫山支行", accountNumber: "6228480098765432109", userId: preparer.id });
    // The honey's second statement is negative: it cannot be paid.
    expect(await prepareBatch(db(), { statementIds: [b2.id], preparedBy: preparer.id })).toEqual({ ok: false, reason: "nothing_to_pay" });
    const batch = await prepareBatch(db(), { statementIds: [a1.id, b1.id], preparedBy: preparer.id });
    if (!batch.ok) throw new Error(batch.reason);
    expect(await approveBatch(db(), { batchId: batch.batchId, approverId: preparer.id })).toEqual({ ok: false, reason: "same_person" });
    expect(await approveBatch(db(), { batchId: batch.batchId, approverId: approver.id })).toEqual({ ok: true });
    expect((await transferRows(db(), { batchId: batch.batchId })).map((r) => Number(r.amount_fen)).sort((x, y) => x - y)).toEqual([5_519, 17_043]);
    expect(await markBatchPaid(db(), { batchId: batch.batchId, paidBy: approver.id, bankReference: "CQRCB-SEASON-001" })).toEqual({ ok: true });
    const balances = await ledgerBalances(db());
    const owed = (cooperativeId: number) => balances.find((b) => b.account === "cooperative_payable" && b.cooperativeId === cooperativeId)!.balanceFen;
    // Still owed to the oranges: the second statement (credits are negative).
    expect(owed(A)).toBe(-3_763);
    // The honey owes back what the refund took after it was paid, to be netted.
    expect(owed(B)).toBe(931);

    // 5. The orange cooperative's surplus to five households.
    const member = await createUser(db(), {});
    const households = await createHouseholds(db(), {
      cooperativeId: A,
      userId: member.id,
      households: [
        { head_name: "王秀英", village: "青龙村", joined_on: "2020-03-01", left_on: null, id_last4: null },
        { head_name: "李建国", village: "青龙村", joined_on: "2021-03-01", left_on: null, id_last4: null },
        { head_name: "张桂兰", village: "白果村", joined_on: "2022-03-01", left_on: null, id_last4: "123X" },
        { head_name: "刘德华", village: "白果村", joined_on: "2022-03-01", left_on: null, id_last4: null },
        { head_name: "陈玉梅", village: "白果村", joined_on: "2023-03-01", left_on: null, id_last4: null },
      ],
    });
    const [h1, h2, h3, h4, h5] = households.map((h) => h.id) as [number, number, number, number, number];
    expect(h4).toBeGreaterThan(h3);
    const opened = "2023-03-01";
    await addAccountEntries(db(), {
      cooperativeId: A,
      userId: member.id,
      entries: [
        { householdId: h1, kind: "cash_contribution", amountFen: 50_000, landMu: null, enteredOn: opened, note: "" },
        { householdId: h2, kind: "cash_contribution", amountFen: 30_000, landMu: null, enteredOn: opened, note: "" },
        { householdId: h3, kind: "land_contribution", amountFen: 20_000, landMu: "2.5", enteredOn: opened, note: "土地经营权" },
        { householdId: h5, kind: "subsidy", amountFen: 20_000, landMu: null, enteredOn: opened, note: "财政补助量化" },
      ],
    });
    await addDeliveries(db(), {
      cooperativeId: A,
      userId: member.id,
      deliveries: [
        { householdId: h1, deliveredOn: today, produce: "脐橙", weightGrams: 150_000, amountFen: 30_000, batchId: null, note: "" },
        { householdId: h2, deliveredOn: today, produce: "脐橙", weightGrams: 100_000, amountFen: 20_000, batchId: null, note: "" },
        { householdId: h3, deliveredOn: today, produce: "脐橙", weightGrams: 50_000, amountFen: 10_000, batchId: null, note: "" },
      ],
    });
    const period = { start: first.start, end: second.end };
    // Prefilled from the statements' net: 17,043 + 3,763.
    const incomeFen = await prefillIncome(db(), { cooperativeId: A, ...period });
    expect(incomeFen).toBe(20_806);
    const recorded = await recordDistribution(db(), {
      cooperativeId: A,
      userId: member.id,
      // The members' assembly resolved to turn 12.34 % of each household's distribution into contributions.
      input: { periodStart: period.start, periodEnd: period.end, incomeFen, costsFen: 806, lossesFen: 0, reserveRateBp: 1_000, transactionShareBp: 6_000, convertedBp: 1_234, noticeNames: "masked" },
    });
    if (!recorded.ok) throw new Error(JSON.stringify(recorded.errors));
    const accountsBefore = await accountTotals(db(), { cooperativeId: A, asOf: "2099-12-31" });
    expect(await confirmDistribution(db(), { id: recorded.id, cooperativeId: A, userId: member.id })).toEqual({ ok: true });
    const { distribution, lines } = (await getDistribution(db(), { id: recorded.id, cooperativeId: A }))!;
    // 20,000 surplus; 2,000 to the reserve; 18,000 distributable: 10,800 by transactions, 7,200 by accounts.
    expect(distribution).toMatchObject({ status: "confirmed", surplus_fen: 20_000, reserve_fen: 2_000, distributable_fen: 18_000, by_transactions_fen: 10_800, by_accounts_fen: 7_200 });
    // Each part, and 12.34 % of the two together turned into contributions (rounded half up per
    // household: 8,400 → 1,036.56 → 1,037; 5,400 → 666.36 → 666; 3,000 → 370.2 → 370; 1,200 → 148.08 → 148).
    expect(lines.map((l) => [l.head_name, l.by_transactions_fen, l.by_account_fen, l.converted_fen])).toEqual([
      ["王秀英", 5_400, 3_000, 1_037],
      ["李建国", 3_600, 1_800, 666],
      ["张桂兰", 1_800, 1_200, 370],
      ["刘德华", 0, 0, 0],
      ["陈玉梅", 0, 1_200, 148],
    ]);
    expect(lines.reduce((s, l) => s + l.by_transactions_fen + l.by_account_fen, 0)).toBe(18_000);
    // Paid out in cash: the parts less what was converted.
    expect(lines.map((l) => l.by_transactions_fen + l.by_account_fen - l.converted_fen)).toEqual([7_363, 4_734, 2_630, 0, 1_052]);
    // The converted part is recorded in each member account, naming the distribution.
    const accountsAfter = await accountTotals(db(), { cooperativeId: A, asOf: "2099-12-31" });
    expect([h1, h2, h3, h4, h5].map((h) => (accountsAfter.get(h) ?? 0) - (accountsBefore.get(h) ?? 0))).toEqual([1_037, 666, 370, 0, 148]);
    expect([h1, h2, h3, h4, h5].map((h) => accountsAfter.get(h) ?? 0)).toEqual([51_037, 30_666, 20_370, 0, 20_148]);
    const converted = (await accountEntries(db(), { cooperativeId: A, householdId: h1 })).filter((e) => e.kind === "converted_surplus");
    expect(converted.map((e) => [e.amount_fen, e.distribution_id, e.entered_on])).toEqual([[1_037, recorded.id, today]]);

    // 6. The orange cooperative's public page: paid out 17,043 this year, 18,000 distributed to
    // five households, the statements' net; and not one household's name.
    const { slug } = await db().selectFrom("cooperatives").select("slug").where("id", "=", A).executeTakeFirstOrThrow();
    const response = await settle(() => cooperativeLoader({ request: new Request(`http://localhost/cooperatives/${slug}`), params: { slug }, context: testContext }));
    const page = await response.json();
    const year = Number(today.slice(0, 4));
    const statedFen = [[first.start, 17_043], [second.start, 3_763]].filter(([start]) => String(start).startsWith(String(year))).reduce((sum, [, fen]) => sum + Number(fen), 0);
    expect(page.impact).toMatchObject({ year, settledFen: 17_043, statedFen, households: 5, distributedFen: 18_000 });
    // By China month: the payout and the distribution both fall in this one.
    const monthOf = (series: { month: string; fen: number }[]) => Object.fromEntries(series.filter((m) => m.fen !== 0).map((m) => [m.month, m.fen]));
    expect(monthOf(page.impact.settledByMonth)).toEqual({ [today.slice(0, 7)]: 17_043 });
    expect(monthOf(page.impact.distributedByMonth)).toEqual({ [today.slice(0, 7)]: 18_000 });
    for (const name of ["王秀英", "李建国", "张桂兰", "刘德华", "陈玉梅", "6228480012345678901"]) expect(JSON.stringify(page), name).not.toContain(name);
  });
});
