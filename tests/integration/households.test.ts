import { createInstance } from "i18next";
import { sql } from "kysely";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { action as householdsAction, loader as householdsLoader } from "~/routes/coop.households._index";
import { action as householdAction, loader as householdLoader } from "~/routes/coop.households.$id";
import { action as importAction } from "~/routes/coop.households.import";
import { action as dividendsAction } from "~/routes/coop.dividends._index";
import { action as distributionAction, loader as distributionLoader } from "~/routes/coop.dividends.$id";
import { loader as noticeLoader } from "~/routes/coop.dividends.$id_.notice";
import { loader as paymentsLoader } from "~/routes/coop.dividends.$id_.payments[.]csv";
import DistributionSlips, { loader as slipsLoader } from "~/routes/coop.dividends.$id_.slips";
import { loader as householdTemplateLoader } from "~/routes/coop.households.template[.]csv";
import { i18nOptions, type Locale } from "~/i18n";
import { resources } from "~/locales";
import { getDistribution } from "~/models/distribution.server";
import { accountEntries, accountTotals, addAccountEntries, addDeliveries } from "~/models/member-account.server";
import { createHouseholds } from "~/models/household.server";
import { confirmDistribution, recordDistribution, type DistributionInput } from "~/services/dividends.server";
import { db } from "~/utils/db.server";
import { createTestCooperative, createTestUser, getRequest, sessionCookieFor, siteOrigin, testContext } from "../support/auth";
import { body, call, load, post } from "./coop-support";

// Member households, their accounts and surplus distributions, through the portal's loaders and
// actions: tenant isolation, the CSV import with Chinese headers, the law's 60 % floor, the
// database refusing to change a confirmed distribution, and the parts summing to the fen.

async function cooperativeWithMember() {
  const cooperative = await createTestCooperative();
  const user = await createTestUser({ cooperatives: [{ slug: cooperative.slug }] });
  return { cooperativeId: cooperative.id, email: user.email, userId: user.id };
}

async function upload(url: string, email: string, csv: string): Promise<Response> {
  const form = new FormData();
  form.set("file", new File([csv], "import.csv", { type: "text/csv" }));
  const headers = new Headers({ Cookie: await sessionCookieFor(email), Origin: siteOrigin() });
  return call(importAction, new Request(new URL(url, siteOrigin()), { method: "POST", headers, body: form }));
}

const baseInput = (overrides: Partial<DistributionInput> = {}): DistributionInput => ({
  periodStart: "2026-01-01",
  periodEnd: "2026-12-31",
  incomeFen: 1_000_000,
  costsFen: 0,
  lossesFen: 0,
  reserveRateBp: 1_000,
  transactionShareBp: 6_000,
  convertedBp: 0,
  noticeNames: "masked",
  ...overrides,
});

