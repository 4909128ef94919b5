import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { accessibilityProblems, DESKTOP, hydrated, launchBrowser, PHONE, signIn } from "../support/browser";
import { startPreparedServer } from "../support/prepared-server";
import { insertBackOfficeReviews } from "../support/reviews";
import type { RunningServer } from "../support/server";

// The back office in Chromium against the production build: staff cannot verify the pending
// organic certificate sent without a document and reject it with a note; a shopper buys through
// the real checkout and the dev payment page, and staff ship the order in two parcels.

/** Server round trips in a shared CI machine can take a few seconds. */
const POLL = { timeout: 15_000 };

const SALT = "e2e-kuaidi100-salt";

/** A Kuaidi100 subscription push, signed as Kuaidi100 signs it. */
function kuaidi100Push(nu: string, state: string, data: { context: string; time: string }[]): URLSearchParams {
  const param = JSON.stringify({ status: "polling", lastResult: { com: "shunfeng", nu, state, data: data.map((d) => ({ ...d, ftime: d.time })) } });
  return new URLSearchParams({ param, sign: createHash("md5").update(param + SALT).digest("hex").toUpperCase() });
}

const LATE_ORANGE = "fengjie-late-navel-orange"; // the product the pending organic certificate is linked to

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startPreparedServer({ BACKGROUND_JOBS: "off", KUAIDI100_SALT: SALT }, insertBackOfficeReviews, "staff");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Refused forms answer 400 on purpose (the test submits some); Chromium logs those as
// failed resources, which are not problems here. Anything else is.
function staffSession() {
  return signIn(browser, server.url, { email: DEMO_ACCOUNTS.staff, device: DESKTOP, locale: "en-US", landing: `${server.url}/staff`, ignoredStatus: /status of 400/ });
}

async function organicBadges(page: Page) {
  await page.goto(`${server.url}/products/${LATE_ORANGE}?lang=en`);
  return page.getByTestId("certificate").filter({ hasText: DEMO.pendingCertificationNumber }).count();
}

