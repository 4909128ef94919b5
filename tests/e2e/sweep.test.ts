import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { DESKTOP, launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// Every page of the route table, for every role, in both languages, on a phone and on a
// desktop, against the production build: the expected status (or the redirect to log in),
// no error page where the page should render, no console error or hydration warning once
// React has hydrated, and no translation key shown instead of text. Problems are collected
// and reported together, one line each.
//
// Adding a route is one line in ROUTES (or RESOURCES for non-HTML answers).

type Role = "anonymous" | "shopper" | "member" | "staff" | "admin";
const ROLES: Role[] = ["anonymous", "shopper", "member", "staff", "admin"];
const LOGINS: Record<Exclude<Role, "anonymous">, string> = {
  shopper: DEMO_ACCOUNTS.shopper,
  member: DEMO_ACCOUNTS.fengjie,
  staff: DEMO_ACCOUNTS.staff,
  admin: DEMO_ACCOUNTS.admin,
};
/** Where each role lands after logging in (and when it opens /login or /signup). */
const HOME: Record<Role, string> = { anonymous: "/", shopper: "/account", member: "/coop", staff: "/staff", admin: "/staff" };

/**
 * 200/403/404: the page answers so; "login": a 302 to /login with the page to return to;
 * "home": a redirect to the role's home; "→/path": a redirect to that page.
 */
type Expected = 200 | 403 | 404 | "login" | "home" | `→/${string}`;
type PerRole = Record<Role, Expected>;

const everyone = (expected: Expected): PerRole => ({ anonymous: expected, shopper: expected, member: expected, staff: expected, admin: expected });
const PUBLIC = everyone(200);
const MISSING = everyone(404);
const SIGNED_IN: PerRole = { anonymous: "login", shopper: 200, member: 200, staff: 200, admin: 200 };
const SIGNED_OUT: PerRole = { anonymous: 200, shopper: "home", member: "home", staff: "home", admin: "home" };
const COOP: PerRole = { anonymous: "login", shopper: 403, member: 200, staff: 403, admin: 403 };
const COOP_MISSING: PerRole = { ...COOP, member: 404 };
const STAFF: PerRole = { anonymous: "login", shopper: 403, member: 403, staff: 200, admin: 200 };
const STAFF_MISSING: PerRole = { ...STAFF, staff: 404, admin: 404 };
const ADMIN: PerRole = { anonymous: "login", shopper: 403, member: 403, staff: 403, admin: 200 };

/** What the sweep finds in the demo data (and the order it places) before it starts. */
interface Fixtures {
  traceCode: string;
  coopProductId: string;
  orderNumber: string;
  orderToken: string;
  orderId: string;
  /** The dev payment page's query (its token and session). */
  payQuery: string;
}

/** Path templates: `{name}` is replaced from Fixtures. */
const ROUTES: [path: string, expected: PerRole][] = [
  ["/", PUBLIC],
  ["/products", PUBLIC],
  ["/products?q=honey&sort=price_asc", PUBLIC],
  ["/products?category=fruit&cert=green_food", PUBLIC],
  [`/products/${DEMO.navelOrange.slug}`, PUBLIC],
  [`/products/${DEMO.soldOut}`, PUBLIC],
  [`/products/${DEMO.draft}`, MISSING],
  ["/products/no-such-product", MISSING],
  ["/cooperatives", PUBLIC],
  [`/cooperatives/${DEMO.cooperatives.fengjie}`, PUBLIC],
  ["/cooperatives/no-such-cooperative", MISSING],
  ["/trace/{traceCode}", PUBLIC],
  ["/trace/NO-SUCH-BATCH", MISSING],
  ["/cart", PUBLIC],
  // An empty cart has nothing to check out (every role's cart is empty here).
  ["/checkout", everyone("→/cart")],
  ["/orders/{orderNumber}?token={orderToken}", PUBLIC],
  ["/orders/{orderNumber}", { anonymous: 404, shopper: 200, member: 404, staff: 200, admin: 200 }],
  ["/pay/dev/{orderId}?{payQuery}", PUBLIC],
  ["/pay/dev/{orderId}", MISSING],
  ["/account", SIGNED_IN],
  ["/account/orders", SIGNED_IN],
  ["/account/addresses", SIGNED_IN],
  ["/account/claim", SIGNED_IN],
  ["/login", SIGNED_OUT],
  ["/signup", SIGNED_OUT],
  ["/logout", { ...SIGNED_IN, anonymous: "→/" }],
  ["/invitations/no-such-invitation", MISSING],
  ["/coop", COOP],
  ["/coop/products", COOP],
  ["/coop/products/new", COOP],
  ["/coop/products/{coopProductId}", COOP],
  ["/coop/products/{coopProductId}/variants", COOP],
  ["/coop/products/{coopProductId}/images", COOP],
  ["/coop/products/{coopProductId}/certificates", COOP],
  ["/coop/products/999999", COOP_MISSING],
  ["/coop/brands", COOP],
  ["/coop/certifications", COOP],
  ["/coop/batches", COOP],
  ["/coop/orders", COOP],
  ["/coop/import", COOP],
  ["/staff", STAFF],
  ["/staff/orders", STAFF],
  ["/staff/orders/{orderNumber}", STAFF],
  ["/staff/orders/{orderNumber}/slip", STAFF],
  ["/staff/orders/SS000000000000", STAFF_MISSING],
  ["/staff/reviews", STAFF],
  ["/staff/shipments", STAFF],
  ["/staff/shipments?status=in_transit", STAFF],
  ["/staff/pick-list", STAFF],
  ["/staff/reports", STAFF],
  ["/staff/audit", STAFF],
  ["/staff/users", ADMIN],
  ["/no-such-page", MISSING],
];

/** Answers that are not pages (files, feeds): the status per role only, once. */
const RESOURCES: [path: string, expected: PerRole][] = [
  ["/healthz", PUBLIC],
  ["/robots.txt", PUBLIC],
  ["/sitemap.xml", PUBLIC],
  ["/coop/import/template.csv", COOP],
  ["/coop/batches/{traceCode}/qr.svg", COOP],
  ["/coop/batches/{traceCode}/qr.png", COOP],
  ["/staff/reports/orders.csv", STAFF],
  ["/staff/reports/shipments.csv", STAFF],
];

/**
 * Problems the sweep finds that belong to work under way elsewhere, as `role lang size path: text`
 * prefixes with the reason. Each entry must still occur (the sweep says when one is fixed).
 */
const KNOWN_PROBLEMS: { match: RegExp; why: string }[] = [];

const LANGS = ["zh", "en"] as const;
const SIZES = { phone: PHONE, desktop: DESKTOP } as const;
type Size = keyof typeof SIZES;

/**
 * Dotted lower-camel identifiers (`orders.status`, `errors.notFound.title`): a translation key
 * shown instead of its text. Host names, e-mail addresses and file names are not keys.
 */
const KEY_PATTERN = /(?<![\w@./:-])[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+(?![\w@/-])/g;
const NOT_A_KEY = /\.(test|com|cn|org|net|csv|png|svg|jpe?g|webp|pdf|txt|xml|js|css)$|^(e\.g|i\.e)$/;

let server: RunningServer;
let browser: Browser;
let fixtures: Fixtures;
const contexts = new Map<Role, Record<Size, BrowserContext>>();

function fill(template: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: keyof Fixtures) => {
    const value = fixtures[name];
    if (!value) throw new Error(`no fixture ${name}`);
    return value;
  });
}

