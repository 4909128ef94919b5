import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { startBookingPayment } from "~/services/booking-payments.server";
import { holdExperience, holdStay } from "~/services/bookings.server";
import { createDevWebhook, devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import { addDays, chinaToday } from "~/utils/calendar-dates";
import { DEMO_BOOKINGS } from "~db/seed-data/stays";
import { DESKTOP, hydrated, launchBrowser, PHONE, signIn } from "../support/browser";
import { startPreparedServer } from "../support/prepared-server";
import type { RunningServer } from "../support/server";
import { createTestExperience, createTestStay } from "../support/stays";

// The back office's bookings in Chromium: staff find a paid stay by filters, open it, cancel it
// with a reason and a confirmation (a full refund), and the list reads on a phone too.

const POLL = { timeout: 15_000 };
const SHOTS = process.env.SHOTS_DIR ?? path.join(tmpdir(), "shots-staff-bookings");

let server: RunningServer;
let browser: Browser;
let paidNumber: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startPreparedServer({ BACKGROUND_JOBS: "off", PAYMENT_PROVIDER: "dev" }, async (db) => {
    const coops = await db.selectFrom("cooperatives").select(["id", "slug"]).where("slug", "in", [DEMO.cooperatives.fengjie, DEMO.cooperatives.wushan]).execute();
    const fengjie = coops.find((c) => c.slug === DEMO.cooperatives.fengjie)!.id;
    const wushan = coops.find((c) => c.slug === DEMO.cooperatives.wushan)!.id;
    const stay = await createTestStay(db, { cooperativeId: fengjie, listing: { name_zh: "江景小院", name_en: "River view courtyard" } });
    const other = await createTestStay(db, { cooperativeId: wushan, listing: { name_zh: "巫山云雨民宿", name_en: "Wushan cloud inn" } });
    const picking = await createTestExperience(db, { cooperativeId: fengjie, capacity: 12 });
    const today = chinaToday();
    const contact = (n: number, name: string) => ({ contactName: name, contactMobile: `1390000${String(n).padStart(4, "0")}`, email: null, userId: null, locale: "zh" as const });
    const paid = await holdStay(db, { ...contact(1, "李明"), unitId: stay.unitId, checkIn: addDays(today, 14), checkOut: addDays(today, 16), guests: 2 });
    if (!paid.ok) throw new Error(JSON.stringify(paid));
    const started = await startBookingPayment(db, { bookingId: paid.booking.id, accessToken: paid.booking.accessToken });
    if (!started.ok || !started.sessionId) throw new Error(JSON.stringify(started));
    const webhook = createDevWebhook({ sessionId: started.sessionId, type: "dev.payment.approved", amountFen: paid.booking.totalFen });
    await processPaymentEvent(db, await devProvider.parseWebhook(webhook.body, webhook.headers));
    paidNumber = paid.booking.number;
    const held = await holdStay(db, { ...contact(2, "=cmd|' /C calc'!A0"), unitId: other.unitId, checkIn: addDays(today, 30), checkOut: addDays(today, 33), guests: 2 });
    if (!held.ok) throw new Error(JSON.stringify(held));
    const experience = await holdExperience(db, { ...contact(3, "Wang Fang"), slotId: picking.slotId, people: 4 });
    if (!experience.ok) throw new Error(JSON.stringify(experience));
  }, "staff-bookings");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Refusals answer 400/403/409 on purpose; Chromium logs them as failed resources.
const REFUSALS = /status of (400|403|409)/;

async function staffSignIn(device: typeof DESKTOP | typeof PHONE, lang: "en" | "zh") {
  const session = await signIn(browser, server.url, { email: DEMO_ACCOUNTS.staff, device, locale: lang === "en" ? "en-US" : "zh-CN", landing: /\/staff$/, timeout: POLL.timeout, ignoredStatus: REFUSALS });
  // The language chosen with ?lang= is remembered for the pages after.
  if (lang === "zh") await session.page.goto(`${server.url}/staff?lang=zh`);
  return session;
}

describe("staff bookings", () => {
  it("are found by filters, opened and cancelled with a full refund (desktop, English)", async () => {
    const { context, page, problems } = await staffSignIn(DESKTOP, "en");
    await page.getByRole("link", { name: "Bookings", exact: true }).first().click();
    await page.waitForURL(/\/staff\/bookings$/, POLL);
    await hydrated(page);
    await page.getByTestId("bookings-table").waitFor(POLL);
    await page.screenshot({ path: path.join(SHOTS, "desktop-list.png"), fullPage: true });
    // The demo guests' paid bookings, and the three made here.
    expect(await page.getByTestId("bookings-table").locator("tbody tr").count()).toBe(DEMO_BOOKINGS.length + 3);

    await page.getByLabel("Status").selectOption("paid");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/status=paid/, POLL);
    await page.getByTestId("bookings-table").locator("tbody tr").first().waitFor(POLL);
    expect(await page.getByTestId("bookings-table").locator("tbody tr").count()).toBe(DEMO_BOOKINGS.length + 1);
    await page.screenshot({ path: path.join(SHOTS, "desktop-list-filtered.png"), fullPage: true });

    await page.getByRole("link", { name: paidNumber }).click();
    await page.waitForURL(new RegExp(`/staff/bookings/${paidNumber}$`), POLL);
    await hydrated(page);
    expect(await page.getByTestId("booking-status").textContent()).toBe("Paid");
    await page.getByTestId("booking-ledger").waitFor(POLL);
    await page.screenshot({ path: path.join(SHOTS, "desktop-detail.png"), fullPage: true });

    // Without the confirmation the browser's own check stops it; with both, it goes.
    await page.getByLabel("Reason (kept in the audit log)").fill("The road to the village is closed");
    await page.getByLabel("I confirm: cancel this booking and refund the guest in full").check();
    await page.getByRole("button", { name: "Cancel booking" }).click();
    await page.waitForURL(/notice=cancelled/, POLL);
    await page.getByTestId("booking-status").filter({ hasText: "Cancelled" }).waitFor(POLL);
    expect(await page.getByTestId("success-notice").textContent()).toContain("full refund");
    await page.screenshot({ path: path.join(SHOTS, "desktop-detail-cancelled.png"), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("reads on a phone (390×844, Chinese)", async () => {
    const { context, page, problems } = await staffSignIn(PHONE, "zh");
    await page.goto(`${server.url}/staff/bookings`);
    await hydrated(page);
    await page.getByTestId("bookings-table").waitFor(POLL);
    await page.screenshot({ path: path.join(SHOTS, "phone-list.png"), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goto(`${server.url}/staff/bookings/${paidNumber}`);
    await hydrated(page);
    await page.getByTestId("booking-history").waitFor(POLL);
    await page.screenshot({ path: path.join(SHOTS, "phone-detail.png"), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await page.getByTestId("booking-status").textContent()).toBe("已取消");
    expect(problems).toEqual([]);
    await context.close();
  });
});
