import { describe, expect, it } from "vitest";
import { claimText } from "~/models/claim.server";
import { claimsIn, isShownToShoppers, trustState, unmetClaims } from "~/models/trust";

describe("claims in product text", () => {
  it.each([
    ["有机脐橙，树上熟透", "organic", "有机"],
    ["Organic navel oranges", "organic", "Organic"],
    ["organically grown", "organic", "organically"],
    ["绿色食品认证的柠檬", "green_food", "绿色食品"],
    ["A Green Food certified lemon", "green_food", "Green Food"],
    ["green-food tea", "green_food", "green-food"],
    ["国家地理标志产品", "geographical_indication", "地理标志"],
    ["Protected geographical indication", "geographical_indication", "geographical indication"],
    ["Fengjie GI oranges", "geographical_indication", "GI"],
    ["无公害蔬菜", "pollution_free", "无公害"],
    ["Pollution-free cabbage", "pollution_free", "Pollution-free"],
  ])("finds the claim in %j", (text, type, word) => {
    expect(claimsIn(text)).toContainEqual({ type, word });
  });

  it.each(["Fengjie navel orange, sweet and juicy", "奉节脐橙，甜而多汁", "origin: Guizhou (gig economy aside)", "organ music"])(
    "finds nothing in %j",
    (text) => {
      expect(claimsIn(text)).toEqual([]);
    },
  );

  it("reports every claim type once, with the word that made it", () => {
    expect(claimsIn("有机 organic 绿色食品 无公害")).toEqual([
      { type: "organic", word: "有机" },
      { type: "green_food", word: "绿色食品" },
      { type: "pollution_free", word: "无公害" },
    ]);
  });

  it("leaves only the claims no linked certificate type backs", () => {
    const text = "有机绿色食品 from a GI county";
    expect(unmetClaims(text, [])).toHaveLength(3);
    expect(unmetClaims(text, ["organic", "geographical_indication"])).toEqual([{ type: "green_food", word: "绿色食品" }]);
    expect(unmetClaims(text, ["organic", "green_food", "geographical_indication"])).toEqual([]);
    // A poverty-alleviation certificate backs none of them.
    expect(unmetClaims("organic", ["poverty_alleviation", "other"])).toEqual([{ type: "organic", word: "organic" }]);
  });

  it("reads names, descriptions and variant labels", () => {
    const text = claimText({ name_zh: "脐橙", name_en: "Navel orange", description_zh: "", description_en: "" }, ["5 kg organic box"]);
    expect(claimsIn(text)).toEqual([{ type: "organic", word: "organic" }]);
  });
});

describe("trust state at read time", () => {
  const today = "2026-11-29";
  it("is verified through the last day of validity, expired the day after", () => {
    expect(trustState({ status: "verified", expires_on: today }, today)).toBe("verified");
    expect(isShownToShoppers({ status: "verified", expires_on: today }, today)).toBe(true);
    expect(trustState({ status: "verified", expires_on: "2026-11-28" }, today)).toBe("expired");
    expect(isShownToShoppers({ status: "verified", expires_on: "2026-11-28" }, today)).toBe(false);
  });
  it("keeps pending and rejected whatever the date", () => {
    expect(trustState({ status: "pending", expires_on: "2030-01-01" }, today)).toBe("pending");
    expect(trustState({ status: "rejected", expires_on: "2030-01-01" }, today)).toBe("rejected");
    expect(isShownToShoppers({ status: "pending", expires_on: "2030-01-01" }, today)).toBe(false);
  });
});
