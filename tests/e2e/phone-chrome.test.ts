import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { accessibilityProblems, launchBrowser, PHONE, watchProblems } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// The shop's chrome on a 390×844 phone, in Chinese and English: a header of one compact row on
// every kind of page (catalogue, product, cart and both back offices), products on the home
// page's first screen, and the cart's stepper and undo working in place.
// SCREENSHOT_DIR=<dir> also saves a picture of each page, to look at.

let server: RunningServer;
let browser: Browser;
const shots = process.env.SCREENSHOT_DIR;

beforeAll(async () => {
  server = await startServer({ BACKGROUND_JOBS: "off" });
  browser = await launchBrowser();
  if (shots) mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function snap(page: Page, name: string) {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function headerHeight(page: Page): Promise<number> {
  return (await page.locator("header.site-header").boundingBox())!.height;
}

/** Everything in the header bar sits on one line: no item starts below the first one's bottom. */
async function headerIsOneRow(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const items = [...document.querySelectorAll<HTMLElement>(".site-header__bar > *, .site-header__actions > *")]
      .filter((element) => element.offsetParent !== null && !element.classList.contains("site-header__actions"))
      .map((element) => element.getBoundingClientRect());
    const top = Math.min(...items.map((box) => box.top));
    const firstBottom = Math.min(...items.map((box) => box.bottom));
    return items.every((box) => box.top < firstBottom && box.top >= top);
  });
}

async function phone(locale: "zh" | "en"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, locale: locale === "zh" ? "zh-CN" : "en-US" });
  const page = await context.newPage();
  // The language is chosen once, then remembered by its cookie.
  await page.goto(`${server.url}/?lang=${locale}`);
  return { context, page };
}

async function logIn(page: Page, email: string) {
  await page.goto(`${server.url}/login`);
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.locator("main button[type=submit]").first().click()]);
}

async function variantIdOf(page: Page, slug: string): Promise<string> {
  await page.goto(`${server.url}/products/${slug}`);
  return (await page.locator("main input[name=variantId]").first().getAttribute("value"))!;
}

async function addToCart(page: Page, variantId: string, quantity: number) {
  const response = await page.request.post(`${server.url}/cart`, {
    form: { intent: "add", variantId, quantity: String(quantity) },
    headers: { Origin: server.url },
  });
  expect(response.status()).toBe(200);
}

