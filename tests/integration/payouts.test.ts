import { describe, expect, it } from "vitest";
import { createProduct, createUser } from "~/seed/factories.server";
import { ledgerBalances } from "~/models/ledger.server";
import { approveBatch, markBatchPaid, maskedBankAccount, payableStatements, prepareBatch, setBankAccount, transferRows } from "~/models/payout.server";
import { issueStatement } from "~/models/statement.server";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { insertDeliveredShipment } from "../support/after-purchase";
import { placePaidTestOrder } from "../support/checkout";

// Four eyes on every payout: one person prepares, another approves, and a statement is paid once.

async function issuedStatement() {
  const product = await createProduct(db(), { variants: [{ price_fen: 10_000, stock_on_hand: 10 }] });
  const order = await placePaidTestOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] });
  await insertDeliveredShipment(order);
  const today = chinaToday();
  const statement = await issueStatement(db(), { cooperativeId: product.cooperative_id, period: { start: addDays(today, -3), end: addDays(today, 10) }, holdDays: 7 });
  return { cooperativeId: product.cooperative_id, statement: statement! };
}

describe("payouts", () => {
  it("are prepared by one person, approved once by another, paid once, and posted to the ledger", async () => {
    const { cooperativeId, statement } = await issuedStatement();
    expect(statement.totalFen).toBe(10_000 - 500);
    const [preparer, second, admin] = await Promise.all([createUser(db(), { role: "staff" }), createUser(db(), { role: "staff" }), createUser(db(), { role: "admin" })]);

    // No bank details yet: nothing can be paid.
    expect(await prepareBatch(db(), { statementIds: [statement.id], preparedBy: preparer.id })).toEqual({ ok: false, reason: "nothing_to_pay" });
    await setBankAccount(db(), { cooperativeId, accountName: "奉节县脐橙专业合作社", bankName: "重庆农村商业银行奉节支行", accountNumber: "6228480012345678901", userId: preparer.id });
    expect(await maskedBankAccount(db(), { cooperativeId })).toMatchObject({ accountNumber: "**** 8901" });
    const listed = (await payableStatements(db())).find((s) => s.id === statement.id);
    expect(listed).toMatchObject({ total_fen: 9_500, bankAccount: "**** 8901" });
    expect(JSON.stringify(listed)).not.toContain("6228480012345678901");

    const prepared = await prepareBatch(db(), { statementIds: [statement.id], preparedBy: preparer.id });
    if (!prepared.ok) throw new Error(prepared.reason);
    // The same statement cannot go into a second batch.
    expect(await prepareBatch(db(), { statementIds: [statement.id], preparedBy: second.id })).toEqual({ ok: false, reason: "nothing_to_pay" });
    expect(await approveBatch(db(), { batchId: prepared.batchId, approverId: preparer.id })).toEqual({ ok: false, reason: "same_person" });

    // Two approvers at once: exactly one wins.
    const approvals = await Promise.all([
      approveBatch(db(), { batchId: prepared.batchId, approverId: second.id }),
      approveBatch(db(), { batchId: prepared.batchId, approverId: admin.id }),
    ]);
    expect(approvals.filter((a) => a.ok)).toHaveLength(1);
    expect(approvals.filter((a) => !a.ok)).toEqual([{ ok: false, reason: "wrong_status" }]);

    // The transfer file is the one place with the full number.
    expect(await transferRows(db(), { batchId: prepared.batchId })).toEqual([
      expect.objectContaining({ account_number: "6228480012345678901", amount_fen: 9_500, reference: expect.stringMatching(/^PO-\d{8}-\d{5}\/ST-/) }),
    ]);

    const before = await ledgerBalances(db());
    const owed = (b: typeof before) => b.find((x) => x.account === "cooperative_payable" && x.cooperativeId === cooperativeId)!.balanceFen;
    const paid = await Promise.all([
      markBatchPaid(db(), { batchId: prepared.batchId, paidBy: second.id, bankReference: "CQRCB-20261202-001" }),
      markBatchPaid(db(), { batchId: prepared.batchId, paidBy: admin.id, bankReference: "CQRCB-20261202-002" }),
    ]);
    expect(paid.filter((p) => p.ok)).toHaveLength(1);
    const after = await ledgerBalances(db());
    expect(owed(after) - owed(before)).toBe(9_500);
    expect(owed(after)).toBe(0);
    expect((await payableStatements(db())).some((s) => s.id === statement.id)).toBe(false);
  });
});
