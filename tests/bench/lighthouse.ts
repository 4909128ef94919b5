// `npm run bench:lighthouse`: Lighthouse (mobile preset, median of three runs) on the home,
// catalogue and product pages, and axe-core on every public page plus the cart and checkout,
// against the production build on the embedded database with the demo catalogue.
// `npm run bench:lighthouse -- --runs 1 --no-build` for a quicker look.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import type { Page } from "playwright-core";
import { z } from "zod";
import { launchBrowser, PHONE } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";
import { bodyText, rawGet } from "./lib/http";
import { runScript } from "./lib/postgres";
import { printTable } from "./lib/table";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
type Category = (typeof CATEGORIES)[number];
const TARGETS: Record<Category, number> = { performance: 95, accessibility: 100, "best-practices": 95, seo: 100 };
/** Attempts at one run before the page is given up on. */
const MAX_ATTEMPTS = 3;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { runs: { type: "string", default: "3" }, "no-build": { type: "boolean", default: false } },
});
const runs = z.coerce.number().int().min(1).max(9).parse(values.runs);
let failed = false;

// ------------------------------------------------------------------ pages

interface Pages {
  home: string;
  catalogue: string;
  search: string;
  product: string;
  cooperatives: string;
  cooperative: string | null;
  trace: string | null;
  stays: string;
  /** The first stay or experience on /stays (none until the demo data has some). */
  stay: string | null;
}

