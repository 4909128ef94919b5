import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { ensureBuiltApp } from "../support/built-app";
import { testCheckoutDetails } from "../support/checkout";
import { formValues, pageForms } from "../support/html-forms";
import { startSeededServer, type SeededServer } from "../support/seeded-server";
import { freePort } from "../support/server";

// The shop behind a real reverse proxy (Debian's nginx), as it is deployed, with the app
// trusting one hop (TRUST_PROXY_HOPS=1) and PUBLIC_URL the proxy's origin. nginx listens
// twice: "plain" passes Host as the upstream's address (nginx's default) and reports only the
// scheme; "forwarding" also reports the address the visitor used in X-Forwarded-Host (an
// origin other than PUBLIC_URL, as for a second domain). Through each, a shopper signs in,
// fills the cart, checks out and pays with the test provider.

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const haveNginx = existsSync(NGINX);
if (!haveNginx) console.warn(`[proxy] ${NGINX} is not installed: the reverse proxy tests are skipped (apt-get install nginx)`);

let seeded: SeededServer;
let nginx: ChildProcess | undefined;
let nginxDir: string;
let proxies: { plain: string; forwarding: string };

async function startNginx(ports: { plain: number; forwarding: number }, upstream: string): Promise<void> {
  nginxDir = mkdtempSync(path.join(tmpdir(), "shanshui-nginx-"));
  for (const dir of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(nginxDir, dir));
  const config = `
daemon off;
master_process off;
worker_processes 1;
pid ${nginxDir}/nginx.pid;
error_log ${nginxDir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${nginxDir}/access.log;
  client_body_temp_path ${nginxDir}/client_body;
  proxy_temp_path ${nginxDir}/proxy;
  fastcgi_temp_path ${nginxDir}/fastcgi;
  uwsgi_temp_path ${nginxDir}/uwsgi;
  scgi_temp_path ${nginxDir}/scgi;
  client_max_body_size 25m;
  proxy_http_version 1.1;
  proxy_buffering off;
  server {
    listen 127.0.0.1:${ports.plain};
    location / {
      proxy_pass ${upstream};
      proxy_set_header Host $proxy_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
  server {
    listen 127.0.0.1:${ports.forwarding};
    location / {
      proxy_pass ${upstream};
      proxy_set_header Host $proxy_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`;
  writeFileSync(path.join(nginxDir, "nginx.conf"), config);
  nginx = spawn(NGINX, ["-p", nginxDir, "-c", path.join(nginxDir, "nginx.conf"), "-e", path.join(nginxDir, "error.log")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  nginx.stdout?.on("data", (chunk) => (output += chunk));
  nginx.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}: ${output}${readFileSync(path.join(nginxDir, "error.log"), "utf8")}`);
    try {
      if ((await fetch(`http://127.0.0.1:${ports.plain}/healthz`)).ok && (await fetch(`http://127.0.0.1:${ports.forwarding}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  if (!haveNginx) return;
  ensureBuiltApp();
  const ports = { plain: await freePort(), forwarding: await freePort() };
  proxies = { plain: `http://127.0.0.1:${ports.plain}`, forwarding: `http://127.0.0.1:${ports.forwarding}` };
  seeded = await startSeededServer({ TRUST_PROXY_HOPS: "1", PUBLIC_URL: proxies.plain });
  await startNginx(ports, seeded.server.url);
}, 300_000);

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx!.once("exit", resolve));
    nginx.kill("SIGQUIT");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (nginx.exitCode === null) nginx.kill("SIGKILL");
  }
  if (nginxDir) rmSync(nginxDir, { recursive: true, force: true });
  await seeded?.cleanUp();
}, 60_000);

/** A visitor of the proxy: keeps its cookies, sends our Origin on posts as a browser does. */
function visitor(proxy: string) {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, value] = pair!.split("=");
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(header)) jar.delete(name!);
      else jar.set(name!, value ?? "");
    }
    return response;
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  return {
    get: async (pathname: string) => remember(await fetch(new URL(pathname, proxy), { headers: { Cookie: cookie() }, redirect: "manual" })),
    post: async (pathname: string, form: Record<string, string>, origin = proxy) =>
      remember(
        await fetch(new URL(pathname, proxy), {
          method: "POST",
          headers: { Cookie: cookie(), Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(form).toString(),
          redirect: "manual",
        }),
      ),
  };
}

/** Where a redirect sends the visitor, as a path (an absolute URL must be PUBLIC_URL's or the proxy's). */
function location(response: Response, proxy: string): string {
  const value = response.headers.get("Location");
  expect(value, `status ${response.status}`).toBeTruthy();
  const url = new URL(value!, proxy);
  expect([proxy, proxies.plain]).toContain(url.origin);
  return `${url.pathname}${url.search}`;
}

describe.skipIf(!haveNginx)("behind nginx with TRUST_PROXY_HOPS=1", () => {
  it.each(["plain", "forwarding"] as const)("signs in, fills the cart and checks out with the test payment provider (%s proxy)", async (kind) => {
    const proxy = proxies[kind];
    const shopper = visitor(proxy);
    expect((await shopper.get("/login")).status).toBe(200);
    const login = await shopper.post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD });
    expect(login.status).toBe(302);
    expect(location(login, proxy)).toBe("/account");
    expect((await shopper.get("/account")).status).toBe(200);

    const product = await (await shopper.get(`/products/${DEMO.navelOrange.slug}`)).text();
    const addForm = pageForms(product).find((form) => form.action.startsWith("/cart") && form.fields.some((f) => f.name === "variantId"));
    expect(addForm).toBeTruthy();
    const added = await shopper.post("/cart", { ...formValues(addForm!), intent: "add", quantity: "2" });
    expect(added.status).toBeLessThan(400);
    expect(await (await shopper.get("/cart")).text()).toContain('data-testid="cart-line"');

    const checkoutPage = await shopper.get("/checkout");
    expect(checkoutPage.status).toBe(200);
    const checkoutForm = pageForms(await checkoutPage.text()).find((form) => form.fields.some((f) => f.name === "checkoutKey"));
    expect(checkoutForm).toBeTruthy();
    const { checkoutKey: _unused, ...details } = testCheckoutDetails();
    const placed = await shopper.post("/checkout", { ...formValues(checkoutForm!), ...details, postcode: details.postcode ?? "" });
    expect(placed.status).toBe(303);
    const payPath = location(placed, proxy);
    expect(payPath).toMatch(/^\/pay\/dev\//);

    const payForm = pageForms(await (await shopper.get(payPath)).text()).find((form) => form.fields.some((f) => f.name === "decision"));
    expect(payForm).toBeTruthy();
    const paid = await shopper.post(payPath, { ...formValues(payForm!), decision: "approve" });
    expect(paid.status).toBe(303);
    const orderPath = location(paid, proxy);
    expect(orderPath).toMatch(/^\/orders\/[^?]+\?.*payment=paid/);
    expect((await shopper.get(orderPath)).status).toBe(200);
  });

  it("refuses a post from another origin with 403, not 500, through the proxy", async () => {
    for (const proxy of [proxies.plain, proxies.forwarding]) {
      const stranger = visitor(proxy);
      const response = await stranger.post("/login", { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD }, "https://evil.example");
      expect(response.status).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });
});
