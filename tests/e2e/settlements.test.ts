import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { accessibilityProblems, DESKTOP, hydrated, launchBrowser, signIn } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// The settlements page in Chromium: an admin posts a charge back to a cooperative, a mistyped
// amount first is refused beside its field, and the adjustment is listed with its reason.

const POLL = { timeout: 15_000 };

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ BACKGROUND_JOBS: "off" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("adjustments on the settlements page", () => {
  it("are posted by an admin with a reason and listed", async () => {
    const admin = await signIn(browser, server.url, { email: DEMO_ACCOUNTS.admin, device: DESKTOP, locale: "en-US", landing: /\/staff$/, timeout: POLL.timeout, ignoredStatus: /status of 400/ });
    await admin.page.goto(`${server.url}/staff/settlements`);
    await hydrated(admin.page);
    expect(await accessibilityProblems(admin.page)).toEqual([]);

    const form = admin.page.locator("form", { has: admin.page.getByRole("button", { name: "Post adjustment" }) });
    await form.getByLabel("Cooperative").selectOption({ index: 1 });
    const cooperative = (await form.getByLabel("Cooperative").locator("option:checked").textContent())!;
    await form.getByLabel(/^Amount/).fill("12,5");
    await form.getByLabel("Reason").fill("包装不合格扣回");
    await form.getByRole("button", { name: "Post adjustment" }).click();
    await admin.page.getByText("Enter an amount in yuan with at most two decimals").waitFor(POLL);
    expect(await form.getByLabel("Reason").inputValue()).toBe("包装不合格扣回");

    await form.getByLabel(/^Amount/).fill("-12.50");
    await form.getByRole("button", { name: "Post adjustment" }).click();
    await admin.page.waitForURL(/notice=adjustmentPosted/, POLL);
    const listed = admin.page.getByTestId("adjustments").locator("tbody tr").first();
    await listed.filter({ hasText: "包装不合格扣回" }).waitFor(POLL);
    expect(await listed.textContent()).toContain("-¥12.50");
    expect(await listed.textContent()).toContain(cooperative);
    expect(await listed.textContent()).toContain("Not settled yet");
    expect(admin.problems).toEqual([]);
    await admin.context.close();
  });
});
