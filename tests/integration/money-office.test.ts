import { beforeAll, describe, expect, it } from "vitest";
import { createProduct } from "~/seed/factories.server";
import { commissionRateOn, ledgerBalances, postRefund } from "~/models/ledger.server";
import { issueStatement } from "~/models/statement.server";
import { loader as bankLoader, action as bankAction } from "~/routes/coop.bank-account";
import { loader as statementsLoader, action as statementsAction } from "~/routes/coop.statements._index";
import { loader as statementLoader } from "~/routes/coop.statements.$id";
import { loader as statementCsvLoader } from "~/routes/coop.statements.$id[.]csv";
import { loader as settlementsLoader, action as settlementsAction } from "~/routes/staff.settlements";
import { loader as payoutsLoader, action as payoutsAction } from "~/routes/staff.payouts._index";
import { loader as batchLoader, action as batchAction } from "~/routes/staff.payouts.$id";
import { loader as transferCsvLoader } from "~/routes/staff.payouts.$id[.]csv";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { createTestCooperative, createTestUser, formRequest } from "../support/auth";
import { insertDeliveredShipment } from "../support/after-purchase";
import { placePaidTestOrder } from "../support/checkout";
import { body, call, load, post } from "./coop-support";

// The money pages against the journal: every figure the cooperative and staff pages show is
// summed again from ledger entries here, to the fen; and the rules around the money: four eyes
// on payouts, admin-only rates, bank details changed only with the password, one cooperative
// never seeing another's statements.

const ACCOUNT_A = "6228480012345678901";
const ACCOUNT_B = "6217000010002222333";

let coopA: { id: number; slug: string };
let coopB: { id: number; slug: string };
let memberA: { id: number; email: string; password: string };
let memberB: { id: number; email: string; password: string };
let staff1: { id: number; email: string };
let staff2: { id: number; email: string };
let admin: { id: number; email: string };
let statementA: { id: number; totalFen: number };
let statementB: { id: number; totalFen: number };

/** What the journal says the shop owes a cooperative (credits are negative). */
async function journalOwes(cooperativeId: number): Promise<number> {
  const balances = await ledgerBalances(db());
  return -(balances.find((b) => b.account === "cooperative_payable" && b.cooperativeId === cooperativeId)?.balanceFen ?? 0);
}

/** A statement's figures summed from the journal entries it settled. */
async function journalOfStatement(statementId: number) {
  const rows = await db()
    .selectFrom("statement_entries as se")
    .innerJoin("ledger_entries as e", "e.id", "se.entry_id")
    .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
    .select(["e.account", "t.kind", "e.amount_fen"])
    .where("se.statement_id", "=", statementId)
    .execute();
  const sum = (filter: (r: (typeof rows)[number]) => boolean) => 0 - rows.filter(filter).reduce((s, r) => s + Number(r.amount_fen), 0);
  return {
    payable: sum((r) => r.account === "cooperative_payable"),
    // An adjustment's other side is on the commission account but is no commission charged.
    commission: sum((r) => r.account === "commission_income" && r.kind !== "adjustment"),
    sales: sum((r) => r.kind === "payment_captured"),
    refunds: sum((r) => r.kind === "refund"),
    adjustments: sum((r) => r.kind === "adjustment" && r.account === "cooperative_payable"),
  };
}

type StatementPage = {
  statement: { salesFen: number; refundsFen: number; adjustmentsFen: number; commissionFen: number; openingFen: number; totalFen: number };
  lines: { payableFen: number; commissionFen: number; goodsFen: number; kind: string; reason: string }[];
};