function withLang(path: string, lang: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true", undefined, { timeout: 15_000 });
}

async function logIn(context: BrowserContext, email: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${server.url}/login?lang=en`);
  await hydrated(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  await page.close();
}

/** The shopper buys a box through the real checkout and the dev payment page; staff ship it. */
async function placeAndShipOrder(shopper: BrowserContext, staff: BrowserContext): Promise<Pick<Fixtures, "orderNumber" | "orderToken" | "orderId" | "payQuery">> {
  const buy = await shopper.newPage();
  await buy.goto(`${server.url}/products/${DEMO.navelOrange.slug}?lang=en`);
  await buy.getByLabel("Quantity", { exact: true }).fill("1");
  await buy.getByRole("button", { name: "Add to cart" }).click();
  await buy.getByRole("status").filter({ hasText: "Added to your cart." }).waitFor({ timeout: 15_000 });
  await buy.goto(`${server.url}/checkout?lang=en`);
  await hydrated(buy);
  await buy.getByLabel("Recipient's name").fill("Zhou Min");
  await buy.getByLabel("E-mail").fill("shopper@shanshui.test");
  await buy.getByLabel("Mobile number").fill("13700001111");
  await buy.getByLabel("Province").selectOption("500000");
  await buy.locator('#city option[value="500000"]').waitFor({ state: "attached", timeout: 15_000 });
  await buy.getByLabel("City").selectOption("500000");
  await buy.locator('#district option[value="500103"]').waitFor({ state: "attached", timeout: 15_000 });
  await buy.getByLabel("District or county").selectOption("500103");
  await buy.getByLabel("Street address").fill("8 Minzu Road");
  await buy.getByRole("button", { name: "Place order and pay" }).click();
  await buy.waitForURL(/\/pay\/dev\/\d+\?/);
  const pay = new URL(buy.url());
  const orderId = /\/pay\/dev\/(\d+)/.exec(pay.pathname)![1]!;
  pay.searchParams.delete("lang");
  const payQuery = pay.searchParams.toString();
  await buy.getByRole("button", { name: "Approve payment" }).click();
  await buy.waitForURL(/\/orders\/SS\d{12}\?token=/);
  const done = new URL(buy.url());
  const orderNumber = /\/orders\/(SS\d{12})/.exec(done.pathname)![1]!;
  const orderToken = done.searchParams.get("token")!;
  await buy.close();

  const ship = await staff.newPage();
  await ship.goto(`${server.url}/staff/orders/${orderNumber}?lang=en`);
  await hydrated(ship);
  await ship.getByLabel("Carrier").selectOption("sf");
  await ship.getByLabel("Tracking number").fill("SF1234567890123");
  await ship.getByRole("button", { name: "Record shipment" }).click();
  await ship.getByTestId("tracking-number").waitFor({ timeout: 15_000 });
  await ship.close();
  return { orderNumber, orderToken, orderId, payQuery };
}

beforeAll(async () => {
  const started = Date.now();
  const lap = (what: string) => process.env.SWEEP_TIMINGS && process.stderr.write(`sweep: ${what} at ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  server = await startServer({ BACKGROUND_JOBS: "off" });
  lap("server up");
  browser = await launchBrowser();
  for (const role of ROLES) {
    const phone = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    if (role !== "anonymous") await logIn(phone, LOGINS[role]);
    // One log-in per role: the desktop context starts from the phone's cookies.
    const desktop = await browser.newContext({ ...DESKTOP, locale: "zh-CN", storageState: await phone.storageState() });
    contexts.set(role, { phone, desktop });
  }
  lap("logged in");
  const member = contexts.get("member")!.desktop;
  const productsPage = await member.newPage();
  await productsPage.goto(`${server.url}/coop/products?lang=en`);
  const coopProductId = /\/coop\/products\/(\d+)/.exec((await productsPage.content()).replace(/&amp;/g, "&"))?.[1];
  await productsPage.goto(`${server.url}/products/${DEMO.navelOrange.slug}?lang=en`);
  const traceCode = /\/trace\/([A-Za-z0-9-]+)/.exec(await productsPage.content())?.[1];
  await productsPage.close();
  if (!coopProductId || !traceCode) throw new Error(`demo data: coop product ${coopProductId}, trace code ${traceCode}`);
  const order = await placeAndShipOrder(contexts.get("shopper")!.phone, contexts.get("staff")!.desktop);
  fixtures = { traceCode, coopProductId, ...order };
  lap("order placed and shipped");
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Visit {
  role: Role;
  lang: (typeof LANGS)[number];
  size: Size;
  path: string;
  expected: Expected;
}

const isRefusal = (expected: Expected) => expected !== 200 && expected !== 404;

/** What the first response of a request (before any redirect) says about the expectation. */
function judgeAnswer(visit: Pick<Visit, "role" | "expected">, requested: string, status: number | undefined, location: string | null): string | null {
  const { expected } = visit;
  const target = location === null ? null : new URL(location, server.url);
  const where = target ? ` → ${target.pathname}${target.search}` : "";
  if (expected === "login") {
    const ok = status === 302 && target?.pathname === "/login" && target.searchParams.get("redirectTo") === requested;
    return ok ? null : `expected a 302 to /login?redirectTo=${requested}, got ${status}${where}`;
  }
  if (expected === "home" || typeof expected === "string") {
    const path = expected === "home" ? HOME[visit.role] : expected.slice(1);
    const ok = status !== undefined && status >= 300 && status < 400 && target?.pathname === path;
    return ok ? null : `expected a redirect to ${path}, got ${status}${where}`;
  }
  return status === expected && target === null ? null : `expected ${expected}, got ${status}${where}`;
}

/** Opens one page in the browser and returns what is wrong with it (nothing, ideally). */
async function check(page: Page, console: string[], visit: Visit): Promise<string[]> {
  const problems: string[] = [];
  const path = withLang(fill(visit.path), visit.lang);
  console.length = 0;
  let response;
  try {
    response = await page.goto(`${server.url}${path}`, { waitUntil: "load" });
  } catch (error) {
    return [`could not load: ${(error as Error).message.split("\n")[0]}`];
  }
  if (!response) return ["no response"];
  let first = response.request();
  while (first.redirectedFrom()) first = first.redirectedFrom()!;
  const firstResponse = first === response.request() ? response : await first.response();
  const answer = judgeAnswer(visit, path, firstResponse?.status(), firstResponse === response ? null : ((await firstResponse?.headerValue("location")) ?? null));
  if (answer) problems.push(answer);
  const finalStatus = response.status();
  if (finalStatus >= 500) problems.push(`answered ${finalStatus}`);

  if (await page.evaluate(() => "__remixContext" in window)) {
    await hydrated(page).catch(() => problems.push("never hydrated"));
  }
  const { text, errorStatus } = await page.evaluate(() => ({
    text: `${document.title}\n${document.body.innerText}`,
    errorStatus: document.querySelector(".error-page__status")?.textContent ?? null,
  }));
  if (errorStatus !== null && (finalStatus === 200 || errorStatus !== String(finalStatus))) {
    problems.push(`error page ${errorStatus} rendered (HTTP ${finalStatus})`);
  }
  const keys = [...new Set(text.match(KEY_PATTERN) ?? [])].filter((key) => !NOT_A_KEY.test(key));
  if (keys.length > 0) problems.push(`untranslated: ${keys.join(", ")}`);
  // Chromium logs a refused document as a failed resource; that refusal is the expected one.
  const refusal = `the server responded with a status of ${finalStatus}`;
  const counted = new Map<string, number>();
  for (const message of console) {
    if (finalStatus !== 200 && message.includes(refusal) && message.endsWith(`(${new URL(page.url()).pathname}${new URL(page.url()).search})`)) continue;
    const line = /#4(1[89]|2[0-5])\b|hydrat/i.test(message) ? `hydration: ${message}` : `console: ${message}`;
    counted.set(line, (counted.get(line) ?? 0) + 1);
  }
  for (const [line, count] of counted) problems.push(count > 1 ? `${line} (×${count})` : line);
  return problems;
}

function watch(page: Page): string[] {
  const messages: string[] = [];
  const short = (text: string) => text.replace(/; visit https:\/\/reactjs\.org\S* for the full message.*$/s, "").split("\n")[0]!.slice(0, 200);
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      const where = message.location().url;
      messages.push(`${short(message.text())}${where ? ` (${where.replace(server.url, "")})` : ""}`);
    }
  });
  page.on("pageerror", (error) => messages.push(`page error: ${short(error.message)}`));
  return messages;
}

