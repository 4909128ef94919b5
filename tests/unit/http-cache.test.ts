import { describe, expect, it } from "vitest";
import {
  cachePolicy,
  catalogueETag,
  coalesce,
  ifNoneMatchIncludes,
  isPerUserPath,
  isPersonalRequest,
  NO_STORE,
  PERSONAL_CACHE_CONTROL,
  PUBLIC_CACHE_CONTROL,
  publicPageHeaders,
} from "~/utils/http-cache.server";

const url = new URL("http://shop.test/products?q=%E8%84%90%E6%A9%99");
const base = { version: 7, url, locale: "zh", visitor: null, build: "b1", today: "2026-11-29" };

describe("catalogueETag", () => {
  it("is weak and stable for the same page", () => {
    const tag = catalogueETag(base);
    expect(tag).toMatch(/^W\/"7-[A-Za-z0-9_-]{22}"$/);
    expect(catalogueETag({ ...base })).toBe(tag);
  });

  it("changes with everything the page depends on", () => {
    const tag = catalogueETag(base);
    const variations = [
      { version: 8 },
      { url: new URL("http://shop.test/products?q=%E6%A9%99") },
      { url: new URL("http://shop.test/products?q=%E8%84%90%E6%A9%99&_data=routes%2Fproducts") },
      { locale: "en" },
      { visitor: "user:1" },
      { build: "b2" },
      { today: "2026-11-30" },
    ];
    const tags = variations.map((change) => catalogueETag({ ...base, ...change }));
    for (const other of tags) expect(other).not.toBe(tag);
    expect(new Set(tags).size).toBe(tags.length);
  });

  it("never gives two visitors the same tag", () => {
    expect(catalogueETag({ ...base, visitor: "user:1|cart:a|3" })).not.toBe(catalogueETag({ ...base, visitor: "user:2|cart:b|3" }));
    expect(catalogueETag({ ...base, visitor: "user:1|cart:a|3" })).not.toBe(catalogueETag({ ...base, visitor: null }));
  });
});

describe("ifNoneMatchIncludes", () => {
  const tag = 'W/"7-abc"';
  it("compares weakly, in lists, and honours *", () => {
    expect(ifNoneMatchIncludes(tag, tag)).toBe(true);
    expect(ifNoneMatchIncludes('"7-abc"', tag)).toBe(true);
    expect(ifNoneMatchIncludes('W/"6-abc", W/"7-abc"', tag)).toBe(true);
    expect(ifNoneMatchIncludes("*", tag)).toBe(true);
  });
  it("refuses anything else", () => {
    expect(ifNoneMatchIncludes(null, tag)).toBe(false);
    expect(ifNoneMatchIncludes("", tag)).toBe(false);
    expect(ifNoneMatchIncludes('W/"7-abd"', tag)).toBe(false);
    expect(ifNoneMatchIncludes('W/"7-ab"', tag)).toBe(false);
  });
});

describe("who a request belongs to", () => {
  const request = (cookie?: string) => new Request("http://shop.test/", { headers: cookie ? { Cookie: cookie } : {} });
  it("treats the language cookie alone as anonymous", () => {
    expect(isPersonalRequest(request())).toBe(false);
    expect(isPersonalRequest(request("lng=ImVuIg%3D%3D"))).toBe(false);
  });
  it("treats any other cookie as personal", () => {
    expect(isPersonalRequest(request("shanshui_session=abc"))).toBe(true);
    expect(isPersonalRequest(request("lng=ImVuIg%3D%3D; shanshui_cart=xyz"))).toBe(true);
    expect(isPersonalRequest(request("flag"))).toBe(true);
  });
  it("knows the per-user areas", () => {
    for (const path of ["/cart", "/checkout", "/account", "/account/orders", "/coop/products/3", "/staff", "/orders/SS-1", "/pay/dev/4"]) {
      expect(isPerUserPath(path), path).toBe(true);
    }
    for (const path of ["/", "/products", "/products/fengjie-navel-orange", "/cooperatives", "/trace/FJ-2026-001", "/cartography"]) {
      expect(isPerUserPath(path), path).toBe(false);
    }
  });
});