describe("member households", () => {
  it("are reachable only by their own cooperative", async () => {
    const a = await cooperativeWithMember();
    const b = await cooperativeWithMember();
    const added = await post(householdsAction, "/coop/households", a.email, { head_name: "王秀英", village: "青龙村", joined_on: "2024-03-01", id_last4: "123x" });
    expect(added.status).toBe(302);
    const id = Number(added.headers.get("Location")!.match(/\/coop\/households\/(\d+)/)![1]);
    const stored = await db().selectFrom("households").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ cooperative_id: a.cooperativeId, number: 1, head_name: "王秀英", id_last4: "123X" });

    // A full identity number is refused, never cut down.
    const full = await post(householdsAction, "/coop/households", a.email, { head_name: "李四", village: "青龙村", joined_on: "2024-03-01", id_last4: "50023619800101123X" });
    expect(full.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(full)).errors).toEqual({ id_last4: "idLast4" });

    expect((await load(householdLoader, `/coop/households/${id}`, a.email, { id: String(id) })).status).toBe(200);
    expect((await load(householdLoader, `/coop/households/${id}`, b.email, { id: String(id) })).status).toBe(404);
    const listed = await body<{ households: unknown[] }>(await load(householdsLoader, "/coop/households", b.email));
    expect(listed.households).toEqual([]);
    // Posting an entry or a delivery to another cooperative's household: 404, nothing written.
    const entry = await post(householdAction, `/coop/households/${id}`, b.email, { intent: "entry", kind: "cash_contribution", amount: "1000", entered_on: "2026-01-01" }, { id: String(id) });
    expect(entry.status).toBe(404);
    const delivery = await post(householdAction, `/coop/households/${id}`, b.email, { intent: "delivery", delivered_on: "2026-01-01", produce: "脐橙", weight_kg: "10", amount: "50" }, { id: String(id) });
    expect(delivery.status).toBe(404);
    // The models refuse it too, whatever a caller passes.
    expect(await addAccountEntries(db(), { cooperativeId: b.cooperativeId, userId: b.userId, entries: [{ householdId: id, kind: "cash_contribution", amountFen: 100, landMu: null, enteredOn: "2026-01-01", note: "" }] })).toBe(false);
    const counts = await db().selectFrom("member_account_entries").select(sql<number>`count(*)::int`.as("n")).where("household_id", "=", id).executeTakeFirstOrThrow();
    expect(counts.n).toBe(0);

    // The owner adds a land contribution and corrects it: two entries, the account back to zero.
    const land = await post(householdAction, `/coop/households/${id}`, a.email, { intent: "entry", kind: "land_contribution", amount: "3,000", land_mu: "2.5", entered_on: "2026-01-01" }, { id: String(id) });
    expect(land.status).toBe(302);
    const [landEntry] = await db().selectFrom("member_account_entries").select(["id", "amount_fen", "land_mu"]).where("household_id", "=", id).execute();
    expect(Number(landEntry!.amount_fen)).toBe(300_000);
    expect(Number(landEntry!.land_mu)).toBe(2.5);
    expect((await post(householdAction, `/coop/households/${id}`, a.email, { intent: "correct", entry_id: String(landEntry!.id), note: "录错了" }, { id: String(id) })).status).toBe(302);
    expect((await accountTotals(db(), { cooperativeId: a.cooperativeId, asOf: "2099-01-01" })).get(id)).toBe(0);
    // Entries are never edited.
    await expect(db().updateTable("member_account_entries").set({ amount_fen: 1 }).where("id", "=", landEntry!.id).execute()).rejects.toThrow(/append-only/);

    // A leave date is a change kept in the history.
    expect((await post(householdAction, `/coop/households/${id}`, a.email, { intent: "edit", head_name: "王秀英", village: "青龙村", joined_on: "2024-03-01", left_on: "2026-06-30" }, { id: String(id) })).status).toBe(302);
    const history = await db().selectFrom("household_history").select(["left_on"]).where("household_id", "=", id).orderBy("id").execute();
    expect(history.map((h) => h.left_on)).toEqual([null, "2026-06-30"]);
    // Another cooperative cannot edit it.
    expect((await post(householdAction, `/coop/households/${id}`, b.email, { intent: "edit", head_name: "X", village: "Y", joined_on: "2024-03-01" }, { id: String(id) })).status).toBe(404);
  });

  it("import from CSV with Chinese headers, all rows or none", async () => {
    const a = await cooperativeWithMember();
    const bad = "户主,村,入社日期,身份证后四位\n王秀英,青龙村,2024-03-01,123X\n,白果村,2024-03-01,\n李建国,白果村,2024-13-01,500236198001011234\n";
    const refused = await upload("/coop/households/import?kind=households", a.email, bad);
    expect(refused.status).toBe(400);
    const report = (await body<{ report: { committed: boolean; refused: { row: number; problems: { column: string; key: string }[] }[] } }>(refused)).report;
    expect(report.committed).toBe(false);
    expect(report.refused).toEqual([
      { row: 3, problems: [{ column: "head_name", key: "required" }] },
      { row: 4, problems: expect.arrayContaining([{ column: "joined_on", key: "dateFormat" }, { column: "id_last4", key: "idLast4" }]) },
    ]);
    expect(await db().selectFrom("households").select("id").where("cooperative_id", "=", a.cooperativeId).execute()).toEqual([]);

    const good = "\uFEFF户主,村,入社日期,退社日期\n王秀英,青龙村,2024-03-01,\n李建国,白果村,2025-05-01,\n";
    const imported = await upload("/coop/households/import?kind=households", a.email, good);
    expect(imported.status).toBe(200);
    const households = await db().selectFrom("households").select(["id", "number", "head_name"]).where("cooperative_id", "=", a.cooperativeId).orderBy("number").execute();
    expect(households.map((h) => [h.number, h.head_name])).toEqual([[1, "王秀英"], [2, "李建国"]]);

    const deliveriesBad = "户号,户主,交售日期,品种,重量（公斤）,金额（元）,批次号\n1,王秀英,2026-11-20,脐橙,250.5,1002.00,\n2,王秀英,2026-11-21,脐橙,10,40,\n9,,2026-11-21,脐橙,10,40,\n1,,2026-11-22,脐橙,abc,40,NO-SUCH-BATCH\n";
    const dRefused = await upload("/coop/households/import?kind=deliveries", a.email, deliveriesBad);
    expect(dRefused.status).toBe(400);
    const dReport = (await body<{ report: { refused: { row: number; problems: { column: string; key: string }[] }[] } }>(dRefused)).report;
    expect(dReport.refused.map((r) => [r.row, r.problems.map((p) => `${p.column}:${p.key}`)])).toEqual([
      [3, ["head_name:nameMismatch"]],
      [4, ["household_number:unknownHousehold"]],
      [5, ["weight_kg:weightFormat"]],
    ]);
    expect(await db().selectFrom("household_deliveries").select("id").where("cooperative_id", "=", a.cooperativeId).execute()).toEqual([]);

    const deliveriesGood = "户号,交售日期,品种,重量（公斤）,金额（元）\n1,2026-11-20,脐橙,250.5,1002.00\n2,2026-11-21,脐橙,100,400\n";
    expect((await upload("/coop/households/import?kind=deliveries", a.email, deliveriesGood)).status).toBe(200);
    const rows = await db().selectFrom("household_deliveries").select(["weight_grams", "amount_fen"]).where("cooperative_id", "=", a.cooperativeId).orderBy("id").execute();
    expect(rows.map((r) => [Number(r.weight_grams), Number(r.amount_fen)])).toEqual([[250_500, 100_200], [100_000, 40_000]]);
  });

  it("import member-account entries from CSV, Chinese or English headers, for this cooperative's households only, kept as history", async () => {
    const a = await cooperativeWithMember();
    const b = await cooperativeWithMember();
    const [wang, li] = await createHouseholds(db(), {
      cooperativeId: a.cooperativeId,
      userId: a.userId,
      households: [
        { head_name: "王秀英", village: "青龙村", joined_on: "2020-01-01", left_on: null, id_last4: null },
        { head_name: "李建国", village: "青龙村", joined_on: "2020-01-01", left_on: null, id_last4: null },
      ],
    });
    const [zhang] = await createHouseholds(db(), {
      cooperativeId: b.cooperativeId,
      userId: b.userId,
      households: [{ head_name: "张桂兰", village: "白果村", joined_on: "2020-01-01", left_on: null, id_last4: null }],
    });
    const entriesOf = async (cooperativeId: number) =>
      db().selectFrom("member_account_entries").select(["household_id", "kind", "amount_fen", "land_mu", "entered_on", "note", "created_by"]).where("cooperative_id", "=", cooperativeId).orderBy("id").execute();

    // Every row is checked; one bad row and nothing is written, each reason told by row.
    const bad = [
      "户号,户主,类别,金额（元）,土地（亩）,记账日期,备注",
      "1,王秀英,出资额（货币）,1000,,2026-01-01,",
      ",张桂兰,现金出资,500,,2026-01-01,", // the other cooperative's household
      "2,,土地经营权,3000,,2026-01-01,", // land without its mu
      "1,,股金,100,,2026-01-01,",
      "2,,公积金,0,,2026/01/01,",
      "2,王秀英,捐赠,10,,2026-01-01,",
    ].join("\n");
    const refused = await upload("/coop/households/import?kind=entries", a.email, bad);
    expect(refused.status).toBe(400);
    const report = (await body<{ report: { committed: boolean; refused: { row: number; problems: { column: string; key: string; params?: Record<string, string> }[] }[] } }>(refused)).report;
    expect(report.committed).toBe(false);
    expect(report.refused.map((r) => [r.row, r.problems.map((p) => `${p.column}:${p.key}`)])).toEqual([
      [3, ["head_name:unknownHousehold"]],
      [4, ["land_mu:muRequired"]],
      [5, ["kind:unknownKind"]],
      [6, ["amount:amountZero", "entered_on:dateFormat"]],
      [7, ["head_name:nameMismatch"]],
    ]);
    expect(report.refused[2]!.problems[0]!.params).toEqual({ value: "股金" });
    expect(await entriesOf(a.cooperativeId)).toEqual([]);
    expect(await entriesOf(b.cooperativeId)).toEqual([]);

    // English headers and kinds, full-width digits and a yuan sign are read as people type them.
    const good = [
      "household_number,head_name,kind,amount,land_mu,entered_on,note",
      "1,,cash_contribution,\"1,000.50\",,2026-01-01,首期股金",
      "1,,土地经营权,3000,２.5,2026-01-01,土地经营权入股",
      "2,李建国,财政补助量化份额,¥123.45,,2026-06-30,",
      "2,,reserve_share,0.01,,2026-06-30,",
      ",李建国,Quantified donation,99 元,,2026-07-01,",
    ].join("\n");
    const imported = await upload("/coop/households/import?kind=entries", a.email, good);
    expect(imported.status).toBe(200);
    expect((await body<{ report: { imported: number; committed: boolean } }>(imported)).report).toMatchObject({ imported: 5, committed: true });
    const stored = await entriesOf(a.cooperativeId);
    expect(stored.map((e) => [e.household_id, e.kind, Number(e.amount_fen), e.land_mu === null ? null : Number(e.land_mu), e.entered_on, e.note, e.created_by])).toEqual([
      [wang!.id, "cash_contribution", 100_050, null, "2026-01-01", "首期股金", a.userId],
      [wang!.id, "land_contribution", 300_000, 2.5, "2026-01-01", "土地经营权入股", a.userId],
      [li!.id, "subsidy", 12_345, null, "2026-06-30", "", a.userId],
      [li!.id, "reserve_share", 1, null, "2026-06-30", "", a.userId],
      [li!.id, "donation", 9_900, null, "2026-07-01", "", a.userId],
    ]);
    const totals = await accountTotals(db(), { cooperativeId: a.cooperativeId, asOf: "2026-12-31" });
    expect([totals.get(wang!.id), totals.get(li!.id)]).toEqual([400_050, 22_246]);
    // As of a day, only what was entered by then.
    expect((await accountTotals(db(), { cooperativeId: a.cooperativeId, asOf: "2026-06-29" })).get(li!.id)).toBeUndefined();

    // The other cooperative's number 1 is its own household, never theirs.
    const other = await upload("/coop/households/import?kind=entries", b.email, "户号,类别,金额（元）,记账日期\n1,现金,500,2026-01-01\n");
    expect(other.status).toBe(200);
    expect((await entriesOf(b.cooperativeId)).map((e) => [e.household_id, Number(e.amount_fen)])).toEqual([[zhang!.id, 50_000]]);
    expect(await entriesOf(a.cooperativeId)).toHaveLength(5);

    // The template has the Chinese headers and imports as it is; a second import adds to the
    // history and changes nothing entered before.
    const templateResponse = await load(householdTemplateLoader, "/coop/households/template.csv?kind=entries", a.email);
    expect(templateResponse.headers.get("Content-Disposition")).toContain("shanshui-entries-template.csv");
    const templateBytes = new Uint8Array(await templateResponse.arrayBuffer());
    // A byte-order mark, so that Excel opens the Chinese as UTF-8.
    expect([...templateBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const template = new TextDecoder("utf-8", { ignoreBOM: true }).decode(templateBytes);
    expect(template.split("\r\n")[0]).toBe("\uFEFF户号,户主,类别,金额（元）,土地（亩）,记账日期,备注");
    expect((await upload("/coop/households/import?kind=entries", a.email, template)).status).toBe(200);
    const history = await accountEntries(db(), { cooperativeId: a.cooperativeId, householdId: wang!.id });
    expect(history.map((e) => [e.kind, e.amount_fen, e.land_mu === null ? null : Number(e.land_mu)])).toEqual([
      ["cash_contribution", 100_050, null],
      ["land_contribution", 300_000, 2.5],
      ["cash_contribution", 100_000, null],
      ["land_contribution", 300_000, 2.5],
    ]);
    expect(history.every((e) => e.created_by_name !== null)).toBe(true);
    expect(stored).toEqual((await entriesOf(a.cooperativeId)).slice(0, 5));
    // The household page lists what was imported.
    const page = await body<{ entries: { amount_fen: number }[] }>(await load(householdLoader, `/coop/households/${li!.id}`, a.email, { id: String(li!.id) }));
    expect(page.entries.map((e) => e.amount_fen)).toEqual([12_345, 1, 50_000, 9_900]);
  });
});

