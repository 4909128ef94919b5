import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { postPaymentCapture } from "~/models/ledger.server";
import { setBankAccount } from "~/models/payout.server";
import { issueStatement } from "~/models/statement.server";
import { addDays, chinaToday } from "~/utils/dates";
import { accessibilityProblems, DESKTOP, hydrated, launchBrowser, PHONE, signIn } from "../support/browser";
import { insertOrder } from "../support/orders";
import { startPreparedServer } from "../support/prepared-server";
import type { RunningServer } from "../support/server";

// The money trail in Chromium: a member of staff prepares a payout batch from Fengjie's issued
// statement, cannot approve it herself, an admin approves it and marks it paid with the bank's
// reference, and the cooperative, on a phone, sees the statement paid and opens its printable page.
// Then, on a phone in Chinese and English, an admin changes a cooperative's commission rate on
// the settlements page, and the cooperative changes its bank details, which asks for the
// password again; every page passes axe.

const POLL = { timeout: 15_000 };

let server: RunningServer;
let browser: Browser;
let statement: { number: string; totalFen: number };
let wushanId: number;

const yuan = (fen: number) => `¥${Math.floor(fen / 100).toLocaleString("en-US")}.${String(fen % 100).padStart(2, "0")}`;

beforeAll(async () => {
  // A delivered order is settled and its statement issued before the server starts for the test.
  server = await startPreparedServer({ BACKGROUND_JOBS: "off" }, async (db) => {
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
    expect(statement.totalFen).toBeGreaterThan(0);
    wushanId = (await db.selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.wushan).executeTakeFirstOrThrow()).id;
  }, "money");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Refusals answer 403/409 on purpose; Chromium logs them as failed resources.
const REFUSALS = /status of (400|403|409)/;

function signInAs(email: string, device: typeof DESKTOP | typeof PHONE, home: RegExp) {
  return signIn(browser, server.url, { email, device, locale: "en-US", landing: home, timeout: POLL.timeout, ignoredStatus: REFUSALS });
}

describe("payouts", () => {
  it("are prepared by staff, approved and paid by a second person, and the cooperative sees its statement paid", async () => {
    const staff = await signInAs(DEMO_ACCOUNTS.staff, DESKTOP, /\/staff$/);
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

    const admin = await signInAs(DEMO_ACCOUNTS.admin, DESKTOP, /\/staff$/);
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

    const member = await signInAs(DEMO_ACCOUNTS.fengjie, PHONE, /\/coop$/);
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

const LANGUAGES = [
  { lang: "zh", locale: "zh-CN" },
  { lang: "en", locale: "en-US" },
] as const;

describe("settlements and bank details on a phone", () => {
  it("let an admin change a cooperative's commission rate and see it, in Chinese and English", async () => {
    const rates = { zh: "6.5", en: "7.25" };
    for (const { lang, locale } of LANGUAGES) {
      const admin = await signIn(browser, server.url, { email: DEMO_ACCOUNTS.admin, device: PHONE, locale, landing: /\/staff$/, timeout: POLL.timeout, ignoredStatus: REFUSALS });
      const { page } = admin;
      await page.goto(`${server.url}/staff/settlements?lang=${lang}`);
      await hydrated(page);
      expect(await page.locator("html").getAttribute("lang")).toMatch(lang === "zh" ? /^zh/ : /^en/);
      // The payout above was paid: the settlements table has Fengjie's row.
      await page.getByTestId("settlements").waitFor(POLL);
      expect(await accessibilityProblems(page), `${lang} settlements`).toEqual([]);

      // A rate over the limit is refused beside its field, and the form stays accessible.
      await page.locator("#rate-cooperative_id").selectOption(String(wushanId));
      await page.locator("#rate-rate").fill("51");
      await page.getByRole("button", { name: lang === "zh" ? "保存佣金比例" : "Save commission rate" }).click();
      await page.locator("#rate-rate-error").waitFor(POLL);
      expect(await page.locator("#rate-rate-error").textContent()).toContain(lang === "zh" ? "50%" : "over 50 %");
      expect(await accessibilityProblems(page), `${lang} settlements refused`).toEqual([]);

      // From today, the new rate: it shows in the history and beside the cooperative's name.
      await page.locator("#rate-cooperative_id").selectOption(String(wushanId));
      await page.locator("#rate-rate").fill(rates[lang]);
      await page.getByRole("button", { name: lang === "zh" ? "保存佣金比例" : "Save commission rate" }).click();
      await page.waitForURL(/notice=rateSaved/, POLL);
      await page.getByRole("status").filter({ hasText: lang === "zh" ? "佣金比例已保存。" : "Commission rate saved." }).waitFor(POLL);
      const latest = page.getByTestId("rate-history").locator("tbody tr").first();
      await latest.filter({ hasText: `${rates[lang]}%` }).waitFor(POLL);
      expect(await latest.textContent()).toContain(chinaToday());
      expect(await page.locator(`#rate-cooperative_id option[value="${wushanId}"]`).textContent()).toContain(`(${rates[lang]}%)`);
      expect(await accessibilityProblems(page), `${lang} settlements saved`).toEqual([]);
      expect(admin.problems).toEqual([]);
      await admin.context.close();
    }
  });

  it("show the cooperative its bank account masked, and ask for the password again to change it, in Chinese and English", async () => {
    const numbers = { zh: "6228 4800 5555 6666 777", en: "6217-0000-1111-2222-333" };
    let shownLast4 = "8901";
    for (const { lang, locale } of LANGUAGES) {
      const member = await signIn(browser, server.url, { email: DEMO_ACCOUNTS.fengjie, device: PHONE, locale, landing: /\/coop$/, timeout: POLL.timeout, ignoredStatus: REFUSALS });
      const { page } = member;
      await page.goto(`${server.url}/coop/bank-account?lang=${lang}`);
      await hydrated(page);
      expect(await page.getByTestId("masked-account").textContent()).toBe(`**** ${shownLast4}`);
      expect(await page.content()).not.toMatch(/6228480012345678901|6228480055556666777/);
      expect(await accessibilityProblems(page), `${lang} bank account`).toEqual([]);

      const submit = page.getByRole("button", { name: lang === "zh" ? "保存收款账户" : "Save bank details" });
      await page.locator("#bank-account_number").fill(numbers[lang]);
      // Without the password: refused, and it says so beside the password field.
      await submit.click();
      await page.locator("#bank-password-error").waitFor(POLL);
      expect(await page.locator("#bank-password").getAttribute("aria-invalid")).toBe("true");
      expect(await accessibilityProblems(page), `${lang} bank account refused`).toEqual([]);
      // A wrong password changes nothing.
      await page.locator("#bank-account_number").fill(numbers[lang]);
      await page.locator("#bank-password").fill("not-the-password");
      await submit.click();
      await page.locator("#bank-password-error").filter({ hasText: lang === "zh" ? "密码不正确" : "Wrong password" }).waitFor(POLL);
      expect(await page.getByTestId("masked-account").textContent()).toBe(`**** ${shownLast4}`);

      await page.locator("#bank-account_number").fill(numbers[lang]);
      await page.locator("#bank-password").fill(DEMO_PASSWORD);
      await submit.click();
      await page.waitForURL(/notice=bankSaved/, POLL);
      shownLast4 = numbers[lang].replace(/\D/g, "").slice(-4);
      await page.getByTestId("masked-account").filter({ hasText: `**** ${shownLast4}` }).waitFor(POLL);
      expect(await page.content()).not.toContain(numbers[lang].replace(/\D/g, ""));
      expect(await accessibilityProblems(page), `${lang} bank account saved`).toEqual([]);
      expect(member.problems).toEqual([]);
      await member.context.close();
    }
  });
});
