import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { holdStay, recordBookingPayment } from "~/services/bookings.server";
import { addDays, chinaToday } from "~/utils/calendar-dates";
import { accessibilityProblems, hydrated, launchBrowser, PHONE, signIn } from "../support/browser";
import { startPreparedServer } from "../support/prepared-server";
import type { RunningServer } from "../support/server";
import { createTestExperience, createTestStay, guest } from "../support/stays";
import { oversizedJpeg } from "../support/uploads";

// The host on a phone: Fengjie's member closes two nights of a unit and sees them closed in the
// month calendar, then opens the day's arrivals, finds the guest of a paid booking and marks
// them checked in. A walk of the host's stay pages in zh and en checks them with axe.
// Set SCREENSHOT_DIR=<dir> to keep screenshots.

const POLL = { timeout: 15_000 };
const shots = process.env.SCREENSHOT_DIR;

let server: RunningServer;
let browser: Browser;
let listingId: number;
let experienceId: number;
let bookingNumber: string;
const guestName = guest(31).contactName;

beforeAll(async () => {
  if (shots) mkdirSync(shots, { recursive: true });
  // The stay and its paid booking are written before the server starts for the test.
  server = await startPreparedServer({ BACKGROUND_JOBS: "off" }, async (db) => {
    const fengjie = await db.selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.fengjie).executeTakeFirstOrThrow();
    const stay = await createTestStay(db, { cooperativeId: fengjie.id, unit: { capacity: 4 } });
    listingId = stay.listingId;
    const today = chinaToday();
    const hold = await holdStay(db, { ...guest(31), specialRequests: "带一位老人，晚上九点到", unitId: stay.unitId, checkIn: today, checkOut: addDays(today, 2), guests: 3 });
    if (!hold.ok) throw new Error(`hold refused: ${JSON.stringify(hold)}`);
    expect(await recordBookingPayment(db, { bookingId: hold.booking.id, capturedFen: hold.booking.totalFen })).toBe("paid");
    bookingNumber = hold.booking.number;
    experienceId = (await createTestExperience(db, { cooperativeId: fengjie.id, capacity: 12 })).listingId;
  }, "coop-stays");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function snap(page: Page, name: string) {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

function signInOnPhone() {
  return signIn(browser, server.url, { email: DEMO_ACCOUNTS.fengjie, device: PHONE, locale: "en-US", landing: /\/coop$/, timeout: POLL.timeout, ignoredStatus: /status of 400/ });
}

function nextMonth(): string {
  const [year, month] = chinaToday().slice(0, 7).split("-").map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
}

describe("the host's stays on a phone", () => {
  it("closes two nights and sees them closed, then checks in the day's arriving guest", async () => {
    const { context, page, problems } = await signInOnPhone();
    await page.getByTestId("portal-nav").getByRole("link", { name: "Stays" }).click();
    await page.waitForURL(/\/coop\/stays$/, POLL);
    await page.getByTestId("stay-listings").getByRole("link", { name: "Mountain courtyard" }).click();
    await page.waitForURL(new RegExp(`/coop/stays/${listingId}$`), POLL);
    await hydrated(page);

    const month = nextMonth();
    await page.locator("#nights-first_night").fill(`${month}-10`);
    await page.locator("#nights-last_night").fill(`${month}-11`);
    await page.getByRole("button", { name: "Close these nights" }).click();
    await page.waitForURL(/notice=nightsClosed/, POLL);
    await page.getByTestId("success-notice").waitFor(POLL);
    const calendar = page.getByTestId("unit-calendar");
    await calendar.locator(`caption`).filter({ hasText: month }).waitFor(POLL);
    for (const night of [`${month}-10`, `${month}-11`]) {
      const cell = calendar.locator(`td[data-night="${night}"]`);
      expect(await cell.getAttribute("data-state")).toBe("closed");
      expect(await cell.textContent()).toContain("Closed");
    }
    expect(await calendar.locator(`td[data-night="${month}-12"]`).getAttribute("data-state")).toBe("free");
    expect(await calendar.locator(".stay-cal__legend").textContent()).toContain("Booked");
    await snap(page, "en-stay-closed-nights");

    // The month before: this month holds today's paid booking, shown as booked.
    await calendar.getByRole("link", { name: "← Previous month" }).click();
    await calendar.locator(`td[data-night="${chinaToday()}"][data-state="booked"]`).waitFor(POLL);

    await page.getByTestId("portal-nav").getByRole("link", { name: "Bookings" }).click();
    await page.waitForURL(/\/coop\/bookings$/, POLL);
    await hydrated(page);
    const arrival = page.getByTestId("arrivals").locator(`li[data-booking="${bookingNumber}"]`);
    expect(await arrival.textContent()).toContain(guestName);
    expect(await arrival.textContent()).toContain("3 guests");
    expect(await arrival.textContent()).toContain("带一位老人");
    expect(await arrival.getByTestId("booking-status").textContent()).toBe("Paid");
    await snap(page, "en-bookings-arrival");
    await arrival.getByRole("button", { name: "Mark checked in" }).click();
    await page.waitForURL(/notice=checkedIn/, POLL);
    await page.getByTestId("arrivals").locator(`li[data-booking="${bookingNumber}"]`).getByTestId("booking-status").filter({ hasText: "Checked in" }).waitFor(POLL);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("adds a photo of the stay from the phone, larger than an ordinary form may be", async () => {
    const { context, page, problems } = await signInOnPhone();
    await page.goto(`${server.url}/coop/stays/${listingId}/images`);
    await hydrated(page);
    await page.locator("#upload-file").setInputFiles({ name: "courtyard.jpg", mimeType: "image/jpeg", buffer: await oversizedJpeg(600 * 1024) });
    await page.locator("#upload-alt_zh").fill("院子里的橙树");
    await page.getByRole("button", { name: "Upload picture" }).click();
    await page.waitForURL(/notice=imageAdded/, POLL);
    await page.getByTestId("images").locator("img").first().waitFor(POLL);
    expect(await page.getByTestId("images").locator("img").first().getAttribute("alt")).toBe("院子里的橙树");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("has no accessibility violations on the host's stay pages, in zh and en", async () => {
    const { context, page, problems } = await signInOnPhone();
    const pages: [string, string][] = [
      ["stays", "/coop/stays"],
      ["stays-new", "/coop/stays/new"],
      ["stay", `/coop/stays/${listingId}`],
      ["stay-images", `/coop/stays/${listingId}/images`],
      ["experience", `/coop/stays/${experienceId}`],
      ["bookings", "/coop/bookings"],
    ];
    for (const locale of ["zh", "en"] as const) {
      for (const [name, url] of pages) {
        await page.goto(`${server.url}${url}${url.includes("?") ? "&" : "?"}lang=${locale}`);
        await hydrated(page);
        expect(await page.locator("html").getAttribute("lang"), url).toMatch(locale === "zh" ? /^zh/ : /^en/);
        expect(await accessibilityProblems(page), `${locale} ${url}`).toEqual([]);
        // Nothing wider than the phone: the page never scrolls sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${locale} ${url}`).toBeLessThanOrEqual(PHONE.viewport.width);
        await snap(page, `${locale}-${name}`);
      }
    }
    // A refused form shows its errors beside the fields.
    await page.goto(`${server.url}/coop/stays/new?lang=zh`);
    await hydrated(page);
    await page.getByRole("button", { name: "保存为草稿" }).click();
    await page.locator("#listing-name_zh-error").waitFor(POLL);
    expect(await accessibilityProblems(page)).toEqual([]);
    await snap(page, "zh-stays-new-refused");
    expect(problems).toEqual([]);
    await context.close();
  });
});
