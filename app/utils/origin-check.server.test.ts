import { describe, expect, it } from "vitest";
import { judgeRequestOrigin } from "./origin-check.server";

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
