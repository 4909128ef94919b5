// `npm run bench`: the production build against a PostgreSQL catalogue of 100,000 products,
// each page measured beside a bare node:http server answering the same bytes. Run on demand,
// never part of `npm test`. `npm run bench -- --help` lists the options.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase } from "~db/client";
import { migrateDatabase } from "~/services/migrate.server";
import { seedDemoIfEmpty } from "~/seed/seed.server";
import { startServer, type RunningServer } from "../support/server";
import { BaselineServer } from "./lib/baseline";
import { loadInParallel } from "./lib/cannon";
import { startFrameworkFloor } from "./lib/floor";
import { bodyText, followNextLinks, LOAD_HEADERS, rawGet } from "./lib/http";
import { describeMachine, machineLine } from "./lib/machine";
import { findServerPid, readMemory, sampleMemory } from "./lib/memory";
import { parseOptions, type BenchOptions } from "./lib/options";
import { latencyCheck, loadProblems, measureRow, type LoadContext, type PageRow, type RowResult } from "./lib/pages";
import { pageWeight, readManifest } from "./lib/page-weight";
import { measureSearch } from "./lib/search";
import { checkoutUnderLoad, pgbenchTps } from "./lib/checkout";
import {
  catalogueSize,
  countProducts,
  databaseExists,
  recreateDatabase,
  runScript,
  withClient,
  withDatabase,
} from "./lib/postgres";
import { fmt, label, printTable, verdict, type Check } from "./lib/table";

const options = parseOptions(process.argv.slice(2));
const started = Date.now();
/** Every target of the run, for the summary at the end. */
const summary: Check[] = [];
const failures: string[] = [];

function step(message: string) {
  console.info(`[bench ${fmt.seconds(Date.now() - started).padStart(7)}] ${message}`);
}

