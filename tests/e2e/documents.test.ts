import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Frame, Locator, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { addDays, chinaToday } from "~/utils/dates";
import { hydrated, launchBrowser, PHONE, watchProblems } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// Across roles, in Chromium against the production build: the Fengjie member sends a PDF
// organic certificate (linked to the navel orange) and a JPEG trademark certificate; staff,
// on a phone in Chinese, see both on the review page (the PDF drawn by the browser's viewer in
// the embedded frame, the picture decoded), open the same bytes the member sees, and verify
// both; the certificate's badge then shows on the product page and in the catalogue filter.
// Set E2E_SCREENSHOTS=<dir> to keep screenshots of the review page.

const POLL = { timeout: 20_000 };
const token = Math.random().toString(36).slice(2, 7).toUpperCase();
const certificateNumber = `F-OG-${token}`;
const brandName = `诗城红${token}`;
const registrationNumber = String(60_000_000 + Math.floor(Math.random() * 9_999_999));
const PRODUCT = DEMO.navelOrange;
const FILTER = `/products?cert=organic&coop=${DEMO.cooperatives.fengjie}`;
const screenshots = process.env.E2E_SCREENSHOTS;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ BACKGROUND_JOBS: "off" });
  browser = await launchBrowser();
  if (screenshots) mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A one-page PDF with a line of text on it, so a viewer has something to draw. */
function certificatePdf(text: string): Buffer {
  const stream = `BT /F1 22 Tf 30 120 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 360 240] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

async function submitAndWait(page: Page, button: Locator, url: RegExp) {
  await Promise.all([page.waitForURL(url), button.click()]);
  await hydrated(page);
}

async function signIn(context: BrowserContext, email: string, landing: RegExp): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${server.url}/login?lang=en`);
  await hydrated(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await submitAndWait(page, page.getByRole("button", { name: "Log in" }), landing);
  return { page, problems };
}

async function bytesAt(page: Page, href: string): Promise<Buffer> {
  const response = await page.request.get(new URL(href, server.url).toString());
  expect(response.status()).toBe(200);
  return Buffer.from(await response.body());
}

async function badgeCount(page: Page): Promise<number> {
  await page.goto(`${server.url}/products/${PRODUCT.slug}?lang=en`);
  return page.getByTestId("certificate").filter({ hasText: certificateNumber }).count();
}

async function inFilter(page: Page): Promise<boolean> {
  await page.goto(`${server.url}${FILTER}`);
  return (await page.locator(`[data-testid="product-card"][data-slug="${PRODUCT.slug}"]`).count()) > 0;
}

/** The share of a screenshot's pixels that are near white: a drawn PDF page is white paper. */
async function whiteShare(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let white = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i]! > 235 && data[i + 1]! > 235 && data[i + 2]! > 235) white += 1;
  return white / (info.width * info.height);
}

const pdf = certificatePdf(`Organic certificate ${certificateNumber}`);
let jpeg: Buffer;
const memberFiles: { certificate?: Buffer; brand?: Buffer } = {};

