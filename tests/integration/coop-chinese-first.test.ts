import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { createBatch, createCertification } from "~/seed/factories.server";
import { action as brandsAction } from "~/routes/coop.brands";
import { action as certificationsAction } from "~/routes/coop.certifications";
import { action as importAction } from "~/routes/coop.import";
import { action as editAction } from "~/routes/coop.products.$id";
import { action as newAction, loader as newLoader } from "~/routes/coop.products.new";
import { loader as productLoader } from "~/routes/products.$slug";
import { loader as traceLoader } from "~/routes/trace.$code";
import { IMPORT_COLUMNS, IMPORT_HEADERS_ZH, type ImportReport } from "~/services/product-import.server";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { multipartRequest, tinyPdf, useTemporaryUploadsDir } from "../support/uploads";
import { body, call, categoryId, FENGJIE, fengjieId, load, post } from "./coop-support";

// Chinese is the primary language of data: a cooperative saves products, brands, certificates
// and batches with Chinese only, and the English shop shows that Chinese alone, never a
// blank and never both languages in one string.

useTemporaryUploadsDir();

const context = { cspNonce: "", clientAddress: "127.0.0.1" };
// Loader data is read as plain JSON here: the assertions are the types.
type Json = any;

let fruit: number;
let fengjie: number;
beforeAll(async () => {
  fruit = await categoryId("fruit");
  fengjie = await fengjieId();
});

async function productPage(slug: string, search = ""): Promise<Json> {
  const response = await productLoader({ request: new Request(`http://localhost/products/${slug}${search}`), params: { slug }, context });
  expect(response.status).toBe(200);
  return response.json();
}

async function tracePage(code: string, search = ""): Promise<Json> {
  return (await traceLoader({ request: new Request(`http://localhost/trace/${code}${search}`), params: { code }, context })).json();
}

const LATIN_WORDS = /[A-Za-z]{2,}\s+[A-Za-z]{2,}/;

describe("a product saved with only Chinese", () => {
  it("is created without English names, county or size label, and the English page shows the Chinese alone", async () => {
    const response = await post(newAction, "/coop/products/new", FENGJIE, {
      name_zh: "奉节血橙",
      description_zh: "果肉紫红，酸甜多汁。",
      category_id: String(fruit),
      brand_id: "",
      origin_county_zh: "奉节县",
      temperature_class: "ambient",
      shelf_life_days: "20",
      slug: "",
      "variant.sku": "FJ-BLOOD-2KG",
      "variant.label_zh": "2 公斤装",
      "variant.weight_grams": "2000",
      "variant.price": "46",
      "variant.stock": "40",
    });
    expect(response.status, await response.clone().text()).toBe(302);
    const id = Number(/^\/coop\/products\/(\d+)/.exec(response.headers.get("Location") ?? "")![1]);
    const row = await db().selectFrom("products").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    // No English name to make an address from: the first size's SKU gives it.
    expect(row).toMatchObject({ name_zh: "奉节血橙", name_en: "", origin_county_en: "", slug: "fj-blood-2kg" });
    const variant = await db().selectFrom("variants").selectAll().where("product_id", "=", id).executeTakeFirstOrThrow();
    expect(variant).toMatchObject({ label_zh: "2 公斤装", label_en: "" });

    expect((await post(editAction, `/coop/products/${id}`, FENGJIE, { intent: "status", to: "active" }, { id: String(id) })).status).toBe(302);
    const english = await productPage(row.slug, "?lang=en");
    expect(english.product.name).toBe("奉节血橙");
    expect(english.product.county).toBe("奉节县");
    expect(english.product.variants[0].label).toBe("2 公斤装");
    expect(english.product.description).toBe("果肉紫红，酸甜多汁。");
    const chinese = await productPage(row.slug);
    expect(chinese.product.name).toBe("奉节血橙");
  });

  it("still needs its Chinese name", async () => {
    const response = await post(newAction, "/coop/products/new", FENGJIE, {
      name_zh: "",
      name_en: "Blood Orange",
      category_id: String(fruit),
      origin_county_zh: "奉节县",
      temperature_class: "ambient",
      shelf_life_days: "20",
      "variant.sku": "FJ-BLOOD-NOZH",
      "variant.label_zh": "2 公斤装",
      "variant.weight_grams": "2000",
      "variant.price": "46",
      "variant.stock": "0",
    });
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ errors: { name_zh: "required" } });
  });
});

