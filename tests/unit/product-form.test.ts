import { describe, expect, it } from "vitest";
import {
  batchSchema,
  brandSchema,
  certificationSchema,
  editVariantSchema,
  newProductSchema,
  stockAdjustmentSchema,
  yuanPrice,
  skuField,
} from "~/schemas/coop";
import { parseForm } from "~/utils/form-errors.server";
import { slugify } from "~/models/product.server";
import { batchCode, BATCH_CODE } from "~/models/batch.server";

function form(entries: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  return data;
}

const product = {
  name_zh: "奉节脐橙礼盒",
  name_en: "Fengjie Navel Orange Gift Box",
  description_zh: "",
  description_en: "",
  category_id: "1",
  brand_id: "",
  origin_county_zh: "奉节县",
  origin_county_en: "Fengjie County",
  temperature_class: "ambient",
  shelf_life_days: "30",
  season_months: ["12", "1", "11", "12"],
  slug: "",
  "variant.sku": "fj-navel-3kg",
  "variant.label_zh": "3公斤装",
  "variant.label_en": "3 kg box",
  "variant.weight_grams": "3000",
  "variant.price": "59.9",
  "variant.stock": "120",
};

describe("prices typed in yuan", () => {
  it.each([
    ["39.90", 3990],
    ["39.9", 3990],
    ["39", 3900],
    ["¥1,280.50", 128050],
    [" 0.01 ", 1],
    ["100000", 10_000_000],
    ["１２.８元", 1280],
    ["￥9.9", 990],
  ])("%j is %i fen", (typed, fen) => {
    expect(yuanPrice.parse(typed)).toBe(fen);
  });

  it.each([
    ["-5", "priceFormat"],
    ["-0.01", "priceFormat"],
    ["12.345", "priceFormat"],
    ["0.001", "priceFormat"],
    ["1e3", "priceFormat"],
    ["12,5", "priceFormat"],
    ["1,28", "priceFormat"],
    ["abc", "priceFormat"],
    ["0", "priceTooLow"],
    ["0.00", "priceTooLow"],
    ["100000.01", "priceTooHigh"],
    ["999999999", "priceTooHigh"],
    ["99999999999", "priceFormat"],
    ["", "required"],
  ])("refuses %j (%s)", (typed, message) => {
    const result = yuanPrice.safeParse(typed);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe("the new product form", () => {
  it("parses a product and its first variant, upper-casing the SKU and sorting months", () => {
    const parsed = parseForm(newProductSchema, form(product), ["season_months"]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data).toMatchObject({
      name_en: "Fengjie Navel Orange Gift Box",
      category_id: 1,
      brand_id: undefined,
      slug: undefined,
      shelf_life_days: 30,
      season_months: [1, 11, 12],
      variant: { sku: "FJ-NAVEL-3KG", price: 5990, stock: 120, weight_grams: 3000 },
    });
  });

  it("keeps every typed value and names each wrong field", () => {
    const typed = {
      ...product,
      name_zh: " ",
      shelf_life_days: "-3",
      "variant.sku": "bad sku!",
      "variant.price": "12.345",
      "variant.stock": "2.5",
      "variant.weight_grams": "999999999",
      season_months: ["13"],
      slug: "Not A Slug",
    };
    const parsed = parseForm(newProductSchema, form(typed), ["season_months"]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.values).toEqual(typed);
    expect(parsed.errors).toMatchObject({
      name_zh: "required",
      shelf_life_days: "wholeNumber",
      "variant.sku": "skuFormat",
      "variant.price": "priceFormat",
      "variant.stock": "wholeNumber",
      "variant.weight_grams": "numberTooLarge",
      "season_months.0": "monthInvalid",
      slug: "slugFormat",
    });
  });

  it("is Chinese first: saved with only the Chinese names, English left empty or left out", () => {
    const { name_en: _name, origin_county_en: _county, "variant.label_en": _label, ...chineseOnly } = product;
    for (const typed of [chineseOnly, { ...product, name_en: "", origin_county_en: " ", "variant.label_en": "" }]) {
      const parsed = parseForm(newProductSchema, form(typed), ["season_months"]);
      expect(parsed.ok, JSON.stringify(parsed.ok ? null : parsed.errors)).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.data).toMatchObject({ name_zh: "奉节脐橙礼盒", name_en: "", origin_county_zh: "奉节县", origin_county_en: "" });
      expect(parsed.data.variant).toMatchObject({ label_zh: "3公斤装", label_en: "" });
    }
    // The Chinese ones stay required.
    for (const key of ["name_zh", "origin_county_zh", "variant.label_zh"]) {
      const parsed = parseForm(newProductSchema, form({ ...product, [key]: "" }), ["season_months"]);
      expect(parsed.ok ? null : parsed.errors[key], key).toBe("required");
    }
  });

  it("refuses a stock count that is negative, fractional or absurd", () => {
    for (const stock of ["-1", "1.5", "1000001", "1e6"]) {
      const parsed = parseForm(newProductSchema, form({ ...product, "variant.stock": stock }), ["season_months"]);
      expect(parsed.ok, stock).toBe(false);
    }
  });
});

describe("other cooperative forms", () => {
  it("SKUs are upper-cased and limited to letters, digits and dashes", () => {
    expect(skuField.parse(" fj-navel-5kg ")).toBe("FJ-NAVEL-5KG");
    for (const bad of ["-FJ", "F", "FJ NAVEL", "FJ_NAVEL", "脐橙-5KG", "A".repeat(41)]) expect(skuField.safeParse(bad).success, bad).toBe(false);
  });

  it("an unticked 'on sale' box means off sale", () => {
    const parsed = editVariantSchema.parse({ variant_id: "4", sku: "fj-1", label_zh: "一", label_en: "One", weight_grams: "500", price: "9.9" });
    expect(parsed).toMatchObject({ variant_id: 4, active: false, price: 990 });
  });

  it("stock changes need a direction, a positive whole quantity and a reason", () => {
    expect(stockAdjustmentSchema.safeParse({ variant_id: "1", direction: "add", quantity: "0", reason: "x" }).success).toBe(false);
    expect(stockAdjustmentSchema.safeParse({ variant_id: "1", direction: "add", quantity: "-4", reason: "x" }).success).toBe(false);
    expect(stockAdjustmentSchema.safeParse({ variant_id: "1", direction: "steal", quantity: "4", reason: "x" }).success).toBe(false);
    expect(stockAdjustmentSchema.safeParse({ variant_id: "1", direction: "remove", quantity: "4", reason: " " }).success).toBe(false);
    expect(stockAdjustmentSchema.parse({ variant_id: "1", direction: "remove", quantity: "4", reason: "damaged" })).toMatchObject({ quantity: 4 });
  });

  it("batch dates must come in order: harvest, packing, best before", () => {
    const batch = { product_id: "1", harvested_on: "2026-11-20", packed_on: "2026-11-21", best_before: "2026-12-21", quantity: "10", plot_zh: "", household_zh: "" };
    expect(batchSchema.safeParse(batch).success).toBe(true);
    // Plot and household per language, both optional.
    expect(batchSchema.parse({ ...batch, plot_zh: "白帝镇 3 号果园", household_zh: "陈家" })).toMatchObject({ plot_zh: "白帝镇 3 号果园", plot_en: "", household_zh: "陈家", household_en: "" });
    expect(batchSchema.safeParse({ ...batch, packed_on: "2026-11-19" }).error?.issues[0]).toMatchObject({ path: ["packed_on"], message: "packedBeforeHarvest" });
    expect(batchSchema.safeParse({ ...batch, best_before: "2026-11-20" }).error?.issues[0]).toMatchObject({ path: ["best_before"], message: "bestBeforeBeforePacked" });
    expect(batchSchema.safeParse({ ...batch, harvested_on: "2026-02-30" }).error?.issues[0]).toMatchObject({ path: ["harvested_on"], message: "dateFormat" });
  });

  it("brands need registration digits, a Nice class of 1–45 and dates in order", () => {
    const brand = { name: "夔州红", registration_number: "71234567", nice_class: "31", registrant: "奉节县脐橙合作社", registered_on: "2020-01-01", expires_on: "2030-01-01" };
    expect(brandSchema.parse(brand)).toMatchObject({ nice_class: 31 });
    expect(brandSchema.safeParse({ ...brand, registration_number: "TM-71234567" }).success).toBe(false);
    expect(brandSchema.safeParse({ ...brand, nice_class: "46" }).success).toBe(false);
    expect(brandSchema.safeParse({ ...brand, nice_class: "0" }).success).toBe(false);
    expect(brandSchema.safeParse({ ...brand, expires_on: "2019-01-01" }).error?.issues[0]?.path).toEqual(["expires_on"]);
  });

  it("certificates have a known type and an expiry after their issue", () => {
    const cert = { type: "organic", number: "CQC-OG-1", issuing_body: "中国质量认证中心", scope_zh: "脐橙（GB/T 19630）", issued_on: "2026-01-01", expires_on: "2027-01-01", replaces_id: "" };
    // Chinese only: the English scope may be left out.
    expect(certificationSchema.parse(cert)).toMatchObject({ replaces_id: undefined, scope_zh: "脐橙（GB/T 19630）", scope_en: "" });
    expect(certificationSchema.parse({ ...cert, replaces_id: "7" })).toMatchObject({ replaces_id: 7 });
    expect(certificationSchema.safeParse({ ...cert, type: "halal" }).success).toBe(false);
  });
});

describe("generated names", () => {
  it("slugs come from the English name", () => {
    expect(slugify("Fengjie Navel Orange — Gift Box (5 kg)")).toBe("fengjie-navel-orange-gift-box-5-kg");
    expect(slugify("Crème brûlée honey")).toBe("creme-brulee-honey");
    expect(slugify("脐橙")).toBe("product");
  });

  it("batch codes carry a prefix, the harvest day and four random characters", () => {
    const code = batchCode("FJ", "2026-11-29");
    expect(code).toMatch(/^FJ-261129-[2-9A-HJ-NP-Z]{4}$/);
    expect(code).toMatch(BATCH_CODE);
    const codes = new Set(Array.from({ length: 200 }, () => batchCode("FJ", "2026-11-29")));
    expect(codes.size).toBeGreaterThan(190);
  });
});
