import { describe, expect, it } from "vitest";
import { addDays, chinaToday } from "~/utils/dates";
import { CATEGORIES } from "~db/seed-data/categories";
import { COOPERATIVES } from "~db/seed-data/cooperatives";
import { certificateDates } from "~/seed/demo.server";
import { certificateProblems } from "~db/seed-data/issuers";
import { PRODUCTS } from "~db/seed-data/products";

// The demo catalogue must read as real to a Chinese shopper: every certificate names a body
// that existed on its dates and issues that kind of certificate, and what is shown in one
// language is in that language alone.

/** Two Latin words in a row: English inside a Chinese text ("奉节脐橙 Fengjie navel oranges"). */
export const LATIN_WORDS = /[A-Za-z]+['’-]?[A-Za-z]*[\s,.:;]+[A-Za-z]{2,}/;
const HAN = /\p{Script=Han}/u;

const certificates = COOPERATIVES.flatMap((cooperative) => cooperative.certifications.map((certificate) => ({ cooperative, certificate })));

describe("demo certificates", () => {
  // Today, and years from now: dates given as offsets move with the seed day, fixed ones do not.
  it.each([chinaToday(), addDays(chinaToday(), 5 * 365)])("name issuers that existed on their dates and issue that type (seeded on %s)", (today) => {
    const problems = certificates.flatMap(({ certificate }) => {
      const { issuedOn, expiresOn } = certificateDates(certificate, today);
      const found = certificateProblems({ ...certificate, scopeZh: certificate.scopeZh, issuedOn, expiresOn });
      return found.map((problem) => `${certificate.key}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });

  it("keep the abolished poverty-alleviation office to 2019–2020: no date after 2021, shown expired", () => {
    const poverty = certificates.filter(({ certificate }) => certificate.issuingBody === "国务院扶贫开发领导小组办公室");
    expect(poverty.length).toBeGreaterThan(0);
    for (const { certificate } of poverty) {
      const { issuedOn, expiresOn } = certificateDates(certificate, chinaToday());
      expect(issuedOn < "2021-01-01" && expiresOn < "2021-01-01", certificate.key).toBe(true);
      expect(expiresOn < chinaToday()).toBe(true);
    }
  });

  it("the rule catches what the issue was about", () => {
    const base = { type: "poverty_alleviation" as const, number: "FP-1", issuingBody: "国务院扶贫开发领导小组办公室", scopeZh: "扶贫产品", issuedOn: "2025-03-01", expiresOn: "2028-03-01" };
    expect(certificateProblems(base).length).toBeGreaterThan(0);
    expect(certificateProblems({ ...base, issuedOn: "2020-03-18", expiresOn: "2020-12-31" })).toEqual([]);
    expect(certificateProblems({ ...base, type: "geographical_indication", number: "AGI01853", issuingBody: "农业农村部", issuedOn: "2024-05-01", expiresOn: "2030-01-01" })).toEqual([
      "no AGI registration after 2022-12-31",
    ]);
    expect(certificateProblems({ ...base, type: "geographical_indication", number: "AGI01853", issuingBody: "农业农村部", issuedOn: "2016-05-01", expiresOn: "2030-01-01" })).toEqual([
      "农业农村部 did not exist yet on 2016-05-01",
    ]);
    expect(certificateProblems({ ...base, type: "green_food", number: "LB-18-1", issuingBody: "中国质量认证中心", issuedOn: "2025-01-01", expiresOn: "2028-01-01" })).toEqual([
      "中国质量认证中心 does not issue green_food",
    ]);
  });

  it("keep their numbers fictional-looking and unique", () => {
    const numbers = certificates.map(({ certificate }) => `${certificate.type}:${certificate.number}`);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe("demo display texts", () => {
  const chinese: [string, string][] = [];
  const english: [string, string][] = [];
  for (const category of CATEGORIES) {
    chinese.push([`category ${category.slug}`, category.nameZh]);
    english.push([`category ${category.slug}`, category.nameEn]);
  }
  for (const c of COOPERATIVES) {
    chinese.push([`${c.slug} name`, c.nameZh], [`${c.slug} county`, c.countyZh], [`${c.slug} story`, c.storyZh]);
    english.push([`${c.slug} name`, c.nameEn], [`${c.slug} county`, c.countyEn], [`${c.slug} story`, c.storyEn]);
    for (const [i, plot] of c.plots.entries()) chinese.push([`${c.slug} plot ${i}`, plot.zh]), english.push([`${c.slug} plot ${i}`, plot.en]);
    for (const [i, household] of c.households.entries()) chinese.push([`${c.slug} household ${i}`, household.zh]), english.push([`${c.slug} household ${i}`, household.en]);
    for (const brand of c.brands) chinese.push([`brand ${brand.key}`, brand.name], [`brand ${brand.key} note`, brand.reviewNote ?? ""]);
    for (const certificate of c.certifications) {
      chinese.push([`${certificate.key} scope`, certificate.scopeZh], [`${certificate.key} issuer`, certificate.issuingBody], [`${certificate.key} note`, certificate.reviewNote ?? ""]);
      english.push([`${certificate.key} scope`, certificate.scopeEn]);
    }
  }
  for (const p of PRODUCTS) {
    chinese.push([`${p.slug} name`, p.nameZh], [`${p.slug} description`, p.descriptionZh], [`${p.slug} origin`, p.originZh ?? ""]);
    english.push([`${p.slug} name`, p.nameEn], [`${p.slug} description`, p.descriptionEn], [`${p.slug} origin`, p.originEn ?? ""]);
    for (const v of p.variants) chinese.push([`${v.sku} label`, v.labelZh]), english.push([`${v.sku} label`, v.labelEn]);
  }

  it("are Chinese in every Chinese field: no two Latin words in a row", () => {
    expect(chinese.length).toBeGreaterThan(500);
    expect(chinese.filter(([, text]) => LATIN_WORDS.test(text)).map(([where, text]) => `${where}: ${text}`)).toEqual([]);
  });

  it("are English in every English field: no Chinese characters", () => {
    expect(english.filter(([, text]) => HAN.test(text)).map(([where, text]) => `${where}: ${text}`)).toEqual([]);
  });

  it("the check catches the mixed strings the shop used to show", () => {
    for (const mixed of ["奉节脐橙 Fengjie navel oranges", "刘德明家 · the Liu Deming household", "初始库存 Opening stock"]) expect(LATIN_WORDS.test(mixed), mixed).toBe(true);
    for (const clean of ["晚熟脐橙（GB/T 19630）", "5 公斤装（约 20 个）", "LB-18-2501234567A", "SC 食品生产许可"]) expect(LATIN_WORDS.test(clean), clean).toBe(false);
  });
});
