import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "~db/client";
import { DEMO } from "~db/seed-data/fixtures";
import { createSlot, createListing, publishListing } from "~/models/stay.server";
import { launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";
import { createTestStay, inDays } from "../support/stays";

// A guest on a phone finds a stay in Wulong for two nights and two guests, reads the price night
// by night and the cancellation policy, books, pays with the test provider and lands on the
// booking's page. With SCREENSHOT_DIR set, the pages are also photographed in zh and en.

const NAME_EN = "Fairy Mountain Courtyard";
const NAME_ZH = "仙女山小院";

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let staySlug: string;
let experienceSlug: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "shanshui-stays-"));
  const env = { DATA_DIR: dataDir, BACKGROUND_JOBS: "off" };
  // The first start migrates and seeds; the listing is written while the server is stopped (an
  // embedded database has one process at a time), then the server starts again.
  await (await startServer(env)).stop();
  const handle = await createDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
  try {
    const db = handle.db;
    const cooperative = await db.selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.fengjie).executeTakeFirstOrThrow();
    const stay = await createTestStay(db, {
      cooperativeId: cooperative.id,
      listing: {
        name_zh: NAME_ZH,
        name_en: NAME_EN,
        description_zh: "山顶草甸边上的三间客房，早上能看见云海。",
        description_en: "Three rooms by the mountain meadow; on clear mornings the clouds lie below you.",
        county_zh: "武隆区",
        county_en: "Wulong",
        village_zh: "仙女山镇石梁子村",
        village_en: "Shiliangzi Village, Xiannüshan",
        access_kind: "rail",
        access_point_zh: "武隆",
        access_point_en: "Wulong",
        access_distance_km: 28,
        directions_zh: "武隆站出站后乘旅游专线到仙女山镇，再步行十分钟。",
        directions_en: "From Wulong station take the tourist bus to Xiannüshan town, then walk ten minutes.",
        check_in_from: "14:00",
        check_out_until: "12:00",
        amenities: ["Wi-Fi", "热水", "停车位"],
        house_rules_zh: "22:00 后请保持安静。",
        house_rules_en: "Quiet after 22:00.",
        cancel_free_days: 3,
        cancel_late_refund_percent: 50,
      },
      unit: { name_zh: "云海房", name_en: "Cloud-view room", capacity: 2, beds_zh: "一张大床", beds_en: "One double bed", base_price_fen: 38_800, weekend_price_fen: 45_800 },
    });
    staySlug = stay.slug;
    experienceSlug = `orange-picking-${Date.now().toString(36)}`;
    const experience = await createListing(db, {
      cooperativeId: cooperative.id,
      fields: {
        slug: experienceSlug,
        kind: "experience",
        name_zh: "果园摘脐橙",
        name_en: "Navel orange picking",
        county_zh: "奉节县",
        county_en: "Fengjie",
        village_zh: "安坪镇",
        duration_minutes: 120,
        min_age: 4,
        included_zh: "果园导览、五斤脐橙带走。",
        included_en: "A walk through the orchard and 2.5 kg of oranges to take home.",
      },
    });
    if (!experience.ok) throw new Error("experience refused");
    await createSlot(db, { cooperativeId: cooperative.id, listingId: experience.id, startsAt: new Date(`${inDays(9)}T01:00:00Z`), capacity: 12, priceFen: 6_800 });
    await publishListing(db, { cooperativeId: cooperative.id, listingId: experience.id });
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