describe("brands and certificates saved with only Chinese", () => {
  it("saves a trademark with its Chinese name and registrant only", async () => {
    const fields = { name: "白帝红", registration_number: "88990011", nice_class: "31", registrant: "奉节县夔州红脐橙种植专业合作社", registered_on: "2021-03-14", expires_on: "2031-03-13" };
    const response = await call(brandsAction, await multipartRequest("/coop/brands", { email: FENGJIE, fields, files: [{ name: "document", filename: "tm.pdf", contentType: "application/pdf", bytes: tinyPdf() }] }));
    expect(response.status).toBe(302);
    expect(await db().selectFrom("brands").select(["name", "cooperative_id"]).where("registration_number", "=", "88990011").executeTakeFirst()).toEqual({ name: "白帝红", cooperative_id: fengjie });
  });

  it("tells apart one mark registered in two classes in the product form's picker", async () => {
    const data = await body<{ brands: { name: string; nice_class: number; registration_number: string }[] }>(await load(newLoader, "/coop/products/new", FENGJIE));
    const kuizhou = data.brands.filter((b) => b.name === "夔州红");
    expect(kuizhou.length).toBe(2);
    expect(new Set(kuizhou.map((b) => `${b.name}/${b.nice_class}`)).size).toBe(2);
  });

  it("saves a certificate with a Chinese scope only, shown alone on the English product page", async () => {
    const fields = {
      type: "organic",
      number: "CQC-OG-CN-ONLY-1",
      issuing_body: "中国质量认证中心",
      scope_zh: "血橙（GB/T 19630）",
      issued_on: addDays(chinaToday(), -10),
      expires_on: addDays(chinaToday(), 355),
    };
    const response = await call(certificationsAction, await multipartRequest("/coop/certifications", { email: FENGJIE, fields, files: [{ name: "document", filename: "c.pdf", contentType: "application/pdf", bytes: tinyPdf() }] }));
    expect(response.status).toBe(302);
    const saved = await db().selectFrom("certifications").selectAll().where("number", "=", "CQC-OG-CN-ONLY-1").executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ scope_zh: "血橙（GB/T 19630）", scope_en: "", cooperative_id: fengjie });

    // Verified and linked: the English page shows the Chinese scope, not a blank.
    const orange = await db().selectFrom("products").select(["id", "slug"]).where("slug", "=", "fengjie-navel-orange").executeTakeFirstOrThrow();
    await db().updateTable("certifications").set({ status: "verified", reviewed_at: new Date() }).where("id", "=", saved.id).execute();
    await db().insertInto("product_certifications").values({ product_id: orange.id, certification_id: saved.id }).execute();
    const english = await productPage(orange.slug, "?lang=en");
    const shown = english.product.certificates.find((c: { number: string }) => c.number === "CQC-OG-CN-ONLY-1");
    expect(shown.scope).toBe("血橙（GB/T 19630）");
  });

  it("shows each language alone: seeded scopes in English on the English page, Chinese on the Chinese one", async () => {
    const zh = await productPage("fengjie-navel-orange");
    const en = await productPage("fengjie-navel-orange", "?lang=en");
    const green = (data: Json) => data.product.certificates.find((c: { type: string }) => c.type === "green_food");
    expect(green(zh).scope).toBe("奉节脐橙");
    expect(green(en).scope).toBe("Fengjie navel oranges");
    // The issuer as printed in Chinese, and under its English name on the English page.
    expect(green(zh).issuingBody).toBe("中国绿色食品发展中心");
    expect(green(en).issuingBody).toBe("China Green Food Development Center");
    for (const certificate of zh.product.certificates) expect(certificate.scope).not.toMatch(LATIN_WORDS);
  });
});

describe("a batch with its plot and household in Chinese only", () => {
  it("traces in English with the Chinese alone", async () => {
    const orange = await db().selectFrom("products").select("id").where("slug", "=", "fengjie-navel-orange").executeTakeFirstOrThrow();
    const batch = await createBatch(db(), { product_id: orange.id, plot_zh: "白帝镇 3 号果园", plot_en: "", household_zh: "陈家", household_en: "" });
    const english = (await tracePage(batch.code, "?lang=en")).batch;
    expect([english.plot, english.household]).toEqual(["白帝镇 3 号果园", "陈家"]);
  });

  it("shows no mixed-language plot or household anywhere in the seeded batches", async () => {
    const rows = await db().selectFrom("batches").select(["code", "plot_zh", "plot_en", "household_zh", "household_en"]).execute();
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) {
      expect(`${row.plot_zh} ${row.household_zh}`, row.code).not.toMatch(LATIN_WORDS);
      expect(`${row.plot_en} ${row.household_en}`, row.code).not.toMatch(/\p{Script=Han}/u);
    }
  });
});