describe("back office", () => {
  it("cannot verify the pending organic certificate sent without a document, rejects it with a note, and no badge appears", async () => {
    const { context, page, problems } = await staffSession();
    expect(await organicBadges(page)).toBe(0);

    await page.goto(`${server.url}/staff/reviews`);
    await hydrated(page);
    const card = page.getByTestId("review").filter({ hasText: DEMO.pendingCertificationNumber });
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain("No document was uploaded");
    expect(await card.getByRole("link", { name: /Late-Season Navel Orange/ }).count()).toBe(1);
    // A badge rests on a document staff have seen (tests/e2e/documents.test.ts verifies one).
    expect(await card.getByRole("button", { name: "Verify" }).isDisabled()).toBe(true);

    // Rejecting without a note is refused and says why.
    await card.getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => card.getByRole("alert").first().textContent(), POLL).toContain("A rejection needs a note");

    await card.getByLabel("Note").fill("Please upload the certificate.");
    await card.getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), POLL).toContain("Rejected");
    expect(await page.getByTestId("review").filter({ hasText: DEMO.pendingCertificationNumber }).count()).toBe(0);
    const decision = page.getByTestId("recent-decisions").locator("tr", { hasText: DEMO.pendingCertificationNumber });
    expect(await decision.textContent()).toContain("Rejected");

    expect(await organicBadges(page)).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("ships a paid order in two parcels and shows both tracking numbers", async () => {
    // A shopper buys three boxes through the real checkout and the dev payment page.
    const shopper = await browser.newContext({ ...PHONE, locale: "en-US" });
    const buy = await shopper.newPage();
    await buy.goto(`${server.url}/products/${DEMO.navelOrange.slug}?lang=en`);
    await buy.getByLabel("Quantity", { exact: true }).fill("3");
    await buy.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => buy.getByRole("status").filter({ hasText: "Added to your cart." }).count(), POLL).toBe(1);
    await buy.goto(`${server.url}/checkout`);
    await hydrated(buy);
    await buy.getByLabel("Recipient's name").fill("Zhou Min");
    await buy.getByLabel("E-mail").fill("zhoumin@example.test");
    await buy.getByLabel("Mobile number").fill("13700001111");
    await buy.getByLabel("Province").selectOption("500000");
    await expect.poll(() => buy.locator('#city option[value="500000"]').count(), POLL).toBe(1);
    await buy.getByLabel("City").selectOption("500000");
    await expect.poll(() => buy.locator('#district option[value="500103"]').count(), POLL).toBe(1);
    await buy.getByLabel("District or county").selectOption("500103");
    await buy.getByLabel("Street address").fill("8 Minzu Road");
    await buy.getByRole("button", { name: "Place order and pay" }).click();
    await buy.waitForURL(/\/pay\/dev\/\d+\?/);
    await buy.getByRole("button", { name: "Approve payment" }).click();
    await buy.waitForURL(/\/orders\/SS\d{12}\?token=/);
    const number = /\/orders\/(SS\d{12})/.exec(buy.url())![1]!;
    await shopper.close();

    const { context, page, problems } = await staffSession();
    await page.goto(`${server.url}/staff/orders?q=${number}`);
    await page.getByRole("link", { name: number }).click();
    await page.waitForURL(`${server.url}/staff/orders/${number}`);
    await hydrated(page);
    expect(await page.getByTestId("order-status").first().textContent()).toBe("Paid");

    // First parcel: one box by SF Express.
    const quantity = page.locator('input[name^="qty-"]');
    expect(await quantity.inputValue()).toBe("3");
    await quantity.fill("1");
    await page.getByLabel("Carrier").selectOption("sf");
    await page.getByLabel("Tracking number").fill("SF 1234 5678 90123");
    await page.getByRole("button", { name: "Record shipment" }).click();
    await expect.poll(() => page.getByTestId("tracking-number").count(), POLL).toBe(1);
    expect(await page.getByRole("status").textContent()).toContain("Shipment recorded");
    expect(await page.getByTestId("order-status").first().textContent()).toBe("Partly shipped");

    // A number that is not ZTO's format is refused, and what was typed is kept.
    expect(await page.locator('input[name^="qty-"]').inputValue()).toBe("2");
    await page.getByLabel("Carrier").selectOption("zto");
    await page.getByLabel("Tracking number").fill("ZT-NOT-A-NUMBER");
    await page.getByRole("button", { name: "Record shipment" }).click();
    await expect.poll(() => page.getByText("does not match the carrier's format").count(), POLL).toBeGreaterThan(0);
    expect(await page.getByLabel("Tracking number").inputValue()).toBe("ZT-NOT-A-NUMBER");

    // Second parcel: the remaining two by ZTO.
    await page.getByLabel("Tracking number").fill("73123456789012");
    await page.getByRole("button", { name: "Record shipment" }).click();
    await expect.poll(() => page.getByTestId("tracking-number").count(), POLL).toBe(2);
    expect(await page.getByTestId("order-status").first().textContent()).toBe("Shipped");
    expect(await page.getByTestId("tracking-number").allTextContents()).toEqual(["SF1234567890123", "73123456789012"]);
    expect(await page.getByRole("button", { name: "Record shipment" }).count()).toBe(0);
    const history = (await page.getByTestId("timeline").textContent()) ?? "";
    expect(history).toContain("Shipment recorded");
    expect(history).toContain("Staff");

    // The carrier's push for the first parcel arrives over HTTP and shows on the page.
    const push = await fetch(`${server.url}/webhooks/kuaidi100`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: kuaidi100Push("SF1234567890123", "3", [
        { context: "快件已签收，签收人：本人", time: "2026-03-04 11:02:00" },
        { context: "顺丰速运 已收取快件", time: "2026-03-03 10:00:00" },
      ]),
    });
    expect(push.status).toBe(200);
    expect(await push.json()).toEqual({ result: true, returnCode: "200", message: "成功" });
    await page.reload();
    const first = page.getByTestId("shipment").filter({ hasText: "SF1234567890123" });
    expect(await first.getByTestId("shipment-status").first().textContent()).toBe("Delivered");
    expect(await first.textContent()).toContain("快件已签收");
    expect(await page.getByTestId("order-status").first().textContent()).toBe("Shipped");

    // The packing slip carries a QR code per batch, drawn inline.
    await page.getByRole("link", { name: "Packing slip" }).click();
    await page.waitForURL(`${server.url}/staff/orders/${number}/slip`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(number);
    await page.getByRole("link", { name: "73123456789012" }).click();
    await page.waitForURL(/\/slip\?shipment=\d+$/);
    // The URL changes as the client-side navigation commits; the parcel's lines render just after.
    await expect.poll(() => page.locator("tbody tr").count(), POLL).toBe(1);
    expect(await page.locator("svg.qr-code").count()).toBe(1);
    expect(await page.locator("svg.qr-code").getAttribute("aria-label")).toMatch(/^QR code for batch /);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("has no serious accessibility problems on the back-office pages", async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    const { context, page } = await staffSession();
    const order = await page.evaluate(async () => {
      const response = await fetch("/staff/orders?_data=routes%2Fstaff.orders._index");
      const data = (await response.json()) as { orders: { number: string }[] };
      return data.orders[0]?.number ?? null;
    });
    const paths = ["/staff", "/staff/orders", "/staff/reviews", "/staff/shipments", "/staff/pick-list", "/staff/reports", "/staff/product-reviews", ...(order ? [`/staff/orders/${order}`, `/staff/orders/${order}/slip`] : [])];
    for (const path of paths) {
      await page.goto(`${server.url}${path}`);
      // The prepared reviews (one reported and answered, one hidden) are on the page checked.
      if (path === "/staff/product-reviews") expect(await page.getByTestId("staff-review").count()).toBeGreaterThanOrEqual(2);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run({ include: [["main"]] }, { resultTypes: ["violations"] });
        return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      expect(violations, path).toEqual([]);
    }
    // The review moderation page, whole, against every WCAG 2.1 A/AA rule.
    await page.goto(`${server.url}/staff/product-reviews`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  });

  it("keeps shoppers out", async () => {
    const context = await browser.newContext({ ...DESKTOP, locale: "en-US" });
    const page = await context.newPage();
    const anonymous = await page.goto(`${server.url}/staff/orders`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(anonymous?.status()).toBe(200);
    await page.getByLabel("E-mail").fill(DEMO_ACCOUNTS.shopper);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/staff\/orders/);
    const response = await page.goto(`${server.url}/staff/orders`);
    expect(response?.status()).toBe(403);
    await context.close();
  });
});
