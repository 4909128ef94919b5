import { sql, type Kysely } from "kysely";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~db/schema";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { bodyLimitFor } from "~/utils/request-body.server";
import { ensureBuiltApp } from "../support/built-app";
import { formValues, pageForms } from "../support/html-forms";
import { startSeededServer, type SeededServer } from "../support/seeded-server";

// Every route module that exports an action, found by reading app/routes now (a new route
// joins the walk by existing), is sent what a stranger or a broken client might send: no body,
// another content type, broken multipart, a body past its limit, an unknown intent, every
// field blank, every field 10,000 characters long, and a post from another origin. Each must
// be answered with a 4xx, signed in as the role the route serves (so the action itself runs),
// and nothing may be written to the database.

const ROUTES_DIR = path.resolve("app/routes");

interface ActionRoute {
  file: string;
  /** The URL pattern, `:name` for parameters; index routes end in `?index`. */
  pattern: string;
  params: string[];
}

/** Remix's flat-routes naming: `.` separates segments, `$x` is a parameter, `_index` an index, `x_` leaves the layout, `_x` is pathless, `[.]` escapes. */
function routePattern(file: string): { pattern: string; params: string[] } {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, "");
  const segments = name.split(/\.(?![^[]*\])/);
  const parts: string[] = [];
  const params: string[] = [];
  let index = false;
  for (const raw of segments) {
    if (raw === "_index") {
      index = true;
      continue;
    }
    if (raw.startsWith("_")) continue; // pathless layout
    const segment = raw.replace(/_$/, "").replace(/\[(.*?)\]/g, "$1");
    if (segment.startsWith("$")) {
      params.push(segment.slice(1));
      parts.push(`:${segment.slice(1)}`);
    } else {
      parts.push(segment);
    }
  }
  return { pattern: `/${parts.join("/")}${index ? "?index" : ""}`, params };
}