/** The cooperative's statement page, its lines and totals checked against the journal entries the statement settled. */
async function reconciledStatementPage(statementId: number, email: string): Promise<StatementPage> {
  const page = await body<StatementPage>(await load(statementLoader, `/coop/statements/${statementId}`, email, { id: String(statementId) }));
  const journal = await journalOfStatement(statementId);
  expect(page.lines.reduce((s, l) => s + l.payableFen, 0)).toBe(journal.payable);
  expect(page.lines.reduce((s, l) => s + l.commissionFen, 0)).toBe(journal.commission);
  expect(page.statement).toMatchObject({ salesFen: journal.sales, refundsFen: journal.refunds, adjustmentsFen: journal.adjustments, commissionFen: journal.commission });
  const { salesFen, refundsFen, adjustmentsFen, commissionFen, openingFen, totalFen } = page.statement;
  expect(salesFen + refundsFen + adjustmentsFen - commissionFen + openingFen).toBe(totalFen);
  expect(totalFen).toBe(journal.payable + openingFen);
  return page;
}

async function auditKinds(kind: string, cooperativeId?: number) {
  let query = db().selectFrom("audit_events").select(["kind", "data", "actor_user_id"]).where("kind", "=", kind);
  if (cooperativeId !== undefined) query = query.where("cooperative_id", "=", cooperativeId);
  return query.orderBy("id").execute();
}

