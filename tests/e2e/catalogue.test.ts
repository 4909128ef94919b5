import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "~db/seed-data/fixtures";
import { accessibilityProblems, DESKTOP, launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// The shopper's way into the catalogue in Chromium against the production build: home,
// a search from the header, the product page and its trust details, then English.

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

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400 && !response.url().includes("/favicon")) problems.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}

/** Runs in the page: sums layout shifts not caused by input (Cumulative Layout Shift). */
function trackLayoutShift() {
  const target = window as unknown as { __layoutShift: number };
  target.__layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
      if (!entry.hadRecentInput) target.__layoutShift += entry.value;
    }
  }).observe({ type: "layout-shift", buffered: true });
}

const layoutShift = (page: Page) => page.evaluate(() => (window as unknown as { __layoutShift: number }).__layoutShift);

describe("catalogue journey", () => {
  for (const [device, options] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    it(`home → search 脐橙 → navel orange → trust details → English (${device})`, async () => {
      const context = await browser.newContext({ ...options, locale: "zh-CN" });
      await context.addInitScript(trackLayoutShift);
      const page = await context.newPage();
      const problems = watchProblems(page);

      await page.goto(server.url);
      // The catalogue is plain HTML: not one script for a phone to fetch, parse and run.
      expect(await page.locator("script:not([type='application/ld+json'])").count()).toBe(0);
      expect(await page.locator("html").getAttribute("lang")).toBe("zh");
      expect(await page.getByTestId("seasonal-picks").getByTestId("product-card").count()).toBeGreaterThan(0);
      expect(await accessibilityProblems(page)).toEqual([]);

      await page.getByRole("searchbox", { name: "搜索商品" }).fill("脐橙");
      await page.getByRole("button", { name: "搜索", exact: true }).click();
      await page.waitForURL(/\/products\?q=/);
      expect(decodeURIComponent(new URL(page.url()).search)).toBe("?q=脐橙");
      const first = page.getByTestId("product-card").first();
      await expect.poll(() => first.getAttribute("data-slug")).toBe(DEMO.navelOrange.slug);
      expect(await page.getByTestId("result-count").textContent()).toMatch(/共 \d+ 件商品/);
      expect(await accessibilityProblems(page)).toEqual([]);

      await first.getByRole("link").click();
      await page.waitForURL(new RegExp(`/products/${DEMO.navelOrange.slug}$`));
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(DEMO.navelOrange.nameZh);
      const body = (await page.locator("main").textContent()) ?? "";
      expect(body).toContain(DEMO.navelOrange.brand.registrationNumber);
      expect(body).toContain(DEMO.navelOrange.greenFood);
      expect(body).not.toContain(DEMO.navelOrange.expiredGi);
      expect(await page.getByTestId("certificate").filter({ hasText: DEMO.navelOrange.greenFood }).count()).toBe(1);
      const jsonLd = await page.locator('script[type="application/ld+json"]').allTextContents();
      const product = jsonLd.map((text) => JSON.parse(text)).find((data) => data["@type"] === "Product");
      expect(product.hasCertification.map((c: { identifier: string }) => c.identifier)).toContain(DEMO.navelOrange.greenFood);
      expect(JSON.stringify(product)).not.toContain(DEMO.navelOrange.expiredGi);
      expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toBe(`${server.url}/products/${DEMO.navelOrange.slug}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      // Pictures have their size before they load: nothing moves (Cumulative Layout Shift).
      await page.reload({ waitUntil: "networkidle" });
      expect(await layoutShift(page)).toBeLessThan(0.01);

      // Choosing a size keeps it in the URL.
      await page.locator(`a[data-sku="${DEMO.navelOrange.skus[1]}"]`).click();
      await page.waitForURL(new RegExp(`variant=${DEMO.navelOrange.skus[1]}`));
      await expect.poll(() => page.getByTestId("selected-price").textContent()).toContain("¥149.00");

      // On a phone the language switch sits in the header's menu.
      if (device === "phone") await page.getByTestId("header-menu").locator("summary").click();
      await page.getByRole("link", { name: "English" }).click();
      await page.waitForURL(/lang=en/);
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(DEMO.navelOrange.nameEn);
      expect(await page.locator("main").textContent()).toContain("Registered trademark");
      // The choice is remembered: the next page is English without ?lang.
      await page.goto(`${server.url}/products?q=navel+orange`);
      await expect.poll(() => page.getByTestId("product-card").first().locator("h3").textContent()).toBe(DEMO.navelOrange.nameEn);

      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("works without JavaScript: the filter form, paging and the 404 page", async () => {
    const context = await browser.newContext({ ...DESKTOP, locale: "en-US", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/products`);
    await page.getByText("Filters", { exact: true }).click();
    await page.getByLabel("Certificate").selectOption("green_food");
    await page.getByLabel("Max price (yuan)").fill("100");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/cert=green_food/);
    expect(new URL(page.url()).searchParams.get("max")).toBe("100");
    const count = Number((await page.getByTestId("result-count").textContent())?.match(/\d+/)?.[0]);
    expect(count).toBeGreaterThan(0);

    await page.goto(`${server.url}/products`);
    const seen = new Set<string>();
    for (let guard = 0; guard < 20; guard++) {
      for (const slug of await page.getByTestId("product-card").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-slug")!))) {
        expect(seen.has(slug)).toBe(false);
        seen.add(slug);
      }
      const next = page.getByRole("link", { name: "Next page" });
      if ((await next.count()) === 0) break;
      await next.click();
      await page.waitForLoadState();
    }
    expect(seen.size).toBe(Number((await page.getByTestId("result-count").textContent())?.match(/\d+/)?.[0]));

    const missing = await page.goto(`${server.url}/no/such/page`);
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    const bad = await page.goto(`${server.url}/products?cursor=garbage&min=-5&sort=evil&q=%00`);
    expect(bad?.status()).toBe(200);
    await context.close();
  });

  it("serves the sitemap and robots.txt", async () => {
    const sitemap = await fetch(`${server.url}/sitemap.xml`);
    expect(sitemap.headers.get("content-type")).toMatch(/^application\/xml/);
    expect(await sitemap.text()).toContain(`<loc>${server.url}/products/${DEMO.navelOrange.slug}</loc>`);
    const robots = await (await fetch(`${server.url}/robots.txt`)).text();
    expect(robots).toContain("Disallow: /checkout");
    expect(robots).toContain(`Sitemap: ${server.url}/sitemap.xml`);
  });
});
