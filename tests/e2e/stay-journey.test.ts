import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";
import { startTestSmtpServer, type TestSmtpServer } from "../support/smtp";
import { inDays } from "../support/stays";

// The rural stay journey on the demo data, one server for the whole file: a guest on a phone
// finds the Wulong farmhouse for two nights and two guests, reads the price night by night and
// the cancellation policy, books, pays with the test provider, sees the booking paid with the
// host's phone, downloads the calendar file, receives the confirmation with the .ics attached,
// and cancels inside the free window for a full refund while a second tab turns "cancelled" by
// itself; the cancellation e-mail names the refund and the lookup finds the booking again. A
// second guest who had the same room open is told it was just booked, with what they typed kept.
// Then the pages in zh and en pass axe. With SCREENSHOT_DIR set, the pages are photographed.

const POLL = { timeout: 20_000 };
const STAY = "wulong-shuanghe-cloud-farmhouse";
const EXPERIENCE = "fengjie-navel-orange-picking";
const NAME_ZH = "双河云上农家小院";
const HOST_PHONE = "139-2300-1717";
const EMAIL = "wulong.guest@example.test";
const SHOTS = process.env.SCREENSHOT_DIR;

let server: RunningServer;
let browser: Browser;
let smtp: TestSmtpServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "shanshui-stay-journey-"));
  smtp = await startTestSmtpServer();
  // The server seeds the demo stays on start; nothing is prepared in the database.
  server = await startServer({
    DATA_DIR: dataDir,
    BACKGROUND_JOBS: "on",
    SMTP_URL: smtp.url,
    PAYMENT_PROVIDER: "dev",
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8"
);

/** What axe finds on the page as it is now, as "rule: element" lines (all rules, or only WCAG 2.1 A/AA). */
async function axeViolations(page: Page, wcagOnly = false): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (wcag) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object
          ) => Promise<{
            violations: { id: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(
      document,
      wcag ? { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } : {}
    );
    return result.violations.flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")}`)
    );
  }, wcagOnly);
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(SHOTS, `${name}.png`),
    fullPage: true,
  });
}

/** Console errors and page errors, but for a refusal the test expects (the page's own 4xx answer). */
function watchProblems(page: Page, expectedStatus?: number): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (
      expectedStatus !== undefined &&
      message.text().includes(`status of ${expectedStatus}`)
    )
      return;
    problems.push(message.text());
  });
  page.on("pageerror", (error) =>
    problems.push(`page error: ${error.message}`)
  );
  return problems;
}

async function hydrated(page: Page) {
  await page.waitForFunction(
    () =>
      Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter),
    undefined,
    POLL
  );
}

/** Waits for the booking page to show a status (after a navigation or a live update). */
async function status(page: Page, value: string) {
  await page
    .locator(`[data-testid="booking-status"][data-status="${value}"]`)
    .waitFor(POLL);
}

/** "¥656.00" → 65600 */
const fen = (text: string) =>
  Math.round(Number(text.replace(/[^\d.]/g, "")) * 100);

/** The decoded text of every part of a raw MIME message (base64 and quoted-printable). */
function mailParts(raw: string): string[] {
  const parts: string[] = [];
  const pattern =
    /Content-Transfer-Encoding: *([\w-]+)\r?\n(?:[^\r\n]+\r?\n)*?\r?\n([\s\S]*?)(?=\r?\n--|$)/gi;
  for (const [, encoding, body] of raw.matchAll(pattern)) {
    const kind = encoding!.toLowerCase();
    if (kind === "base64")
      parts.push(
        Buffer.from(body!.replace(/\s+/g, ""), "base64").toString("utf8")
      );
    else if (kind === "quoted-printable")
      parts.push(
        Buffer.from(
          body!
            .replace(/=\r?\n/g, "")
            .replace(/=([0-9A-F]{2})/gi, (_, hex: string) =>
              String.fromCharCode(parseInt(hex, 16))
            ),
          "latin1"
        ).toString("utf8")
      );
    else parts.push(body!);
  }
  return parts;
}

