import { createHash } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { DESKTOP, launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// Live tracking in Chromium against the production build: a shopper keeps a paid order's
// page open while staff record the shipment and the carrier pushes a scan; both appear on
// the open page without a reload.

const SALT = "e2e-kuaidi100-salt";
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ KUAIDI100_SALT: SALT, BACKGROUND_JOBS: "off" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

function beijingNow(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** A Kuaidi100 subscription push, signed as Kuaidi100 signs it (MD5 of param + salt). */
function carrierPush(trackingNumber: string, context: string, areaName: string): URLSearchParams {
  const time = beijingNow();
  const param = JSON.stringify({
    status: "polling",
    message: "",
    lastResult: { message: "ok", nu: trackingNumber, ischeck: "0", com: "shunfeng", status: "200", state: "0", data: [{ context, time, ftime: time, areaName }] },
  });
  return new URLSearchParams({ param, sign: createHash("md5").update(param + SALT).digest("hex").toUpperCase() });
}

describe("live order tracking", () => {
  it("shows the shipment and a new carrier scan on an open order page without reloading", async () => {
    // The shopper buys and pays with the test provider, ending on the order page.
    const shopper = await browser.newContext({ ...PHONE, locale: "en-US" });
    const page = await shopper.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

    await page.goto(`${server.url}/products/${DEMO.navelOrange.slug}?lang=en`);
    await page.getByLabel("Quantity", { exact: true }).fill("1");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Added to your cart." }).count(), { timeout: 10_000 }).toBe(1);
    await page.goto(`${server.url}/checkout?lang=en`);
    await hydrated(page);
    await page.getByLabel("Recipient's name").fill("Li Xiaoming");
    await page.getByLabel("E-mail").fill("tracking@example.test");
    await page.getByLabel("Mobile number").fill("13800138000");
    await page.getByLabel("Province").selectOption("500000");
    await expect.poll(() => page.locator(`#district option[value="500103"]`).count(), { timeout: 10_000 }).toBe(1);
    await page.getByLabel("District or county").selectOption("500103");
    await page.getByLabel("Street address").fill("1 Jiefangbei Pedestrian Street");
    await page.getByRole("button", { name: "Place order and pay" }).click();
    await page.waitForURL(/\/pay\/dev\/\d+\?/);
    await page.getByRole("button", { name: "Approve payment" }).click();
    await page.waitForURL(/\/orders\/SS\d{12}\?token=/);
    await hydrated(page);
    const number = /\/orders\/(SS\d{12})/.exec(page.url())![1]!;
    await expect.poll(() => page.getByTestId("no-shipments").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByTestId("live-status").getAttribute("data-state"), { timeout: 10_000 }).toBe("live");
    // A reload would wipe this marker: it proves the page updated in place.
    await page.evaluate(() => ((window as unknown as { __stillOpen: boolean }).__stillOpen = true));

    // Staff record the parcel in the back office.
    const staff = await browser.newContext({ ...DESKTOP, locale: "en-US" });
    const desk = await staff.newPage();
    await desk.goto(`${server.url}/login?lang=en&redirectTo=${encodeURIComponent(`/staff/orders/${number}`)}`);
    await desk.getByLabel("E-mail").fill(DEMO_ACCOUNTS.staff);
    await desk.getByLabel("Password").fill(DEMO_PASSWORD);
    await desk.getByRole("button", { name: "Log in" }).click();
    await desk.waitForURL(`${server.url}/staff/orders/${number}`);
    const trackingNumber = `SF${Date.now()}`;
    await desk.getByLabel("Tracking number").fill(trackingNumber);
    await desk.getByRole("button", { name: "Record shipment" }).click();
    await expect.poll(() => desk.getByText(trackingNumber).count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // The shopper's open page shows the parcel by itself.
    await expect.poll(() => page.getByTestId("tracking-number").textContent(), { timeout: 5_000 }).toBe(trackingNumber);
    expect(await page.getByTestId("shipment").count()).toBe(1);

    // The carrier's push arrives; the scan appears on the open page within moments.
    const scanText = "Arrived at Chongqing Yubei sorting centre";
    const pushed = await fetch(`${server.url}/webhooks/kuaidi100`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: carrierPush(trackingNumber, scanText, "Chongqing").toString(),
    });
    expect(await pushed.json()).toEqual({ result: true, returnCode: "200", message: "成功" });
    const pushedAt = Date.now();
    await page.getByTestId("scan").filter({ hasText: scanText }).waitFor({ timeout: 5_000 });
    const latency = Date.now() - pushedAt;
    expect(latency).toBeLessThan(5_000);
    expect(await page.getByTestId("shipment-status").textContent()).toBe("In transit");
    expect(await page.evaluate(() => (window as unknown as { __stillOpen?: boolean }).__stillOpen)).toBe(true);

    // Without JavaScript the same page shows the latest on load.
    const plain = await browser.newContext({ ...PHONE, locale: "en-US", javaScriptEnabled: false });
    const plainPage = await plain.newPage();
    await plainPage.goto(page.url());
    expect(await plainPage.getByTestId("scan").filter({ hasText: scanText }).count()).toBe(1);

    expect(problems).toEqual([]);
    await Promise.all([shopper.close(), staff.close(), plain.close()]);
  });
});