describe("the chrome on a phone", () => {
  for (const locale of ["zh", "en"] as const) {
    it(`keeps the header to one compact row on shop and back-office pages, with products on the first screen (${locale})`, async () => {
      const { context, page } = await phone(locale);
      const problems = watchProblems(page);

      // Home: one row, and a whole product picture within the first screen.
      expect(await page.locator("script:not([type='application/ld+json'])").count()).toBe(0);
      expect(await headerHeight(page)).toBeLessThanOrEqual(64);
      expect(await headerIsOneRow(page)).toBe(true);
      const card = (await page.getByTestId("seasonal-picks").getByTestId("product-card").first().boundingBox())!;
      expect(card.y + card.width * 0.75).toBeLessThanOrEqual(844);
      expect(await accessibilityProblems(page)).toEqual([]);
      await snap(page, `${locale}-home`);

      // The menu opens without scripts (the home page has none) and holds every link, the order lookup among them.
      await page.getByTestId("header-menu").locator("summary").click();
      const menu = page.getByTestId("header-menu").getByRole("navigation");
      await expect.poll(() => menu.isVisible()).toBe(true);
      const findOrder = menu.getByRole("link", { name: locale === "zh" ? "查订单" : "Find an order" });
      expect(await findOrder.getAttribute("href")).toBe("/orders/lookup");
      expect(await menu.getByRole("link", { name: locale === "zh" ? "登录" : "Log in" }).isVisible()).toBe(true);
      expect(await menu.getByRole("link", { name: locale === "zh" ? "English" : "中文" }).isVisible()).toBe(true);
      expect(await accessibilityProblems(page)).toEqual([]);
      await snap(page, `${locale}-home-menu`);

      for (const [name, url] of [
        ["catalogue", "/products"],
        ["product", `/products/${DEMO.navelOrange.slug}`],
        ["cart", "/cart"],
      ] as const) {
        await page.goto(`${server.url}${url}`);
        expect(await headerHeight(page), name).toBeLessThanOrEqual(64);
        expect(await headerIsOneRow(page), name).toBe(true);
        await snap(page, `${locale}-${name}`);
      }
      // Off the catalogue the search folds into an icon that leads to it.
      const searchLink = page.getByTestId("header-search-link");
      expect(await searchLink.isVisible()).toBe(true);
      expect(await searchLink.getAttribute("aria-label")).toBe(locale === "zh" ? "搜索商品" : "Search products");
      expect(await page.getByRole("searchbox").count()).toBe(0);
      expect(await accessibilityProblems(page)).toEqual([]);

      // Both back offices: the same one-row header, then a one-row bar whose nav scrolls sideways.
      for (const [account, url] of [
        [DEMO_ACCOUNTS.staff, "/staff"],
        [DEMO_ACCOUNTS.fengjie, "/coop"],
      ] as const) {
        await context.clearCookies();
        await page.goto(`${server.url}/?lang=${locale}`);
        await logIn(page, account);
        await page.goto(`${server.url}${url}`);
        expect(await headerHeight(page), url).toBeLessThanOrEqual(64);
        expect(await headerIsOneRow(page), url).toBe(true);
        const row = (await page.locator(".portal__row").boundingBox())!;
        expect(row.height, url).toBeLessThanOrEqual(56);
        const nav = page.getByTestId("portal-nav");
        expect(await nav.evaluate((element) => getComputedStyle(element).overflowX)).toBe("auto");
        expect(await accessibilityProblems(page)).toEqual([]);
        await snap(page, `${locale}${url.replace("/", "-")}`);
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("changes quantities in the cart in place, and undoes a removal", async () => {
    const { context, page } = await phone("zh");
    const problems = watchProblems(page);
    const orange = await variantIdOf(page, DEMO.navelOrange.slug);
    const pepper = await variantIdOf(page, DEMO.pepper.slug);
    await addToCart(page, orange, 1);
    await addToCart(page, pepper, 2);
    await page.goto(`${server.url}/cart`);
    await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true");
    // A marker that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));

    const orangeLine = page.locator(`[data-testid=cart-line][data-variant-id="${orange}"]`);
    const unit = await orangeLine.getByTestId("line-total").textContent();
    const subtotal = await page.getByTestId("cart-subtotal").textContent();
    await snap(page, "zh-cart-lines");
    expect(await accessibilityProblems(page)).toEqual([]);
    // Names and sizes, never SKU codes.
    expect(await page.locator("main").textContent()).not.toContain(DEMO.navelOrange.skus[0]);

    await orangeLine.getByTestId("qty-up").click();
    await expect.poll(() => orangeLine.locator("input[type=number]").inputValue()).toBe("2");
    await expect.poll(() => page.getByTestId("cart-subtotal").textContent()).not.toBe(subtotal);
    const money = (text: string | null) => Number((text ?? "").replace(/[^\d.]/g, ""));
    expect(money(await orangeLine.getByTestId("line-total").textContent())).toBeCloseTo(money(unit) * 2, 2);
    await expect.poll(() => page.getByTestId("cart-count").first().textContent()).toBe("4");

    // A quantity typed in applies once the typing pauses.
    await orangeLine.locator("input[type=number]").fill("3");
    await expect.poll(() => orangeLine.getByTestId("line-total").textContent()).toBe(`¥${(money(unit) * 3).toFixed(2)}`);
    await expect.poll(() => page.getByTestId("cart-count").first().textContent()).toBe("5");

    // Remove, then undo: the line is back with its quantity, in its place.
    await orangeLine.getByRole("button", { name: /删除/ }).click();
    await expect.poll(() => orangeLine.count()).toBe(0);
    const undo = page.getByTestId("cart-undo");
    expect(await undo.textContent()).toContain("×3");
    await snap(page, "zh-cart-undo");
    await undo.getByRole("button", { name: "撤销" }).click();
    await expect.poll(() => orangeLine.count()).toBe(1);
    expect(await orangeLine.locator("input[type=number]").inputValue()).toBe("3");
    expect(await page.locator("[data-testid=cart-line]").first().getAttribute("data-variant-id")).toBe(orange);
    await expect.poll(() => page.getByTestId("cart-undo").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the cart works without scripts: stepper, update button, remove and undo", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "en-US", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/?lang=en`);
    const orange = await variantIdOf(page, DEMO.navelOrange.slug);
    await addToCart(page, orange, 2);
    await page.goto(`${server.url}/cart`);
    const line = page.locator(`[data-testid=cart-line][data-variant-id="${orange}"]`);
    await Promise.all([page.waitForNavigation(), line.getByTestId("qty-up").click()]);
    expect(await line.locator("input[type=number]").inputValue()).toBe("3");
    await line.locator("input[type=number]").fill("5");
    await Promise.all([page.waitForNavigation(), line.getByRole("button", { name: "Update" }).click()]);
    expect(await line.locator("input[type=number]").inputValue()).toBe("5");
    await Promise.all([page.waitForNavigation(), line.getByRole("button", { name: /Remove/ }).click()]);
    expect(await line.count()).toBe(0);
    await snap(page, "en-cart-undo-noscript");
    await Promise.all([page.waitForNavigation(), page.getByTestId("cart-undo").getByRole("button", { name: "Undo" }).click()]);
    expect(await line.locator("input[type=number]").inputValue()).toBe("5");
    expect(new URL(page.url()).pathname).toBe("/cart");
    await context.close();
  });
});
