import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { FORM_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from "~/utils/request-body.server";
import { ensureBuiltApp } from "../support/built-app";
import { processMemory, startSeededServer, type SeededServer } from "../support/seeded-server";

// What a stranger can send over HTTP that is not a form: other content types, broken
// multipart, methods the site does not serve, and bodies far larger than any form. Each is a
// 4xx answered before (or instead of) reading, never a 500, and never the memory of the process.

let seeded: SeededServer;
let origin: string;

beforeAll(async () => {
  ensureBuiltApp();
  seeded = await startSeededServer();
  origin = seeded.server.url;
}, 300_000);

afterAll(async () => {
  await seeded?.cleanUp();
}, 60_000);

function send(pathname: string, init: { method?: string; body?: string; contentType?: string; cookie?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { Origin: origin, ...init.headers };
  if (init.contentType) headers["Content-Type"] = init.contentType;
  if (init.cookie) headers.Cookie = init.cookie;
  return fetch(`${origin}${pathname}`, { method: init.method ?? "POST", headers, body: init.body, redirect: "manual" });
}

async function logIn(email: string): Promise<string> {
  const response = await send("/login", { contentType: "application/x-www-form-urlencoded", body: new URLSearchParams({ email, password: DEMO_PASSWORD }).toString() });
  expect(response.status).toBe(302);
  return response.headers.getSetCookie().find((c) => c.includes("session="))!.split(";")[0]!;
}

/** The site's own error page: the layout around it and the explanation, not a bare string. */
async function expectErrorPage(response: Response, status: number, what: string) {
  expect(response.status, what).toBe(status);
  expect(response.headers.get("Content-Type"), what).toMatch(/^text\/html/);
  const html = await response.text();
  expect(html, what).toContain('class="error-page"');
  expect(html, what).toMatch(/<header\b/);
}

describe("bodies that are not forms", () => {
  it("answer 415 to JSON and plain text, 400 to broken multipart and to no body, with the normal page, on every kind of action", async () => {
    const shopper = await logIn(DEMO_ACCOUNTS.shopper);
    const coop = await logIn(DEMO_ACCOUNTS.fengjie);
    const admin = await logIn(DEMO_ACCOUNTS.admin);
    const targets: [string, string | undefined][] = [
      ["/cart", undefined],
      ["/login", undefined],
      ["/signup", undefined],
      ["/checkout", shopper],
      ["/account?index", shopper],
      ["/account/addresses", shopper],
      ["/account/orders", shopper],
      ["/coop", coop],
      ["/coop/products/new", coop],
      ["/coop/batches", coop],
      ["/staff/users", admin],
      ["/staff/reviews", admin],
    ];
    for (const [pathname, cookie] of targets) {
      await expectErrorPage(await send(pathname, { cookie, contentType: "application/json", body: '{"intent":"add"}' }), 415, `${pathname} json`);
      await expectErrorPage(await send(pathname, { cookie, contentType: "text/plain", body: "intent=add" }), 415, `${pathname} text`);
      await expectErrorPage(
        await send(pathname, { cookie, contentType: "multipart/form-data; boundary=fuzz", body: '--fuzz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nadd' }),
        400,
        `${pathname} broken multipart`,
      );
      await expectErrorPage(await send(pathname, { cookie, contentType: "multipart/form-data", body: "x" }), 400, `${pathname} multipart without boundary`);
      await expectErrorPage(await send(pathname, { cookie }), 400, `${pathname} no body`);
    }
  });

  it("answer 405 with Allow to a method the site does not serve, whatever its Origin", async () => {
    for (const [method, pathname, headers] of [
      ["TRACE", "/", {}],
      ["TRACE", "/login", { Origin: "https://evil.example" }],
      ["PUT", "/cart", {}],
      ["DELETE", "/account", {}],
      ["PATCH", "/coop/products/new", {}],
      ["OPTIONS", "/", {}],
    ] as const) {
      // fetch will not send TRACE.
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const url = new URL(pathname, origin);
        const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, headers: { Origin: origin, ...headers } }, resolve);
        request.on("error", reject);
        request.end();
      });
      response.resume();
      expect(response.statusCode, `${method} ${pathname}`).toBe(405);
      expect(response.headers.allow).toBe("GET, HEAD, POST");
      expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    }
  });
});

interface BigPost {
  status: number | null;
  /** Bytes the sender got to write before the answer (or the end of the connection). */
  sent: number;
}

