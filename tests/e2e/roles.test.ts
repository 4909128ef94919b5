import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { DESKTOP, launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// Each demo role logs in through the real form in Chromium and lands on its own home,
// with the page's JavaScript running under the enforcing Content-Security-Policy.

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ BACKGROUND_JOBS: "off" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Watched {
  page: Page;
  cspProblems: () => Promise<string[]>;
}

async function openPage(viewport: typeof PHONE | typeof DESKTOP): Promise<Watched> {
  const context = await browser.newContext({ ...viewport, locale: "en-US" });
  const page = await context.newPage();
  const console: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content.Security.Policy|Refused to/i.test(message.text())) console.push(message.text());
  });
  page.on("pageerror", (error) => console.push(`page error: ${error.message}`));
  // Violations the browser only reports as events (e.g. a blocked eval probe) count too.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
  });
  return {
    page,
    cspProblems: async () => [...console, ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations))],
  };
}

async function logIn(page: Page, email: string, redirectTo?: string) {
  await page.goto(`${server.url}/login?lang=en${redirectTo ? `&redirectTo=${encodeURIComponent(redirectTo)}` : ""}`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

describe("each role's home after logging in", () => {
  it.each([
    ["admin", DEMO_ACCOUNTS.admin, "/staff", "Back office"],
    ["staff", DEMO_ACCOUNTS.staff, "/staff", "Back office"],
    ["fengjie member", DEMO_ACCOUNTS.fengjie, "/coop", "Cooperative portal"],
    ["wushan member", DEMO_ACCOUNTS.wushan, "/coop", "Cooperative portal"],
    ["shopper", DEMO_ACCOUNTS.shopper, "/account", "My account"],
  ])("%s lands on its home with no CSP problem", async (_role, email, home, navName) => {
    const { page, cspProblems } = await openPage(PHONE);
    await logIn(page, email);
    await page.waitForURL(`${server.url}${home}`);
    await hydrated(page);
    await expect.poll(() => page.getByRole("navigation", { name: navName }).isVisible()).toBe(true);
    if (home === "/staff") {
      const accountsLink = page.getByRole("navigation", { name: "Back office" }).getByRole("link", { name: "Accounts" });
      expect(await accountsLink.count()).toBe(email === DEMO_ACCOUNTS.admin ? 1 : 0);
    }
    if (home === "/coop") {
      const expected = email === DEMO_ACCOUNTS.fengjie ? /Fengjie/i : /Wushan/i;
      expect(await page.getByTestId("active-cooperative").textContent()).toMatch(expected);
    }
    if (home === "/account") expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Profile");
    expect(await cspProblems()).toEqual([]);
    await page.context().close();
  });
});

describe("refusals in the browser", () => {
  it("shows the shopper a 403 page for the back office and the portal, and sends a visitor to log in first", async () => {
    const { page, cspProblems } = await openPage(DESKTOP);
    const staffResponse = await page.goto(`${server.url}/staff/users?lang=en`);
    expect(page.url()).toBe(`${server.url}/login?redirectTo=%2Fstaff%2Fusers%3Flang%3Den`);
    expect(staffResponse?.status()).toBe(200);
    await page.getByLabel("E-mail").fill(DEMO_ACCOUNTS.shopper);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}/staff/users?lang=en`);
    // The URL changes as the client-side navigation commits; the refusal renders just after.
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Not allowed");
    const coop = await page.goto(`${server.url}/coop`);
    expect(coop?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Not allowed");
    expect(await cspProblems()).toEqual([]);
    await page.context().close();
  });

  it("logs out with the account menu's button, after which the account page asks to log in", async () => {
    const { page, cspProblems } = await openPage(DESKTOP);
    await logIn(page, DEMO_ACCOUNTS.shopper);
    await page.waitForURL(`${server.url}/account`);
    await hydrated(page);
    await page.getByRole("navigation", { name: "My account" }).getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/account`);
    expect(page.url()).toBe(`${server.url}/login?redirectTo=%2Faccount`);
    expect(await cspProblems()).toEqual([]);
    await page.context().close();
  });
});
