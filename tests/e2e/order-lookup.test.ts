import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "~db/seed-data/fixtures";
import { accessibilityProblems, launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// A guest on a phone checks out with a mobile number and no e-mail, pays on the dev payment
// page, loses the order link (new browser, no cookies), and finds the order at /orders/lookup.

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

describe("guest order lookup", () => {
  it("finds a guest order through the lookup", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "en-US" });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

    await page.goto(`${server.url}/products/${DEMO.navelOrange.slug}?lang=en`);
    await page.getByLabel("Quantity", { exact: true }).fill("1");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Added to your cart." }).count()).toBe(1);

    await page.goto(`${server.url}/checkout?lang=en`);
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
    await page.getByLabel("Recipient's name").fill("Chen Jing");
    await page.getByLabel("Mobile number").fill("+86 137-0023-4567");
    // No e-mail: it is optional.
    await page.getByLabel("Province").selectOption("440000");
    await expect.poll(() => page.locator('#city option[value="440100"]').count()).toBe(1);
    await page.getByLabel("City").selectOption("440100");
    await expect.poll(() => page.locator('#district option[value="440106"]').count()).toBe(1);
    expect(await page.locator("#district option").allTextContents()).not.toContain("市辖区");
    await page.getByLabel("District or county").selectOption("440106");
    await page.getByLabel("Street address").fill("385 Tianhe Road, Building 1, Flat 802");
    await page.getByRole("button", { name: "Place order and pay" }).click();

    await page.waitForURL(/\/pay\/dev\/\d+\?/);
    await page.getByRole("button", { name: "Approve payment" }).click();
    await page.waitForURL(/\/orders\/SS\d{12}\?token=/);
    await expect.poll(() => page.getByTestId("order-status").textContent()).toContain("Paid");
    const number = /\/orders\/(SS\d{12})/.exec(page.url())![1]!;
    const ownToken = new URL(page.url()).searchParams.get("token");
    await context.close();

    // The link is lost: a fresh browser without cookies gets the 404, which points to the lookup.
    const fresh = await browser.newContext({ ...PHONE, locale: "en-US" });
    const again = await fresh.newPage();
    again.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    const missing = await again.goto(`${server.url}/orders/${number}?lang=en`);
    expect(missing?.status()).toBe(404);
    const href = await again.getByTestId("order-lookup-link").getAttribute("href");
    expect(href).toBe(`/orders/lookup?number=${number}`);
    await again.goto(`${server.url}${href}&lang=en`);
    expect(await again.getByLabel("Order number").inputValue()).toBe(number);

    // A wrong mobile number is refused without saying which field was wrong.
    await again.getByLabel("Mobile number").fill("13700234568");
    await again.getByRole("button", { name: "Find my order" }).click();
    await expect.poll(() => again.getByTestId("lookup-error").textContent()).toContain("No order matches");

    await again.getByLabel("Mobile number").fill("137 0023 4567");
    await again.getByRole("button", { name: "Find my order" }).click();
    await again.waitForURL(new RegExp(`/orders/${number}\\?token=`));
    await expect.poll(() => again.getByTestId("order-status").textContent()).toContain("Paid");
    // The lookup hands out a fresh link of its own, not the one from checkout.
    expect(new URL(again.url()).searchParams.get("token")).not.toBe(ownToken);
    expect(await again.getByTestId("keep-link").textContent()).toContain("Find an order");
    expect(problems).toEqual([]);
    await fresh.close();
  });

  it("has no accessibility problems on the lookup page, empty, pre-filled or refused, in both languages", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    const page = await context.newPage();
    for (const lang of ["zh", "en"]) {
      await page.goto(`${server.url}/orders/lookup?lang=${lang}`);
      expect(await accessibilityProblems(page), lang).toEqual([]);
      await page.goto(`${server.url}/orders/lookup?lang=${lang}&number=SS261203123456`);
      await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
      await page.getByLabel(lang === "en" ? "Mobile number" : "手机号码").fill("13700234568");
      await page.getByRole("button", { name: lang === "en" ? "Find my order" : "查找订单" }).click();
      await expect.poll(() => page.getByTestId("lookup-error").count()).toBe(1);
      expect(await accessibilityProblems(page), `${lang}, refused`).toEqual([]);
    }
    await context.close();
  });
});