/** The first link on a page whose path matches `pattern`. */
async function firstLink(origin: string, path: string, pattern: RegExp): Promise<string | null> {
  const response = await rawGet(origin + path);
  if (response.status !== 200) return null;
  for (const match of bodyText(response).matchAll(/\bhref="([^"?#]+)"/g)) {
    if (pattern.test(match[1]!)) return match[1]!;
  }
  return null;
}

async function discoverPages(origin: string): Promise<Pages> {
  const product = await firstLink(origin, "/products", /^\/products\/[a-z0-9-]+$/);
  if (!product) throw new Error("no product link on /products");
  return {
    home: "/",
    catalogue: "/products",
    search: `/products?${new URLSearchParams({ q: "脐橙" })}`,
    product,
    cooperatives: "/cooperatives",
    cooperative: await firstLink(origin, "/cooperatives", /^\/cooperatives\/[a-z0-9-]+$/),
    trace: await firstLink(origin, product, /^\/trace\/[A-Za-z0-9-]+$/),
    stays: "/stays",
    stay: await firstLink(origin, "/stays", /^\/stays\/[a-z0-9-]+$/),
  };
}

// ------------------------------------------------------------------ Lighthouse

interface Audited {
  name: string;
  scores: Record<Category, number>;
  failing: string[];
}

async function runLighthouse(server: RunningServer, pages: Pages): Promise<Audited[]> {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
  const audited: Audited[] = [];
  try {
    const audits: (readonly [string, string])[] = [["home", pages.home], ["catalogue", pages.catalogue], ["product", pages.product], ["stays", pages.stays]];
    if (pages.stay) audits.push(["stay", pages.stay]);
    for (const [name, path] of audits) {
      const results = [];
      for (let i = 0; i < runs; i++) {
        // A run Lighthouse could not complete (NO_FCP when the headless tab paints nothing in
        // time on a busy machine) has no metrics and would break the median: it is run again.
        for (let attempt = 1; ; attempt++) {
          console.info(`[lighthouse] ${name} (${path}), run ${i + 1} of ${runs}${attempt > 1 ? `, attempt ${attempt}` : ""}`);
          const result = await lighthouse(server.url + path, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
          if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
          const error = result.lhr.runtimeError;
          if (!error) {
            results.push(result.lhr);
            break;
          }
          console.warn(`[lighthouse] ${path}: ${error.code}: ${error.message}`);
          if (attempt === MAX_ATTEMPTS) throw new Error(`Lighthouse failed ${MAX_ATTEMPTS} times on ${path}: ${error.code}`);
        }
      }
      const median = computeMedianRun(results);
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((median.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>;
      const failing: string[] = [];
      for (const category of CATEGORIES) {
        for (const ref of median.categories[category]?.auditRefs ?? []) {
          const audit = median.audits[ref.id];
          if (!audit || audit.score === null || !["binary", "numeric", "metricSavings"].includes(audit.scoreDisplayMode)) continue;
          if (audit.score < 0.9) failing.push(`${category}/${audit.id} (${Math.round(audit.score * 100)}): ${audit.title}${audit.displayValue ? ` — ${audit.displayValue}` : ""}`);
        }
      }
      audited.push({ name, scores, failing: [...new Set(failing)] });
    }
  } finally {
    chrome.kill();
  }
  return audited;
}

// ------------------------------------------------------------------ axe

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** Puts the catalogue's first product in this browser's cart through the product page's own form. */
async function addToCart(page: Page, server: RunningServer, productPath: string): Promise<void> {
  await page.goto(server.url + productPath);
  const button = page.locator('form[action="/cart"] button[type="submit"], form[action^="/cart?"] button[type="submit"]').first();
  await button.click();
  await page.waitForLoadState("networkidle");
}

async function runAxe(server: RunningServer, pages: Pages): Promise<Array<{ path: string; violations: AxeViolation[] }>> {
  const browser = await launchBrowser();
  const results: Array<{ path: string; violations: AxeViolation[] }> = [];
  try {
    // Our CSP admits only nonce'd scripts; the audit script is injected from outside the page.
    const context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await context.newPage();
    const publicPages = [pages.home, pages.catalogue, pages.search, pages.product, pages.cooperatives, pages.cooperative, pages.trace, "/orders/lookup", pages.stays, pages.stay].filter(
      (p): p is string => p !== null,
    );
    for (const path of publicPages) {
      console.info(`[axe] ${path}`);
      const response = await page.goto(server.url + path);
      if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`);
      results.push({ path, violations: await axeViolations(page) });
    }
    await addToCart(page, server, pages.product);
    for (const path of ["/cart", "/checkout"]) {
      console.info(`[axe] ${path}`);
      await page.goto(server.url + path);
      if (new URL(page.url()).pathname !== path) throw new Error(`${path} sent the browser to ${page.url()}`);
      results.push({ path, violations: await axeViolations(page) });
    }
  } finally {
    await browser.close();
  }
  return results;
}

// ------------------------------------------------------------------ main

/**
 * The pages are Chinese by default and every phone they are meant for has a Chinese font. A
 * machine without one (a bare server) makes Chromium search its fonts for every character in
 * vain, which shows up as layout time Lighthouse counts against the page: say so.
 */
function warnWithoutChineseFont() {
  let fonts = "";
  try {
    fonts = execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  } catch {
    // no fontconfig: Chromium has no fonts to search either
  }
  if (!fonts.trim()) {
    console.warn("[lighthouse] no Chinese font on this machine (apt-get install fonts-noto-cjk): layout times, and so performance, will read worse than on a phone");
  }
}

if (!values["no-build"]) {
  console.info("[lighthouse] npm run build");
  await runScript(["build"], {});
}
/** Lighthouse's performance score moves with whatever else the machine is doing: say how busy it was. */
const loadAverage = () => loadavg().map((n) => n.toFixed(2)).join(" ");
console.info(`[lighthouse] load average at start ${loadAverage()}`);
warnWithoutChineseFont();
const server = await startServer({});
try {
  const pages = await discoverPages(server.url);
  const audited = await runLighthouse(server, pages);
  const axe = await runAxe(server, pages);

  printTable(
    `Lighthouse ${runs > 1 ? `(mobile, median of ${runs} runs)` : "(mobile, one run)"}; targets: performance ≥ 95, accessibility 100, best practices ≥ 95, SEO 100`,
    ["page", ...CATEGORIES, "verdict"],
    audited.map((a) => {
      const met = CATEGORIES.every((c) => a.scores[c] >= TARGETS[c]);
      if (!met) failed = true;
      return [a.name, ...CATEGORIES.map((c) => String(a.scores[c])), met ? "met" : "MISSED"];
    }),
    { rightAligned: [1, 2, 3, 4] },
  );
  for (const a of audited) {
    if (a.failing.length) console.info(`\n${a.name}: audits below 90\n${a.failing.map((f) => `  - ${f}`).join("\n")}`);
  }

  printTable(
    "axe-core (phone viewport); target: zero violations",
    ["page", "violations", "details"],
    axe.map(({ path, violations }) => {
      if (violations.length) failed = true;
      return [path, String(violations.length), violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×)`).join(", ")];
    }),
    { rightAligned: [1] },
  );
  for (const { path, violations } of axe) {
    for (const v of violations) {
      console.info(`\n${path}: ${v.id} — ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${JSON.stringify(n.target)}`).join("\n")}`);
    }
  }
} finally {
  await server.stop();
}
console.info(`\nLoad average at the end ${loadAverage()}`);
if (failed) process.exitCode = 1;