beforeAll(async () => {
  coopA = await createTestCooperative({ nameZh: "奉节县脐橙对账合作社", nameEn: "Fengjie Ledger Orange Cooperative" });
  coopB = await createTestCooperative({ nameZh: "巫山县脆李对账合作社", nameEn: "Wushan Ledger Plum Cooperative" });
  memberA = await createTestUser({ cooperatives: [{ slug: coopA.slug, role: "owner" }] });
  memberB = await createTestUser({ cooperatives: [{ slug: coopB.slug, role: "owner" }] });
  staff1 = await createTestUser({ role: "staff", name: "出纳甲" });
  staff2 = await createTestUser({ role: "staff", name: "会计乙" });
  admin = await createTestUser({ role: "admin", name: "管理员丙" });

  const oranges = await createProduct(db(), { cooperative_id: coopA.id, variants: [{ price_fen: 10_000, stock_on_hand: 50 }] });
  const plums = await createProduct(db(), { cooperative_id: coopB.id, variants: [{ price_fen: 5_810, stock_on_hand: 50 }] });
  const mixed = await placePaidTestOrder(db(), {
    lines: [
      { variantId: oranges.variants[0]!.id, quantity: 2 },
      { variantId: plums.variants[0]!.id, quantity: 1 },
    ],
  });
  const single = await placePaidTestOrder(db(), { lines: [{ variantId: oranges.variants[0]!.id, quantity: 1 }] });
  await insertDeliveredShipment(mixed);
  await insertDeliveredShipment(single);
  const today = chinaToday();
  const period = { start: addDays(today, -5), end: addDays(today, 10) };
  statementA = (await issueStatement(db(), { cooperativeId: coopA.id, period, holdDays: 7 }))!;
  statementB = (await issueStatement(db(), { cooperativeId: coopB.id, period, holdDays: 7 }))!;
  // Goods ¥300.00 less 5 %.
  expect(statementA.totalFen).toBe(28_500);

  // A refund after settlement: the journal owes less than the statement says until the next one.
  const payment = await db().selectFrom("payments").select("id").where("order_id", "=", mixed.id).where("status", "=", "paid").executeTakeFirstOrThrow();
  const refund = await db()
    .insertInto("refunds")
    .values({ order_id: mixed.id, payment_id: payment.id, amount_fen: 3_000, reason: "damaged", idempotency_key: `money-office-${mixed.id}`, status: "succeeded" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db().transaction().execute((trx) => postRefund(trx, { refundId: refund.id }));
});

describe("the money pages reconcile with the journal", () => {
  it("staff settlements, cooperative statements and the statement page show the journal's figures, to the fen", async () => {
    const owedA = await journalOwes(coopA.id);
    const owedB = await journalOwes(coopB.id);
    expect(owedA).toBeLessThan(statementA.totalFen);

    const settlements = await body<{
      rows: { cooperativeId: number; payableFen: number; ageing: Record<string, number>; pendingPayoutFen: number; paidPayoutFen: number }[];
      totals: { payableFen: number; ageing: Record<string, number> };
    }>(await load(settlementsLoader, "/staff/settlements", staff1.email));
    const balances = await ledgerBalances(db());
    // Every cooperative the page lists, seeded ones included, and the total line.
    for (const row of settlements.rows) expect(row.payableFen, `cooperative ${row.cooperativeId}`).toBe(await journalOwes(row.cooperativeId));
    const allOwed = -balances.filter((b) => b.account === "cooperative_payable").reduce((sum, b) => sum + b.balanceFen, 0);
    expect(settlements.totals.payableFen).toBe(allOwed);
    const rowA = settlements.rows.find((r) => r.cooperativeId === coopA.id)!;
    expect(rowA).toMatchObject({ payableFen: owedA, ageing: { days0to30: 28_500, days31to60: 0, days61plus: 0 }, pendingPayoutFen: 0, paidPayoutFen: 0 });
    expect(settlements.rows.find((r) => r.cooperativeId === coopB.id)).toMatchObject({ payableFen: owedB, ageing: { days0to30: statementB.totalFen } });
    const unpaidTotal = await db()
      .selectFrom("statements as s")
      .leftJoin("payout_items as i", "i.statement_id", "s.id")
      .leftJoin("payout_batches as b", "b.id", "i.batch_id")
      .select((eb) => eb.fn.sum<number>("s.total_fen").as("total"))
      .where("s.total_fen", ">", 0)
      .where((eb) => eb.or([eb("b.status", "is", null), eb("b.status", "<>", "paid")]))
      .executeTakeFirstOrThrow();
    expect(Object.values(settlements.totals.ageing).reduce((a, b) => a + b, 0)).toBe(Number(unpaidTotal.total));

    const list = await body<{ payableFen: number; awaitingPaymentFen: number; statements: Record<string, number | string>[] }>(await load(statementsLoader, "/coop/statements", memberA.email));
    expect(list.payableFen).toBe(owedA);
    expect(list.awaitingPaymentFen).toBe(28_500);
    expect(list.statements).toHaveLength(1);
    const journal = await journalOfStatement(statementA.id);
    expect(list.statements[0]).toMatchObject({
      id: statementA.id,
      salesFen: journal.sales,
      refundsFen: 0,
      commissionFen: journal.commission,
      openingFen: 0,
      totalFen: journal.payable,
      payment: "unpaid",
    });
    expect(journal).toEqual({ payable: 28_500, commission: 1_500, sales: 28_500 + 1_500, refunds: 0, adjustments: 0 });

    const page = await reconciledStatementPage(statementA.id, memberA.email);
    expect(page.lines).toHaveLength(2);
    expect(page.lines.map((l) => l.goodsFen).sort((a, b) => a - b)).toEqual([10_000, 20_000]);
  });
});

describe("a cooperative's statements", () => {
  it("are invisible to another cooperative: page and CSV are 404, the list leaves them out", async () => {
    expect((await load(statementLoader, `/coop/statements/${statementA.id}`, memberB.email, { id: String(statementA.id) })).status).toBe(404);
    expect((await load(statementCsvLoader, `/coop/statements/${statementA.id}.csv`, memberB.email, { id: String(statementA.id) })).status).toBe(404);
    expect((await load(statementLoader, "/coop/statements/x", memberA.email, { id: "not-a-number" })).status).toBe(404);
    const listB = await body<{ statements: { id: number }[] }>(await load(statementsLoader, "/coop/statements", memberB.email));
    expect(listB.statements.map((s) => s.id)).toEqual([statementB.id]);
    // Staff without a membership are not a cooperative.
    expect((await load(statementsLoader, "/coop/statements", staff1.email)).status).toBe(403);
  });

  it("download as CSV with Chinese headers and exact yuan", async () => {
    const response = await load(statementCsvLoader, `/coop/statements/${statementA.id}.csv`, memberA.email, { id: String(statementA.id) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    // Response.text() would drop the BOM that spreadsheet programs need.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith("\uFEFF订单号,类型,入账时间,货款（元）,佣金（元）,应付（元）")).toBe(true);
    expect(text).toContain(",销售,");
    expect(text).toContain("200.00,10.00,190.00");
    expect(text).toMatch(/本期应付,,,,,285\.00/);
  });

  it("settle weekly once the cooperative chooses it (audited)", async () => {
    const bad = await post(statementsAction, "/coop/statements", memberA.email, { intent: "period", settlement_period: "daily" });
    expect(bad.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(bad)).errors.settlement_period).toBe("required");
    const response = await post(statementsAction, "/coop/statements", memberA.email, { intent: "period", settlement_period: "weekly" });
    expect(response.status).toBe(302);
    const row = await db().selectFrom("cooperatives").select("settlement_period").where("id", "=", coopA.id).executeTakeFirstOrThrow();
    expect(row.settlement_period).toBe("weekly");
    expect(await auditKinds("settlement_period.changed", coopA.id)).toHaveLength(1);
  });
});

describe("bank details", () => {
  it("are entered by the cooperative, shown masked, and replaced only with the member's password", async () => {
    const bad = await post(bankAction, "/coop/bank-account", memberA.email, { account_name: "", bank_name: "重庆农村商业银行", account_number: "12ab" });
    expect(bad.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(bad)).errors).toMatchObject({ account_name: "required", account_number: "accountNumber" });

    const first = await post(bankAction, "/coop/bank-account", memberA.email, { account_name: "奉节县脐橙对账合作社", bank_name: "重庆农村商业银行奉节支行", account_number: "6228 4800 1234 5678 901" });
    expect(first.status).toBe(302);
    const shown = await load(bankLoader, "/coop/bank-account", memberA.email);
    const shownText = await shown.text();
    expect(shownText).toContain("**** 8901");
    expect(shownText).not.toContain(ACCOUNT_A);

    const snapshot = () => db().selectFrom("cooperative_bank_accounts").selectAll().where("cooperative_id", "=", coopA.id).executeTakeFirstOrThrow();
    const before = await snapshot();
    const change = { account_name: "另一个户名", bank_name: "中国农业银行", account_number: "6228480099990000" };
    const noPassword = await post(bankAction, "/coop/bank-account", memberA.email, change);
    expect(noPassword.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(noPassword)).errors.password).toBe("required");
    const wrong = await post(bankAction, "/coop/bank-account", memberA.email, { ...change, password: "not the password at all" });
    expect(wrong.status).toBe(400);
    const wrongBody = await body<{ errors: Record<string, string>; values: Record<string, string> }>(wrong);
    expect(wrongBody.errors.password).toBe("wrongPassword");
    expect(JSON.stringify(wrongBody)).not.toContain("not the password at all");
    expect(await snapshot()).toEqual(before);
    expect(await auditKinds("bank_account.confirm_failed", coopA.id)).toHaveLength(1);

    // Member B cannot touch A's details: the form only ever writes the acting cooperative's.
    expect((await post(bankAction, "/coop/bank-account", memberB.email, { account_name: "巫山县脆李对账合作社", bank_name: "中国邮政储蓄银行巫山支行", account_number: ACCOUNT_B })).status).toBe(302);
    expect(await snapshot()).toEqual(before);

    const audits = await auditKinds("bank_account.changed", coopA.id);
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain(ACCOUNT_A);
    expect(JSON.stringify(audits[0]!.data)).toContain("8901");
  });

  it("replace with the right password", async () => {
    // Change to a second account and back, both confirmed.
    const ok = await post(bankAction, "/coop/bank-account", memberA.email, { account_name: "奉节县脐橙对账合作社", bank_name: "中国农业银行奉节支行", account_number: "6228480099990000", password: memberA.password });
    expect(ok.status).toBe(302);
    expect((await db().selectFrom("cooperative_bank_accounts").select("account_number").where("cooperative_id", "=", coopA.id).executeTakeFirstOrThrow()).account_number).toBe("6228480099990000");
    const back = await post(bankAction, "/coop/bank-account", memberA.email, { account_name: "奉节县脐橙对账合作社", bank_name: "重庆农村商业银行奉节支行", account_number: ACCOUNT_A, password: memberA.password });
    expect(back.status).toBe(302);
    expect(await auditKinds("bank_account.changed", coopA.id)).toHaveLength(3);
  });
});

describe("payouts with four eyes", () => {
  it("are prepared by one member of staff, refused to the same person, approved by another, paid, and reconcile", async () => {
    // Choosing nothing is a field error, not a 500.
    const none = await post(payoutsAction, "/staff/payouts", staff1.email, { intent: "prepare" });
    expect(none.status).toBe(400);

    const listed = await load(payoutsLoader, "/staff/payouts", staff1.email);
    const listedText = await listed.text();
    expect(listedText).toContain("**** 8901");
    expect(listedText).not.toContain(ACCOUNT_A);

    const form = await formRequest("/staff/payouts", { email: staff1.email, form: { intent: "prepare" } });
    const prepareRequest = new Request(form.url, {
      method: "POST",
      headers: form.headers,
      body: new URLSearchParams([["intent", "prepare"], ["statement_ids", String(statementA.id)], ["statement_ids", String(statementB.id)]]).toString(),
    });
    const prepared = await call(payoutsAction, prepareRequest);
    expect(prepared.status).toBe(302);
    const batchId = Number(/\/staff\/payouts\/(\d+)/.exec(prepared.headers.get("Location")!)![1]);
    const params = { id: String(batchId) };

    const page = await load(batchLoader, `/staff/payouts/${batchId}`, staff1.email, params);
    const pageText = await page.text();
    expect(pageText).not.toContain(ACCOUNT_A);
    expect(pageText).not.toContain(ACCOUNT_B);
    const pageData = JSON.parse(pageText) as { batch: { total_fen: number; prepared_by_name: string; status: string }; preparedByMe: boolean };
    expect(pageData).toMatchObject({ batch: { total_fen: 28_500 + statementB.totalFen, prepared_by_name: "出纳甲", status: "prepared" }, preparedByMe: true });

    // The preparer cannot approve: a clear refusal, nothing changes.
    const own = await post(batchAction, `/staff/payouts/${batchId}`, staff1.email, { intent: "approve" }, params);
    expect(own.status).toBe(403);
    expect(await body(own)).toMatchObject({ refusal: "same_person" });
    expect((await db().selectFrom("payout_batches").select("status").where("id", "=", batchId).executeTakeFirstOrThrow()).status).toBe("prepared");
    // Nor can anyone mark it paid before approval.
    expect((await post(batchAction, `/staff/payouts/${batchId}`, staff2.email, { intent: "paid", bank_reference: "EARLY" }, params)).status).toBe(409);

    const approved = await post(batchAction, `/staff/payouts/${batchId}`, staff2.email, { intent: "approve" }, params);
    expect(approved.status).toBe(302);
    // A second approval (the admin) finds it already approved.
    const again = await post(batchAction, `/staff/payouts/${batchId}`, admin.email, { intent: "approve" }, params);
    expect(again.status).toBe(409);

    // The transfer file has the full numbers, for staff only.
    expect((await load(transferCsvLoader, `/staff/payouts/${batchId}.csv`, memberA.email, params)).status).toBe(403);
    const csv = await (await load(transferCsvLoader, `/staff/payouts/${batchId}.csv`, staff1.email, params)).text();
    expect(csv).toContain("户名,开户银行,账号,金额（元）,附言");
    expect(csv).toContain(`奉节县脐橙对账合作社,重庆农村商业银行奉节支行,${ACCOUNT_A},285.00,`);
    expect(csv).toContain(ACCOUNT_B);

    const noReference = await post(batchAction, `/staff/payouts/${batchId}`, staff1.email, { intent: "paid", bank_reference: "  " }, params);
    expect(noReference.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(noReference)).errors.bank_reference).toBe("required");
    const owedBefore = await journalOwes(coopA.id);
    expect((await post(batchAction, `/staff/payouts/${batchId}`, staff1.email, { intent: "paid", bank_reference: "CQRCB-20261203-001" }, params)).status).toBe(302);
    expect(await journalOwes(coopA.id)).toBe(owedBefore - 28_500);

    const after = await body<{ batch: { status: string; approved_by_name: string; bank_reference: string } }>(await load(batchLoader, `/staff/payouts/${batchId}`, admin.email, params));
    expect(after.batch).toMatchObject({ status: "paid", approved_by_name: "会计乙", bank_reference: "CQRCB-20261203-001" });
    for (const kind of ["payout.prepared", "payout.approved", "payout.paid"]) expect(await auditKinds(kind), kind).toHaveLength(1);

    // The pages after payment, against the journal again.
    const settlements = await body<{ rows: { cooperativeId: number; payableFen: number; ageing: Record<string, number>; pendingPayoutFen: number; paidPayoutFen: number }[] }>(
      await load(settlementsLoader, "/staff/settlements", staff2.email),
    );
    const rowA = settlements.rows.find((r) => r.cooperativeId === coopA.id)!;
    expect(rowA).toEqual(expect.objectContaining({ payableFen: await journalOwes(coopA.id), ageing: { days0to30: 0, days31to60: 0, days61plus: 0 }, pendingPayoutFen: 0, paidPayoutFen: 28_500 }));
    const list = await body<{ payableFen: number; awaitingPaymentFen: number; statements: { payment: string }[]; payouts: { amount_fen: number; accountNumber: string; bank_reference: string }[] }>(
      await load(statementsLoader, "/coop/statements", memberA.email),
    );
    expect(list.payableFen).toBe(await journalOwes(coopA.id));
    // The refund after settlement leaves the cooperative owing the shop until its next statement.
    expect(list.payableFen).toBeLessThan(0);
    expect(list.awaitingPaymentFen).toBe(0);
    expect(list.statements[0]!.payment).toBe("paid");
    expect(list.payouts).toEqual([expect.objectContaining({ amount_fen: 28_500, accountNumber: "**** 8901", bank_reference: "CQRCB-20261203-001" })]);
    expect(JSON.stringify(list)).not.toContain(ACCOUNT_A);
  });
});

