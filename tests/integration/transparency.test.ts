import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createProduct, createUser } from "~/seed/factories.server";
import { cooperativeImpact, productCoopShare } from "~/models/impact.server";
import { createHouseholds } from "~/models/household.server";
import { addAccountEntries, addDeliveries } from "~/models/member-account.server";
import { confirmDistribution, recordDistribution } from "~/services/dividends.server";
import { ledgerBalances, setCommissionRate } from "~/models/ledger.server";
import { approveBatch, markBatchPaid, prepareBatch, setBankAccount } from "~/models/payout.server";
import { issueStatement } from "~/models/statement.server";
import { loader as cooperativeLoader } from "~/routes/cooperatives.$slug";
import { loader as orderPageLoader } from "~/routes/orders.$number";
import { loader as productLoader } from "~/routes/products.$slug";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { insertDeliveredShipment } from "../support/after-purchase";
import { getRequest, settle, testContext } from "../support/auth";
import { placePaidTestOrder } from "../support/checkout";

// What shoppers are shown of the money trail must be what the journal holds, to the fen, and
// nothing personal. Each figure is checked against the ledger's own postings.

type Json = any;
const request = (path: string) => new Request(`http://localhost${path}`);

async function productPage(slug: string): Promise<Json> {
  return (await settle(() => productLoader({ request: request(`/products/${slug}`), params: { slug }, context: testContext }))).json();
}

async function cooperativePage(slug: string): Promise<Json> {
  return (await settle(() => cooperativeLoader({ request: request(`/cooperatives/${slug}`), params: { slug }, context: testContext }))).json();
}

async function cooperativeSlug(id: number): Promise<string> {
  return (await db().selectFrom("cooperatives").select("slug").where("id", "=", id).executeTakeFirstOrThrow()).slug;
}

/** What the journal owes a cooperative now (a credit, so the negated balance). */
async function owedInJournal(cooperativeId: number, orderId?: number): Promise<number> {
  const balances = await ledgerBalances(db(), orderId === undefined ? {} : { orderId });
  return -(balances.find((b) => b.account === "cooperative_payable" && b.cooperativeId === cooperativeId)?.balanceFen ?? 0);
}

describe("the product page's share for the cooperative", () => {
  it("is the price less the ledger's commission at today's rate, and follows the admin's rate from its effective day", async () => {
    // ¥61.27 at 5 %: commission 306.35 rounds half up to ¥3.06, so ¥58.21 goes to the cooperative.
    const product = await createProduct(db(), { variants: [{ price_fen: 6_127, stock_on_hand: 20 }] });
    const first = await productPage(product.slug);
    expect(first.coopShare).toEqual({ priceFen: 6_127, rateBp: 500, commissionFen: 306, cooperativeFen: 5_821 });

    // The journal posts exactly that for one unit sold.
    const order = await placePaidTestOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] });
    expect(await owedInJournal(product.cooperative_id, order.id)).toBe(first.coopShare.cooperativeFen);

    // A rate from tomorrow changes nothing today, and everything from tomorrow.
    const admin = await createUser(db(), { role: "admin" });
    const tomorrow = addDays(chinaToday(), 1);
    await setCommissionRate(db(), { cooperativeId: product.cooperative_id, rateBp: 800, effectiveFrom: tomorrow, setBy: admin.id });
    expect((await productPage(product.slug)).coopShare.cooperativeFen).toBe(5_821);
    // 8 % of 6,127 = 490.16 → 490.
    expect(await productCoopShare(db(), { productId: product.id, priceFen: 6_127, today: tomorrow })).toEqual({ priceFen: 6_127, rateBp: 800, commissionFen: 490, cooperativeFen: 5_637 });

    // A rate from today shows at once (the page's cache version moves with it).
    const versionBefore = Number((await sql<{ v: string }>`SELECT last_value AS v FROM catalogue_version_seq`.execute(db())).rows[0]!.v);
    await setCommissionRate(db(), { cooperativeId: product.cooperative_id, rateBp: 1_000, effectiveFrom: chinaToday(), setBy: admin.id });
    const versionAfter = Number((await sql<{ v: string }>`SELECT last_value AS v FROM catalogue_version_seq`.execute(db())).rows[0]!.v);
    expect(versionAfter).toBeGreaterThan(versionBefore);
    // 10 % of 6,127 = 612.7 → 613.
    expect((await productPage(product.slug)).coopShare).toEqual({ priceFen: 6_127, rateBp: 1_000, commissionFen: 613, cooperativeFen: 5_514 });

    // And an order paid now is posted at that rate, to the same fen.
    const second = await placePaidTestOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] });
    expect(await owedInJournal(product.cooperative_id, second.id)).toBe(5_514);
  });

  it("is absent for a product with no variant", async () => {
    const product = await createProduct(db(), { variants: [] });
    const data = await productPage(product.slug);
    expect(data.coopShare).toBeNull();
  });
});

