import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as entry from "~/entry.server";
import * as root from "~/root";
import * as cart from "~/routes/cart";
import * as checkout from "~/routes/checkout";
import * as coop from "~/routes/coop";
import * as cooperative from "~/routes/cooperatives.$slug";
import * as cooperatives from "~/routes/cooperatives._index";
import * as home from "~/routes/_index";
import * as product from "~/routes/products.$slug";
import * as products from "~/routes/products._index";
import * as trace from "~/routes/trace.$code";
import { db } from "~/utils/db.server";
import { servePublicPages } from "~/services/page-cache.server";
import { cachePolicy, PERSONAL_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from "~/utils/http-cache.server";
import { securityHeaders } from "~/utils/security-headers.server";
import { sessionCookieFor } from "../support/auth";

// The public pages through the same stack as production (the revalidation front, Express,
// the cache policy, the security headers, Remix's own document and data handling) with the
// app's real route modules, against the demo catalogue.

const render = vi.fn(entry.default);

const routeModules = {
  root: { path: "", module: root },
  "routes/_index": { parentId: "root", index: true, module: home },
  "routes/products._index": { parentId: "root", path: "products", index: true, module: products },
  "routes/products.$slug": { parentId: "root", path: "products/:slug", module: product },
  "routes/cooperatives._index": { parentId: "root", path: "cooperatives", index: true, module: cooperatives },
  "routes/cooperatives.$slug": { parentId: "root", path: "cooperatives/:slug", module: cooperative },
  "routes/trace.$code": { parentId: "root", path: "trace/:code", module: trace },
  "routes/cart": { parentId: "root", path: "cart", module: cart },
  "routes/checkout": { parentId: "root", path: "checkout", module: checkout },
  "routes/coop": { parentId: "root", path: "coop", module: coop },
} as const;

function assembleBuild(): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(routeModules).map(([id, route]) => [id, { id, caseSensitive: undefined, ...route }]),
  );
  const assetRoutes = Object.fromEntries(
    Object.entries(routeModules).map(([id, route]) => {
      const module = route.module as Record<string, unknown>;
      return [
        id,
        {
          id,
          parentId: "parentId" in route ? route.parentId : undefined,
          path: "path" in route ? route.path : undefined,
          index: "index" in route ? route.index : undefined,
          module: `/build/${id}.js`,
          hasLoader: "loader" in module,
          hasAction: "action" in module,
          hasClientAction: false,
          hasClientLoader: false,
          hasErrorBoundary: "ErrorBoundary" in module,
        },
      ];
    }),
  );
  return {
    mode: "production",
    entry: { module: { ...entry, default: render } },
    routes,
    assets: { entry: { module: "/build/entry.client.js", imports: [] }, routes: assetRoutes, url: "/build/manifest-test.js", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: false, v3_routeConfig: false, unstable_optimizeDeps: false },
    isSpaMode: false,
    basename: undefined,
  } as unknown as ServerBuild;
}

let server: Server;
let origin: string;

beforeAll(async () => {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.cspNonce = "test-nonce";
    res.set(securityHeaders({ nonce: "test-nonce", https: false, formActionOrigins: [] }));
    next();
  });
  app.use(cachePolicy);
  app.all("*", createRequestHandler({ build: assembleBuild(), mode: "production", getLoadContext: () => ({ cspNonce: "test-nonce", clientAddress: "127.0.0.1" }) }));
  const publicPages = servePublicPages();
  server = createServer((req, res) => publicPages(req, res, () => app(req, res)));
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(origin + path, { headers, redirect: "manual" });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function tagOf(path: string, headers: Record<string, string> = {}) {
  const first = await get(path, headers);
  expect(first.status).toBe(200);
  const etag = first.headers.get("ETag");
  expect(etag).toBeTruthy();
  return { etag: etag!, page: first };
}

async function revalidate(path: string, etag: string, headers: Record<string, string> = {}) {
  return get(path, { ...headers, "If-None-Match": etag });
}

