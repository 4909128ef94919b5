import { beforeAll, describe, expect, it } from "vitest";
import { ledgerBalances } from "~/models/ledger.server";
import { payableStatements } from "~/models/payout.server";
import { loader as cooperativeLoader } from "~/routes/cooperatives.$slug";
import { loader as settlementsLoader } from "~/routes/staff.settlements";
import { seedDemoMoney, type MoneySummary } from "~/seed/money.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { DEMO, DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { settle, testContext } from "../support/auth";
import { body, cooperativeId, load } from "./coop-support";

// The demo's money story, seeded on a fresh test database (the catalogue seeded, as every test
// database is): the journal balances, the staff and public pages show it, and there is both a
// paid batch and a statement left to pay.

let summary: MoneySummary;
let seconds: number;

beforeAll(async () => {
  const started = performance.now();
  summary = await seedDemoMoney(db(), chinaToday());
  seconds = (performance.now() - started) / 1000;
  console.info(`[demo-money] seeded in ${seconds.toFixed(2)} s`);
});

describe("the demo money story", () => {
  it("is seeded through the app's functions, quickly", () => {
    expect(summary).toMatchObject({ orders: 15, households: 7, distributions: 1 });
    // Three months each for two cooperatives.
    expect(summary.statements).toBe(6);
    expect(summary.paidStatements).toBe(4);
    // The seed runs on every fresh start: it must stay quick (generous for a busy machine).
    expect(seconds).toBeLessThan(10);
  });

  it("balances the journal, to the fen", async () => {
    const balances = await ledgerBalances(db());
    expect(balances.length).toBeGreaterThan(0);
    expect(balances.reduce((sum, b) => sum + b.balanceFen, 0)).toBe(0);
    // Every order's capture is posted in the past month it was paid, not today.
    const thisMonth = new Date(`${chinaToday().slice(0, 8)}01T00:00:00+08:00`).getTime();
    const captures = await db().selectFrom("ledger_transactions").select(["posted_at"]).where("kind", "=", "payment_captured").execute();
    expect(captures).toHaveLength(15);
    for (const capture of captures) expect(capture.posted_at.getTime()).toBeLessThan(thisMonth);
  });

  it("shows Fengjie's households, settled and distributed amounts on its public page, and no names", async () => {
    const slug = DEMO.cooperatives.fengjie;
    const response = await settle(() => cooperativeLoader({ request: new Request(`http://localhost/cooperatives/${slug}`), params: { slug }, context: testContext }));
    const page = await response.json();
    expect(page.impact.households).toBe(7);
    const fengjie = await cooperativeId(slug);
    const paidOut = await db()
      .selectFrom("payout_items as i")
      .innerJoin("payout_batches as b", "b.id", "i.batch_id")
      .select((eb) => eb.fn.sum<number>("i.amount_fen").as("fen"))
      .where("b.status", "=", "paid")
      .where("i.cooperative_id", "=", fengjie)
      .executeTakeFirstOrThrow();
    expect(Number(paidOut.fen)).toBeGreaterThan(0);
    expect(page.impact.settledFen).toBe(Number(paidOut.fen));
    const distribution = await db().selectFrom("distributions").select(["distributable_fen", "status"]).where("cooperative_id", "=", fengjie).executeTakeFirstOrThrow();
    expect(distribution.status).toBe("confirmed");
    expect(page.impact.distributedFen).toBe(Number(distribution.distributable_fen));
    expect(page.impact.distributedFen).toBeGreaterThan(0);
    for (const name of ["刘德明家", "向春梅", "冉光富", "6200000000000000101"]) expect(JSON.stringify(page.impact)).not.toContain(name);
  });

  it("gives the staff settlements page the journal's figures", async () => {
    const settlements = await body<{ rows: { cooperativeId: number; payableFen: number; paidPayoutFen: number }[]; totals: { payableFen: number } }>(
      await load(settlementsLoader, "/staff/settlements", DEMO_ACCOUNTS.staff),
    );
    const balances = await ledgerBalances(db());
    const owes = (id: number) => -(balances.find((b) => b.account === "cooperative_payable" && b.cooperativeId === id)?.balanceFen ?? 0);
    for (const row of settlements.rows) expect(row.payableFen, `cooperative ${row.cooperativeId}`).toBe(owes(row.cooperativeId));
    expect(settlements.totals.payableFen).toBe(-balances.filter((b) => b.account === "cooperative_payable").reduce((sum, b) => sum + b.balanceFen, 0));
    for (const slug of [DEMO.cooperatives.fengjie, DEMO.cooperatives.wushan]) {
      const id = await cooperativeId(slug);
      const coop = settlements.rows.find((r) => r.cooperativeId === id)!;
      // Last month's statement is still owed; the earlier two were paid.
      expect(coop.payableFen, slug).toBeGreaterThan(0);
      expect(coop.paidPayoutFen, slug).toBeGreaterThan(0);
    }
  });

  it("leaves a statement to pay and one paid batch", async () => {
    const payable = await payableStatements(db());
    expect(payable.length).toBe(2);
    // Last month's, one per cooperative, with the fictional account masked.
    expect(payable.map((s) => s.bankAccount).sort()).toEqual(["**** 0101", "**** 0202"]);
    const batches = await db().selectFrom("payout_batches").select(["status", "prepared_by", "approved_by", "bank_reference"]).execute();
    expect(batches).toHaveLength(1);
    const [staff, admin] = await Promise.all(
      [DEMO_ACCOUNTS.staff, DEMO_ACCOUNTS.admin].map(async (email) => (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id),
    );
    expect(batches[0]).toMatchObject({ status: "paid", prepared_by: staff, approved_by: admin });
    expect(batches[0]!.bank_reference).toMatch(/^DEMO-/);
  });

  it("records Fengjie's deliveries linked to harvest batches and a distribution whose parts sum to the whole", async () => {
    const fengjie = await cooperativeId(DEMO.cooperatives.fengjie);
    const deliveries = await db().selectFrom("household_deliveries").select(["batch_id", "amount_fen"]).where("cooperative_id", "=", fengjie).execute();
    expect(deliveries.length).toBeGreaterThan(7);
    expect(deliveries.some((d) => d.batch_id !== null)).toBe(true);
    const distribution = await db().selectFrom("distributions").selectAll().where("cooperative_id", "=", fengjie).executeTakeFirstOrThrow();
    const lines = await db().selectFrom("distribution_lines").selectAll().where("distribution_id", "=", distribution.id).execute();
    expect(lines.length).toBe(7);
    const total = lines.reduce((sum, l) => sum + Number(l.by_transactions_fen) + Number(l.by_account_fen), 0);
    expect(total).toBe(Number(distribution.distributable_fen));
    expect(Number(distribution.by_transactions_fen)).toBeGreaterThanOrEqual(Math.ceil(Number(distribution.distributable_fen) * 0.6));
  });
});