function discoverActionRoutes(): ActionRoute[] {
  return readdirSync(ROUTES_DIR)
    .filter((file) => /\.(tsx|ts)$/.test(file) && !/\.test\./.test(file))
    .filter((file) => /export\s+(?:async\s+)?(?:function\s+action\b|const\s+action\b)/.test(readFileSync(path.join(ROUTES_DIR, file), "utf8")))
    .map((file) => ({ file, ...routePattern(file) }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

type Role = "anonymous" | "shopper" | "coop" | "admin";

/** The role a route serves, by its first segment. */
function roleFor(pattern: string): Role {
  const first = pattern.split(/[/?]/)[1] ?? "";
  if (first === "coop") return "coop";
  if (first === "staff") return "admin";
  if (["account", "cart", "checkout", "orders", "pay"].includes(first)) return "shopper";
  // Sign-in, sign-up, invitations, webhooks; sign-out is sent without a session (see below).
  return "anonymous";
}

/**
 * Routes whose action reads no body: a post signs out, whatever it carries. Sent without a
 * session, so it has nothing to end; it may answer with its redirect, never a 5xx.
 */
const READS_NO_BODY = new Set(["logout.tsx"]);

/**
 * Cases that still answer outside 4xx, each with the reason; the test fails when one starts
 * passing, so the list only shrinks. Keys are `<route file> <case>`.
 */
const KNOWN_FAILURES = new Map<string, string>([]);

// ------------------------------------------------------------------ database

/**
 * What a refused request may leave behind: the record of the refusal (audit events of these
 * kinds) and the throttle's counters of attempts. Nothing else.
 */
const BOOKKEEPING_TABLES = new Set(["audit_events", "rate_limits"]);
const REFUSAL_AUDIT_KINDS = new Set(["honeypot.triggered", "login.failure", "login.rate_limited", "signup.rate_limited", "password.change_failed", "password.rate_limited", "invitation.rate_limited"]);

async function auditKindsAfter(db: Kysely<Database>, afterId: number): Promise<string[]> {
  const rows = await db.selectFrom("audit_events").select("kind").where("id", ">", afterId).execute();
  return [...new Set(rows.map((row) => String(row.kind)))].sort();
}

async function lastAuditId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** A fingerprint of every table: row count and a checksum of the rows (sessions: count only, their last-seen time moves on reads). */
async function fingerprint(db: Kysely<Database>): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(db);
  const result: Record<string, string> = {};
  for (const { table_name: table } of tables.rows) {
    const rows =
      table === "sessions"
        ? await sql<{ summary: string }>`select count(*)::text as summary from ${sql.table(table)}`.execute(db)
        : await sql<{ summary: string }>`
            select count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') as summary
            from ${sql.table(table)} as t`.execute(db);
    if (!BOOKKEEPING_TABLES.has(table)) result[table] = rows.rows[0]!.summary;
  }
  return result;
}

// ------------------------------------------------------------------ HTTP

let seeded: SeededServer;
const cookies: Record<Role, string | undefined> = { anonymous: undefined, shopper: undefined, coop: undefined, admin: undefined };

const origin = () => seeded.server.url;

async function logIn(email: string): Promise<string> {
  const response = await fetch(`${origin()}/login`, {
    method: "POST",
    headers: { Origin: origin(), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return response.headers.getSetCookie().find((c) => c.includes("session="))!.split(";")[0]!;
}

async function page(pathname: string, role: Role): Promise<string> {
  const cookie = cookies[role];
  const response = await fetch(`${origin()}${pathname}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  return response.status === 200 ? response.text() : "";
}

/** A real value for each route parameter, found on the pages that link to such records. */
async function parameterValues(): Promise<Record<string, string>> {
  const first = (html: string, pattern: RegExp) => html.match(pattern)?.[1];
  const coopProducts = await page("/coop/products", "coop");
  const shopperOrders = await page("/account/orders", "shopper");
  const staffOrders = await page("/staff/orders", "admin");
  return {
    id: first(coopProducts, /href="\/coop\/products\/(\d+)/) ?? "1",
    number: first(shopperOrders, /href="\/orders\/([^/?"#]+)/) ?? "SS00000000",
    staffNumber: first(staffOrders, /href="\/staff\/orders\/([^/?"#]+)/) ?? "SS00000000",
    orderId: "1",
    token: "fuzz-token",
  };
}

function pathFor(route: ActionRoute, values: Record<string, string>): string {
  return route.pattern.replace(/:(\w+)/g, (_m, name: string) =>
    encodeURIComponent(name === "number" && route.pattern.startsWith("/staff") ? values.staffNumber! : (values[name] ?? "1")),
  );
}

interface Target {
  route: ActionRoute;
  path: string;
  role: Role;
  /** Names of the fields of the route's own forms (those that post to it), as its page renders them. */
  fields: string[];
  multipart: boolean;
}

async function targetFor(route: ActionRoute, values: Record<string, string>): Promise<Target> {
  const routePath = pathFor(route, values);
  const role = READS_NO_BODY.has(route.file) ? "anonymous" : roleFor(route.pattern);
  const pathname = routePath.split("?")[0]!;
  const forms = pageForms(await page(pathname, role)).filter((form) => {
    if (form.method !== "post") return false;
    if (form.action === "") return true;
    return new URL(form.action, origin()).pathname.replace(/\/$/, "") === pathname.replace(/\/$/, "");
  });
  const fields = [...new Set(forms.flatMap((form) => form.fields.map((field) => field.name)))];
  if (!fields.includes("intent")) fields.push("intent");
  return { route, path: routePath, role, fields, multipart: forms.some((form) => form.enctype === "multipart/form-data") };
}

type Body = { contentType?: string; body?: BodyInit; duplex?: "half" };

function formBody(target: Target, values: Record<string, string>): Body {
  if (target.multipart) {
    const form = new FormData();
    for (const [name, value] of Object.entries(values)) form.append(name, value);
    return { body: form };
  }
  return { contentType: "application/x-www-form-urlencoded", body: new URLSearchParams(values).toString() };
}

function everyField(target: Target, value: string): Record<string, string> {
  return Object.fromEntries(target.fields.map((name) => [name, value]));
}

function streamed(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

const CASES: { name: string; body: (target: Target) => Body; origin?: string }[] = [
  { name: "no body", body: () => ({}) },
  { name: "wrong content type", body: () => ({ contentType: "application/json", body: '{"intent":"add","email":"a@b.c"}' }) },
  { name: "plain text", body: () => ({ contentType: "text/plain", body: "intent=add" }) },
  { name: "malformed multipart", body: () => ({ contentType: "multipart/form-data; boundary=fuzz", body: '--fuzz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nadd\r\n--fu' }) },
  { name: "oversize body (declared)", body: (t) => ({ contentType: "application/x-www-form-urlencoded", body: new Uint8Array(bodyLimitFor(t.path) + 1).fill(0x61) }) },
  {
    name: "oversize body (streamed)",
    body: (t) => ({ contentType: "application/x-www-form-urlencoded", body: streamed(bodyLimitFor(t.path) + 256 * 1024), duplex: "half" }),
  },
  { name: "unknown intent", body: (t) => formBody(t, { ...everyField(t, ""), intent: "fuzz-unknown-intent" }) },
  { name: "every field blank", body: (t) => formBody(t, everyField(t, "")) },
  { name: "every field 10,000 characters", body: (t) => formBody(t, everyField(t, "鱼" + "x".repeat(9999))) },
  { name: "foreign Origin", body: (t) => formBody(t, everyField(t, "")), origin: "https://evil.example" },
];

async function send(target: Target, fuzz: (typeof CASES)[number]): Promise<number> {
  const { contentType, body, duplex } = fuzz.body(target);
  const headers: Record<string, string> = { Origin: fuzz.origin ?? origin() };
  if (contentType) headers["Content-Type"] = contentType;
  const cookie = cookies[target.role];
  if (cookie) headers.Cookie = cookie;
  try {
    const response = await fetch(`${origin()}${target.path}`, { method: "POST", headers, body, redirect: "manual", ...(duplex ? { duplex } : {}) } as RequestInit);
    await response.body?.cancel();
    return response.status;
  } catch (error) {
    // The server may close the connection after its 413 while the rest is still being sent.
    if (fuzz.name.startsWith("oversize")) return 413;
    throw new Error(`${target.route.file} ${fuzz.name}: ${String(error)} ${String((error as Error).cause)}`);
  }
}

// ------------------------------------------------------------------ the walk

const routes = discoverActionRoutes();
let targets: Target[] = [];
let before: Record<string, string>;
let auditBefore: number;

beforeAll(async () => {
  ensureBuiltApp();
  seeded = await startSeededServer();
  cookies.shopper = await logIn(DEMO_ACCOUNTS.shopper);
  cookies.coop = await logIn(DEMO_ACCOUNTS.fengjie);
  cookies.admin = await logIn(DEMO_ACCOUNTS.admin);
  // The checkout page (and its action's answer, rendered with it) needs something in the cart.
  const product = pageForms(await page(`/products/${DEMO.navelOrange.slug}`, "shopper")).find((form) => form.fields.some((f) => f.name === "variantId"));
  const added = await fetch(`${origin()}/cart`, {
    method: "POST",
    headers: { Origin: origin(), Cookie: cookies.shopper, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...formValues(product!), intent: "add", quantity: "1" }),
    redirect: "manual",
  });
  expect(added.status).toBeLessThan(400);
  const values = await parameterValues();
  for (const route of routes) targets.push(await targetFor(route, values));
  [before, auditBefore] = await seeded.withDatabase(async (db) => [await fingerprint(db), await lastAuditId(db)] as const);
}, 400_000);

afterAll(async () => {
  await seeded?.cleanUp();
}, 60_000);

describe("every action, fuzzed over HTTP", () => {
  it("finds the actions by reading app/routes", () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const patterns = routes.map((route) => route.pattern);
    for (const expected of ["/cart", "/login", "/signup", "/checkout", "/account?index", "/coop/products/:id/images", "/staff/orders/:number", "/webhooks/stripe"]) {
      expect(patterns).toContain(expected);
    }
    expect(routePattern("coop.products.$id_.images.tsx").pattern).toBe("/coop/products/:id/images");
    expect(routePattern("robots[.]txt.ts").pattern).toBe("/robots.txt");
    expect(routePattern("_index.tsx").pattern).toBe("/?index");
  });

  it("answers 4xx to every case, and writes nothing", async () => {
    const outcomes: string[] = [];
    const unexpected: string[] = [];
    const fixed: string[] = [];
    for (const target of targets) {
      for (const fuzz of CASES) {
        const status = await send(target, fuzz);
        const key = `${target.route.file} ${fuzz.name}`;
        const good = READS_NO_BODY.has(target.route.file) ? status < 500 : status >= 400 && status < 500;
        outcomes.push(`${key}: ${status}`);
        if (KNOWN_FAILURES.has(key)) {
          if (good) fixed.push(`${key} (${status}) now passes: take it off KNOWN_FAILURES`);
        } else if (!good) {
          unexpected.push(`${key} (${target.path} as ${target.role}, fields ${target.fields.join(",")}): ${status}`);
        }
      }
    }
    console.info(`[fuzz] ${targets.length} actions × ${CASES.length} cases`);
    expect(unexpected, outcomes.join("\n")).toEqual([]);
    expect(fixed).toEqual([]);
    const [after, auditKinds] = await seeded.withDatabase(async (db) => [await fingerprint(db), await auditKindsAfter(db, auditBefore)] as const);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    expect(changed).toEqual([]);
    expect(auditKinds.filter((kind) => !REFUSAL_AUDIT_KINDS.has(kind))).toEqual([]);
    console.info(`[fuzz] refusals recorded: ${auditKinds.join(", ") || "none"}`);
  }, 600_000);
});
