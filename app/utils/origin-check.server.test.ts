import { describe, expect, it } from "vitest";
import { forwardedValue, judgeRequestOrigin, requestOrigin } from "~/utils/origin-check.server";

const allowedOrigins = ["https://shop.example", "http://127.0.0.1:3000"];
const judge = (input: { method?: string; url?: string; origin?: string; referer?: string }) =>
  judgeRequestOrigin({ method: input.method ?? "POST", url: input.url ?? "/login", origin: input.origin, referer: input.referer, allowedOrigins });

describe("judgeRequestOrigin", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) expect(judge({ method, origin: "https://evil.example" })).toBe("allowed");
  });

  it("allows a post from our own origin, by Origin or else by Referer", () => {
    expect(judge({ origin: "https://shop.example" })).toBe("allowed");
    expect(judge({ origin: "http://127.0.0.1:3000" })).toBe("allowed");
    expect(judge({ referer: "https://shop.example/products/x?y=1" })).toBe("allowed");
  });

  it("refuses another origin, a look-alike, or a different scheme or port", () => {
    for (const origin of ["https://evil.example", "https://shop.example.evil.example", "http://shop.example", "https://shop.example:8443", "null", "garbage", "file://"]) {
      expect(judge({ origin }), origin).toBe("cross-origin");
    }
    expect(judge({ referer: "https://evil.example/page" })).toBe("cross-origin");
  });

  it("lets Origin decide when both headers are present", () => {
    expect(judge({ origin: "https://evil.example", referer: "https://shop.example/" })).toBe("cross-origin");
  });

  it("refuses a state-changing request that carries neither header", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect(judge({ method })).toBe("missing");
  });

  it("exempts webhooks, and only webhooks, even through dot segments", () => {
    expect(judge({ url: "/webhooks/stripe" })).toBe("exempt");
    expect(judge({ url: "/webhooks/kuaidi100?x=1", origin: "https://evil.example" })).toBe("exempt");
    expect(judge({ url: "/webhooks/../account" })).toBe("missing");
    expect(judge({ url: "/webhooks/%2e%2e/account", origin: "https://evil.example" })).toBe("cross-origin");
    expect(judge({ url: "/webhooksx/stripe" })).toBe("missing");
  });
});

describe("requestOrigin", () => {
  const base = { protocol: "http" as const, host: "127.0.0.1:3000", forwardedProto: undefined, forwardedHost: undefined, trustProxyHops: 0, publicUrl: "https://shop.example" };

  it("is the connection's scheme and Host without trusted proxies, whatever X-Forwarded-* claim", () => {
    expect(requestOrigin(base)).toBe("http://127.0.0.1:3000");
    expect(requestOrigin({ ...base, forwardedProto: "https", forwardedHost: "evil.example" })).toBe("http://127.0.0.1:3000");
  });

  it("behind trusted proxies is the scheme and host the outermost trusted one reports", () => {
    expect(requestOrigin({ ...base, trustProxyHops: 1, forwardedProto: "https", forwardedHost: "shop.example" })).toBe("https://shop.example");
    // A client's own X-Forwarded-Host, appended to by our one proxy, is not believed.
    expect(requestOrigin({ ...base, trustProxyHops: 1, forwardedProto: "http, https", forwardedHost: "evil.example, shop.example" })).toBe("https://shop.example");
    expect(requestOrigin({ ...base, trustProxyHops: 2, forwardedHost: "evil.example, shop.example, 10.0.0.2" })).toBe("http://shop.example");
    expect(requestOrigin({ ...base, trustProxyHops: 2, forwardedHost: "shop.example" })).toBe("http://shop.example");
    expect(requestOrigin({ ...base, trustProxyHops: 1, forwardedHost: "shop.example:8443", forwardedProto: "HTTPS" })).toBe("https://shop.example:8443");
  });

  it("ignores what is not a scheme or a host name, and falls back to PUBLIC_URL without a usable Host", () => {
    expect(requestOrigin({ ...base, trustProxyHops: 1, forwardedProto: "javascript", forwardedHost: "evil.example/path" })).toBe("http://127.0.0.1:3000");
    expect(requestOrigin({ ...base, trustProxyHops: 1, forwardedHost: "a b" })).toBe("http://127.0.0.1:3000");
    expect(requestOrigin({ ...base, host: undefined })).toBe("https://shop.example");
    expect(requestOrigin({ ...base, host: "bad/host" })).toBe("https://shop.example");
    expect(requestOrigin({ ...base, host: "[::1]:3000" })).toBe("http://[::1]:3000");
  });
});

describe("forwardedValue", () => {
  it("takes the entry the outermost trusted proxy wrote, nothing without trust", () => {
    expect(forwardedValue("a, b, c", 0)).toBeUndefined();
    expect(forwardedValue("a, b, c", 1)).toBe("c");
    expect(forwardedValue("a, b, c", 2)).toBe("b");
    expect(forwardedValue("a, b, c", 5)).toBe("a");
    expect(forwardedValue(undefined, 1)).toBeUndefined();
  });
});
