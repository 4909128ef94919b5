import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "~db/seed-data/fixtures";

// Debian's Chromium, never a downloaded browser.
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.1 A/AA problems axe finds on the page as it is now, as "rule: element" lines. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] });
    return result.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")}`));
  });
}

/**
 * Collects console errors and uncaught page errors. Refused forms answer 400 (or 403/409) on
 * purpose and Chromium logs those as failed resources: `ignoredStatus` leaves them out.
 */
export function watchProblems(page: Page, ignoredStatus?: RegExp): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !(ignoredStatus && ignoredStatus.test(message.text()))) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/** Waits until Remix has hydrated the page. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

export interface SignInOptions {
  email: string;
  device: typeof PHONE | typeof DESKTOP;
  locale: "en-US" | "zh-CN";
  /** Where the login form sends this account. */
  landing: string | RegExp;
  /** How long to wait for the landing page (Playwright's default when left out). */
  timeout?: number;
  /** Console errors to leave out (see watchProblems). */
  ignoredStatus?: RegExp;
}

/** A new context that logs in through the English login form, with its problems watched. */
export async function signIn(browser: Browser, serverUrl: string, options: SignInOptions): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ ...options.device, locale: options.locale });
  const page = await context.newPage();
  const problems = watchProblems(page, options.ignoredStatus);
  await page.goto(`${serverUrl}/login?lang=en`);
  await hydrated(page);
  await page.getByLabel("E-mail").fill(options.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(options.landing, options.timeout === undefined ? undefined : { timeout: options.timeout });
  return { context, page, problems };
}