describe("documents across roles", () => {
  it("the Fengjie member sends a PDF certificate, links it to the navel orange, and sends a JPEG trademark certificate", async () => {
    jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 250, g: 246, b: 235 } } })
      .composite([{ input: Buffer.from('<svg width="640" height="480"><rect x="40" y="40" width="560" height="400" fill="none" stroke="#b22" stroke-width="12"/></svg>'), top: 0, left: 0 }])
      .jpeg({ quality: 80 })
      .toBuffer();
    const context = await browser.newContext({ ...PHONE, locale: "en-US" });
    const { page, problems } = await signIn(context, DEMO_ACCOUNTS.fengjie, /\/coop$/);

    await page.goto(`${server.url}/coop/certifications`);
    await hydrated(page);
    const form = page.getByRole("region", { name: "Submit a certificate" });
    await form.getByLabel("Type").selectOption({ label: "Organic" });
    await form.getByLabel("Certificate number").fill(certificateNumber);
    await form.getByLabel("Issued by").fill("中绿华夏有机产品认证中心");
    await form.getByLabel("Issued on").fill(addDays(chinaToday(), -20));
    await form.getByLabel("Valid until").fill(addDays(chinaToday(), 345));
    await form.getByLabel("The certificate").setInputFiles({ name: "有机证书.pdf", mimeType: "application/pdf", buffer: pdf });
    await submitAndWait(page, form.getByRole("button", { name: "Send for checking" }), /notice=certificationSubmitted/);
    const mine = page.getByTestId("certification").filter({ hasText: certificateNumber });
    expect(await mine.textContent()).toContain("Waiting for staff");
    const certificateHref = (await mine.getByRole("link", { name: "View the document" }).getAttribute("href"))!;
    memberFiles.certificate = await bytesAt(page, certificateHref);
    expect(memberFiles.certificate.equals(pdf)).toBe(true);

    // Linked as the portal allows: from the product's certificates page.
    await page.goto(`${server.url}/coop/products`);
    await page.getByRole("link", { name: PRODUCT.nameEn, exact: true }).first().click();
    await page.waitForURL(/\/coop\/products\/\d+$/);
    await page.goto(`${page.url()}/certificates`);
    await hydrated(page);
    const link = page.getByRole("region", { name: "Link a certificate" });
    await link.getByLabel("Certificate").selectOption({ label: `Organic · ${certificateNumber} (Waiting for staff)` });
    await submitAndWait(page, link.getByRole("button", { name: "Link", exact: true }), /\/certificates\?notice=linked$/);
    // The URL changes before the revalidated list renders: wait for the list, not the address.
    await page.getByTestId("linked-certificates").filter({ hasText: certificateNumber }).waitFor();
    expect(await page.getByTestId("linked-certificates").textContent()).toContain(certificateNumber);

    await page.goto(`${server.url}/coop/brands`);
    await hydrated(page);
    const brandForm = page.getByRole("region", { name: "Submit a brand" });
    await brandForm.getByLabel("Brand name").fill(brandName);
    await brandForm.getByLabel("Trademark registration number").fill(registrationNumber);
    await brandForm.getByLabel("Class", { exact: true }).fill("31");
    await brandForm.getByLabel("Registered owner").fill("奉节县夔州红脐橙种植专业合作社");
    await brandForm.getByLabel("Registered on").fill("2022-05-07");
    await brandForm.getByLabel("Valid until").fill("2032-05-06");
    await brandForm.getByLabel("The registration certificate").setInputFiles({ name: "商标注册证.jpg", mimeType: "image/jpeg", buffer: jpeg });
    await submitAndWait(page, brandForm.getByRole("button", { name: "Send for checking" }), /notice=brandSubmitted/);
    const brand = page.locator("li", { hasText: brandName });
    const brandHref = (await brand.getByRole("link", { name: "View the document" }).getAttribute("href"))!;
    memberFiles.brand = await bytesAt(page, brandHref);
    expect(memberFiles.brand.equals(jpeg)).toBe(true);

    // Nothing is shown to shoppers before staff decide.
    expect(await badgeCount(page)).toBe(0);
    expect(await inFilter(page)).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("staff on a phone in Chinese see both documents as the browser draws them, and verify both", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    const { page, problems } = await signIn(context, DEMO_ACCOUNTS.staff, /\/staff$/);
    await page.goto(`${server.url}/staff/reviews?lang=zh`);
    await hydrated(page);

    const certificateCard = page.getByTestId("review").filter({ hasText: certificateNumber });
    const brandCard = page.getByTestId("review").filter({ hasText: brandName });
    expect(await certificateCard.count()).toBe(1);
    expect(await brandCard.count()).toBe(1);
    expect(await certificateCard.textContent()).not.toContain("没有上传证明文件");
    expect(await brandCard.textContent()).not.toContain("没有上传证明文件");

    // The trademark scan: a decoded picture, at its own size.
    const image = brandCard.getByTestId("review-document-image");
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), POLL).toBe(640);
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(480);
    const imageSrc = (await image.getAttribute("src"))!;
    expect((await bytesAt(page, imageSrc)).equals(memberFiles.brand!)).toBe(true);
    if (screenshots) await brandCard.screenshot({ path: path.join(screenshots, "review-brand-zh-phone.png") });

    // The certificate: the PDF is loaded into the frame and Chromium's viewer draws its page.
    const iframe = certificateCard.getByTestId("review-document-pdf");
    await iframe.scrollIntoViewIfNeeded();
    const src = (await iframe.getAttribute("src"))!;
    const frame = (await (await iframe.elementHandle())!.contentFrame()) as Frame;
    await expect.poll(() => frame.url(), POLL).toBe(new URL(src, server.url).toString());
    await expect.poll(() => frame.childFrames().some((child) => child.url().startsWith("chrome-extension://")), POLL).toBe(true);
    await expect.poll(async () => whiteShare(await iframe.screenshot()), POLL).toBeGreaterThan(0.2);
    expect((await bytesAt(page, src)).equals(memberFiles.certificate!)).toBe(true);
    const download = await page.request.get(new URL(`${src}?download=1`, server.url).toString());
    expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
    if (screenshots) await certificateCard.screenshot({ path: path.join(screenshots, "review-certificate-zh-phone.png") });

    // Framing is allowed for the document only, and only by the shop itself.
    const documentHeaders = (await page.request.get(new URL(src, server.url).toString())).headers();
    expect(documentHeaders["x-frame-options"]).toBe("SAMEORIGIN");
    expect(documentHeaders["content-security-policy"]).toContain("frame-ancestors 'self'");
    expect(documentHeaders["content-security-policy"]).toContain("sandbox");
    expect(documentHeaders["content-security-policy"]).not.toContain("frame-ancestors 'none'");
    const pageHeaders = (await page.request.get(`${server.url}/staff/reviews`)).headers();
    expect(pageHeaders["x-frame-options"]).toBe("DENY");
    expect(pageHeaders["content-security-policy"]).toContain("frame-ancestors 'none'");

    // Verify both.
    await certificateCard.getByRole("button", { name: "核验通过" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent(), POLL).toContain("已核验");
    await hydrated(page);
    await page.getByTestId("review").filter({ hasText: brandName }).getByRole("button", { name: "核验通过" }).click();
    await expect.poll(() => page.getByTestId("review").filter({ hasText: brandName }).count(), POLL).toBe(0);
    expect(await page.getByTestId("review").filter({ hasText: certificateNumber }).count()).toBe(0);
    const decisions = page.getByTestId("recent-decisions");
    expect(await decisions.locator("tr", { hasText: certificateNumber }).textContent()).toContain("已核验");
    expect(await decisions.locator("tr", { hasText: brandName }).textContent()).toContain("已核验");
    if (screenshots) await page.screenshot({ path: path.join(screenshots, "reviews-after-zh-phone.png"), fullPage: true });

    expect(problems).toEqual([]);
    await context.close();
  });

  it("the verified certificate's badge is on the product page and the product is in the certificate filter", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "en-US" });
    const page = await context.newPage();
    const problems = watchProblems(page);
    expect(await badgeCount(page)).toBe(1);
    expect(await inFilter(page)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a record without a document cannot be verified: the button is disabled and says why", async () => {
    const context = await browser.newContext({ ...PHONE, locale: "en-US" });
    const { page, problems } = await signIn(context, DEMO_ACCOUNTS.staff, /\/staff$/);
    await page.goto(`${server.url}/staff/reviews?lang=en`);
    await hydrated(page);
    const card = page.getByTestId("review").filter({ hasText: DEMO.pendingCertificationNumber });
    expect(await card.textContent()).toContain("No document was uploaded");
    const verify = card.getByRole("button", { name: "Verify" });
    expect(await verify.isDisabled()).toBe(true);
    const describedBy = (await verify.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain("Cannot be verified without a document");
    if (screenshots) await card.screenshot({ path: path.join(screenshots, "review-no-document-en-phone.png") });
    expect(problems).toEqual([]);
    await context.close();
  });
});
