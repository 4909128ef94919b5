import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { addDays, chinaToday } from "~/utils/dates";
import { launchBrowser } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// The Fengjie member keeps a member household, imports its deliveries (交售记录) from a CSV with
// Chinese headers, records a period's surplus, previews it, confirms it and opens the notice.

let server: RunningServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  server = await startServer({ BACKGROUND_JOBS: "off" });
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: "en-US" });
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const token = Math.random().toString(36).slice(2, 6);
const headName = `欧阳${token}`;
// A period of its own, so a run never meets an earlier run's confirmed distribution.
const periodStart = addDays(chinaToday(), -(1 + Math.floor(Math.random() * 300)));
const today = chinaToday();

async function hydrated() {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

describe("a cooperative member distributes the surplus", () => {
  it("logs in and adds a household", async () => {
    await page.goto(`${server.url}/login?lang=en&redirectTo=${encodeURIComponent("/coop/households")}`);
    await page.getByLabel("E-mail").fill(DEMO_ACCOUNTS.fengjie);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(/\/coop\/households$/), page.getByRole("button", { name: "Log in" }).click()]);
    await hydrated();
    await page.getByLabel("Head of household", { exact: true }).fill(headName);
    await page.getByLabel("Village", { exact: true }).fill("青龙村");
    await page.getByLabel("Joined on", { exact: true }).fill("2024-03-01");
    await Promise.all([page.waitForURL(/\/coop\/households\/\d+\?notice=householdAdded$/), page.getByRole("button", { name: "Add the household" }).click()]);
    await hydrated();
    expect(await page.getByTestId("success-notice").textContent()).toContain("household is added");
  });

  it("adds a contribution to the member account", async () => {
    await page.getByLabel("Kind", { exact: true }).selectOption("cash_contribution");
    await page.getByLabel("Amount (yuan)", { exact: true }).first().fill("1000");
    await page.getByLabel("Date", { exact: true }).fill(periodStart);
    await Promise.all([page.waitForURL(/notice=entryAdded$/), page.getByRole("button", { name: "Add the entry" }).click()]);
    await hydrated();
    expect(await page.getByTestId("account-total").textContent()).toBe("¥1,000.00");
  });

  it("imports deliveries from a CSV with Chinese headers", async () => {
    await page.goto(`${server.url}/coop/households/import`);
    await hydrated();
    const csv = `户主,交售日期,品种,重量（公斤）,金额（元）\n${headName},${today},脐橙,250.5,1002.00\n`;
    await page.locator("#import-deliveries-file").setInputFiles({ name: "交售记录.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.locator("section", { has: page.locator("#import-deliveries") }).getByRole("button", { name: "Import" }).click();
    await page.getByTestId("import-result").waitFor();
    expect(await page.getByTestId("import-result").textContent()).toContain("1 rows imported");
  });

  it("records a period's surplus, previews it, confirms it and opens the notice", async () => {
    await page.goto(`${server.url}/coop/dividends`);
    await hydrated();
    const form = page.locator("form[method=post]");
    await form.getByLabel("Period from", { exact: true }).fill(periodStart);
    await form.getByLabel("Period to", { exact: true }).fill(today);
    await form.getByLabel("Income (yuan)", { exact: true }).fill("10000");
    await form.getByLabel("Costs (yuan)", { exact: true }).fill("0");
    await form.getByLabel("Share returned by transactions (%)", { exact: true }).fill("70");
    await Promise.all([page.waitForURL(/\/coop\/dividends\/\d+$/), page.getByRole("button", { name: "Preview the distribution" }).click()]);
    await hydrated();
    expect(await page.getByTestId("distribution-status").textContent()).toBe("Draft");
    // 10 % to the reserve leaves ¥9,000.00; other Fengjie households of earlier runs share it.
    expect(await page.getByTestId("distributable").textContent()).toBe("¥9,000.00");
    expect(await page.getByTestId("distribution-lines").textContent()).toContain(headName);

    await Promise.all([page.waitForURL(/notice=confirmed$/), page.getByRole("button", { name: "Confirm the distribution" }).click()]);
    await hydrated();
    expect(await page.getByTestId("distribution-status").textContent()).toBe("Confirmed");
    await Promise.all([page.waitForURL(/\/notice$/), page.getByRole("link", { name: "Public notice (公示)" }).click()]);
    const notice = await page.getByTestId("distribution-notice").textContent();
    expect(notice).toContain("欧某");
    expect(notice).not.toContain(headName);
    expect(problems).toEqual([]);
  });
});
