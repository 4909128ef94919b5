import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "~db/seed-data/fixtures";
import { launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// A shopper on a 390×844 phone buys from the product page's sticky bar: 加入购物车 adds in
// place (the catalogue script, no reload), 立即购买 checks out that line alone and the cart
// holds what it held.

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
  return problems;
}

const badge = (page: Page) => page.locator(".cart-link__count").first().textContent();

/** Whether the element's box lies within the first screen (the viewport as loaded). */
function onFirstScreen(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  });
}

describe("buying on a phone", () => {
  it("adds from the sticky bar without leaving the page, then 立即购买 checks out that line alone and keeps the cart", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const url = `${server.url}/products/${DEMO.navelOrange.slug}`;
    await page.goto(url);

    // The first screen: photo, name, price, badges and the buy bar.
    expect(await page.locator("script[src^='/build/enhance/catalogue-']").count()).toBe(1);
    expect(await page.locator(".gallery__main").evaluate((element) => element.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    expect(await page.getByRole("heading", { level: 1 }).evaluate((element) => element.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    expect(await onFirstScreen(page, "selected-price")).toBe(true);
    expect(await onFirstScreen(page, "buy-bar")).toBe(true);
    expect(await page.locator(".cert-badges").first().evaluate((element) => element.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    expect(await page.getByTestId("buy-bar").evaluate((element) => getComputedStyle(element).position)).toBe("fixed");
    expect(await page.getByTestId("unit-price").textContent()).toMatch(/\/斤/);
    expect(await page.getByTestId("shipping-fee").textContent()).toMatch(/运费|包邮/);
    expect(await page.getByTestId("delivery-window").textContent()).toMatch(/预计 .+ 送达/);

    const before = Number(await badge(page));
    const bar = page.getByTestId("buy-bar");
    await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
    await bar.getByRole("button", { name: "加入购物车" }).click();
    await expect.poll(() => page.getByTestId("buy-status").textContent()).toContain("已加入购物车");
    expect(await page.getByTestId("buy-status").isVisible()).toBe(true);
    await expect.poll(() => badge(page)).toBe(String(before + 1));
    // Still the same document: nothing reloaded, the address did not change.
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

    // A second size switches the bar's price in place, and 立即购买 buys that size.
    await page.locator(`a[data-sku="${DEMO.navelOrange.skus[1]}"]`).click();
    await expect.poll(() => page.getByTestId("buy-bar-price").textContent()).toBe("¥149.00");
    expect(page.url()).toContain(`variant=${DEMO.navelOrange.skus[1]}`);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    await bar.getByRole("button", { name: "立即购买" }).click();
    // A checkout of that line alone: the cart (the first size, added above) is not in it.
    await page.waitForURL(/\/checkout\?buy=\d+&quantity=1$/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("立即购买");
    expect(await page.getByTestId("buy-now-note").textContent()).toContain("购物车里的商品不变");
    const lines = page.locator(".checkout-summary__lines li");
    expect(await lines.count()).toBe(1);
    expect(await lines.first().textContent()).toContain(DEMO.navelOrange.nameZh);
    expect(await page.getByTestId("checkout-subtotal").textContent()).toBe("¥149.00");

    await page.getByLabel("收货人姓名").fill("李晓明");
    await page.getByLabel("手机号码").fill("138 0013 8000");
    await page.getByLabel("省份").selectOption("500000");
    await expect.poll(() => page.locator('#district option[value="500103"]').count()).toBe(1);
    await page.getByLabel("区 / 县").selectOption("500103");
    await page.getByLabel("详细地址").fill("解放碑步行街 88 号 3 栋 1201");
    await page.getByRole("button", { name: "提交订单并付款" }).click();
    await page.waitForURL(/\/pay\/dev\/\d+\?/);
    await page.getByRole("button", { name: "批准付款" }).click();
    await page.waitForURL(/\/orders\/SS\d{12}\?token=.*payment=paid/);

    // Paid, and the cart holds what it held: the first size, once.
    await page.goto(`${server.url}/cart`);
    const cart = page.getByTestId("cart-line");
    expect(await cart.count()).toBe(1);
    expect(await cart.getByTestId("cart-line-size").textContent()).toContain("5 公斤装");
    expect(await cart.getByRole("spinbutton").inputValue()).toBe("1");
    expect(await badge(page)).toBe(String(before + 1));

    expect(problems).toEqual([]);
    await context.close();
  });

  it("buys with 立即购买 without JavaScript, the cart untouched", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/products/${DEMO.navelOrange.slug}`);
    await page.getByTestId("buy-bar").getByRole("button", { name: "加入购物车" }).click();
    await page.goto(`${server.url}/products/${DEMO.navelOrange.slug}?variant=${DEMO.navelOrange.skus[1]}`);
    await page.getByTestId("buy-bar").getByRole("button", { name: "立即购买" }).click();
    await page.waitForURL(/\/checkout\?buy=\d+&quantity=1$/);
    expect(await page.locator(".checkout-summary__lines li").count()).toBe(1);
    expect(await page.getByTestId("checkout-subtotal").textContent()).toBe("¥149.00");

    // Each region step is a round trip to the page's own address, which keeps the line.
    await page.getByLabel("收货人姓名").fill("王芳");
    await page.getByLabel("手机号码").fill("13912345678");
    await page.getByLabel("详细地址").fill("中山路 1 号");
    await page.getByLabel("省份").selectOption("440000");
    await page.getByRole("button", { name: "列出城市和区县" }).click();
    await page.getByLabel("城市").selectOption("440300");
    await page.getByRole("button", { name: "列出城市和区县" }).click();
    await page.getByLabel("区 / 县").selectOption("440305");
    expect(page.url()).toMatch(/\/checkout\?buy=\d+&quantity=1$/);
    expect(await page.locator(".checkout-summary__lines li").count()).toBe(1);
    await page.getByRole("button", { name: "提交订单并付款" }).click();
    await page.waitForURL(/\/pay\/dev\/\d+\?/);
    await page.getByRole("button", { name: "批准付款" }).click();
    await page.waitForURL(/\/orders\/SS\d{12}\?token=.*payment=paid/);

    await page.goto(`${server.url}/cart`);
    const cart = page.getByTestId("cart-line");
    expect(await cart.count()).toBe(1);
    expect(await cart.getByTestId("cart-line-size").textContent()).toContain("5 公斤装");
    await context.close();
  });

  it("still runs the script when a shopper with a cart comes back to a page the browser revalidates", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    const page = await context.newPage();
    const url = `${server.url}/products/${DEMO.navelOrange.slug}`;
    await page.goto(url);
    await page.getByTestId("buy-bar").getByRole("button", { name: "加入购物车" }).click();
    await expect.poll(() => badge(page)).toBe("1");
    // The page as it now is, then once more: the second answer is a 304 for the stored copy.
    await page.goto(url);
    const validators: string[] = [];
    page.on("request", async (request) => {
      const tag = request.url() === url ? (await request.allHeaders())["if-none-match"] : undefined;
      if (tag) validators.push(tag);
    });
    await page.goto(url);
    // The browser asked with its stored tag, and the server answers that tag 304 (with a new
    // nonce in its CSP header): the stored page, with its old nonce, must still run the script.
    await expect.poll(() => validators.length).toBe(1);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const again = await fetch(url, { headers: { Cookie: cookie, "If-None-Match": validators[0]!, "Accept-Language": "zh-CN" } });
    expect(again.status).toBe(304);
    const enhanced = () => page.evaluate(() => document.documentElement.dataset.enhanced ?? "no");
    await expect.poll(enhanced).toBe("true");
    await page.getByTestId("buy-bar").getByRole("button", { name: "加入购物车" }).click();
    await expect.poll(() => badge(page)).toBe("2");
    expect(page.url()).toBe(url);
    await context.close();
  });

  it("applies catalogue filters and sort on change, without the apply buttons", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/products`);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.enhanced ?? "no")).toBe("true");
    expect(await page.getByRole("button", { name: "应用排序" }).isVisible()).toBe(false);
    await page.getByLabel("排序").selectOption("price_asc");
    await page.waitForURL(/sort=price_asc/);

    await page.getByText("筛选", { exact: true }).click();
    expect(await page.getByRole("button", { name: "应用筛选" }).isVisible()).toBe(false);
    await page.getByLabel("认证").selectOption("green_food");
    await page.waitForURL(/cert=green_food/);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("price_asc");
    // A typed price applies when the shopper leaves the form, not between its two fields.
    await page.getByLabel(/最低/).fill("10");
    await page.getByLabel(/最高/).focus();
    expect(new URL(page.url()).searchParams.get("min") ?? "").toBe("");
    await page.getByLabel(/最高/).fill("200");
    await page.getByLabel("排序").focus();
    await page.waitForURL(/max=200/);
    expect(new URL(page.url()).searchParams.get("min")).toBe("10");
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("the cart badge's label and the shipping province on a phone", () => {
  const enhanced = (page: Page) => page.evaluate(() => document.documentElement.dataset.enhanced ?? "no");

  it("labels the cart for one item and for several, in English and in Chinese", async () => {
    const cases = [
      { locale: "en-US", lang: "en", add: "Add to cart", one: "Cart, 1 item", two: "Cart, 2 items" },
      { locale: "zh-CN", lang: "zh", add: "加入购物车", one: "购物车，1 件商品", two: "购物车，2 件商品" },
    ];
    for (const { locale, lang, add, one, two } of cases) {
      const context = await browser.newContext({ ...PHONE, locale });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${server.url}/products/${DEMO.navelOrange.slug}?lang=${lang}`);
      await expect.poll(() => enhanced(page)).toBe("true");
      const cartLabel = () => page.locator("a.cart-link").first().getAttribute("aria-label");
      const button = page.getByTestId("buy-bar").getByRole("button", { name: add });
      await button.click();
      await expect.poll(() => badge(page)).toBe("1");
      expect(await cartLabel()).toBe(one);
      await button.click();
      await expect.poll(() => badge(page)).toBe("2");
      expect(await cartLabel()).toBe(two);
      // The server says the same once the page is loaded again.
      await page.reload();
      expect(await cartLabel()).toBe(two);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it("keeps the chosen province through a size change, and remembers it on the next product", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/products/${DEMO.navelOrange.slug}`);
    await expect.poll(() => enhanced(page)).toBe("true");
    const chongqingFee = await page.getByTestId("shipping-fee").textContent();
    // The menu applies on change (the script submits the form).
    await page.getByLabel("配送至").selectOption("440000");
    await page.waitForURL(/province=440000/);
    await expect.poll(() => enhanced(page)).toBe("true");
    const guangdongFee = await page.getByTestId("shipping-fee").textContent();
    expect(guangdongFee).not.toBe(chongqingFee);

    // A size switched in place keeps the province in the address, and so does a reload.
    await page.locator(`a[data-sku="${DEMO.navelOrange.skus[1]}"]`).click();
    await expect.poll(() => page.getByTestId("buy-bar-price").textContent()).toBe("¥149.00");
    const switched = new URL(page.url()).searchParams;
    expect(switched.get("variant")).toBe(DEMO.navelOrange.skus[1]);
    expect(switched.get("province")).toBe("440000");
    await page.reload();
    expect(await page.getByLabel("配送至").inputValue()).toBe("440000");

    // Another product, reached without ?province=: the remembered choice.
    await page.goto(`${server.url}/products/${DEMO.pepper.slug}`);
    expect(await page.getByLabel("配送至").inputValue()).toBe("440000");
    expect(problems).toEqual([]);
    await context.close();
  });
});
