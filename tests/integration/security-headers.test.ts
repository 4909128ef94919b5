import { describe, expect, it } from "vitest";
import { clientAddress, securityHeaders } from "~/utils/security-headers.server";

describe("securityHeaders", () => {
  it("adds HSTS and upgrades insecure loads only over HTTPS", () => {
    const https = securityHeaders({ nonce: "abc", https: true, formActionOrigins: [] });
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    const http = securityHeaders({ nonce: "abc", https: false, formActionOrigins: [] });
    expect(http["Strict-Transport-Security"]).toBeUndefined();
    expect(http["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");
  });

  it("allows scripts only by nonce, and the dev socket only in development", () => {
    const csp = securityHeaders({ nonce: "n0nce", https: false, formActionOrigins: ["https://checkout.stripe.com"] })["Content-Security-Policy"]!;
    expect(csp).toContain("script-src 'nonce-n0nce' 'strict-dynamic'");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline'[^;]*script/);
    expect(csp).toContain("form-action 'self' https://checkout.stripe.com");
    expect(csp).toContain("connect-src 'self';");
    expect(securityHeaders({ nonce: "n", https: false, development: true, formActionOrigins: [] })["Content-Security-Policy"]).toContain("ws://localhost:*");
  });
});

describe("clientAddress", () => {
  it("uses the socket unless proxies are trusted, then the address the trusted hop saw", () => {
    expect(clientAddress("1.1.1.1", "10.0.0.2", 0)).toBe("10.0.0.2");
    expect(clientAddress("6.6.6.6, 1.1.1.1", "10.0.0.2", 1)).toBe("1.1.1.1");
    expect(clientAddress("6.6.6.6, 1.1.1.1, 10.0.0.9", "10.0.0.2", 2)).toBe("1.1.1.1");
    expect(clientAddress(undefined, "10.0.0.2", 1)).toBe("10.0.0.2");
  });
});
