import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { addDays, chinaToday } from "~/utils/dates";
import { accessibilityProblems, launchBrowser, PHONE } from "../support/browser";
import { startPreparedServer } from "../support/prepared-server";
import { insertBackOfficeReviews } from "../support/reviews";
import type { RunningServer } from "../support/server";
import { tinyPdf } from "../support/uploads";

// The Fengjie member, on a phone, puts a new product on sale: a picture, two sizes, a certificate
// submitted and linked, a publish refused for an unbacked "有机" (organic) claim, the claim removed,
// published, and found in the public catalogue.

let server: RunningServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  server = await startPreparedServer({ BACKGROUND_JOBS: "off" }, insertBackOfficeReviews, "coop");
  browser = await launchBrowser();
  const context = await browser.newContext({ ...PHONE, locale: "en-US" });
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // The refused publish answers 400 on purpose (a refused form); anything else is a problem.
    if (message.type() === "error" && !/status of 400 \(Bad Request\)/.test(message.text())) problems.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const token = Math.random().toString(36).slice(2, 7).toUpperCase();
const nameEn = `Quillberry Navel Orange ${token}`;
const nameZh = `测试脐橙${token}`;
const certificateNumber = `CQC-OG-E2E-${token}`;

async function hydrated() {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

async function submitAndWait(button: ReturnType<Page["getByRole"]>, url: RegExp) {
  await Promise.all([page.waitForURL(url), button.click()]);
  await hydrated();
}

describe("a cooperative member on a phone", () => {
  it("logs in", async () => {
    await page.goto(`${server.url}/login?lang=en&redirectTo=${encodeURIComponent("/coop")}`);
    await page.getByLabel("E-mail").fill(DEMO_ACCOUNTS.fengjie);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await submitAndWait(page.getByRole("button", { name: "Log in" }), /\/coop$/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Overview");
    expect(await page.getByTestId("count-active").textContent()).toMatch(/\d+\s*On sale/);
  });

  it("creates a draft product whose description claims 有机 (organic)", async () => {
    await page.getByRole("link", { name: /Add a product/ }).first().click();
    await page.waitForURL(/\/coop\/products\/new$/);
    await hydrated();
    await page.getByLabel("Name in Chinese", { exact: true }).fill(nameZh);
    await page.getByLabel(/^Name in English/).fill(nameEn);
    await page.getByLabel(/^Description in Chinese/).fill("有机种植，树上熟透再摘，甜而多汁。");
    await page.getByLabel(/^Description in English/).fill("Tree-ripened on the slopes above the Yangtze.");
    await page.getByLabel("Category", { exact: true }).selectOption({ label: "Fruit" });
    await page.getByLabel("County or district, in Chinese", { exact: true }).fill("奉节县");
    await page.getByLabel(/^County or district, in English/).fill("Fengjie County");
    await page.getByLabel("Keeps for (days)", { exact: true }).fill("30");
    await page.getByLabel("Dec", { exact: true }).check();
    await page.getByLabel("SKU (stock code)", { exact: true }).fill(`fj-e2e-${token}-3kg`);
    await page.getByLabel("Size name in Chinese", { exact: true }).fill("3公斤装");
    await page.getByLabel(/^Size name in English/).fill("3 kg box");
    await page.getByLabel("Weight in grams", { exact: true }).fill("3000");
    await page.getByLabel("Price (¥)", { exact: true }).fill("59.90");
    await page.getByLabel("How many you have now", { exact: true }).fill("40");
    await submitAndWait(page.getByRole("button", { name: "Save as draft" }), /\/coop\/products\/\d+\?notice=created$/);
    expect(await page.getByTestId("success-notice").textContent()).toContain("saved as a draft");
    expect(await page.getByTestId("product-status").first().textContent()).toBe("Draft");
  });

  it("adds a picture and a second size", async () => {
    await page.getByRole("link", { name: "Pictures", exact: true }).click();
    await page.waitForURL(/\/images$/);
    await hydrated();
    const upload = page.getByRole("region", { name: "Add a picture" });
    const jpeg = await sharp({ create: { width: 120, height: 90, channels: 3, background: { r: 240, g: 140, b: 30 } } }).jpeg().toBuffer();
    await upload.getByLabel("Photo", { exact: true }).setInputFiles({ name: "orange.jpg", mimeType: "image/jpeg", buffer: jpeg });
    await upload.getByLabel(/in Chinese/).fill("筐里熟透的脐橙");
    await upload.getByLabel(/in English/).fill("Ripe navel oranges in a crate");
    await submitAndWait(upload.getByRole("button", { name: "Upload picture" }), /\/images\?notice=imageAdded$/);
    const picture = page.getByTestId("images").getByRole("img", { name: "Ripe navel oranges in a crate" });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await picture.getAttribute("src")).toMatch(/^\/uploads\/images\/[a-f0-9]{32}-320\.webp$/);

    await page.getByRole("link", { name: "Sizes and stock", exact: true }).click();
    await page.waitForURL(/\/variants$/);
    await hydrated();
    const add = page.getByRole("region", { name: "Add a size" });
    await add.getByLabel("SKU (stock code)").fill(`fj-e2e-${token}-5kg`);
    await add.getByLabel("Size name in Chinese").fill("5公斤装");
    await add.getByLabel("Size name in English").fill("5 kg box");
    await add.getByLabel("Weight in grams").fill("5000");
    await add.getByLabel("Price (¥)").fill("89");
    await add.getByLabel("How many you have now").fill("25");
    await submitAndWait(add.getByRole("button", { name: "Add this size" }), /\/variants\?notice=variantAdded/);
    expect(await page.getByTestId("variant").count()).toBe(2);
  });

  it("submits a certificate and links it to the product", async () => {
    const productUrl = page.url().replace(/\/variants.*$/, "");
    await page.goto(`${server.url}/coop/certifications`);
    await hydrated();
    const form = page.getByRole("region", { name: "Submit a certificate" });
    await form.getByLabel("Type").selectOption({ label: "Organic" });
    await form.getByLabel("Certificate number").fill(certificateNumber);
    await form.getByLabel("Issued by").fill("中国质量认证中心");
    await form.getByLabel("Issued on").fill(addDays(chinaToday(), -30));
    await form.getByLabel("Valid until").fill(addDays(chinaToday(), 335));
    await form.getByLabel("The certificate").setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: tinyPdf() });
    await submitAndWait(form.getByRole("button", { name: "Send for checking" }), /notice=certificationSubmitted/);
    const mine = page.getByTestId("certification").filter({ hasText: certificateNumber });
    expect(await mine.textContent()).toContain("Waiting for staff");

    await page.goto(`${productUrl}/certificates`);
    await hydrated();
    const link = page.getByRole("region", { name: "Link a certificate" });
    await link.getByLabel("Certificate").selectOption({ label: `Organic · ${certificateNumber} (Waiting for staff)` });
    await submitAndWait(link.getByRole("button", { name: "Link", exact: true }), /\/certificates\?notice=linked$/);
    expect(await page.getByTestId("linked-certificates").textContent()).toContain(certificateNumber);
  });

  it("is told exactly why it cannot publish the organic claim yet, removes it, and publishes", async () => {
    await page.getByRole("link", { name: "Details", exact: true }).click();
    await page.waitForURL(/\/coop\/products\/\d+$/);
    await hydrated();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const refused = page.getByTestId("publish-refused");
    await refused.waitFor();
    const reason = await refused.textContent();
    expect(reason).toContain("“有机” claims organic");
    expect(reason).toContain("verified, unexpired Organic certificate");
    expect(await page.getByTestId("product-status").first().textContent()).toBe("Draft");

    await page.getByLabel(/^Description in Chinese/).fill("树上熟透再摘，甜而多汁。");
    await submitAndWait(page.getByRole("button", { name: "Save changes" }), /notice=saved$/);
    await submitAndWait(page.getByRole("button", { name: "Publish", exact: true }), /notice=published$/);
    expect(await page.getByTestId("success-notice").textContent()).toContain("on sale now");
    expect(await page.getByTestId("product-status").first().textContent()).toBe("On sale");
  });

  it("finds the product in the public catalogue", async () => {
    await page.goto(`${server.url}/products?q=${encodeURIComponent(`Quillberry ${token}`)}`);
    await expect.poll(() => page.getByText(nameEn).first().isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it("reads the reviews of its products on a page without accessibility problems, in both languages", async () => {
    for (const lang of ["en", "zh"]) {
      await page.goto(`${server.url}/coop/reviews?lang=${lang}`);
      await hydrated();
      expect(await page.getByRole("heading", { level: 1 }).count()).toBe(1);
      // The seeded reviews of its navel oranges: the reply, the reply form and the hidden one's reason.
      expect(await page.getByTestId("coop-review").count()).toBeGreaterThanOrEqual(2);
      expect(await accessibilityProblems(page), lang).toEqual([]);
    }
    expect(problems).toEqual([]);
  });
});
