import { describe, expect, it } from "vitest";
import { claimsIn, isShownToShoppers, trustState } from "~/models/trust";

const today = "2026-11-29";

describe("isShownToShoppers", () => {
  it("shows a verified record until the end of its expiry day", () => {
    expect(isShownToShoppers({ status: "verified", expires_on: "2027-01-01" }, today)).toBe(true);
    expect(isShownToShoppers({ status: "verified", expires_on: today }, today)).toBe(true);
  });

  it("hides a verified record from the day after it expires", () => {
    expect(isShownToShoppers({ status: "verified", expires_on: "2026-11-28" }, today)).toBe(false);
  });

  it("never shows pending or rejected records, however valid their dates", () => {
    expect(isShownToShoppers({ status: "pending", expires_on: "2030-01-01" }, today)).toBe(false);
    expect(isShownToShoppers({ status: "rejected", expires_on: "2030-01-01" }, today)).toBe(false);
  });
});

describe("trustState", () => {
  it("says why a record is not shown", () => {
    expect(trustState({ status: "verified", expires_on: "2030-01-01" }, today)).toBe("verified");
    expect(trustState({ status: "verified", expires_on: "2026-11-28" }, today)).toBe("expired");
    expect(trustState({ status: "pending", expires_on: "2030-01-01" }, today)).toBe("pending");
    expect(trustState({ status: "rejected", expires_on: "2030-01-01" }, today)).toBe("rejected");
  });
});

describe("claimsIn", () => {
  it("finds certified claims in Chinese and English", () => {
    expect(claimsIn("有机大米").map((c) => c.type)).toEqual(["organic"]);
    expect(claimsIn("Certified Green Food oranges").map((c) => c.type)).toEqual(["green_food"]);
    expect(claimsIn("农产品地理标志产品").map((c) => c.type)).toEqual(["geographical_indication"]);
    expect(claimsIn("A GI product").map((c) => c.type)).toEqual(["geographical_indication"]);
    expect(claimsIn("无公害蔬菜").map((c) => c.type)).toEqual(["pollution_free"]);
    expect(claimsIn("Organically grown").map((c) => c.type)).toEqual(["organic"]);
  });

  it("reports the words that made the claim", () => {
    expect(claimsIn("本品获绿色食品认证")).toEqual([{ type: "green_food", word: "绿色食品" }]);
  });

  it("does not see claims in ordinary words", () => {
    expect(claimsIn("Green tea from the hills, gift box")).toEqual([]);
    expect(claimsIn("绿色的山，清甜的橙")).toEqual([]);
    expect(claimsIn("begin, gig")).toEqual([]);
  });
});