describe("coalesce", () => {
  it("answers a crowd with one read per round, never with a read that began before the caller asked", async () => {
    let reads = 0;
    const gates: Array<() => void> = [];
    const read = coalesce(
      () =>
        new Promise<number>((resolve) => {
          const n = ++reads;
          gates.push(() => resolve(n));
        }),
    );
    const first = read(); // starts read 1
    const second = read(); // arrives during read 1: must wait for read 2
    const third = read(); // joins read 2
    expect(reads).toBe(1);
    gates.shift()!();
    expect(await first).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toBe(2);
    gates.shift()!();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    const fourth = read(); // nothing in flight: a read of its own
    expect(reads).toBe(3);
    gates.shift()!();
    expect(await fourth).toBe(3);
  });

  it("lets a failed read fail only its own callers", async () => {
    let calls = 0;
    const read = coalesce(async () => {
      calls++;
      if (calls === 1) throw new Error("connection lost");
      return calls;
    });
    const failing = read();
    const after = read();
    await expect(failing).rejects.toThrow("connection lost");
    expect(await after).toBe(2);
  });
});

describe("publicPageHeaders", () => {
  it("lets the leaf's caching headers win and keeps the parent's otherwise", () => {
    const headers = publicPageHeaders({
      loaderHeaders: new Headers({ "Cache-Control": PUBLIC_CACHE_CONTROL, ETag: 'W/"1-a"', Vary: "Accept-Language, Cookie", "X-Other": "1" }),
      parentHeaders: new Headers({ "Cache-Control": "private, no-store", Vary: "Cookie" }),
      actionHeaders: new Headers(),
      errorHeaders: undefined,
    }) as Headers;
    expect(headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
    expect(headers.get("ETag")).toBe('W/"1-a"');
    expect(headers.get("Vary")).toBe("Accept-Language, Cookie");
    expect(headers.get("X-Other")).toBeNull();
  });

  it("does not stamp an error page with the page's tag", () => {
    const headers = publicPageHeaders({
      loaderHeaders: new Headers({ "Cache-Control": PUBLIC_CACHE_CONTROL, ETag: 'W/"1-a"' }),
      parentHeaders: new Headers(),
      actionHeaders: new Headers(),
      errorHeaders: new Headers(),
    }) as Headers;
    expect(headers.get("ETag")).toBeNull();
    expect(headers.get("Cache-Control")).toBeNull();
  });
});

describe("cachePolicy", () => {
  function fakeResponse(initial: Record<string, string>, status = 200) {
    const headers = new Map(Object.entries(initial).map(([k, v]) => [k.toLowerCase(), v]));
    const written: Array<Record<string, string>> = [];
    const response = {
      statusCode: status,
      getHeader: (name: string) => headers.get(name.toLowerCase()),
      setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
      removeHeader: (name: string) => headers.delete(name.toLowerCase()),
      writeHead: (() => written.push(Object.fromEntries(headers))) as (...args: never[]) => unknown,
    };
    return { response, written };
  }

  function send(path: string, initial: Record<string, string>, status = 200) {
    const { response, written } = fakeResponse(initial, status);
    let called = false;
    cachePolicy({ path }, response, () => (called = true));
    expect(called).toBe(true);
    response.writeHead();
    return written[0]!;
  }

  it("makes anything unmarked private and unstored", () => {
    expect(send("/", {})["cache-control"]).toBe(NO_STORE);
  });
  it("keeps what a public page asked for", () => {
    expect(send("/products", { "Cache-Control": PUBLIC_CACHE_CONTROL })["cache-control"]).toBe(PUBLIC_CACHE_CONTROL);
  });
  it("never lets a per-user page be stored", () => {
    expect(send("/cart", { "Cache-Control": PUBLIC_CACHE_CONTROL })["cache-control"]).toBe(NO_STORE);
    expect(send("/account/orders", { "Cache-Control": "private, max-age=60" })["cache-control"]).toBe(NO_STORE);
  });
  it("never shares a response that sets a cookie", () => {
    expect(send("/products", { "Cache-Control": PUBLIC_CACHE_CONTROL, "Set-Cookie": "lng=en" })["cache-control"]).toBe(PERSONAL_CACHE_CONTROL);
  });
  it("sends no new script nonce with a 304", () => {
    const sent = send("/products", { "Cache-Control": PUBLIC_CACHE_CONTROL, "Content-Security-Policy": "script-src 'nonce-x'" }, 304);
    expect(sent["content-security-policy"]).toBeUndefined();
    const full = send("/products", { "Cache-Control": PUBLIC_CACHE_CONTROL, "Content-Security-Policy": "script-src 'nonce-x'" }, 200);
    expect(full["content-security-policy"]).toBe("script-src 'nonce-x'");
  });
});
