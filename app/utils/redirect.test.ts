import { describe, expect, it } from "vitest";
import { isSafeRedirect, safeRedirect } from "./redirect";

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