async function section(name: string, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    failures.push(name);
    console.error(`\n[bench] section "${name}" failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
}

// ------------------------------------------------------------------ set-up

async function prepareDatabase({ database, reuse, products }: BenchOptions, env: Record<string, string>) {
  const exists = await databaseExists(database.url);
  if (database.owned && !(reuse && exists)) {
    step(`creating ${database.url}`);
    await recreateDatabase(database.url);
  }
  const before = await countProducts(database.url);
  if (before >= products) {
    step(`catalogue already holds ${fmt.int(before)} products: migrating only`);
    await runScript(["db:migrate"], env, { echo: true });
  } else {
    // db:seed migrates, seeds the demo catalogue when the database is empty, then adds generated products.
    const adding = products - before;
    step(`seeding: ${before ? "" : "demo data, then "}${fmt.int(adding)} generated products`);
    const seedStart = Date.now();
    await runScript(["db:seed", "--", "--products", String(adding)], env, { echo: true });
    const seconds = (Date.now() - seedStart) / 1000;
    step(`seeding took ${seconds.toFixed(1)} s`);
    summary.push({ name: `seed ${fmt.int(products)} products`, measured: `${seconds.toFixed(1)} s`, met: true, info: true });
  }
  // Fresh statistics, so the planner sees the grown tables as they are.
  await withClient(database.url, (client) => client.query("VACUUM ANALYZE"));
  const size = await catalogueSize(database.url);
  step(
    `catalogue: ${fmt.int(size.products)} products (${fmt.int(size.activeProducts)} active), ${fmt.int(size.variants)} variants, ` +
      `${fmt.int(size.certifications)} certificates on ${fmt.int(size.productCertifications)} product links, ${fmt.int(size.batches)} batches`,
  );
}

/** A product page worth measuring: active, with the most certificates (so brand, badges and batches all render). */
async function richestProductSlug(databaseUrl: string): Promise<string> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ slug: string }>(`
      SELECT p.slug FROM products p
      WHERE p.status = 'active' AND p.id IN (SELECT id FROM products WHERE status = 'active' ORDER BY id LIMIT 200)
      ORDER BY (SELECT count(*) FROM product_certifications pc WHERE pc.product_id = p.id) DESC,
               (SELECT count(*) FROM batches b WHERE b.product_id = p.id) DESC, p.id
      LIMIT 1`);
    if (!rows[0]) throw new Error("no active product to measure");
    return rows[0].slug;
  });
}

function query(path: string, params: Record<string, string>): string {
  return `${path}?${new URLSearchParams(params)}`;
}

// ------------------------------------------------------------------ the page rows

interface PageUrls {
  home: string;
  first: string;
  search: string;
  searchWithCert: string;
  product: string;
  deep: string;
}

async function discoverUrls(origin: string, databaseUrl: string): Promise<PageUrls> {
  const first = "/products";
  step('following "next" 200 times from /products for the deep page');
  const deep = await followNextLinks(origin, first, 200);
  return {
    home: "/",
    first,
    search: query("/products", { q: "脐橙" }),
    searchWithCert: query("/products", { q: "花椒", cert: "green_food" }),
    product: `/products/${await richestProductSlug(databaseUrl)}`,
    deep,
  };
}

function pageRows(urls: PageUrls): PageRow[] {
  return [
    { name: "home /", url: urls.home },
    { name: "catalogue /products", url: urls.first },
    { name: "search 脐橙", url: urls.search },
    { name: "search 花椒 + green_food", url: urls.searchWithCert },
    { name: "product page", url: urls.product },
    { name: "catalogue, 200 pages deep", url: urls.deep },
  ];
}

const rowTable: string[][] = [];

function addRowToTable(result: RowResult, checks: Check[], note = "") {
  const problems = [loadProblems(result.app, result.row.expectStatus), result.rendered && loadProblems(result.rendered)].filter(Boolean).join("; ");
  rowTable.push([
    result.row.name,
    fmt.int(result.app.rps),
    fmt.ms(result.app.p50),
    fmt.ms(result.app.p99),
    fmt.int(result.captured.body.length),
    fmt.int(result.bare.rps),
    fmt.ratio(result.ratio),
    result.rendered ? fmt.int(result.rendered.rps) : "",
    result.rendered ? fmt.ms(result.rendered.p50) : "",
    result.rendered ? fmt.ms(result.rendered.p99) : "",
    result.rendered ? fmt.ratio(result.rendered.rps / result.bare.rps) : "",
    [verdict(checks), problems && `PROBLEM: ${problems}`, note].filter(Boolean).join("; "),
  ]);
  for (const check of checks) summary.push({ ...check, name: `${result.row.name}: ${check.name}` });
  if (problems) summary.push({ name: `${result.row.name}: no errors under load`, measured: problems, met: false });
}

async function measurePages(context: LoadContext, urls: PageUrls): Promise<Map<string, RowResult>> {
  const results = new Map<string, RowResult>();
  for (const row of pageRows(urls)) {
    step(`load: ${row.name} (${row.url})`);
    const result = await measureRow(context, row, { rendered: true });
    results.set(row.url, result);
    const rendered = result.rendered!;
    // The targets are judged on the uncached load (every request routed, queried and rendered);
    // the page store's figure is what repeat visitors of one URL get, shown beside it.
    const renderedRatio = rendered.rps / result.bare.rps;
    const checks: Check[] = [
      { name: "uncached ≥ 0.10× bare", measured: fmt.ratio(renderedRatio), met: renderedRatio >= 0.1 },
      { ...latencyCheck(rendered), name: "uncached p99 ≤ 3× p50" },
      { name: "from the page store", measured: `${fmt.ratio(result.ratio)} bare`, met: true, info: true },
    ];
    if (row.url === urls.deep) {
      // Keyset pagination: page 200 must cost what page 1 costs, so compare what rendering them costs.
      const first = results.get(urls.first)!.rendered!;
      const slowdown = first.rps / rendered.rps;
      checks.push({ name: "deep within 1.5× of first page (rendered)", measured: `${slowdown.toFixed(2)}×`, met: slowdown <= 1.5 });
    }
    addRowToTable(result, checks);
  }

  await measureFrameworkFloor(context);

  // Revalidation: the first catalogue page again, with the ETag it was served with.
  const etag = results.get(urls.first)?.captured.headers.etag;
  if (typeof etag !== "string") {
    rowTable.push(["revalidated /products (304)", "–", "–", "–", "–", "–", "–", "", "", "", "", "MISSED: /products sent no ETag"]);
    summary.push({ name: "revalidated page (304) ≥ 0.5× bare", measured: "no ETag", met: false });
  } else {
    const row: PageRow = { name: "revalidated /products (304)", url: urls.first, headers: { "if-none-match": etag }, expectStatus: 304 };
    step(`load: ${row.name}`);
    const result = await measureRow(context, row);
    addRowToTable(result, [{ name: "≥ 0.5× bare", measured: fmt.ratio(result.ratio), met: result.ratio >= 0.5 }, latencyCheck(result.app)]);
    results.set("304", result);
  }
  return results;
}

/**
 * What the framework alone allows on this machine: Remix behind Express with gzip, with a page
 * of one paragraph and a resource route, no database and none of the app. Every request is
 * routed and rendered (it has no page store), so these read against the app's "uncached" column.
 */
async function measureFrameworkFloor(context: LoadContext) {
  const floor = await startFrameworkFloor();
  try {
    for (const row of [
      { name: "floor: Remix page, no app", url: "/hello" },
      { name: "floor: Remix resource route", url: "/robots.txt" },
    ]) {
      step(`load: ${row.name}`);
      const result = await measureRow({ ...context, origin: floor.url }, row);
      addRowToTable(result, [{ name: "framework floor", measured: `${fmt.ratio(result.ratio)} bare`, met: true, info: true }], "rendered on every request");
    }
  } finally {
    await floor.stop();
  }
}

function printRowTable() {
  printTable(
    `Pages: ${options.connections} connections, ${options.duration} s per load, Accept-Encoding: gzip. "stored": the URL as visitors ask for it ` +
      `(after the first request the instance sends it from its page store until the catalogue changes); "uncached": a new URL every request ` +
      `(…&n=<counter>), each one routed, queried and rendered (the targets are judged on these); "bare": node:http answering the same bytes`,
    ["row", "stored req/s", "p50 ms", "p99 ms", "bytes", "bare req/s", "ratio", "uncached req/s", "p50 ms", "p99 ms", "ratio", "targets"],
    rowTable,
    { rightAligned: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
  );
}

// ------------------------------------------------------------------ page weight

async function measureWeight(origin: string, urls: Record<string, string>) {
  const manifest = readManifest();
  const rows: string[][] = [];
  for (const [name, url] of Object.entries(urls)) {
    const response = await rawGet(origin + url);
    if (response.status !== 200) {
      rows.push([name, url, `answered ${response.status}`, "", "", "", ""]);
      continue;
    }
    const weight = pageWeight(bodyText(response), manifest);
    const checks: Check[] = [];
    if (name === "product page") {
      checks.push({ name: "JS ≤ 90 kB gzip", measured: fmt.kb(weight.js.gzip), met: weight.js.gzip <= 90 * 1024 });
      checks.push({ name: "CSS ≤ 20 kB gzip", measured: fmt.kb(weight.css.gzip), met: weight.css.gzip <= 20 * 1024 });
      for (const check of checks) summary.push({ ...check, name: `product page: ${check.name}` });
    }
    rows.push([
      name,
      url.length > 40 ? `${url.slice(0, 39)}…` : url,
      `${weight.js.files}`,
      fmt.kb(weight.js.gzip),
      `${weight.css.files}`,
      fmt.kb(weight.css.gzip),
      verdict(checks),
    ]);
  }
  printTable("Page weight: initial JavaScript and CSS from the build, each file gzipped", ["page", "url", "js files", "js gzip", "css files", "css gzip", "targets"], rows, {
    rightAligned: [2, 3, 4, 5],
  });
}

// ------------------------------------------------------------------ search

async function measureSearchSection(databaseUrl: string) {
  step("search: model level, 200 iterations per query");
  const results = await measureSearch(databaseUrl);
  // The indexes search is designed around: exact names, the GIN index of the names' words in
  // product_ranks (the name tiers), and the GIN index of the whole document (the rest).
  const searchIndexes = /^(products_(name_|search_)|product_ranks_(name_terms|order_))/;
  printTable(
    "Search at the model level (searchCatalogue against the bench database, one caller, 200 iterations each)",
    ["query", "results", "p50 ms", "p95 ms", "p99 ms", "search indexes used", "target p95 < 20 ms"],
    results.map((r) => [
      r.q,
      fmt.int(r.total),
      fmt.ms(r.p50),
      fmt.ms(r.p95),
      fmt.ms(r.p99),
      r.indexes.filter((name) => searchIndexes.test(name)).join(", "),
      r.check.met ? "met" : "MISSED",
    ]),
    { rightAligned: [1, 2, 3, 4] },
  );
  for (const r of results) {
    summary.push(r.check);
    const used = r.indexes.filter((name) => searchIndexes.test(name));
    summary.push({ name: `search "${r.q}" uses the search indexes`, measured: used.join(", ") || "none", met: used.length > 0 });
  }
  console.info("\nEXPLAIN (ANALYZE, BUFFERS) of each catalogue query a search ran (the first page, relevance order)");
  for (const r of results) {
    for (const plan of r.plans) console.info(`\n-- ${r.q}\n${plan}`);
  }
}

// ------------------------------------------------------------------ checkout

async function measureCheckout(origin: string) {
  step("checkout under load: 200 shoppers, 50 units of one variant");
  const result = await checkoutUnderLoad(origin, options.database.url);
  step("pgbench -i -s 1, then -c 8 -j 2 -T 10, in a scratch database on the same server");
  const tps = await pgbenchTps(options.database.url);
  const checks: Check[] = [
    { name: "checkout: exactly 50 orders from 200 shoppers", measured: `${result.orders} orders, ${result.refused} refused`, met: result.orders === result.units },
    { name: "checkout: no 5xx", measured: `${result.serverErrors}`, met: result.serverErrors === 0 && Object.keys(result.otherAnswers).length === 0 },
    {
      name: "checkout: stock never negative",
      measured: `lowest available ${result.minAvailableSeen}, final on hand ${result.final.onHand} / reserved ${result.final.reserved}`,
      met: result.minAvailableSeen >= 0 && result.final.onHand >= 0 && result.final.reserved <= result.final.onHand,
    },
  ];
  summary.push(...checks, { name: "checkout: orders per second (pgbench TPC-B-like beside it)", measured: `${result.ordersPerSecond.toFixed(1)} orders/s vs ${tps.toFixed(0)} tps`, met: true, info: true });
  printTable(
    "Checkout under load (each shopper: POST /cart add → own cart cookie, then POST /checkout, all 200 at once)",
    ["measure", "value", "target"],
    [
      ["orders placed", `${result.orders} of ${result.units} units (${result.shoppers} shoppers)`, checks[0]!.met ? "met" : "MISSED"],
      ["refused (sold out)", String(result.refused), ""],
      ["5xx / other answers", `${result.serverErrors}${Object.keys(result.otherAnswers).length ? ` / ${JSON.stringify(result.otherAnswers)}` : ""}`, checks[1]!.met ? "met" : "MISSED"],
      ["stock", checks[2]!.measured, checks[2]!.met ? "met" : "MISSED"],
      ["checkouts answered per second", result.checkoutsPerSecond.toFixed(1), ""],
      ["orders per second", result.ordersPerSecond.toFixed(1), ""],
      ["pgbench TPC-B-like (8 clients, 2 threads, 10 s)", `${tps.toFixed(0)} tps`, ""],
    ],
  );
}

// ------------------------------------------------------------------ PGlite

/** The embedded default (a fresh PGlite with the demo catalogue) on the same rows, beside PostgreSQL. */
async function measurePglite(context: Omit<LoadContext, "origin">, urls: PageUrls, postgres: Map<string, RowResult>) {
  // The data directory is migrated and seeded here first: on a busy machine the server's own
  // first-start seeding can outlast startServer's patience, and it is not what is measured.
  const dataDir = mkdtempSync(path.join(tmpdir(), "shanshui-bench-pglite-"));
  const seeding = Date.now();
  const handle = await createDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
  await migrateDatabase(handle.db);
  await seedDemoIfEmpty(handle.db, { money: true });
  await handle.close();
  step(`PGlite data directory migrated and seeded with the demo catalogue in ${fmt.seconds(Date.now() - seeding)}`);
  const server = await startServer({ DATA_DIR: dataDir });
  servers.push(server);
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const memory = sampleMemory(findServerPid(server.port));
  const rows: PageRow[] = [
    { name: "home /", url: urls.home },
    { name: "catalogue /products", url: urls.first },
    { name: "search 脐橙", url: urls.search },
    { name: "product page", url: urls.product },
  ];
  const table: string[][] = [];
  for (const row of rows) {
    step(`PGlite load: ${row.name}`);
    const result = await measureRow({ ...context, origin: server.url }, row, { rendered: true });
    const rendered = result.rendered!;
    const onPostgres = postgres.get(row.url)?.rendered;
    const problems = [loadProblems(result.app), loadProblems(rendered)].filter(Boolean).join("; ");
    table.push([
      row.name,
      fmt.int(result.app.rps),
      fmt.int(rendered.rps),
      fmt.ms(rendered.p50),
      fmt.ms(rendered.p99),
      fmt.ratio(rendered.rps / result.bare.rps),
      onPostgres ? fmt.int(onPostgres.rps) : "–",
      onPostgres ? fmt.ratio(rendered.rps / onPostgres.rps) : "–",
      problems ? `PROBLEM: ${problems}` : "",
    ]);
    if (problems) summary.push({ name: `PGlite ${row.name}: no errors under load`, measured: problems, met: false });
  }
  const peak = memory.stop().peak;
  summary.push({ name: "PGlite (embedded, demo catalogue): peak RSS", measured: fmt.mb(peak), met: true, info: true });
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
  printTable(
    `Embedded PGlite (demo catalogue, one process) beside PostgreSQL (${fmt.int(options.products)}-product catalogue); peak RSS ${fmt.mb(peak)}`,
    ["row", "stored req/s", "uncached req/s", "p50 ms", "p99 ms", "vs bare", "PostgreSQL uncached req/s", "PGlite / PostgreSQL", "notes"],
    table,
    { rightAligned: [1, 2, 3, 4, 5, 6, 7] },
  );
}

// ------------------------------------------------------------------ main

const servers: RunningServer[] = [];
const baseline = new BaselineServer();
const cleanups: Array<() => void> = [];

async function cleanUp() {
  for (const server of servers.splice(0)) await server.stop().catch(() => {});
  await baseline.stop().catch(() => {});
  for (const cleanup of cleanups.splice(0)) cleanup();
}

// An interrupted run must not leave app servers behind.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n[bench] ${signal}: stopping the servers`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main() {
  const machine = await describeMachine(withDatabase(options.database.url, "postgres"));
  const load = os.loadavg().map((n) => n.toFixed(2)).join(" ");
  console.info(`Shanshui Market benchmark — ${new Date().toISOString()}\n${machineLine(machine)}; load average at start ${load}`);

  if (options.build) {
    step("npm run build");
    await runScript(["build"], {});
  }

  const env = {
    DATABASE_URL: options.database.url,
    PAYMENT_PROVIDER: "dev",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    SEED_DEMO: "1",
  };
  await prepareDatabase(options, env);

  const baselineOrigin = await baseline.start();
  const loadContext = { baseline, baselineOrigin, connections: options.connections, duration: options.duration };
  let pages = new Map<string, RowResult>();
  let urls: PageUrls | null = null;
  try {
    step("starting the app on PostgreSQL");
    const server = await startServer(env);
    servers.push(server);
    const pid = findServerPid(server.port);
    const memory = sampleMemory(pid);
    const context: LoadContext = { ...loadContext, origin: server.url };
    urls = await discoverUrls(server.url, options.database.url);
    const found = urls;

    if (options.sections.has("pages")) {
      await section("pages", async () => {
        pages = await measurePages(context, found);
      });
    }

    if (options.sections.has("search")) {
      await section("search", () => measureSearchSection(options.database.url));
    }

    if (options.sections.has("weight")) {
      await section("weight", () =>
        measureWeight(server.url, {
          home: found.home,
          catalogue: found.first,
          search: found.search,
          "product page": found.product,
          // Pages that do hydrate, for what the app's scripts weigh where a page needs them.
          "cart (scripts)": "/cart",
          "sign-in (scripts)": "/login",
        }),
      );
    }

    let repeatedRss: number[] = [];
    if (options.sections.has("memory")) {
      await section("memory", async () => {
        for (let i = 1; i <= 3; i++) {
          step(`memory: /products, run ${i} of 3`);
          await measureRow(context, { name: "memory", url: found.first });
          repeatedRss.push(readMemory(pid).rss);
        }
      });
    }

    if (options.sections.has("instances")) {
      await section("instances", async () => {
        step("starting a second app instance on the same database");
        const second = await startServer(env);
        servers.push(second);
        const single = pages.get(found.first) ?? (await measureRow(context, { name: "one instance", url: found.first }, { rendered: true }));
        const half = Math.max(1, Math.floor(options.connections / 2));
        // Both loads: stored pages scale with the sockets, uncached ones with the rendering.
        const onBoth = (uniqueParam?: string) =>
          loadInParallel(
            [server, second].map((s) => ({ url: s.url + found.first, connections: half, duration: options.duration, headers: LOAD_HEADERS, uniqueParam })),
          );
        step(`load: /products on two instances (${half} connections each), stored and uncached`);
        const stored = await onBoth();
        const uncached = await onBoth("n");
        const growth = uncached.rps / single.rendered!.rps;
        rowTable.push([
          "/products on 2 instances",
          fmt.int(stored.rps),
          fmt.ms(stored.p50),
          fmt.ms(stored.p99),
          fmt.int(single.captured.body.length),
          fmt.int(single.bare.rps),
          fmt.ratio(stored.rps / single.bare.rps),
          fmt.int(uncached.rps),
          fmt.ms(uncached.p50),
          fmt.ms(uncached.p99),
          fmt.ratio(uncached.rps / single.bare.rps),
          `uncached ${fmt.ratio(growth)} one instance (${uncached.parts.map((p) => fmt.int(p.rps)).join(" + ")} req/s)`,
        ]);
        summary.push({ name: "two instances on one PostgreSQL: uncached throughput vs one instance", measured: fmt.ratio(growth), met: true, info: true });
        await second.stop();
        servers.splice(servers.indexOf(second), 1);
      });
    }

    if (options.sections.has("checkout")) {
      await section("checkout", () => measureCheckout(server.url));
    }

    const peak = memory.stop().peak;
    const checks: Check[] = [{ name: "peak RSS ≤ 300 MB (one instance on PostgreSQL, whole run)", measured: fmt.mb(peak), met: peak <= 300 }];
    if (repeatedRss.length === 3) {
      checks.push({
        name: "no RSS growth over 3 repeated /products runs (≤ +10%)",
        measured: repeatedRss.map(fmt.mb).join(" → "),
        met: repeatedRss[2]! <= repeatedRss[0]! * 1.1,
      });
    }
    summary.push(...checks);
    printTable("Memory of the app process (VmHWM and VmRSS from /proc/<pid>/status)", ["measure", "value", "target"], checks.map((c) => [c.name, c.measured, c.met ? "met" : "MISSED"]));

    printRowTable();
  } finally {
    for (const server of servers.splice(0)) await server.stop();
  }

  if (options.sections.has("pglite") && urls) {
    const found = urls;
    await section("pglite", () => measurePglite(loadContext, found, pages));
  }
  await cleanUp();

  console.info(`\nTargets\n${summary.map((c) => `  ${label(c).padEnd(6)}  ${c.name}: ${c.measured}`).join("\n")}`);
  console.info(`\nLoad average at the end ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}; total time ${fmt.seconds(Date.now() - started)}`);
  if (failures.length) {
    console.error(`\n[bench] sections that failed: ${failures.join(", ")}`);
    process.exitCode = 1;
  }
}

await main();