describe("commission rates", () => {
  it("are set by admins only, effective-dated, with field errors for bad input, and audited", async () => {
    const tomorrow = addDays(chinaToday(), 1);
    const form = { intent: "rate", cooperative_id: String(coopA.id), rate: "4.5", effective_from: tomorrow };
    const byStaff = await post(settlementsAction, "/staff/settlements", staff1.email, form);
    expect(byStaff.status).toBe(403);
    expect(await commissionRateOn(db(), coopA.id, tomorrow)).toBe(500);

    const bad = await post(settlementsAction, "/staff/settlements", admin.email, { intent: "rate", cooperative_id: String(coopA.id), rate: "abc", effective_from: "2026-13-40" });
    expect(bad.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(bad)).errors).toMatchObject({ rate: "ratePercent", effective_from: "date" });
    const tooHigh = await post(settlementsAction, "/staff/settlements", admin.email, { ...form, rate: "60" });
    expect((await body<{ errors: Record<string, string> }>(tooHigh)).errors.rate).toBe("rateTooHigh");
    const past = await post(settlementsAction, "/staff/settlements", admin.email, { ...form, effective_from: addDays(chinaToday(), -1) });
    expect((await body<{ errors: Record<string, string> }>(past)).errors.effective_from).toBe("notPast");
    const unknown = await post(settlementsAction, "/staff/settlements", admin.email, { ...form, cooperative_id: "999999" });
    expect(unknown.status).toBe(400);

    expect((await post(settlementsAction, "/staff/settlements", admin.email, form)).status).toBe(302);
    expect(await commissionRateOn(db(), coopA.id, chinaToday())).toBe(500);
    expect(await commissionRateOn(db(), coopA.id, tomorrow)).toBe(450);
    const audits = await auditKinds("commission.rate_set", coopA.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_user_id: admin.id });
    expect(audits[0]!.data).toMatchObject({ rateBp: 450, previousBp: 500, effectiveFrom: tomorrow });
  });
});

