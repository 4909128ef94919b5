import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { ensureBuiltApp } from "../support/built-app";
import { startSeededServer } from "../support/seeded-server";
import type { RunningServer } from "../support/server";

// These tests talk HTTP to the production build, so they see what a browser sees: the
// Express middleware (origin check, security headers) as well as the routes.

let server: RunningServer;
let origin: string;
let cleanUp: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ensureBuiltApp();
  ({ server, cleanUp } = await startSeededServer());
  origin = server.url;
}, 300_000);

afterAll(async () => {
  await cleanUp?.();
}, 60_000);

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${origin}${pathname}`, { headers, redirect: "manual" });

function post(pathname: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${origin}${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
}

const sameOrigin = () => ({ Origin: origin });

function sessionCookie(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.includes("session="));
  if (!header) throw new Error(`no session cookie (status ${response.status})`);
  return header.split(";")[0]!;
}

async function logIn(email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await post("/login", { email, password }, sameOrigin());
  expect(response.status).toBe(302);
  return sessionCookie(response);
}

function expectSecurityHeaders(response: Response, what: string) {
  const csp = response.headers.get("Content-Security-Policy") ?? "";
  expect(csp, what).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("base-uri 'none'");
  expect(csp, what).not.toContain("unsafe-eval");
  expect(response.headers.get("X-Content-Type-Options"), what).toBe("nosniff");
  expect(response.headers.get("X-Frame-Options"), what).toBe("DENY");
  expect(response.headers.get("Referrer-Policy"), what).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("Permissions-Policy"), what).toContain("camera=()");
  // Served over plain HTTP here: HSTS belongs only to HTTPS deployments.
  expect(response.headers.get("Strict-Transport-Security"), what).toBeNull();
}

describe("security headers", () => {
  it("are on every kind of response: page, 404, JSON, static file, build asset, redirect, refusal", async () => {
    const page = await get("/login");
    expect(page.status).toBe(200);
    const html = await page.text();
    const asset = html.match(/\/build\/[^"]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const responses: [string, Response][] = [
      ["page", page],
      ["404", await get("/no-such-page-here")],
      ["json", await get("/healthz")],
      ["static", await get("/favicon.svg")],
      ["asset", await get(asset!)],
      ["redirect", await get("/account")],
      ["refusal", await post("/login", {}, { Origin: "https://evil.example" })],
    ];
    expect(responses.map(([, r]) => r.status)).toEqual([200, 404, 200, 200, 200, 302, 403]);
    for (const [what, response] of responses) expectSecurityHeaders(response, what);
  });

  it("give every script Remix renders this response's nonce, a new one each time", async () => {
    const first = await get("/login");
    const nonce = first.headers.get("Content-Security-Policy")!.match(/'nonce-([^']+)'/)![1]!;
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = (await get("/login")).headers.get("Content-Security-Policy")!.match(/'nonce-([^']+)'/)![1];
    expect(second).not.toBe(nonce);
  });
});

describe("cross-site requests", () => {
  it("refuse a post whose Origin is another site, before any route runs", async () => {
    const response = await post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD }, { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.text()).toContain("did not come from a page of this site");
  });

  it("refuse a post whose Referer is another site, and one with neither header", async () => {
    expect((await post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD }, { Referer: "https://evil.example/attack.html" })).status).toBe(403);
    expect((await post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD })).status).toBe(403);
    expect((await post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD }, { Origin: "null" })).status).toBe(403);
    const multipart = new FormData();
    multipart.set("intent", "profile");
    const cookie = await logIn(DEMO_ACCOUNTS.shopper);
    const crossMultipart = await fetch(`${origin}/account`, { method: "POST", body: multipart, headers: { Origin: "http://attacker.test", Cookie: cookie }, redirect: "manual" });
    expect(crossMultipart.status).toBe(403);
    const crossLogout = await post("/logout", {}, { Origin: "http://attacker.test", Cookie: cookie });
    expect(crossLogout.status).toBe(403);
    expect((await get("/account", { Cookie: cookie })).status).toBe(200);
  });

  it("let our own pages post, by Origin or by Referer", async () => {
    expect((await post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD }, sameOrigin())).status).toBe(302);
    expect((await post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD }, { Referer: `${origin}/login?redirectTo=%2F` })).status).toBe(302);
  });

  it("leave webhooks to their signatures", async () => {
    const response = await post("/webhooks/stripe", {}, { Origin: "https://evil.example" });
    expect(await response.text()).not.toContain("did not come from a page of this site");
  });
});

describe("sessions over HTTP", () => {
  it("set an httpOnly, SameSite=Lax cookie; a GET to /logout changes nothing; POST ends it", async () => {
    const response = await post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD }, sameOrigin());
    const header = response.headers.getSetCookie().find((c) => c.includes("session="))!;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
    const cookie = header.split(";")[0]!;
    expect((await get("/logout", { Cookie: cookie })).status).toBe(200);
    const account = await get("/account", { Cookie: cookie });
    expect(account.status).toBe(200);
    // A personal page is never stored by a shared cache or the browser's back-forward cache.
    expect(account.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await post("/logout", {}, { ...sameOrigin(), Cookie: cookie })).status).toBe(302);
    const after = await get("/account", { Cookie: cookie });
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("never redirect off-site after login", async () => {
    for (const redirectTo of ["//evil.example", "/\\evil.example", "https://evil.example", "/%2F%2Fevil.example"]) {
      const response = await post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD, redirectTo }, sameOrigin());
      expect(response.headers.get("Location"), redirectTo).toBe("/account");
    }
    // The login page itself never puts an off-site redirectTo into its form.
    const page = await (await get("/login?redirectTo=%2F%2Fevil.example")).text();
    expect(page).not.toMatch(/name="redirectTo"/);
  });

  it("answer the 11th rapid login with 429 and Retry-After", async () => {
    const email = `nobody-${Date.now()}@example.com`;
    for (let i = 0; i < 10; i += 1) expect((await post("/login", { email, password: "wrong password" }, sameOrigin())).status).toBe(400);
    const locked = await post("/login", { email, password: "wrong password" }, sameOrigin());
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});

describe("roles over HTTP", () => {
  it("show a 403 page to the wrong role and send the logged out to the login page", async () => {
    const shopper = await logIn(DEMO_ACCOUNTS.shopper);
    for (const pathname of ["/staff", "/staff/users", "/staff/audit", "/coop"]) {
      const response = await get(pathname, { Cookie: shopper });
      expect(response.status, pathname).toBe(403);
      expect(await response.text(), pathname).toContain("error-page");
    }
    const staff = await logIn(DEMO_ACCOUNTS.staff);
    expect((await get("/staff/users", { Cookie: staff })).status).toBe(403);
    expect((await get("/staff/audit", { Cookie: staff })).status).toBe(200);
    const loggedOut = await get("/coop?x=1");
    expect(loggedOut.status).toBe(302);
    expect(loggedOut.headers.get("Location")).toBe("/login?redirectTo=%2Fcoop%3Fx%3D1");
  });
});

describe("stored markup", () => {
  it("is rendered as text wherever a user's name appears", async () => {
    const payloads = ["<img src=x onerror=alert(1)>", `"><svg onload=alert(1)>`];
    for (const name of payloads) {
      // Sign-up now waits for the e-mailed link (it must not tell who has an account), so the
      // name is set on the demo shopper's profile, a copy of the database this server owns.
      const email = DEMO_ACCOUNTS.shopper;
      const cookie = await logIn(email);
      const saved = await post("/account?index", { intent: "profile", name, locale: "zh", phone: "" }, { ...sameOrigin(), Cookie: cookie });
      expect(saved.status).toBe(200);
      const html = await (await get("/account", { Cookie: cookie })).text();
      expect(html).not.toContain("<img src=x");
      expect(html).not.toContain("<svg onload");
      expect(html).toContain(name === payloads[0] ? "&lt;img src=x onerror=alert(1)&gt;" : "&quot;&gt;&lt;svg onload=alert(1)&gt;");
      const admin = await logIn(DEMO_ACCOUNTS.admin);
      const list = await (await get(`/staff/users?q=${encodeURIComponent(email)}`, { Cookie: admin })).text();
      expect(list).toContain(email);
      expect(list).not.toContain("<img src=x");
      expect(list).not.toContain("<svg onload");
    }
  });
});
