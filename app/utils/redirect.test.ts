import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSafeRedirect, safeRedirect } from "~/utils/redirect";

describe("safeRedirect", () => {
  it("keeps local paths, with their query and fragment", () => {
    expect(safeRedirect("/account")).toBe("/account");
    expect(safeRedirect("/staff/orders?status=paid#list")).toBe("/staff/orders?status=paid#list");
    expect(safeRedirect("/search?q=100%25")).toBe("/search?q=100%25");
  });

  it("percent-encodes what a Location header cannot carry", () => {
    expect(safeRedirect("/products?q=脐橙")).toBe("/products?q=%E8%84%90%E6%A9%99");
  });

  it.each([
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%252F%252Fevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " /\\evil.example",
    "/ /evil.example",
    "",
    "/x".repeat(2000),
  ])("refuses %j", (to) => {
    expect(isSafeRedirect(to)).toBe(false);
    expect(safeRedirect(to, "/home")).toBe("/home");
  });

  it("refuses what is not a string", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(["/account"])).toBe("/");
  });
});

// What a browser does with the Location header: resolve it against the shop's origin.
const ORIGIN = "https://shop.example";
const landsOn = (location: string) => new URL(location, ORIGIN);

describe("safeRedirect judges the path that is finally sent", () => {
  it.each([
    "/.//evil.example/phish",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2e//evil.example",
    "/a/%2e%2e//evil.example",
    "/./%2e/.//evil.example",
    "/..//evil.example",
    "/.%2f/evil.example",
    "/%2e%2f%2fevil.example",
    "/%252e//evil.example",
  ])("refuses %j (dot segments resolve it to another host)", (to) => {
    expect(safeRedirect(to, "/home")).toBe("/home");
  });

  it("emits the normalized path, which resolves to itself", () => {
    expect(safeRedirect("/a/./b/../c?x=1#y")).toBe("/a/c?x=1#y");
    expect(safeRedirect("/staff/%2e%2e/account")).toBe("/account");
  });
});

describe("safeRedirect (property)", () => {
  const pieces = fc.constantFrom(
    "/", "//", "\\", ".", "..", "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "%25", "%252f", "%252e", "%00", "%09", "%0a",
    "evil.example", "@", ":", "?", "#", "&", "=", "a", "b", "http:", "https:", "javascript:", "\t", "\n", " ", "\u3000", "橙", "%E6%A9%99",
  );
  const arbitraryTarget = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.array(pieces, { maxLength: 14 }).map((parts) => parts.join("")),
    fc.array(pieces, { maxLength: 14 }).map((parts) => `/${parts.join("")}`),
  );

  it("never sends the browser to another origin, and only emits a path that cannot be reread", () => {
    fc.assert(
      fc.property(arbitraryTarget, (to) => {
        const location = safeRedirect(to, "/home");
        expect(landsOn(location).origin).toBe(ORIGIN);
        expect(location.startsWith("/")).toBe(true);
        expect(location.startsWith("//")).toBe(false);
        expect(location.startsWith("/\\")).toBe(false);
        // What a server behind us (or a browser) decodes must not leave the origin either.
        let decoded = location;
        try {
          decoded = decodeURIComponent(location);
        } catch {
          // not decodable: nothing more to look at
        }
        expect(landsOn(decoded).origin).toBe(ORIGIN);
        // A fixed point: judging the emitted path again keeps it.
        expect(safeRedirect(location, "/home")).toBe(location);
      }),
      { numRuns: 3000 },
    );
  });
});