/**
 * The browser visits each page a role may see in both languages, Chinese at one size and
 * English at the other (alternating from page to page, so both sizes see every page
 * across roles); refusals are checked over HTTP, and their rendered page once per kind.
 * SWEEP_FULL=1 visits everything in every language at every size.
 */
function plan(role: Role): Visit[] {
  const full = Boolean(process.env.SWEEP_FULL);
  const sizes = Object.keys(SIZES) as Size[];
  const shownRefusals = new Set<string>();
  const visits: Visit[] = [];
  ROUTES.forEach(([path, perRole], index) => {
    const expected = perRole[role];
    if (isRefusal(expected) && !full) {
      if (shownRefusals.has(String(expected))) return;
      shownRefusals.add(String(expected));
    }
    LANGS.forEach((lang, langIndex) => {
      for (const size of full ? sizes : [sizes[(index + ROLES.indexOf(role) + langIndex) % 2]!]) visits.push({ role, lang, size, path, expected });
    });
  });
  return visits;
}

const seenKnown = new Set<string>();

function unexpected(lines: string[]): string[] {
  return lines.filter((line) => {
    const problem = KNOWN_PROBLEMS.find((known) => known.match.test(line));
    if (problem) seenKnown.add(problem.why);
    return !problem;
  });
}

describe("route sweep", () => {
  it.each(ROLES)("every page answers %s as expected, renders cleanly and is translated", { timeout: 600_000 }, async (role) => {
    const lines: string[] = [];
    const pages = new Map<Size, { page: Page; console: string[] }>();
    for (const size of Object.keys(SIZES) as Size[]) {
      const page = await contexts.get(role)![size].newPage();
      pages.set(size, { page, console: watch(page) });
    }
    for (const visit of plan(role)) {
      const { page, console } = pages.get(visit.size)!;
      const began = Date.now();
      const found = await check(page, console, visit);
      for (const problem of found) lines.push(`${role} ${visit.lang} ${visit.size} ${fill(visit.path)}: ${problem}`);
      // SWEEP_SCREENSHOTS=dir keeps a picture of every page with a problem.
      if (found.length > 0 && process.env.SWEEP_SCREENSHOTS) {
        const name = `${role}-${visit.lang}-${visit.size}-${fill(visit.path).replace(/[^\w]+/g, "_")}.png`.slice(0, 120);
        await page.screenshot({ path: `${process.env.SWEEP_SCREENSHOTS}/${name}` });
      }
      if (process.env.SWEEP_TIMINGS) process.stderr.write(`sweep: ${Date.now() - began} ms ${role} ${visit.lang} ${visit.size} ${fill(visit.path)}${found.map((p) => `\n  ${p}`).join("")}\n`);
    }
    for (const { page } of pages.values()) await page.close();
    // Every refusal, and every answer that is not a page, over HTTP without following redirects.
    const request = contexts.get(role)!.desktop.request;
    for (const [template, perRole] of [...ROUTES.filter(([, perRole]) => isRefusal(perRole[role])), ...RESOURCES]) {
      const path = fill(template);
      const response = await request.get(`${server.url}${path}`, { maxRedirects: 0 });
      const answer = judgeAnswer({ role, expected: perRole[role] }, path, response.status(), response.headers()["location"] ?? null);
      if (answer) lines.push(`${role} ${path}: ${answer}`);
      await response.dispose();
    }
    const problems = unexpected(lines);
    expect(problems, `${problems.length} problems:\n${problems.join("\n")}`).toEqual([]);
  });

  it("lists only known problems that still occur", () => {
    expect(KNOWN_PROBLEMS.map((problem) => problem.why).filter((why) => !seenKnown.has(why)), "known problems no longer seen").toEqual([]);
  });
});
