import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "~db/client";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { postPaymentCapture } from "~/models/ledger.server";
import { setBankAccount } from "~/models/payout.server";
import { issueStatement } from "~/models/statement.server";
import { addDays, chinaToday } from "~/utils/dates";
import { DESKTOP, launchBrowser, PHONE } from "../support/browser";
import { insertOrder } from "../support/orders";
import { startServer, type RunningServer } from "../support/server";

// The money trail in Chromium: a member of staff prepares a payout batch from Fengjie's issued
// statement, cannot approve it herself, an admin approves it and marks it paid with the bank's
// reference, and the cooperative, on a phone, sees the statement paid and opens its printable page.

const POLL = { timeout: 15_000 };

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let statement: { number: string; totalFen: number };

const yuan = (fen: number) => `¥${Math.floor(fen / 100).toLocaleString("en-US")}.${String(fen % 100).padStart(2, "0")}`;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "shanshui-money-"));
  const env = { DATA_DIR: dataDir, BACKGROUND_JOBS: "off" };
  // The first start migrates and seeds; the server is stopped while a delivered order is settled
  // on its database (an embedded database has one process at a time), then started again.
  await (await startServer(env)).stop();
  const handle = await createDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
  try {
    const db = handle.db;
    const cooperative = await db.selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.fengjie).executeTakeFirstOrThrow();
    const variant = await db
      .selectFrom("variants")
      .innerJoin("products", "products.id", "variants.product_id")
      .select("variants.id")
      .where("products.cooperative_id", "=", cooperative.id)
      .orderBy("variants.id")
      .executeTakeFirstOrThrow();
    const order = await insertOrder(db, { lines: [{ variantId: variant.id, quantity: 2 }], status: "delivered" });
    const payment = await db.selectFrom("payments").select("id").where("order_id", "=", order.id).executeTakeFirstOrThrow();
    await db.transaction().execute((trx) => postPaymentCapture(trx, { paymentId: payment.id }));
    const shipment = await db
      .insertInto("shipments")
      .values({ order_id: order.id, carrier: "sf", tracking_number: `SF${Date.now()}`.slice(0, 20), status: "delivered", shipped_at: new Date(), delivered_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("shipment_items").values(order.items.map((item) => ({ shipment_id: shipment.id, order_item_id: item.id, quantity: item.quantity }))).execute();
    const today = chinaToday();
    const issued = await issueStatement(db, { cooperativeId: cooperative.id, period: { start: addDays(today, -5), end: addDays(today, 10) }, holdDays: 7 });
    if (!issued) throw new Error("no statement was issued");
    const row = await db.selectFrom("statements").select("number").where("id", "=", issued.id).executeTakeFirstOrThrow();
    statement = { number: row.number, totalFen: issued.totalFen };
    const owner = await db.selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.fengjie).executeTakeFirstOrThrow();
    await setBankAccount(db, { cooperativeId: cooperative.id, accountName: "奉节县脐橙专业合作社", bankName: "重庆农村商业银行奉节支行", accountNumber: "6228480012345678901", userId: owner.id });
  } finally {
    await handle.close();
  }
  expect(statement.totalFen).toBeGreaterThan(0);
  server = await startServer(env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    // Refusals answer 403/409 on purpose; Chromium logs them as failed resources.
    if (message.type() === "error" && !/status of (400|403|409)/.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

async function signIn(email: string, device: typeof DESKTOP | typeof PHONE, home: RegExp) {
  const context = await browser.newContext({ ...device, locale: "en-US" });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${server.url}/login?lang=en`);
  await hydrated(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(home, POLL);
  return { context, page, problems };
}

describe("payouts", () => {
  it("are prepared by staff, approved and paid by a second person, and the cooperative sees its statement paid", async () => {
    const staff = await signIn(DEMO_ACCOUNTS.staff, DESKTOP, /\/staff$/);
    await staff.page.getByRole("link", { name: "Payouts" }).click();
    await staff.page.waitForURL(/\/staff\/payouts$/, POLL);
    await hydrated(staff.page);
    const row = staff.page.getByTestId("payable-statements").locator(`tr[data-statement="${statement.number}"]`);
    expect(await row.textContent()).toContain(yuan(statement.totalFen));
    expect(await row.textContent()).toContain("**** 8901");
    await staff.page.getByLabel(statement.number).check();
    await staff.page.getByRole("button", { name: "Prepare payout batch" }).click();
    await staff.page.waitForURL(/\/staff\/payouts\/\d+\?notice=batchPrepared$/, POLL);
    const batchUrl = staff.page.url().replace(/\?.*$/, "");
    await staff.page.getByTestId("own-batch").waitFor(POLL);
    // Four eyes: the preparer's approval is refused, plainly.
    await staff.page.getByRole("button", { name: "Approve batch" }).click();
    await staff.page.getByTestId("payout-refusal").waitFor(POLL);
    expect(await staff.page.getByTestId("payout-refusal").textContent()).toContain("you cannot approve it");
    expect(await staff.page.getByTestId("batch-status").textContent()).toBe("Awaiting approval");
    expect(staff.problems).toEqual([]);
    await staff.context.close();

    const admin = await signIn(DEMO_ACCOUNTS.admin, DESKTOP, /\/staff$/);
    await admin.page.goto(batchUrl);
    await hydrated(admin.page);
    expect(await admin.page.getByTestId("prepared-by").textContent()).not.toBe("Not yet");
    await admin.page.getByRole("button", { name: "Approve batch" }).click();
    await admin.page.waitForURL(/notice=batchApproved/, POLL);
    // The URL moves before React has rendered the new data: wait for the status itself.
    await admin.page.getByTestId("batch-status").filter({ hasText: "Approved, awaiting payment" }).waitFor(POLL);
    await admin.page.getByLabel("Bank reference").fill("CQRCB-E2E-0001");
    await admin.page.getByRole("button", { name: "Mark as paid" }).click();
    await admin.page.waitForURL(/notice=batchPaid/, POLL);
    await admin.page.getByTestId("batch-status").filter({ hasText: "Paid" }).waitFor(POLL);
    expect(await admin.page.getByTestId("paid-by").textContent()).toContain("CQRCB-E2E-0001");
    expect(await admin.page.content()).not.toContain("6228480012345678901");
    expect(admin.problems).toEqual([]);
    await admin.context.close();

    const member = await signIn(DEMO_ACCOUNTS.fengjie, PHONE, /\/coop$/);
    await member.page.goto(`${server.url}/coop/statements`);
    await hydrated(member.page);
    const listed = member.page.getByTestId("statements").locator(`tr[data-statement="${statement.number}"]`);
    expect(await listed.getByTestId("statement-payment").textContent()).toBe("Paid");
    await listed.getByRole("link", { name: statement.number }).click();
    await member.page.waitForURL(/\/coop\/statements\/\d+$/, POLL);
    await member.page.getByTestId("statement").waitFor(POLL);
    expect(await member.page.getByTestId("statement-payment").textContent()).toBe("Paid");
    expect(await member.page.getByTestId("paid-with").textContent()).toContain("CQRCB-E2E-0001");
    expect(await member.page.getByTestId("total-payable").textContent()).toBe(yuan(statement.totalFen));
    // Printed, the page is the statement alone: no portal navigation, no buttons.
    await member.page.emulateMedia({ media: "print" });
    expect(await member.page.locator(".portal__bar").isVisible()).toBe(false);
    expect(await member.page.getByRole("button", { name: "Print" }).isVisible()).toBe(false);
    expect(await member.page.getByTestId("statement-totals").isVisible()).toBe(true);
    expect(member.problems).toEqual([]);
    await member.context.close();
  });
});