describe("adjustments", () => {
  const adjustmentCount = async () => Number((await db().selectFrom("ledger_transactions").select((eb) => eb.fn.countAll<number>().as("n")).where("kind", "=", "adjustment").executeTakeFirstOrThrow()).n);
  const freshToken = async (email: string) => (await body<{ adjustmentToken: string | null }>(await load(settlementsLoader, "/staff/settlements", email))).adjustmentToken;

  it("are posted by admins only, with field errors for bad input, once per form, and audited", async () => {
    expect(await freshToken(staff1.email)).toBeNull();
    const token = (await freshToken(admin.email))!;
    const form = { intent: "adjustment", cooperative_id: String(coopA.id), amount: "50", reason: "冷链延误补偿", token };
    const before = await adjustmentCount();
    expect((await post(settlementsAction, "/staff/settlements", staff1.email, form)).status).toBe(403);
    expect((await post(settlementsAction, "/staff/settlements", memberA.email, form)).status).toBe(403);
    expect(await adjustmentCount()).toBe(before);

    const errorsOf = async (changes: Record<string, string>) => {
      const response = await post(settlementsAction, "/staff/settlements", admin.email, { ...form, ...changes });
      expect(response.status).toBe(400);
      return (await body<{ intent: string; errors: Record<string, string> }>(response)).errors;
    };
    expect(await errorsOf({ amount: "abc", reason: "  " })).toEqual({ amount: "adjustmentAmount", reason: "required" });
    expect(await errorsOf({ amount: "-0" })).toEqual({ amount: "adjustmentZero" });
    expect(await errorsOf({ amount: "12.345" })).toEqual({ amount: "adjustmentAmount" });
    expect(await errorsOf({ amount: "1000000.01" })).toEqual({ amount: "adjustmentTooLarge" });
    expect(await errorsOf({ cooperative_id: "999999" })).toEqual({ cooperative_id: "required" });
    expect(await errorsOf({ token: "" })).toEqual({ token: "required" });
    expect(await adjustmentCount()).toBe(before);

    const owedA = await journalOwes(coopA.id);
    const owedB = await journalOwes(coopB.id);
    const posted = await post(settlementsAction, "/staff/settlements", admin.email, form);
    expect(posted.status).toBe(302);
    expect(posted.headers.get("Location")).toBe("/staff/settlements?notice=adjustmentPosted#adjustments");
    // The same form sent again (a double click) posts nothing more.
    expect((await post(settlementsAction, "/staff/settlements", admin.email, form)).status).toBe(302);
    // A charge back, typed with a Chinese keyboard's minus and yuan sign.
    const chargeBack = { intent: "adjustment", cooperative_id: String(coopB.id), amount: "−￥12.34", reason: "包装不合格扣回", token: (await freshToken(admin.email))! };
    expect((await post(settlementsAction, "/staff/settlements", admin.email, chargeBack)).status).toBe(302);
    expect(await adjustmentCount()).toBe(before + 2);
    expect(await journalOwes(coopA.id)).toBe(owedA + 5_000);
    expect(await journalOwes(coopB.id)).toBe(owedB - 1_234);

    const auditsA = await auditKinds("ledger.adjustment_posted", coopA.id);
    expect(auditsA).toHaveLength(1);
    expect(auditsA[0]).toMatchObject({ actor_user_id: admin.id, data: { amountFen: 5_000, reason: "冷链延误补偿" } });
    expect((await auditKinds("ledger.adjustment_posted", coopB.id))[0]).toMatchObject({ actor_user_id: admin.id, data: { amountFen: -1_234, reason: "包装不合格扣回" } });
  });

  it("go into the next statement with the right net, and every page still reconciles with the journal", async () => {
    const settlementsBody = async () =>
      body<{ rows: { cooperativeId: number; payableFen: number }[]; totals: { payableFen: number }; adjustments: { cooperativeId: number; amountFen: number; reason: string; statementNumber: string | null }[] }>(
        await load(settlementsLoader, "/staff/settlements", staff2.email),
      );
    const allOwed = async () => -(await ledgerBalances(db())).filter((b) => b.account === "cooperative_payable").reduce((sum, b) => sum + b.balanceFen, 0);
    let settlements = await settlementsBody();
    for (const row of settlements.rows) expect(row.payableFen, `cooperative ${row.cooperativeId}`).toBe(await journalOwes(row.cooperativeId));
    expect(settlements.totals.payableFen).toBe(await allOwed());
    expect(settlements.adjustments.slice(0, 2)).toEqual([
      expect.objectContaining({ cooperativeId: coopB.id, amountFen: -1_234, reason: "包装不合格扣回", statementNumber: null }),
      expect.objectContaining({ cooperativeId: coopA.id, amountFen: 5_000, reason: "冷链延误补偿", statementNumber: null }),
    ]);

    const today = chinaToday();
    const next = { start: addDays(today, 11), end: addDays(today, 40) };
    // A: the refund after settlement took 2,325 of the oranges' 20,000 (payable 19,000 → 16,791:
    // −2,209), and ¥50.00 was added: 2,791.
    const nextA = (await issueStatement(db(), { cooperativeId: coopA.id, period: next, holdDays: 7 }))!;
    expect(nextA.totalFen).toBe(-2_209 + 5_000);
    // B: its 675 of the refund (payable 5,519 → 4,878: −641) and ¥12.34 charged back: −1,875, carried.
    const nextB = (await issueStatement(db(), { cooperativeId: coopB.id, period: next, holdDays: 7 }))!;
    expect(nextB.totalFen).toBe(-641 - 1_234);

    const pageA = await reconciledStatementPage(nextA.id, memberA.email);
    expect(pageA.statement).toMatchObject({ salesFen: 0, refundsFen: -2_325, adjustmentsFen: 5_000, commissionFen: -116, openingFen: 0, totalFen: 2_791 });
    expect(pageA.lines).toEqual([
      expect.objectContaining({ kind: "refund", reason: "", payableFen: -2_209 }),
      expect.objectContaining({ kind: "adjustment", reason: "冷链延误补偿", goodsFen: 5_000, commissionFen: 0, payableFen: 5_000 }),
    ]);
    const pageB = await reconciledStatementPage(nextB.id, memberB.email);
    expect(pageB.statement).toMatchObject({ adjustmentsFen: -1_234, totalFen: -1_875 });
    // The cooperative's list shows the same figures.
    const list = await body<{ statements: { id: number; adjustmentsFen: number; totalFen: number }[] }>(await load(statementsLoader, "/coop/statements", memberA.email));
    expect(list.statements.find((s) => s.id === nextA.id)).toMatchObject({ adjustmentsFen: 5_000, totalFen: 2_791 });

    const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await (await load(statementCsvLoader, `/coop/statements/${nextA.id}.csv`, memberA.email, { id: String(nextA.id) })).arrayBuffer());
    expect(csv).toMatch(/,结算调整,[^,]+,50\.00,0\.00,50\.00,冷链延误补偿\r\n/);
    expect(csv).toContain("结算调整（补偿或扣回）,,,50.00,,");
    expect(csv).toMatch(/本期应付,,,,,27\.91/);

    settlements = await settlementsBody();
    for (const row of settlements.rows) expect(row.payableFen, `cooperative ${row.cooperativeId}`).toBe(await journalOwes(row.cooperativeId));
    expect(settlements.totals.payableFen).toBe(await allOwed());
    expect(settlements.adjustments.find((a) => a.cooperativeId === coopA.id)?.statementNumber).toMatch(/^ST-/);
  });
});