/** The demo's first product on sale, with its first variant and a verified certificate. */
async function demoProduct() {
  const row = await db()
    .selectFrom("products as p")
    .innerJoin("variants as v", "v.product_id", "p.id")
    .innerJoin("product_certifications as pc", "pc.product_id", "p.id")
    .innerJoin("certifications as c", "c.id", "pc.certification_id")
    .select(["p.slug", "v.id as variantId", "c.id as certificationId"])
    .where("p.status", "=", "active")
    .where("c.status", "=", "verified")
    .orderBy("p.id")
    .orderBy("v.position")
    .limit(1)
    .executeTakeFirstOrThrow();
  return row;
}

function cartCountIn(html: string): string | null {
  return /data-testid="cart-count"[^>]*>(\d+)</.exec(html)?.[1] ?? null;
}

async function addToCart(variantId: number, quantity: number, cookie?: string): Promise<string> {
  const response = await fetch(`${origin}/cart`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams({ intent: "add", variantId: String(variantId), quantity: String(quantity), redirectTo: "/cart" }),
  });
  expect(response.status).toBeLessThan(400);
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("shanshui_cart="));
  return setCookie ? setCookie.split(";")[0]! : cookie!;
}

describe("public catalogue pages", () => {
  const pages = ["/", "/products", `/products?${new URLSearchParams({ q: "脐橙" })}`, "/cooperatives"];

  it.each(pages)("%s is shareable, tagged and varies on language and cookies", async (path) => {
    const { page } = await tagOf(path);
    expect(page.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
    expect(page.headers.get("Vary")).toBe("Accept-Language, Cookie");
    expect(page.headers.get("ETag")).toMatch(/^W\/"\d+-[\w-]+"$/);
  });

  it("answers a matching If-None-Match with an empty 304, without rendering", async () => {
    const { etag } = await tagOf("/products");
    render.mockClear();
    const again = await revalidate("/products", etag);
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
    expect(render).not.toHaveBeenCalled();
    expect(again.headers.get("ETag")).toBe(etag);
    expect(again.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
    expect(again.headers.get("Vary")).toBe("Accept-Language, Cookie");
    // The browser keeps the page it has, with the script nonce its CSP allowed.
    expect(again.headers.get("Content-Security-Policy")).toBeNull();
  });

  it.each(["/", "/products", `/products?${new URLSearchParams({ q: "花椒", cert: "green_food" })}`, "/cooperatives"])(
    "confirms %s for an anonymous visitor in front of the app (no CSP, no render)",
    async (path) => {
      const { etag } = await tagOf(path, { "Accept-Language": "en-GB,en;q=0.8" });
      render.mockClear();
      const again = await revalidate(path, etag, { "Accept-Language": "en-GB,en;q=0.8" });
      expect(again.status).toBe(304);
      expect(again.headers.get("ETag")).toBe(etag);
      expect(again.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
      expect(again.headers.get("Vary")).toBe("Accept-Language, Cookie");
      expect(render).not.toHaveBeenCalled();
      // Another language, or the language cookie saying so, is another page.
      expect((await revalidate(path, etag)).status).toBe(200);
      expect((await revalidate(path, etag, { Cookie: "lng=InpoIg%3D%3D" })).status).toBe(200);
    },
  );

  it("tags the product, cooperative and trace pages", async () => {
    const { slug } = await demoProduct();
    const productPage = await get(`/products/${slug}`);
    const cooperativePath = /href="(\/cooperatives\/[a-z0-9-]+)"/.exec(productPage.body)?.[1];
    const tracePath = /href="(\/trace\/[A-Za-z0-9-]+)"/.exec(productPage.body)?.[1];
    expect(cooperativePath).toBeTruthy();
    expect(tracePath).toBeTruthy();
    for (const path of [`/products/${slug}`, cooperativePath!, tracePath!]) {
      const { etag, page } = await tagOf(path);
      expect(page.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
      expect((await revalidate(path, etag)).status).toBe(304);
    }
  });

  it("sends an anonymous page again as it was sent under the same tag, without rendering", async () => {
    const path = `/products?${new URLSearchParams({ q: "橙" })}`;
    const first = await get(path, { "Accept-Encoding": "gzip" });
    expect(first.status).toBe(200);
    render.mockClear();
    const second = await get(path, { "Accept-Encoding": "gzip" });
    expect(render).not.toHaveBeenCalled();
    expect(second.status).toBe(200);
    expect(second.body).toBe(first.body);
    for (const name of ["ETag", "Cache-Control", "Vary", "Content-Type", "Content-Security-Policy"]) {
      expect(second.headers.get(name), name).toBe(first.headers.get(name));
    }
    // Someone with a cart, another language, or a changed catalogue gets a page rendered for them.
    const { variantId } = await demoProduct();
    const cookie = await addToCart(variantId, 1);
    render.mockClear();
    await get(path, { "Accept-Encoding": "gzip", Cookie: cookie });
    expect(render).toHaveBeenCalledTimes(1);
    render.mockClear();
    await get(path, { "Accept-Encoding": "gzip", "Accept-Language": "en" });
    expect(render).toHaveBeenCalledTimes(1);
    await db().updateTable("variants").set({ price_fen: sql<number>`price_fen + 1` }).where("id", "=", variantId).execute();
    render.mockClear();
    const afterChange = await get(path, { "Accept-Encoding": "gzip" });
    expect(render).toHaveBeenCalledTimes(1);
    expect(afterChange.headers.get("ETag")).not.toBe(first.headers.get("ETag"));
  });

  it("leaves ?lang= (which sets the language cookie) to the app", async () => {
    const { etag } = await tagOf("/products?lang=en");
    const again = await revalidate("/products?lang=en", etag);
    expect(again.status).toBe(304);
    expect(again.headers.get("Set-Cookie")).toMatch(/^lng=/);
    expect(again.headers.get("Cache-Control")).toBe(PERSONAL_CACHE_CONTROL);
  });

  it("treats data requests (client-side navigation) the same way", async () => {
    const path = "/products?_data=routes%2Fproducts._index";
    const { etag, page } = await tagOf(path);
    expect(page.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(page.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
    expect(page.headers.get("Vary")).toBe("Accept-Language, Cookie");
    render.mockClear();
    const again = await revalidate(path, etag);
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
    // A 304's headers are merged into the stored response: it must not turn the data into a caught error.
    expect(again.headers.get("X-Remix-Catch")).toBeNull();
    expect(render).not.toHaveBeenCalled();
  });

  it("tags each language separately", async () => {
    const { etag } = await tagOf("/products");
    const english = await revalidate("/products", etag, { "Accept-Language": "en-US,en;q=0.9" });
    expect(english.status).toBe(200);
    expect(english.body).toContain('lang="en"');
  });

  it("issues a new tag after a price, a stock or a certificate change", async () => {
    const { slug, variantId, certificationId } = await demoProduct();
    const path = `/products/${slug}`;
    const changes = [
      () => db().updateTable("variants").set({ price_fen: sql<number>`price_fen + 100` }).where("id", "=", variantId).execute(),
      () => db().updateTable("variants").set({ stock_on_hand: sql<number>`stock_on_hand + 5` }).where("id", "=", variantId).execute(),
      () => db().updateTable("certifications").set({ expires_on: "2020-01-02", issued_on: "2019-01-01" }).where("id", "=", certificationId).execute(),
    ];
    for (const change of changes) {
      const { etag } = await tagOf(path);
      expect((await revalidate(path, etag)).status).toBe(304);
      await change();
      const after = await revalidate(path, etag);
      expect(after.status).toBe(200);
      expect(after.headers.get("ETag")).not.toBe(etag);
      expect((await revalidate(path, after.headers.get("ETag")!)).status).toBe(304);
    }
  });

  it("shares nothing that sets a cookie (?lang= remembers the choice)", async () => {
    const page = await get("/products?lang=en");
    expect(page.headers.get("Set-Cookie")).toMatch(/^lng=/);
    expect(page.headers.get("Cache-Control")).toBe(PERSONAL_CACHE_CONTROL);
  });
});

describe("visitors with a session or a cart", () => {
  it("get a private page whose tag is not the anonymous one", async () => {
    const { etag: anonymous } = await tagOf("/products");
    const cookie = await sessionCookieFor("shopper@shanshui.test");
    const signedIn = await revalidate("/products", anonymous, { Cookie: cookie });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("Cache-Control")).toBe(PERSONAL_CACHE_CONTROL);
    const own = signedIn.headers.get("ETag");
    expect(own).toBeTruthy();
    expect(own).not.toBe(anonymous);
    expect((await revalidate("/products", own!, { Cookie: cookie })).status).toBe(304);
    // And the anonymous visitor never gets the signed-in visitor's page confirmed.
    expect((await revalidate("/products", own!)).status).toBe(200);
  });

  it("never confirm one visitor's cart badge to another through the ETag", async () => {
    const { variantId } = await demoProduct();
    const alice = await addToCart(variantId, 2);
    const bob = await addToCart(variantId, 1);
    const alicePage = await get("/products", { Cookie: alice });
    const bobPage = await get("/products", { Cookie: bob });
    expect(cartCountIn(alicePage.body)).toBe("2");
    expect(cartCountIn(bobPage.body)).toBe("1");
    const aliceTag = alicePage.headers.get("ETag")!;
    expect(aliceTag).not.toBe(bobPage.headers.get("ETag"));

    // Bob presenting Alice's tag gets his own page, not a 304 that would keep her badge.
    const bobWithAliceTag = await revalidate("/products", aliceTag, { Cookie: bob });
    expect(bobWithAliceTag.status).toBe(200);
    expect(cartCountIn(bobWithAliceTag.body)).toBe("1");

    // Alice's own tag holds until her cart changes.
    expect((await revalidate("/products", aliceTag, { Cookie: alice })).status).toBe(304);
    await addToCart(variantId, 1, alice);
    const afterAdd = await revalidate("/products", aliceTag, { Cookie: alice });
    expect(afterAdd.status).toBe(200);
    expect(cartCountIn(afterAdd.body)).toBe("3");
  });
});

describe("the product page's remembered shipping province", () => {
  const shippingFeeIn = (html: string) => /data-testid="shipping-fee"[^>]*>([^<]*)</.exec(html)?.[1] ?? null;
  const provinceCookieIn = (headers: Headers) => headers.getSetCookie().find((cookie) => cookie.startsWith("ship_province="))?.split(";")[0] ?? null;

  it("is set by a choice on the page, keeps that page and the next ones private, and never reaches another visitor", async () => {
    const { slug } = await demoProduct();
    const path = `/products/${slug}`;
    const home = await get(path);
    const stored = await get(path);
    expect(stored.body).toBe(home.body);

    // The choice sets the cookie: that response is not shared, nor stored for others.
    const chosen = await get(`${path}?province=440000`);
    const cookie = provinceCookieIn(chosen.headers);
    expect(cookie).toBeTruthy();
    expect(chosen.headers.get("Cache-Control")).toBe(PERSONAL_CACHE_CONTROL);
    const guangdongFee = shippingFeeIn(chosen.body);
    expect(guangdongFee).not.toBe(shippingFeeIn(home.body));

    // The plain URL with the cookie: Guangdong, rendered for this browser, never from the store.
    render.mockClear();
    const remembered = await get(path, { Cookie: cookie! });
    expect(render).toHaveBeenCalledTimes(1);
    expect(shippingFeeIn(remembered.body)).toBe(guangdongFee);
    expect(remembered.headers.get("Cache-Control")).toBe(PERSONAL_CACHE_CONTROL);
    expect(remembered.headers.get("Vary")).toContain("Cookie");
    const tag = remembered.headers.get("ETag")!;
    expect(tag).not.toBe(home.headers.get("ETag"));

    // Another visitor gets the Chongqing page, with or without that tag.
    expect(shippingFeeIn((await get(path)).body)).toBe(shippingFeeIn(home.body));
    const other = await revalidate(path, tag);
    expect(other.status).toBe(200);
    expect(shippingFeeIn(other.body)).toBe(shippingFeeIn(home.body));
    // And the cookie's owner revalidates their own page.
    expect((await revalidate(path, tag, { Cookie: cookie! })).status).toBe(304);
  });

  it("is kept by the size links and the province form, with the photo", async () => {
    const { slug } = await demoProduct();
    const page = await get(`/products/${slug}?province=440000&photo=1`);
    const sizeLinks = [...page.body.matchAll(/<a [^>]*data-sku="[^"]*"[^>]*>/g)].map((match) => /href="([^"]*)"/.exec(match[0])![1]!.replace(/&amp;/g, "&"));
    expect(sizeLinks.length).toBeGreaterThan(0);
    for (const href of sizeLinks) {
      const params = new URL(href, origin).searchParams;
      expect(params.get("province"), href).toBe("440000");
      expect(params.get("photo"), href).toBe("1");
      expect(params.get("variant"), href).toBeTruthy();
    }
    expect(page.body).toMatch(/<input type="hidden" name="photo" value="1"\/>/);
  });
});

describe("per-user pages", () => {
  it.each(["/cart", "/checkout", "/coop"])("%s is never stored", async (path) => {
    const { variantId } = await demoProduct();
    const cookie = await addToCart(variantId, 1);
    const page = await get(path, { Cookie: cookie });
    expect(page.status).toBeLessThan(500);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    expect(page.headers.get("ETag")).toBeNull();
  });
});

describe("pages sent as HTML only", () => {
  const scriptsIn = (html: string) => (html.match(/<script\b[^>]*>/g) ?? []).filter((tag) => !/type="application\/(?:ld\+)?json"/.test(tag));

  // The one script allowed there is the catalogue's own (app/enhance/catalogue.ts), nonced.
  const isEnhanceScript = (tag: string) => /^<script src="\/build\/enhance\/catalogue-[0-9a-f]{10}\.js" nonce="[^"]*" defer="">$/.test(tag);

  it("home, catalogue, product, cooperative and trace pages carry no app script; the cart loads the app", async () => {
    const { slug } = await demoProduct();
    const batch = await db().selectFrom("batches").select("code").orderBy("id").limit(1).executeTakeFirstOrThrow();
    const cooperative = await db().selectFrom("cooperatives").select("slug").orderBy("id").limit(1).executeTakeFirstOrThrow();
    for (const path of ["/", "/products", "/products?q=橙", `/products/${slug}`, "/cooperatives", `/cooperatives/${cooperative.slug}`, `/trace/${batch.code}`]) {
      const page = await get(encodeURI(path));
      expect(page.status, path).toBe(200);
      expect(scriptsIn(page.body).filter((tag) => !isEnhanceScript(tag)), path).toEqual([]);
      expect(page.body, path).not.toContain("modulepreload");
    }
    const cartPage = await get("/cart");
    expect(scriptsIn(cartPage.body).some((tag) => tag.includes('type="module"'))).toBe(true);
  });

  it("confirms an addition posted without scripts on the product page, and only to a visitor whose cart has it", async () => {
    const { slug, variantId } = await demoProduct();
    const response = await fetch(`${origin}/cart`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html", "Accept-Language": "en" },
      body: new URLSearchParams({ intent: "add", variantId: String(variantId), quantity: "1", redirectTo: `/products/${slug}?added=1` }),
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("Location")!;
    expect(location).toBe(`/products/${slug}?added=1`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("shanshui_cart="))!.split(";")[0]!;
    const back = await get(location, { Cookie: cookie, "Accept-Language": "en" });
    expect(back.body).toContain("Added to your cart.");
    // The form on that page does not send the note back round again.
    expect(back.body).toContain(`name="redirectTo" value="/products/${slug}"`);
    const stranger = await get(location, { "Accept-Language": "en" });
    expect(stranger.body).not.toContain("Added to your cart.");
  });
});