/** Posts `megabytes` MB of form body, with or without a declared length, as fast as the server takes it. */
function postBig(pathname: string, megabytes: number, { declared }: { declared: boolean }): Promise<BigPost> {
  const url = new URL(pathname, origin);
  const total = megabytes * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve) => {
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Origin: origin };
    if (declared) headers["Content-Length"] = String(total);
    const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers });
    let sent = 0;
    let status: number | null = null;
    let done = false;
    const finish = () => {
      if (!done) resolve({ status, sent });
      done = true;
    };
    request.on("response", (response) => {
      status = response.statusCode ?? null;
      response.resume();
      response.on("end", () => {
        finish();
        request.destroy();
      });
    });
    request.on("error", finish);
    request.on("close", finish);
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!done) request.end();
    };
    pump();
  });
}

describe("request size limits", () => {
  it("refuse oversized posts with 413 before reading them, declared or streamed, in parallel, without the memory growing", async () => {
    const pid = seeded.server.pid;
    const before = processMemory(pid);
    let highest = before.rss;
    const sampler = setInterval(() => (highest = Math.max(highest, processMemory(pid).rss)), 10);
    const started = Date.now();
    let results: BigPost[];
    try {
      results = await Promise.all([
        ...Array.from({ length: 4 }, () => postBig("/login", 150, { declared: false })),
        ...Array.from({ length: 3 }, () => postBig("/webhooks/kuaidi100", 150, { declared: false })),
        ...Array.from({ length: 4 }, () => postBig("/login", 150, { declared: true })),
        ...Array.from({ length: 3 }, () => postBig("/webhooks/stripe", 150, { declared: true })),
      ]);
    } finally {
      clearInterval(sampler);
    }
    const after = processMemory(pid);
    console.info(
      `[hardening] 14 posts of 150 MB: ${Date.now() - started} ms; RSS ${before.rss.toFixed(0)} MB before, highest ${highest.toFixed(0)} MB, peak (VmHWM) ${after.peak.toFixed(0)} MB; ` +
        `sent before the answer: ${results.map((r) => (r.sent / 1024 / 1024).toFixed(1)).join(", ")} MB`,
    );
    expect(results.map((r) => r.status)).toEqual(Array(14).fill(413));
    // Refused long before the end: only what was in flight (plus a short grace to read the answer) was accepted.
    for (const result of results) expect(result.sent).toBeLessThan(40 * 1024 * 1024);
    expect(highest - before.rss).toBeLessThan(64);
    // The memory budget is for a deployment on PostgreSQL; the embedded database alone takes more.
    if (process.env.TEST_DATABASE_URL) expect(after.peak).toBeLessThan(300);
    // The server still answers, at once.
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  }, 120_000);

  it("refuse by route class: a form a little past its limit, a webhook past 1 MB, but not an upload within its own", async () => {
    const overForm = "email=" + "a".repeat(FORM_BODY_LIMIT);
    const form = await send("/login", { contentType: "application/x-www-form-urlencoded", body: overForm });
    expect(form.status).toBe(413);
    expect(await form.text()).toMatch(/<html lang="zh"/);
    const english = await send("/login", { contentType: "application/x-www-form-urlencoded", body: overForm, headers: { "Accept-Language": "en" } });
    expect(await english.text()).toContain("Too large");
    // Within the form limit, the form is judged on its content.
    const withinForm = await send("/login", { contentType: "application/x-www-form-urlencoded", body: "email=" + "a".repeat(FORM_BODY_LIMIT - 1024) });
    expect(withinForm.status).toBe(400);
    const webhook = await send("/webhooks/kuaidi100", { contentType: "application/x-www-form-urlencoded", body: "param=" + "a".repeat(WEBHOOK_BODY_LIMIT) });
    expect(webhook.status).toBe(413);
    const withinWebhook = await send("/webhooks/kuaidi100", { contentType: "application/x-www-form-urlencoded", body: "param=" + "a".repeat(WEBHOOK_BODY_LIMIT / 2) });
    expect(withinWebhook.status).not.toBe(413);
    // A 2 MB picture is far past a form's limit, and well within an upload's.
    const coop = await logIn(DEMO_ACCOUNTS.fengjie);
    const upload = new FormData();
    upload.set("intent", "create");
    upload.set("document", new File([Buffer.alloc(2 * 1024 * 1024, 1)], "certificate.pdf", { type: "application/pdf" }));
    const brand = await fetch(`${origin}/coop/brands`, { method: "POST", headers: { Origin: origin, Cookie: coop }, body: upload, redirect: "manual" });
    // Judged by the brand form (fields missing, not a real PDF), not refused for its size.
    expect(brand.status).toBe(400);
    expect(await brand.text()).toContain("<form");
  });
});
