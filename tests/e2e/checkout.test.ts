import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "~db/seed-data/fixtures";
import { launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// The buying journey in Chromium against the production build, with the dev payment
// provider: product page → cart → checkout → test payment → paid order page.

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

interface Shopper {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

async function newShopper(options: { javaScript?: boolean } = {}): Promise<Shopper> {
  const context = await browser.newContext({ ...PHONE, locale: "en-US", javaScriptEnabled: options.javaScript ?? true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

async function addFromProductPage(page: Page, slug: string, quantity: number) {
  await page.goto(`${server.url}/products/${slug}?lang=en`);
  await page.getByLabel("Quantity", { exact: true }).fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect.poll(() => page.getByRole("status").filter({ hasText: "Added to your cart." }).count()).toBe(1);
}

async function fillCheckout(page: Page, options: { province: string; city: string; district: string }) {
  await page.getByLabel("Recipient's name").fill("Li Xiaoming");
  await page.getByLabel("E-mail").fill("xiaoming@example.test");
  await page.getByLabel("Mobile number").fill("138 0013 8000");
  await page.getByLabel("Province").selectOption(options.province);
  await expect.poll(() => page.locator(`#city option[value="${options.city}"]`).count()).toBe(1);
  await page.getByLabel("City").selectOption(options.city);
  await expect.poll(() => page.locator(`#district option[value="${options.district}"]`).count()).toBe(1);
  await page.getByLabel("District or county").selectOption(options.district);
  await page.getByLabel("Street address").fill("88 Renmin South Road, Building 3, Flat 1201");
}

async function cartCount(page: Page) {
  return Number(await page.getByTestId("cart-count").textContent());
}

describe("checkout journey", () => {
  it("buys from the product page and pays with the test provider", async () => {
    const { page, problems, context } = await newShopper();
    await addFromProductPage(page, DEMO.navelOrange.slug, 2);
    await expect.poll(() => cartCount(page)).toBe(2);

    await page.getByRole("link", { name: "View cart" }).click();
    await page.waitForURL(`${server.url}/cart`);
    await expect.poll(() => page.getByTestId("cart-line").count()).toBe(1);
    const subtotal = await page.getByTestId("cart-subtotal").textContent();
    expect(subtotal).toMatch(/^¥\d/);

    await page.getByRole("link", { name: "Go to checkout" }).click();
    await page.waitForURL(`${server.url}/checkout`);
    await hydrated(page);
    // Chengdu, Wuhou District: a province with cities, so all three selects are exercised.
    await fillCheckout(page, { province: "510000", city: "510100", district: "510107" });
    await page.getByLabel("Standard delivery").check();
    expect(await page.getByTestId("checkout-subtotal").textContent()).toBe(subtotal);
    await page.getByRole("button", { name: "Place order and pay" }).click();

    await page.waitForURL(/\/pay\/dev\/\d+\?/);
    await page.getByText("TEST PAYMENT", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Approve payment" }).click();

    await page.waitForURL(/\/orders\/SS\d{12}\?token=/);
    await expect.poll(() => page.getByTestId("order-status").textContent()).toContain("Paid");
    expect(await page.getByTestId("order-notice").textContent()).toContain("Thank you!");
    await expect.poll(() => cartCount(page)).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("declines, tries again, and pays", async () => {
    const { page, problems, context } = await newShopper();
    await addFromProductPage(page, DEMO.pepper.slug, 1);
    await page.goto(`${server.url}/checkout?lang=en`);
    await hydrated(page);
    await fillCheckout(page, { province: "500000", city: "500000", district: "500236" }); // Chongqing, Fengjie County
    await page.getByRole("button", { name: "Place order and pay" }).click();

    await page.waitForURL(/\/pay\/dev\/\d+\?/);
    await page.getByRole("button", { name: "Decline payment" }).click();
    await page.waitForURL(/\/orders\/SS\d{12}\?token=.*payment=failed/);
    await expect.poll(() => page.getByTestId("order-notice").textContent()).toContain("did not go through");
    expect(await page.getByTestId("payment-status").textContent()).toContain("Payment failed");
    await expect.poll(() => cartCount(page)).toBe(1); // the cart is kept until a payment succeeds

    await page.getByRole("button", { name: "Try the payment again" }).click();
    await page.waitForURL(/\/pay\/dev\/\d+\?.*session=dev_cs_\d+_2/);
    await page.getByRole("button", { name: "Approve payment" }).click();
    await page.waitForURL(/\/orders\/SS\d{12}\?token=.*payment=paid/);
    await expect.poll(() => page.getByTestId("order-status").textContent()).toContain("Paid");
    await expect.poll(() => cartCount(page)).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("works without JavaScript: the address lists advance with the next button", async () => {
    const { page, context } = await newShopper({ javaScript: false });
    await page.goto(`${server.url}/products/${DEMO.navelOrange.slug}?lang=en`);
    await page.getByLabel("Quantity", { exact: true }).fill("1");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(new RegExp(`/products/${DEMO.navelOrange.slug}`));
    expect(await cartCount(page)).toBe(1);

    await page.goto(`${server.url}/checkout`);
    await page.getByLabel("Recipient's name").fill("Wang Fang");
    await page.getByLabel("E-mail").fill("fang@example.test");
    await page.getByLabel("Mobile number").fill("13912345678");
    await page.getByLabel("Street address").fill("1 Zhongshan Road");
    await page.getByLabel("Province").selectOption("440000");
    await page.getByRole("button", { name: "Show cities and districts" }).click();
    await page.getByLabel("City").selectOption("440300");
    await page.getByRole("button", { name: "Show cities and districts" }).click();
    await page.getByLabel("District or county").selectOption("440305");
    // What was typed survived both round trips.
    expect(await page.getByLabel("Street address").inputValue()).toBe("1 Zhongshan Road");
    expect(await page.getByLabel("E-mail").inputValue()).toBe("fang@example.test");
    await page.getByRole("button", { name: "Place order and pay" }).click();
    await page.waitForURL(/\/pay\/dev\/\d+\?/);
    await page.getByRole("button", { name: "Approve payment" }).click();
    await page.waitForURL(/\/orders\/SS\d{12}\?token=/);
    expect(await page.getByTestId("order-status").textContent()).toContain("Paid");
    await context.close();
  });
});