describe("surplus distributions", () => {
  async function cooperativeWithHouseholds() {
    const member = await cooperativeWithMember();
    const households = await createHouseholds(db(), {
      cooperativeId: member.cooperativeId,
      userId: member.userId,
      households: [
        { head_name: "王秀英", village: "青龙村", joined_on: "2020-01-01", left_on: null, id_last4: null },
        { head_name: "李建国", village: "青龙村", joined_on: "2020-01-01", left_on: null, id_last4: null },
        { head_name: "张三", village: "白果村", joined_on: "2027-02-01", left_on: null, id_last4: null },
        { head_name: "赵四", village: "白果村", joined_on: "2020-01-01", left_on: "2025-12-31", id_last4: null },
      ],
    });
    const [wang, li, zhang, zhao] = households.map((h) => h.id) as [number, number, number, number];
    await addAccountEntries(db(), {
      cooperativeId: member.cooperativeId,
      userId: member.userId,
      entries: [wang, li, zhang, zhao].map((householdId) => ({ householdId, kind: "cash_contribution" as const, amountFen: 100_000, landMu: null, enteredOn: "2020-01-01", note: "" })),
    });
    await addDeliveries(db(), {
      cooperativeId: member.cooperativeId,
      userId: member.userId,
      deliveries: [
        { householdId: wang, deliveredOn: "2026-05-01", produce: "脐橙", weightGrams: 100_000, amountFen: 200_000, batchId: null, note: "" },
        { householdId: li, deliveredOn: "2026-06-01", produce: "脐橙", weightGrams: 50_000, amountFen: 100_000, batchId: null, note: "" },
        // Before the period: not a transaction of it.
        { householdId: zhao, deliveredOn: "2025-06-01", produce: "脐橙", weightGrams: 50_000, amountFen: 100_000, batchId: null, note: "" },
      ],
    });
    return { ...member, wang, li, zhang, zhao };
  }

  it("refuse a transaction share under 60 % with a field error", async () => {
    const c = await cooperativeWithHouseholds();
    const form = { period_start: "2026-01-01", period_end: "2026-12-31", income: "10000", costs: "0", losses: "0", reserve_rate: "10", transaction_share: "59.99", notice_names: "masked" };
    const refused = await post(dividendsAction, "/coop/dividends", c.email, form);
    expect(refused.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(refused)).errors).toEqual({ transaction_share: "belowLaw" });
    expect(await db().selectFrom("distributions").select("id").where("cooperative_id", "=", c.cooperativeId).execute()).toEqual([]);
    // The database refuses it as well.
    await expect(
      sql`INSERT INTO distributions (cooperative_id, period_start, period_end, income_fen, costs_fen, surplus_fen, losses_fen, losses_covered_fen, reserve_rate_bp, reserve_fen, transaction_share_bp, distributable_fen, by_transactions_fen, by_accounts_fen)
        VALUES (${c.cooperativeId}, '2026-01-01', '2026-12-31', 100, 0, 100, 0, 0, 0, 0, 5999, 100, 60, 40)`.execute(db()),
    ).rejects.toThrow();
  });

  it("give members who joined after or left before the period nothing, sum to the fen, and never change once confirmed", async () => {
    const c = await cooperativeWithHouseholds();
    const recorded = await post(dividendsAction, "/coop/dividends", c.email, {
      period_start: "2026-01-01",
      period_end: "2026-12-31",
      income: "12,345.67",
      costs: "2000",
      losses: "345.67",
      reserve_rate: "10",
      transaction_share: "60",
      converted: "",
      notice_names: "masked",
    });
    expect(recorded.status).toBe(302);
    const id = Number(recorded.headers.get("Location")!.split("/").pop());
    const { distribution: d, lines } = (await getDistribution(db(), { id, cooperativeId: c.cooperativeId }))!;
    // 1,234,567 − 200,000 = 1,034,567; losses 34,567; reserve 10 % of 1,000,000 = 100,000; 900,000 left.
    expect(d).toMatchObject({ surplus_fen: 1_034_567, losses_covered_fen: 34_567, reserve_fen: 100_000, distributable_fen: 900_000, by_transactions_fen: 540_000, by_accounts_fen: 360_000 });
    // Only 王 and 李 were members in the period: 2:1 by transactions, 1:1 by accounts.
    expect(lines.map((l) => [l.household_id, l.by_transactions_fen, l.by_account_fen])).toEqual([
      [c.wang, 360_000, 180_000],
      [c.li, 180_000, 180_000],
    ]);
    expect(lines.some((l) => l.household_id === c.zhang || l.household_id === c.zhao)).toBe(false);
    expect(lines.reduce((s, l) => s + l.by_transactions_fen + l.by_account_fen, 0)).toBe(d.distributable_fen);

    // Another cooperative sees nothing and cannot confirm it.
    const other = await cooperativeWithMember();
    expect((await load(distributionLoader, `/coop/dividends/${id}`, other.email, { id: String(id) })).status).toBe(404);
    expect((await post(distributionAction, `/coop/dividends/${id}`, other.email, { intent: "confirm" }, { id: String(id) })).status).toBe(404);
    expect((await post(distributionAction, `/coop/dividends/${id}`, other.email, { intent: "discard" }, { id: String(id) })).status).toBe(404);
    // The notice exists only once confirmed.
    expect((await load(noticeLoader, `/coop/dividends/${id}/notice`, c.email, { id: String(id) })).status).toBe(404);

    expect((await post(distributionAction, `/coop/dividends/${id}`, c.email, { intent: "confirm" }, { id: String(id) })).status).toBe(302);
    expect((await post(distributionAction, `/coop/dividends/${id}`, c.email, { intent: "confirm" }, { id: String(id) })).status).toBe(409);
    expect((await post(distributionAction, `/coop/dividends/${id}`, c.email, { intent: "discard" }, { id: String(id) })).status).toBe(409);

    // The database refuses any change to it or its lines.
    await expect(db().updateTable("distributions").set({ reserve_fen: 0 }).where("id", "=", id).execute()).rejects.toThrow(/confirmed distribution/);
    await expect(db().deleteFrom("distributions").where("id", "=", id).execute()).rejects.toThrow(/confirmed distribution/);
    await expect(db().updateTable("distribution_lines").set({ by_account_fen: 0 }).where("distribution_id", "=", id).execute()).rejects.toThrow(/confirmed distribution/);
    await expect(db().deleteFrom("distribution_lines").where("distribution_id", "=", id).execute()).rejects.toThrow(/confirmed distribution/);
    // A second distribution of the period cannot be recorded.
    expect(await recordDistribution(db(), { cooperativeId: c.cooperativeId, userId: c.userId, input: baseInput() })).toEqual({ ok: false, errors: { period_start: "periodConfirmed" } });

    // The notice names households as surname + 某; the payment CSV lists what to pay.
    const notice = await body<{ lines: { name: string }[] }>(await load(noticeLoader, `/coop/dividends/${id}/notice`, c.email, { id: String(id) }));
    expect(notice.lines.map((l) => l.name)).toEqual(["王某", "李某"]);
    expect(JSON.stringify(notice)).not.toContain("秀英");
    const csv = await (await load(paymentsLoader, `/coop/dividends/${id}/payments.csv`, c.email, { id: String(id) })).text();
    expect(csv).toContain("1,王秀英,青龙村,3600.00,1800.00,0.00,5400.00");
    expect(csv).toContain("2,李建国,青龙村,1800.00,1800.00,0.00,3600.00");
  });

  it("turn the part a members' assembly decided into contributions when confirmed", async () => {
    const c = await cooperativeWithHouseholds();
    const recorded = await recordDistribution(db(), { cooperativeId: c.cooperativeId, userId: c.userId, input: baseInput({ incomeFen: 1_000_001, reserveRateBp: 0, transactionShareBp: 7_000, convertedBp: 2_500 }) });
    if (!recorded.ok) throw new Error(JSON.stringify(recorded.errors));
    const before = await accountTotals(db(), { cooperativeId: c.cooperativeId, asOf: "2099-12-31" });
    expect(await confirmDistribution(db(), { id: recorded.id, cooperativeId: c.cooperativeId, userId: c.userId, today: "2027-01-15" })).toEqual({ ok: true });
    const { lines, distribution } = (await getDistribution(db(), { id: recorded.id, cooperativeId: c.cooperativeId }))!;
    // 1,000,001: 700,001 by transactions (rounded up), 300,000 by accounts.
    expect(distribution).toMatchObject({ by_transactions_fen: 700_001, by_accounts_fen: 300_000 });
    expect(lines.map((l) => [l.by_transactions_fen, l.by_account_fen, l.converted_fen])).toEqual([
      [466_667, 150_000, 154_167],
      [233_334, 150_000, 95_834],
    ]);
    const after = await accountTotals(db(), { cooperativeId: c.cooperativeId, asOf: "2099-12-31" });
    expect(after.get(c.wang)! - before.get(c.wang)!).toBe(154_167);
    expect(after.get(c.li)! - before.get(c.li)!).toBe(95_834);
    expect(after.get(c.zhang)).toBe(before.get(c.zhang));
  });

  it("print one slip per household with its two parts to the fen, for the cooperative's own confirmed distributions only", async () => {
    const c = await cooperativeWithHouseholds();
    const recorded = await recordDistribution(db(), { cooperativeId: c.cooperativeId, userId: c.userId, input: baseInput({ incomeFen: 1_000_001, reserveRateBp: 0, transactionShareBp: 7_000, convertedBp: 2_500 }) });
    if (!recorded.ok) throw new Error(JSON.stringify(recorded.errors));
    const id = String(recorded.id);
    const slipsUrl = `/coop/dividends/${id}/slips`;
    // A draft has no slips yet.
    expect((await load(slipsLoader, slipsUrl, c.email, { id })).status).toBe(404);
    expect(await confirmDistribution(db(), { id: recorded.id, cooperativeId: c.cooperativeId, userId: c.userId })).toEqual({ ok: true });

    const data = await body<{ lines: { household_number: number; head_name: string; by_transactions_fen: number; by_account_fen: number; converted_fen: number }[] }>(await load(slipsLoader, slipsUrl, c.email, { id }));
    expect(data.lines.map((l) => [l.household_number, l.head_name, l.by_transactions_fen, l.by_account_fen, l.converted_fen])).toEqual([
      [1, "王秀英", 466_667, 150_000, 154_167],
      [2, "李建国", 233_334, 150_000, 95_834],
    ]);

    // Rendered as the server sends it, in both languages: each slip shows the two parts and what is paid.
    const render = async (locale: Locale) => {
      const handler = createStaticHandler([{ id: "slips", path: "/coop/dividends/:id/slips", loader: ({ request, params }) => slipsLoader({ request, params, context: testContext }), Component: DistributionSlips }]);
      const context = await handler.query(await getRequest(`${slipsUrl}?lang=${locale}`, { email: c.email }));
      if (context instanceof Response) throw new Error(`answered ${context.status}`);
      const i18n = createInstance();
      await i18n.use(initReactI18next).init(i18nOptions(locale, resources));
      const router = createStaticRouter(handler.dataRoutes, context);
      const html = renderToString(createElement(I18nextProvider, { i18n }, createElement(StaticRouterProvider, { router, context, hydrate: false })));
      return html.replaceAll("<!-- -->", "").split('data-testid="slip"').slice(1);
    };
    const zh = await render("zh");
    expect(zh).toHaveLength(2);
    for (const [slip, amounts] of [
      [zh[0]!, ["¥4,666.67", "¥1,500.00", "¥1,541.67", "¥4,625.00"]],
      [zh[1]!, ["¥2,333.34", "¥1,500.00", "¥958.34", "¥2,875.00"]],
    ] as const) {
      expect(slip).toContain("交易返还");
      expect(slip).toContain("按股分配");
      for (const amount of amounts) expect(slip, amount).toContain(amount);
    }
    expect(zh[0]).toContain("第1户 王秀英（青龙村）");
    const en = await render("en");
    expect(en[1]).toContain("¥2,333.34");
    expect(en[1]).toContain("¥2,875.00");

    // Another cooperative, or a malformed id, finds nothing.
    const other = await cooperativeWithMember();
    expect((await load(slipsLoader, slipsUrl, other.email, { id })).status).toBe(404);
    expect((await load(slipsLoader, "/coop/dividends/x/slips", c.email, { id: "x" })).status).toBe(404);
  });
});