const shotDir = process.env.SCREENSHOT_DIR;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target).slice(0, 3))}`);
  });
}

async function shot(page: Page, name: string) {
  if (!shotDir) return;
  mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: path.join(shotDir, `${name}.png`), fullPage: true });
}

describe("stays on a phone", () => {
  it("finds a Wulong stay for two nights and two guests, sees the price and policy, books and pays", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "en-US", javaScriptEnabled: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    const checkIn = inDays(10);
    const checkOut = inDays(12);

    await page.goto(`${server.url}/stays?lang=en`);
    await page.getByLabel("County").selectOption("武隆区");
    await page.getByLabel("Check-in").fill(checkIn);
    await page.getByLabel("Check-out").fill(checkOut);
    await page.getByLabel("Guests").fill("2");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/\/stays\?county=/);
    expect(page.url()).toContain(`checkIn=${checkIn}`);
    const cards = page.getByTestId("stay-card");
    await expect.poll(() => cards.count()).toBe(1);
    const cardText = (await cards.first().textContent()) ?? "";
    expect(cardText).toContain("28 km from Wulong station");
    expect(cardText).toMatch(/¥[\d,]+\.\d\d for 2 nights/);
    await shot(page, "en-stays-filtered");

    await cards.first().getByRole("link").click();
    await page.waitForURL(new RegExp(`/stays/${staySlug}\\?`));
    await page.getByRole("heading", { level: 1, name: NAME_EN }).waitFor();
    const breakdown = page.getByTestId("price-breakdown");
    await breakdown.waitFor();
    expect(await breakdown.locator("tbody tr").count()).toBe(2);
    const total = (await page.getByTestId("price-total").textContent()) ?? "";
    expect(total).toMatch(/^¥[\d,]+\.\d\d$/);
    expect(cardText).toContain(`${total} for 2 nights`);
    const policy = (await page.getByTestId("cancellation-policy").textContent()) ?? "";
    expect(policy).toContain("Free cancellation until");
    expect(policy).toContain("50%");
    await shot(page, "en-stay-page");

    const form = page.getByTestId("booking-form");
    expect(await form.getByLabel("Check-in").inputValue()).toBe(checkIn);
    expect(await form.getByLabel("Guests").inputValue()).toBe("2");
    await form.getByLabel("Your name").fill("Li Xiaoming");
    await form.getByLabel("Mobile number").fill("138 0013 8000");
    await form.getByRole("button", { name: "Book and pay" }).click();

    await page.waitForURL(/\/pay\/dev\/booking\/\d+\?/);
    expect(await page.getByTestId("dev-pay-amount").textContent()).toBe(total);
    await page.getByRole("button", { name: "Approve payment" }).click();
    await page.waitForURL(/\/bookings\/BK\d{12}\?/);

    // A second guest asking for the same nights is told so, with what they typed still there.
    await page.goto(`${server.url}/stays/${staySlug}?lang=en&checkIn=${checkIn}&checkOut=${checkOut}&guests=2`);
    await form.getByLabel("Your name").fill("Wang Fang");
    await form.getByLabel("Mobile number").fill("13900001111");
    await form.getByRole("button", { name: "Book and pay" }).click();
    await page.getByTestId("booking-error").waitFor();
    expect(await page.getByTestId("booking-error").textContent()).toContain("just booked");
    expect(await form.getByLabel("Your name").inputValue()).toBe("Wang Fang");
    expect(problems).toEqual([]);

    // The nights are taken now: the same search no longer lists the stay.
    await page.goto(`${server.url}/stays?lang=en&county=${encodeURIComponent("武隆区")}&checkIn=${checkIn}&checkOut=${checkOut}&guests=2`);
    await page.getByTestId("stay-none").waitFor();
    await context.close();
  });

  it("shows the pages in zh and en at 390×844", async () => {
    for (const locale of ["zh", "en"] as const) {
      // The audit script is injected from outside the page: the CSP admits only nonce'd scripts.
      const context = await browser.newContext({ ...PHONE, locale: locale === "zh" ? "zh-CN" : "en-US", bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/stays?lang=${locale}`);
      await expect.poll(() => page.getByTestId("stay-card").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("script[src]").count()).toBe(0);
      await shot(page, `${locale}-stays`);
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${server.url}/stays/${staySlug}?lang=${locale}&checkIn=${inDays(11)}&checkOut=${inDays(14)}&guests=2`);
      await page.getByTestId("price-breakdown").waitFor();
      await shot(page, `${locale}-stay-dates`);
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${server.url}/stays/${experienceSlug}?lang=${locale}`);
      await page.getByTestId("stay-slots").waitFor();
      await shot(page, `${locale}-experience`);
      expect(await axeViolations(page)).toEqual([]);
      const missing = await page.goto(`${server.url}/stays/no-such-place?lang=${locale}`);
      expect(missing?.status()).toBe(404);
      await context.close();
    }
    if (shotDir) {
      for (const width of [820, 1280]) {
        const wide = await browser.newContext({ viewport: { width, height: 900 }, locale: "zh-CN" });
        const page = await wide.newPage();
        await page.goto(`${server.url}/stays`);
        await shot(page, `zh-stays-${width}`);
        await page.goto(`${server.url}/stays/${staySlug}?checkIn=${inDays(11)}&checkOut=${inDays(14)}&guests=2`);
        await shot(page, `zh-stay-${width}`);
        await wide.close();
      }
    }
  });
});
