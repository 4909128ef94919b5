import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { accessibilityProblems, launchBrowser, PHONE } from "../support/browser";
import { insertOrder } from "../support/orders";
import { startPreparedServer } from "../support/prepared-server";
import type { RunningServer } from "../support/server";
import { tinyJpeg } from "../support/uploads";

// A shopper whose order arrived reviews it on a phone, with a photo, from /account/reviews,
// and finds the review and its photo on the product page (which is sent as HTML only).

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The delivered order is written before the server starts for the test.
  server = await startPreparedServer({ BACKGROUND_JOBS: "off", PAYMENT_PROVIDER: "dev" }, async (db) => {
    const shopper = await db.selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.shopper).executeTakeFirstOrThrow();
    const variant = await db
      .selectFrom("variants")
      .innerJoin("products", "products.id", "variants.product_id")
      .select("variants.id")
      .where("products.slug", "=", DEMO.navelOrange.slug)
      .orderBy("variants.id")
      .executeTakeFirstOrThrow();
    const order = await insertOrder(db, { lines: [{ variantId: variant.id, quantity: 1 }], status: "delivered", userId: shopper.id, email: DEMO_ACCOUNTS.shopper });
    const deliveredAt = new Date(Date.now() - 3 * 86_400_000);
    const shipment = await db
      .insertInto("shipments")
      .values({ order_id: order.id, carrier: "sf", tracking_number: `SF${Date.now()}`, status: "delivered", shipped_at: deliveredAt, delivered_at: deliveredAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("shipment_items").values(order.items.map((item) => ({ shipment_id: shipment.id, order_item_id: item.id, quantity: item.quantity }))).execute();
  }, "reviews");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("reviews from verified buyers", () => {
  it("reviews a delivered line with a photo on a phone, and the product page shows it", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

    await page.goto(`${server.url}/login?lang=zh&redirectTo=${encodeURIComponent("/account/reviews")}`);
    await page.getByLabel("电子邮箱", { exact: true }).fill(DEMO_ACCOUNTS.shopper);
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL(/\/account\/reviews/);

    await page.getByTestId("awaiting-reviews").getByRole("link", { name: /写评价/ }).first().click();
    await page.waitForURL(/\/account\/reviews\?line=\d+/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel("4 星 · 满意").check();
    await page.getByLabel("评价内容").fill("橙子很甜，汁水足，一个坏果都没有。");
    await page.getByLabel("照片（可选）").setInputFiles({ name: "orange.jpg", mimeType: "image/jpeg", buffer: await tinyJpeg(400, 300) });
    await page.getByRole("button", { name: "发布评价" }).click();
    await page.waitForURL(/\/account\/reviews\?saved=1/);
    await expect.poll(() => page.getByRole("status").filter({ hasText: "评价已发布" }).count()).toBe(1);
    await expect.poll(() => page.getByTestId("my-review").count()).toBe(1);

    await page.goto(`${server.url}/products/${DEMO.navelOrange.slug}`);
    const section = page.getByTestId("reviews");
    await section.scrollIntoViewIfNeeded();
    const reviewItem = section.getByTestId("review").filter({ hasText: "橙子很甜，汁水足" });
    expect(await reviewItem.count()).toBe(1);
    expect(await section.getByTestId("reviews-average").textContent()).toContain("4.0");
    const photo = reviewItem.locator("img").first();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await photo.getAttribute("src")).toMatch(/^\/uploads\/images\/[a-f0-9]{32}-320\.webp$/);
    // The product page stays HTML only: no framework script, only the catalogue's own small one.
    expect(await page.locator('script[src]:not([src*="/build/enhance/"])').count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);

    // The "有图" filter is a link, and keeps the photo review.
    await section.getByRole("link", { name: /有图/ }).click();
    await page.waitForURL(/photos=1/);
    expect(await page.getByTestId("review").count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
