import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "~db/client";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { launchBrowser, PHONE } from "../support/browser";
import { insertOrder } from "../support/orders";
import { startServer, type RunningServer } from "../support/server";
import { tinyJpeg } from "../support/uploads";

// A shopper whose order arrived reviews it on a phone, with a photo, from /account/reviews,
// and finds the review and its photo on the product page (which is sent as HTML only).

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.1 A/AA problems axe finds on the page as it is now, as "rule: element" lines. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] });
    return result.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")}`));
  });
}

let server: RunningServer;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "shanshui-reviews-"));
  const env = { DATA_DIR: dataDir, BACKGROUND_JOBS: "off", PAYMENT_PROVIDER: "dev" };
  // The first start migrates and seeds; the delivered order is then written while the
  // server is stopped (PGlite is held by one process at a time), and it starts again.
  const seeding = await startServer(env);
  await seeding.stop();
  const handle = await createDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
  try {
    const db = handle.db;
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
  } finally {
    await handle.close();
  }
  server = await startServer(env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