async function waitForMail(check: (data: string) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const mail = smtp.received.find(
      (m) => m.to.includes(EMAIL) && check(m.data)
    );
    if (mail) return mail;
    if (Date.now() > deadline)
      throw new Error(`no such mail; received ${smtp.received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, "");

describe("a rural stay on a phone", () => {
  it("finds the Wulong farmhouse, books two nights for two, pays, is confirmed by e-mail, and cancels with a full refund, live", async () => {
    const checkIn = inDays(10);
    const checkOut = inDays(12);
    const guest = await browser.newContext({
      ...PHONE,
      locale: "zh-CN",
      acceptDownloads: true,
    });
    const page = await guest.newPage();
    const problems = watchProblems(page);

    // Search: Wulong, two nights, two guests. The demo farmhouse is the one Wulong card.
    await page.goto(`${server.url}/stays`);
    const filters = page.getByTestId("stay-filters");
    await filters.waitFor();
    await filters.getByLabel("区县").selectOption("武隆区");
    await filters.getByLabel("入住").fill(checkIn);
    await filters.getByLabel("退房").fill(checkOut);
    await filters.getByLabel("人数").fill("2");
    await filters.getByRole("button", { name: "查看" }).click();
    await page.waitForURL(/\/stays\?county=/, POLL);
    expect(page.url()).toContain(`checkIn=${checkIn}`);
    const cards = page.getByTestId("stay-card");
    await expect.poll(() => cards.count(), POLL).toBe(1);
    expect(await cards.first().getAttribute("data-slug")).toBe(STAY);
    const cardText = (await cards.first().textContent()) ?? "";
    expect(cardText).toContain(NAME_ZH);
    expect(cardText).toContain("38 公里");
    await shot(page, "zh-1-stays-wulong");

    // The stay page: the first free room priced night by night, the policy for these dates.
    await cards.first().getByRole("link").click();
    await page.waitForURL(new RegExp(`/stays/${STAY}\\?`), POLL);
    await page.getByRole("heading", { level: 1, name: NAME_ZH }).waitFor(POLL);
    const breakdown = page.getByTestId("price-breakdown");
    await breakdown.waitFor(POLL);
    expect(await breakdown.locator("caption").textContent()).toContain(
      "观山房"
    );
    const rows = breakdown.locator("tbody tr");
    expect(await rows.count()).toBe(2);
    const nightly = await rows.locator("td.num").allTextContents();
    const total = (await page.getByTestId("price-total").textContent()) ?? "";
    expect(total).toMatch(/^¥[\d,]+\.\d\d$/);
    expect(nightly.map(fen).reduce((a, b) => a + b, 0)).toBe(fen(total));
    expect(cardText).toContain(`2 晚共 ${total}`);
    expect(await page.getByTestId("free-units").textContent()).toContain(
      "观山房"
    );
    const policy =
      (await page.getByTestId("cancellation-policy").textContent()) ?? "";
    expect(policy).toContain("前取消可全额退款");
    expect(policy).toContain("退还 50%");
    await shot(page, "zh-2-stay");

    // A second guest, in English, has the same room open for the same nights.
    const other = await browser.newContext({ ...PHONE, locale: "en-US" });
    const otherPage = await other.newPage();
    // "Just booked" is answered with a 422, which the browser logs.
    const otherProblems = watchProblems(otherPage, 422);
    await otherPage.goto(
      `${server.url}/stays/${STAY}?lang=en&checkIn=${checkIn}&checkOut=${checkOut}&guests=2`
    );
    const otherForm = otherPage.getByTestId("booking-form");
    await otherForm.waitFor(POLL);
    const room = await otherForm
      .locator("option", { hasText: "Mountain-view room" })
      .getAttribute("value");
    await otherForm.getByLabel("Room").selectOption(room!);
    await otherForm.getByLabel("Your name").fill("Wang Fang");
    await otherForm.getByLabel("Mobile number").fill("13900001111");
    await otherForm
      .getByLabel("E-mail (optional)")
      .fill("wang.fang@example.test");

    // The first guest books that room.
    const form = page.getByTestId("booking-form");
    await form.getByLabel("房间").selectOption({ label: "观山房 · 可住 2 人" });
    expect(await form.getByLabel("入住").inputValue()).toBe(checkIn);
    expect(await form.getByLabel("退房").inputValue()).toBe(checkOut);
    expect(await form.getByLabel("人数").inputValue()).toBe("2");
    await form.getByLabel("联系人姓名").fill("李小雨");
    await form.getByLabel("手机号").fill("138 0013 8000");
    await form.getByLabel("电子邮箱（选填）").fill(EMAIL);
    await form.getByRole("button", { name: "预订并付款" }).click();

    // The test provider's page, for the amount quoted.
    await page.waitForURL(/\/pay\/dev\/booking\/\d+\?/, POLL);
    await page.getByTestId("dev-pay-amount").waitFor(POLL);
    expect(await page.getByTestId("dev-pay-amount").textContent()).toBe(total);
    const token = new URL(page.url()).searchParams.get("token")!;
    const back = (await page
      .locator('a[href^="/bookings/BK"]')
      .getAttribute("href"))!;
    const number = /\/bookings\/(BK\d{12})\?/.exec(back)![1]!;
    const link = (lang = "zh") =>
      `${server.url}/bookings/${number}?${new URLSearchParams({
        token,
        lang,
      })}`;

    // A second tab on the booking's link, while it is held: no host phone yet.
    const watcher = await guest.newPage();
    const watcherProblems = watchProblems(watcher);
    await watcher.goto(link());
    await hydrated(watcher);
    await status(watcher, "held");
    await watcher.getByTestId("host-hidden").waitFor(POLL);
    expect(await watcher.content()).not.toContain(HOST_PHONE);
    await watcher
      .locator('[data-testid="live-status"][data-state="live"]')
      .waitFor(POLL);
    await shot(watcher, "zh-3-held");
    expect(await axeViolations(watcher, true)).toEqual([]);

    // Approve: the booking page, paid, with the host's phone.
    await page.locator("button[value=approve]").click();
    await page.waitForURL(/\/bookings\/BK\d{12}\?.*payment=paid/, POLL);
    await hydrated(page);
    await status(page, "paid");
    await page.getByTestId("booking-notice-paid").waitFor(POLL);
    expect(await page.getByTestId("booking-listing").textContent()).toBe(
      NAME_ZH
    );
    expect(await page.getByTestId("booking-dates").textContent()).toContain(
      "2 晚"
    );
    expect(await page.getByTestId("booking-guests").textContent()).toContain(
      "2 位客人"
    );
    expect(await page.getByTestId("host-contact").textContent()).toContain(
      HOST_PHONE
    );
    expect(await page.getByTestId("booking-paid").textContent()).toBe(total);
    expect(await page.getByTestId("cancel-preview").textContent()).toContain(
      total
    );
    await page
      .locator('[data-testid="live-status"][data-state="live"]')
      .waitFor(POLL);
    await shot(page, "zh-4-paid");
    expect(await axeViolations(page, true)).toEqual([]);

    // The second tab turned paid by itself.
    await status(watcher, "paid");

    // The calendar file: the two nights as all-day dates, with the listing's name.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("booking-ics").click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${number}.ics`);
    const ics = unfold(readFileSync((await download.path())!, "utf8"));
    expect(ics).toContain(`DTSTART;VALUE=DATE:${checkIn.replaceAll("-", "")}`);
    expect(ics).toContain(`DTEND;VALUE=DATE:${checkOut.replaceAll("-", "")}`);
    expect(ics).toContain(NAME_ZH);

    // The confirmation e-mail, with the .ics attached.
    const confirmation = await waitForMail((data) =>
      data.includes(`${number}.ics`)
    );
    expect(confirmation.data).toMatch(/Content-Type: text\/calendar/i);
    const attached = mailParts(confirmation.data).find((part) =>
      part.includes("BEGIN:VCALENDAR")
    );
    expect(attached && unfold(attached)).toContain(
      `DTSTART;VALUE=DATE:${checkIn.replaceAll("-", "")}`
    );

    // The second guest sends the form they had open: just booked, with what they typed kept.
    await otherForm.getByRole("button", { name: "Book and pay" }).click();
    await otherPage.getByTestId("booking-error").waitFor(POLL);
    expect(
      await otherPage.getByTestId("booking-error").textContent()
    ).toContain("just booked");
    expect(await otherForm.getByLabel("Your name").inputValue()).toBe(
      "Wang Fang"
    );
    expect(await otherForm.getByLabel("Mobile number").inputValue()).toBe(
      "13900001111"
    );
    expect(await otherForm.getByLabel("E-mail (optional)").inputValue()).toBe(
      "wang.fang@example.test"
    );
    // The page for those dates no longer offers the room, only the family room.
    await otherPage.goto(
      `${server.url}/stays/${STAY}?lang=en&checkIn=${checkIn}&checkOut=${checkOut}&guests=2`
    );
    const freeUnits = otherPage.getByTestId("free-units");
    await freeUnits.waitFor(POLL);
    expect(await freeUnits.textContent()).toContain("Family room");
    expect(await freeUnits.textContent()).not.toContain("Mountain-view room");

    // Cancel inside the free window: everything goes back.
    await page.getByLabel("确认取消此预订").check();
    await page.getByTestId("booking-cancel").click();
    await page.waitForURL(/notice=cancelled/, POLL);
    await page.getByTestId("booking-notice-cancelled").waitFor(POLL);
    await status(page, "cancelled");
    expect(
      await page.getByTestId("booking-notice-refunded").textContent()
    ).toContain(total);
    expect(await page.getByTestId("booking-refunded").textContent()).toBe(
      total
    );
    expect(await page.getByTestId("booking-refund").textContent()).toContain(
      "已退回"
    );
    await shot(page, "zh-5-cancelled");
    expect(await axeViolations(page, true)).toEqual([]);

    // The other tab turned without a reload.
    await status(watcher, "cancelled");
    await watcher.getByTestId("host-hidden").waitFor(POLL);

    // The cancellation e-mail names the refund (the outbox names the kind in the Message-ID).
    const cancelled = await waitForMail((data) =>
      data.includes(".booking_cancelled@")
    );
    expect(
      mailParts(cancelled.data).some(
        (part) => part.includes(number) && part.includes(total)
      )
    ).toBe(true);

    // The room is free again for those nights.
    await otherPage.goto(
      `${server.url}/stays/${STAY}?lang=en&checkIn=${checkIn}&checkOut=${checkOut}&guests=2`
    );
    await freeUnits.waitFor(POLL);
    expect(await freeUnits.textContent()).toContain("Mountain-view room");

    // English, same booking.
    await page.goto(link("en"));
    await hydrated(page);
    await status(page, "cancelled");
    expect(await page.getByTestId("booking-status").textContent()).toContain(
      "Cancelled"
    );
    await shot(page, "en-5-cancelled");

    // Lost the link: the lookup by number and mobile opens the booking through a fresh one.
    await page.goto(`${server.url}/bookings/lookup?lang=zh`);
    await hydrated(page);
    await shot(page, "zh-6-lookup");
    expect(await axeViolations(page, true)).toEqual([]);
    await page.getByLabel("预订号").fill(number);
    await page.getByLabel("手机号").fill("13800138000");
    await page.getByRole("button", { name: "查找预订" }).click();
    await page.waitForURL(/\/bookings\/BK\d{12}\?token=B1\./, POLL);
    await status(page, "cancelled");
    expect(page.url()).toContain(number);

    expect(problems).toEqual([]);
    expect(watcherProblems).toEqual([]);
    expect(otherProblems).toEqual([]);
    await other.close();
    await guest.close();
  });

  it("shows the stay pages in zh and en at 390×844, without axe violations", async () => {
    for (const locale of ["zh", "en"] as const) {
      // The audit script is injected from outside the page: the CSP admits only nonce'd scripts.
      const context = await browser.newContext({
        ...PHONE,
        locale: locale === "zh" ? "zh-CN" : "en-US",
        bypassCSP: true,
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/stays?lang=${locale}`);
      await expect
        .poll(() => page.getByTestId("stay-card").count(), POLL)
        .toBeGreaterThanOrEqual(4);
      expect(await page.locator("script[src]").count()).toBe(0);
      await shot(page, `${locale}-stays`);
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(
        `${server.url}/stays/${STAY}?lang=${locale}&checkIn=${inDays(
          11
        )}&checkOut=${inDays(14)}&guests=2`
      );
      await page.getByTestId("price-breakdown").waitFor(POLL);
      await shot(page, `${locale}-stay-dates`);
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${server.url}/stays/${EXPERIENCE}?lang=${locale}`);
      await page.getByTestId("stay-slots").waitFor(POLL);
      await shot(page, `${locale}-experience`);
      expect(await axeViolations(page)).toEqual([]);
      const missing = await page.goto(
        `${server.url}/stays/no-such-place?lang=${locale}`
      );
      expect(missing?.status()).toBe(404);
      await context.close();
    }
    if (SHOTS) {
      for (const width of [820, 1280]) {
        const wide = await browser.newContext({
          viewport: { width, height: 900 },
          locale: "zh-CN",
        });
        const page = await wide.newPage();
        await page.goto(`${server.url}/stays`);
        await shot(page, `zh-stays-${width}`);
        await page.goto(
          `${server.url}/stays/${STAY}?checkIn=${inDays(11)}&checkOut=${inDays(
            14
          )}&guests=2`
        );
        await shot(page, `zh-stay-${width}`);
        await wide.close();
      }
    }
  });
});