describe("the order page's shares per cooperative", () => {
  it("sum to the captured goods less commission and equal the journal per cooperative", async () => {
    const a = await createProduct(db(), { variants: [{ price_fen: 3_333, stock_on_hand: 10 }] });
    const b = await createProduct(db(), { variants: [{ price_fen: 12_345, stock_on_hand: 10 }] });
    const admin = await createUser(db(), { role: "admin" });
    await setCommissionRate(db(), { cooperativeId: b.cooperative_id, rateBp: 750, effectiveFrom: chinaToday(), setBy: admin.id });
    const order = await placePaidTestOrder(db(), {
      lines: [
        { variantId: a.variants[0]!.id, quantity: 3 },
        { variantId: b.variants[0]!.id, quantity: 2 },
      ],
    });
    const placed = await db().selectFrom("orders").select(["number", "access_token", "subtotal_fen"]).where("id", "=", order.id).executeTakeFirstOrThrow();
    const response = await settle(async () =>
      orderPageLoader({ request: await getRequest(`/orders/${placed.number}?token=${placed.access_token}`), params: { number: placed.number }, context: testContext }),
    );
    const data: Json = await response.json();
    // 3 × 33.33 = 99.99 at 5 % → 5.00 (499.95 → 500); 2 × 123.45 = 246.90 at 7.5 % → 18.52 (1,851.75 → 1,852).
    expect(data.coopShares).toEqual([
      expect.objectContaining({ cooperativeId: a.cooperative_id, goodsFen: 9_999, commissionFen: 500, payableFen: 9_499 }),
      expect.objectContaining({ cooperativeId: b.cooperative_id, goodsFen: 24_690, commissionFen: 1_852, payableFen: 22_838 }),
    ]);
    const shares: Json[] = data.coopShares;
    const goods = shares.reduce((sum, s) => sum + s.goodsFen, 0);
    const commission = shares.reduce((sum, s) => sum + s.commissionFen, 0);
    expect(goods).toBe(placed.subtotal_fen);
    expect(shares.reduce((sum, s) => sum + s.payableFen, 0)).toBe(goods - commission);
    for (const share of shares) expect(share.payableFen).toBe(await owedInJournal(share.cooperativeId, order.id));
  });
});

