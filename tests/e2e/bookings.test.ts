import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "~db/client";
import { DEMO } from "~db/seed-data/fixtures";
import { holdStay } from "~/services/bookings.server";
import { launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";
import { startTestSmtpServer, type TestSmtpServer } from "../support/smtp";
import { createTestStay, inDays } from "../support/stays";

// A guest on a phone books two nights for two in Wulong: the booking is held on the database
// before the server starts (as the stay page would), then the guest opens the booking link,
// pays on the dev provider's page, sees the booking paid with the host's phone, downloads the
// calendar file, receives the confirmation with the .ics attached, and cancels inside the free
// window for a full refund, while a second tab of the same booking turns "cancelled" by itself.

const POLL = { timeout: 20_000 };
const HOST_PHONE = "13987654321";
const EMAIL = "wulong.guest@example.test";
// Screenshots of each state, zh and en, when SHOTS_DIR is set.
const SHOTS = process.env.SHOTS_DIR;

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
let smtp: TestSmtpServer;
let dataDir: string;
let booking: { id: number; number: string; accessToken: string; totalFen: number };

const yuan = (fen: number) => `¥${Math.floor(fen / 100).toLocaleString("en-US")}.${String(fen % 100).padStart(2, "0")}`;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "shanshui-bookings-"));
  smtp = await startTestSmtpServer();
  const env = { DATA_DIR: dataDir, BACKGROUND_JOBS: "on", SMTP_URL: smtp.url, PAYMENT_PROVIDER: "dev" };
  // The first start migrates and seeds; the stay and its hold are written while the server is
  // stopped (an embedded database has one process at a time), then it starts again.
  await (await startServer({ ...env, BACKGROUND_JOBS: "off" })).stop();
  const handle = await createDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
  try {
    const db = handle.db;
    const cooperative = await db.selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.fengjie).executeTakeFirstOrThrow();
    const { unitId } = await createTestStay(db, {
      cooperativeId: cooperative.id,
      listing: {
        name_zh: "仙女山下竹林小院",
        name_en: "Bamboo courtyard below Fairy Mountain",
        county_zh: "武隆区",
        county_en: "Wulong",
        village_zh: "仙女山镇荆竹村",
        village_en: "Jingzhu village, Xiannüshan",
        access_kind: "rail",
        access_point_zh: "武隆站",
        access_point_en: "Wulong station",
        access_distance_km: 22,
        directions_zh: "武隆站出站后乘 2 路公交到仙女山镇，再步行 10 分钟；到村口请给房东打电话。",
        directions_en: "From Wulong station take bus 2 to Xiannüshan town, then walk 10 minutes; call the host at the village gate.",
        host_phone: HOST_PHONE,
        cancel_free_days: 3,
        cancel_late_refund_percent: 50,
      },
      unit: { name_zh: "竹林大床房", name_en: "Bamboo double room", capacity: 2, base_price_fen: 32_800 },
    });
    const hold = await holdStay(db, {
      unitId,
      checkIn: inDays(20),
      checkOut: inDays(22),
      guests: 2,
      contactName: "李小雨",
      contactMobile: "13800138000",
      email: EMAIL,
      userId: null,
      locale: "zh",
    });
    if (!hold.ok) throw new Error(`hold refused: ${JSON.stringify(hold)}`);
    booking = hold.booking;
  } finally {
    await handle.close();
  }
  server = await startServer(env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const link = (lang: "zh" | "en" = "zh") => `${server.url}/bookings/${booking.number}?${new URLSearchParams({ token: booking.accessToken, lang })}`;

async function waitForMail(check: (data: string) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const mail = smtp.received.find((m) => m.to.includes(EMAIL) && check(m.data));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no such mail; received ${smtp.received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("a Wulong stay on a phone", () => {
  it("is paid, shows the host, adds to the calendar, is confirmed by e-mail, and is cancelled with a full refund, live", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN", acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchProblems(page);

    // Held: the host's phone stays hidden, the pay button is there.
    const first = await page.goto(link());
    expect(first?.status()).toBe(200);
    await hydrated(page).catch(async (error: unknown) => {
      throw new Error(`not hydrated: ${String(error)}\n${problems.join("\n")}\n${(await page.content()).slice(0, 3000)}`);
    });
    expect(await page.getByTestId("booking-status").getAttribute("data-status")).toBe("held");
    expect(await page.getByTestId("booking-listing").textContent()).toBe("仙女山下竹林小院");
    expect(await page.getByTestId("booking-dates").textContent()).toContain("2 晚");
    expect(await page.getByTestId("booking-guests").textContent()).toContain("2 位客人");
    await page.getByTestId("host-hidden").waitFor();
    expect(await page.content()).not.toContain(HOST_PHONE);
    await shot(page, "zh-1-held");
    expect(await accessibilityProblems(page)).toEqual([]);
    if (SHOTS) {
      await page.goto(link("en"));
      await shot(page, "en-1-held");
      await page.goto(link());
      await hydrated(page);
    }

    // Pay through the dev provider's page.
    await page.getByTestId("booking-pay").click();
    await page.waitForURL(/\/pay\/dev\/booking\/\d+\?/, POLL);
    expect(await page.getByTestId("dev-pay-amount").textContent()).toBe(yuan(booking.totalFen));
    await page.locator("button[value=approve]").click();
    await page.waitForURL(/\/bookings\/BK\d{12}\?.*payment=paid/, POLL);
    await hydrated(page);
    expect(await page.getByTestId("booking-status").getAttribute("data-status")).toBe("paid");
    expect(await page.getByTestId("host-contact").textContent()).toContain(HOST_PHONE);
    expect(await page.getByTestId("booking-paid").textContent()).toBe(yuan(booking.totalFen));
    expect(await page.getByTestId("cancel-preview").textContent()).toContain(yuan(booking.totalFen));
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor(POLL);
    await shot(page, "zh-2-paid");
    expect(await accessibilityProblems(page)).toEqual([]);
    if (SHOTS) {
      await page.goto(link("en"));
      await hydrated(page);
      await shot(page, "en-2-paid");
      await page.goto(link());
      await hydrated(page);
    }

    // The calendar file: the two nights as all-day dates, with the listing's name.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("booking-ics").click()]);
    expect(download.suggestedFilename()).toBe(`${booking.number}.ics`);
    const ics = readFileSync((await download.path())!, "utf8");
    expect(ics).toContain(`DTSTART;VALUE=DATE:${inDays(20).replaceAll("-", "")}`);
    expect(ics).toContain(`DTEND;VALUE=DATE:${inDays(22).replaceAll("-", "")}`);
    expect(ics).toContain("仙女山下竹林小院");

    // The confirmation e-mail, with the .ics attached.
    const confirmation = await waitForMail((data) => data.includes(`${booking.number}.ics`));
    expect(confirmation.data).toMatch(/Content-Type: text\/calendar/i);

    // A second tab of the same booking, to watch it change by itself.
    const watcher = await context.newPage();
    const watcherProblems = watchProblems(watcher);
    await watcher.goto(link());
    await hydrated(watcher);
    await watcher.locator('[data-testid="live-status"][data-state="live"]').waitFor(POLL);
    expect(await watcher.getByTestId("booking-status").getAttribute("data-status")).toBe("paid");

    // Cancel inside the free window: everything goes back.
    await page.getByLabel("确认取消此预订").check();
    await page.getByTestId("booking-cancel").click();
    await page.waitForURL(/notice=cancelled/, POLL);
    await page.getByTestId("booking-notice-cancelled").waitFor(POLL);
    expect(await page.getByTestId("booking-notice-refunded").textContent()).toContain(yuan(booking.totalFen));
    expect(await page.getByTestId("booking-status").getAttribute("data-status")).toBe("cancelled");
    expect(await page.getByTestId("booking-refunded").textContent()).toBe(yuan(booking.totalFen));
    expect(await page.getByTestId("booking-refund").textContent()).toContain("已退回");
    await shot(page, "zh-3-cancelled");
    expect(await accessibilityProblems(page)).toEqual([]);

    // The other tab turned without a reload.
    await watcher.locator('[data-testid="booking-status"][data-status="cancelled"]').waitFor(POLL);
    expect(await watcher.getByTestId("host-hidden").count()).toBe(1);

    // And the cancellation e-mail names the refund.
    // (The outbox names the message's kind in its Message-ID.)
    await waitForMail((data) => data.includes(".booking_cancelled@"));

    // English, same booking.
    await page.goto(link("en"));
    await hydrated(page);
    expect(await page.getByTestId("booking-status").textContent()).toContain("Cancelled");
    await shot(page, "en-3-cancelled");

    // Lost the link: the lookup by number and mobile opens the booking through a fresh one.
    await page.goto(`${server.url}/bookings/lookup?lang=zh`);
    await hydrated(page);
    await shot(page, "zh-4-lookup");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel("预订号").fill(booking.number);
    await page.getByLabel("手机号").fill("138 0013 8000");
    await page.getByRole("button", { name: "查找预订" }).click();
    await page.waitForURL(/\/bookings\/BK\d{12}\?token=B1\./, POLL);
    expect(await page.getByTestId("booking-status").getAttribute("data-status")).toBe("cancelled");

    expect(problems).toEqual([]);
    expect(watcherProblems).toEqual([]);
    await context.close();
  });
});