describe("CSV import with Chinese headers", () => {
  async function importCsv(text: string): Promise<{ status: number; report: ImportReport }> {
    const request = await multipartRequest("/coop/import", { email: FENGJIE, files: [{ name: "file", filename: "产品.csv", contentType: "text/csv", bytes: Buffer.from(text, "utf8") }] });
    const response = await call(importAction, request);
    return { status: response.status, report: (await body<{ report: ImportReport }>(response)).report };
  }

  it("reads Chinese headers and Chinese values, with no English columns at all", async () => {
    const rows = [
      { 货号: "FJ-CN-1KG", 产品网址: "fengjie-cn-only", 中文名称: "奉节脐橙尝鲜装", 分类: "水果", 产地区县: "奉节县", 运输温度: "常温", "保质期（天）": "30", 规格名称: "1 公斤装", "重量（克）": "1000", "价格（元）": "19.9", 库存: "50", 状态: "草稿" },
      { 货号: "FJ-CN-2KG", 产品网址: "fengjie-cn-only", 中文名称: "奉节脐橙尝鲜装", 分类: "水果", 产地区县: "奉节县", 运输温度: "常温", "保质期（天）": "30", 规格名称: "2 公斤装", "重量（克）": "2000", "价格（元）": "35", 库存: "30", 状态: "草稿" },
    ];
    // "保质期（天）" is not the template's "保质期天数": a word people use for it, still understood.
    const { status, report } = await importCsv(stringify(rows, { header: true }));
    expect(report.refused).toEqual([]);
    expect(status).toBe(200);
    expect(report.committed).toBe(true);
    const product = await db().selectFrom("products").selectAll().where("slug", "=", "fengjie-cn-only").executeTakeFirstOrThrow();
    expect(product).toMatchObject({ name_zh: "奉节脐橙尝鲜装", name_en: "", category_id: fruit, temperature_class: "ambient", status: "draft", shelf_life_days: 30 });
    const variants = await db().selectFrom("variants").select(["sku", "label_zh", "label_en", "price_fen", "stock_on_hand"]).where("product_id", "=", product.id).orderBy("position").execute();
    expect(variants).toEqual([
      { sku: "FJ-CN-1KG", label_zh: "1 公斤装", label_en: "", price_fen: 1990, stock_on_hand: 50 },
      { sku: "FJ-CN-2KG", label_zh: "2 公斤装", label_en: "", price_fen: 3500, stock_on_hand: 30 },
    ]);
    const opening = await db().selectFrom("stock_adjustments").select(["reason_code", "reason"]).where("variant_id", "in", db().selectFrom("variants").select("id").where("product_id", "=", product.id)).execute();
    expect(opening).toEqual([
      { reason_code: "opening", reason: "" },
      { reason_code: "opening", reason: "" },
    ]);
  });

  it("takes the template's Chinese headers and, as before, the English ones", async () => {
    const zhHeader = IMPORT_COLUMNS.map((c) => IMPORT_HEADERS_ZH[c]);
    const values = (sku: string, slug: string) => [sku, slug, "奉节脐橙", "", "", "", "fruit", "", "奉节县", "", "", "30", "11;12", "", "5公斤装", "", "5000", "79.9", "10", ""];
    const chinese = await importCsv(stringify([zhHeader, values("FJ-CN-TPL-1", "fengjie-cn-template")]));
    expect(chinese.report).toMatchObject({ committed: true, refused: [] });
    const english = await importCsv(stringify([[...IMPORT_COLUMNS], values("FJ-CN-TPL-2", "fengjie-en-template")]));
    expect(english.report).toMatchObject({ committed: true, refused: [] });
  });

  it("refuses a column given twice under its two names, changing nothing", async () => {
    const { status, report } = await importCsv("货号,sku,产品网址,中文名称,分类,产地区县,保质期天数,规格名称,重量（克）,价格（元）\nFJ-X,FJ-Y,fj-x,橙,水果,奉节县,30,1公斤,1000,10\n");
    expect(status).toBe(400);
    expect(report.fileProblem).toEqual({ key: "duplicateColumns", params: { columns: "sku" } });
  });
});

describe("certificates of the factories", () => {
  it("default to a scope per language", async () => {
    const certificate = await createCertification(db(), { cooperative_id: fengjie });
    expect([certificate.scope_zh, certificate.scope_en]).toEqual(["蔬菜", "Vegetables"]);
  });
});