describe("the cooperative's impact section", () => {
  it("equals the journal to the fen and shows nothing personal", async () => {
    const product = await createProduct(db(), { variants: [{ price_fen: 10_000, stock_on_hand: 10 }] });
    const cooperativeId = product.cooperative_id;
    const slug = await cooperativeSlug(cooperativeId);

    // Before anything is paid out: zero this year, no household figures.
    const empty = (await cooperativePage(slug)).impact;
    expect(empty).toMatchObject({ year: Number(chinaToday().slice(0, 4)), settledFen: 0, statedFen: 0, households: null, distributedFen: null });
    expect(empty.settledByMonth).toHaveLength(Number(chinaToday().slice(5, 7)));

    const order = await placePaidTestOrder(db(), {
      lines: [{ variantId: product.variants[0]!.id, quantity: 2 }],
      details: { name: "王秀兰", phone: "13800138000", email: "wang.xiulan@example.com" },
    });
    await insertDeliveredShipment(order);
    const today = chinaToday();
    const statement = (await issueStatement(db(), { cooperativeId, period: { start: addDays(today, -3), end: addDays(today, 10) }, holdDays: 7 }))!;
    const [preparer, approver] = await Promise.all([createUser(db(), { role: "staff" }), createUser(db(), { role: "staff" })]);
    await setBankAccount(db(), { cooperativeId, accountName: "测试合作社", bankName: "重庆农村商业银行", accountNumber: "6228480099998888777", userId: preparer.id });
    const prepared = await prepareBatch(db(), { statementIds: [statement.id], preparedBy: preparer.id });
    if (!prepared.ok) throw new Error(prepared.reason);
    expect((await approveBatch(db(), { batchId: prepared.batchId, approverId: approver.id })).ok).toBe(true);
    const owedBefore = await owedInJournal(cooperativeId);
    expect((await markBatchPaid(db(), { batchId: prepared.batchId, paidBy: approver.id, bankReference: "CQRCB-TEST-1" })).ok).toBe(true);
    const paidOut = owedBefore - (await owedInJournal(cooperativeId));
    // 2 × ¥100 at 5 %: ¥190.00 paid out.
    expect(paidOut).toBe(19_000);

    const data = await cooperativePage(slug);
    expect(data.impact.settledFen).toBe(paidOut);
    expect(data.impact.statedFen).toBe(statement.totalFen);
    const thisMonth = data.impact.settledByMonth.find((m: Json) => m.month === today.slice(0, 7));
    expect(thisMonth.fen).toBe(paidOut);
    expect(data.impact.settledByMonth.reduce((sum: number, m: Json) => sum + m.fen, 0)).toBe(paidOut);

    // Nothing personal: not the shopper, not the bank account, not the staff who paid.
    const page = JSON.stringify(data);
    for (const secret of ["王秀兰", "13800138000", "wang.xiulan@example.com", "6228480099998888777", "8777", "CQRCB-TEST-1", preparer.email, approver.email]) {
      expect(page, secret).not.toContain(secret);
    }
  });

  it("charts what confirmed distributions gave the households, by the China month each was confirmed in, to the fen", async () => {
    const product = await createProduct(db(), { variants: [{ price_fen: 10_000, stock_on_hand: 10 }] });
    const cooperativeId = product.cooperative_id;
    const slug = await cooperativeSlug(cooperativeId);
    const member = await createUser(db(), {});
    const [wang, li] = await createHouseholds(db(), {
      cooperativeId,
      userId: member.id,
      households: [
        { head_name: "王秀英", village: "青龙村", joined_on: "2020-01-01", left_on: null, id_last4: "123X" },
        { head_name: "李建国", village: "白果村", joined_on: "2020-01-01", left_on: null, id_last4: null },
      ],
    });
    await addAccountEntries(db(), { cooperativeId, userId: member.id, entries: [{ householdId: wang!.id, kind: "cash_contribution", amountFen: 10_000, landMu: null, enteredOn: "2020-01-01", note: "" }] });
    await addDeliveries(db(), {
      cooperativeId,
      userId: member.id,
      deliveries: [
        { householdId: wang!.id, deliveredOn: "2025-05-01", produce: "脐橙", weightGrams: 1_000, amountFen: 20_000, batchId: null, note: "" },
        { householdId: li!.id, deliveredOn: "2025-05-01", produce: "脐橙", weightGrams: 1_000, amountFen: 10_000, batchId: null, note: "" },
      ],
    });
    const input = { periodStart: "2025-01-01", periodEnd: "2025-12-31", costsFen: 1_000, lossesFen: 0, reserveRateBp: 1_000, transactionShareBp: 6_000, convertedBp: 2_000, noticeNames: "full" as const };
    // 123,457 − 1,000 = 122,457; reserve 12,245.7 → 12,246; 110,211 distributable, a fifth turned into contributions.
    const confirmed = await recordDistribution(db(), { cooperativeId, userId: member.id, input: { ...input, incomeFen: 123_457 } });
    if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.errors));
    expect(await confirmDistribution(db(), { id: confirmed.id, cooperativeId, userId: member.id })).toEqual({ ok: true });
    // A draft of another period gave nobody anything yet.
    const draft = await recordDistribution(db(), { cooperativeId, userId: member.id, input: { ...input, periodStart: "2025-02-01", incomeFen: 50_000 } });
    expect(draft.ok).toBe(true);

    const { impact } = await cooperativePage(slug);
    const thisMonth = chinaToday().slice(0, 7);
    expect(impact.distributedFen).toBe(110_211);
    expect(impact.distributedByMonth).toHaveLength(impact.settledByMonth.length);
    expect(impact.distributedByMonth.map((m: Json) => m.month)).toEqual(impact.settledByMonth.map((m: Json) => m.month));
    for (const m of impact.distributedByMonth) expect(m.fen, m.month).toBe(m.month === thisMonth ? 110_211 : 0);
    expect(impact.households).toBe(2);
    for (const secret of ["王秀英", "李建国", "青龙村", "123X"]) expect(JSON.stringify(impact), secret).not.toContain(secret);

    // The month is China's: confirmed at 00:30 on 1 February in Chongqing is February's even
    // though it is still 31 January in UTC; only the year of `today` counts, and only confirmed rows.
    const other = await createProduct(db(), { variants: [{ price_fen: 100, stock_on_hand: 1 }] });
    const rows: [number, string, string, number, "draft" | "confirmed"][] = [
      [other.cooperative_id, "2021-01-01", "2024-12-31T15:59:59Z", 1_000, "confirmed"], // 2024-12-31 23:59:59 in China: last year
      [other.cooperative_id, "2022-01-01", "2024-12-31T16:00:00Z", 20_000, "confirmed"], // 2025-01-01 00:00 in China
      [other.cooperative_id, "2023-01-01", "2025-01-31T15:59:59Z", 300_001, "confirmed"], // 2025-01-31 23:59:59
      [other.cooperative_id, "2024-01-01", "2025-01-31T16:30:00Z", 4_000_002, "confirmed"], // 2025-02-01 00:30
      [other.cooperative_id, "2019-01-01", "2025-03-05T02:00:00Z", 77_777, "draft"],
      [cooperativeId, "2020-01-01", "2025-03-05T02:00:00Z", 5_000, "confirmed"], // another cooperative's
    ];
    for (const [coop, periodStart, confirmedAt, fen, status] of rows) {
      await db()
        .insertInto("distributions")
        .values({
          cooperative_id: coop,
          period_start: periodStart,
          period_end: periodStart.replace("-01-01", "-12-31"),
          income_fen: fen,
          costs_fen: 0,
          surplus_fen: fen,
          losses_fen: 0,
          losses_covered_fen: 0,
          reserve_rate_bp: 0,
          reserve_fen: 0,
          transaction_share_bp: 10_000,
          distributable_fen: fen,
          by_transactions_fen: fen,
          by_accounts_fen: 0,
          status,
          confirmed_at: status === "confirmed" ? new Date(confirmedAt) : null,
          confirmed_by: status === "confirmed" ? member.id : null,
        })
        .execute();
    }
    const past = await cooperativeImpact(db(), { cooperativeId: other.cooperative_id, today: "2025-03-10" });
    expect(past.distributedByMonth).toEqual([
      { month: "2025-01", fen: 320_001 },
      { month: "2025-02", fen: 4_000_002 },
      { month: "2025-03", fen: 0 },
    ]);
    expect(past.distributedFen).toBe(4_320_003);
    expect(past.households).toBeNull();
    // A year with no confirmed distribution shows none, not zero.
    expect((await cooperativeImpact(db(), { cooperativeId: other.cooperative_id, today: "2023-06-01" })).distributedFen).toBeNull();
  });
});
