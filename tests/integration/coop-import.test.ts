import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { createCertification } from "~/seed/factories.server";
import { DEMO } from "~db/seed-data/fixtures";
import { action as importAction, loader as importLoader } from "~/routes/coop.import";
import { loader as templateLoader } from "~/routes/coop.import.template[.]csv";
import { IMPORT_COLUMNS, IMPORT_HEADERS_ZH, importProducts, TEMPLATE_ROWS, type ImportReport } from "~/services/product-import.server";
import { db } from "~/utils/db.server";
import { multipartRequest, tinyJpeg } from "../support/uploads";
import { body, call, FENGJIE, fengjieId, load, tableCounts, WUSHAN } from "./coop-support";

type Row = Record<string, string>;

let fengjie: number;
beforeAll(async () => {
  fengjie = await fengjieId();
});

let counter = 0;
function row(overrides: Row = {}): Row {
  counter += 1;
  return {
    ...TEMPLATE_ROWS[0]!,
    sku: `FJ-IMP-${counter}`,
    product_slug: `fengjie-import-test-${counter}`,
    name_en: `Fengjie Import Test ${counter}`,
    ...overrides,
  };
}

function csv(rows: Row[], columns: readonly string[] = IMPORT_COLUMNS): Buffer {
  return Buffer.from(stringify(rows, { header: true, columns: [...columns] }), "utf8");
}

async function importAs(email: string, bytes: Uint8Array, filename = "products.csv") {
  const request = await multipartRequest("/coop/import", { email, files: [{ name: "file", filename, contentType: "text/csv", bytes }] });
  return call(importAction, request);
}

async function report(response: Response): Promise<ImportReport> {
  return (await body<{ report: ImportReport }>(response)).report;
}

describe("importing products from CSV", () => {
  it("offers a template that imports as it is", async () => {
    const template = await load(templateLoader, "/coop/import/template.csv", FENGJIE);
    expect(template.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await template.arrayBuffer());
    // A byte-order mark first, so Excel reads the Chinese as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Chinese headers: what a cooperative reads and types.
    expect(bytes.subarray(3).toString("utf8").startsWith(IMPORT_COLUMNS.map((c) => IMPORT_HEADERS_ZH[c]).join(","))).toBe(true);
    expect(bytes.subarray(3).toString("utf8").split("\r\n")[0]).toMatch(/^货号,产品网址,中文名称,英文名称,/);

    const response = await importAs(FENGJIE, bytes);
    expect(response.status).toBe(200);
    const result = await report(response);
    expect(result).toMatchObject({ committed: true, fileProblem: null, refused: [] });
    expect(result.created.map((r) => [r.row, r.sku])).toEqual([
      [2, "FJ-NAVEL-3KG"],
      [3, "FJ-NAVEL-5KG-BOX"],
    ]);
    const product = await db().selectFrom("products").selectAll().where("slug", "=", "fengjie-navel-orange-gift-box").executeTakeFirstOrThrow();
    expect(product).toMatchObject({ cooperative_id: fengjie, status: "draft", name_zh: "奉节脐橙礼盒", season_months: [1, 11, 12], price_from_fen: 5990 });
    for (const word of ["'脐橙'", "'gift'"]) expect(product.search_document).toContain(word);
    const variants = await db().selectFrom("variants").select(["sku", "price_fen", "stock_on_hand", "position"]).where("product_id", "=", product.id).orderBy("position").execute();
    expect(variants).toEqual([
      { sku: "FJ-NAVEL-3KG", price_fen: 5990, stock_on_hand: 120, position: 0 },
      { sku: "FJ-NAVEL-5KG-BOX", price_fen: 8900, stock_on_hand: 80, position: 1 },
    ]);
  });

  it("updates variants matched by SKU within the cooperative, recording stock changes", async () => {
    const first = row({ stock: "10" });
    await importAs(FENGJIE, csv([first]));
    const response = await importAs(FENGJIE, csv([{ ...first, price_yuan: "65", stock: "25", label_en: "3 kg select box" }]));
    const result = await report(response);
    expect(result).toMatchObject({ committed: true, created: [], refused: [] });
    expect(result.updated).toEqual([{ row: 2, sku: first.sku, productSlug: first.product_slug }]);
    const variant = await db().selectFrom("variants").selectAll().where("sku", "=", first.sku!).executeTakeFirstOrThrow();
    expect(variant).toMatchObject({ price_fen: 6500, stock_on_hand: 25, label_en: "3 kg select box" });
    const history = await db().selectFrom("stock_adjustments").select("delta").where("variant_id", "=", variant.id).orderBy("id").execute();
    expect(history.map((h) => h.delta)).toEqual([10, 15]);
  });

  it("changes nothing at all when any row is refused, and says which rows and why", async () => {
    const before = await tableCounts();
    const good = row();
    const rows = [
      good,
      row({ price_yuan: "-3" }),
      row({ stock: "2.5", weight_grams: "0" }),
      row({ category: "gadgets" }),
      { ...row(), sku: good.sku! },
      row({ temperature_class: "warm", shelf_life_days: "" }),
    ];
    const response = await importAs(FENGJIE, csv(rows));
    expect(response.status).toBe(400);
    const result = await report(response);
    expect(result.committed).toBe(false);
    expect(result.refused.map((r) => r.row)).toEqual([3, 4, 5, 6, 7]);
    const byRow = Object.fromEntries(result.refused.map((r) => [r.row, r.problems]));
    expect(byRow[3]).toEqual([{ column: "price_yuan", key: "priceFormat" }]);
    expect(byRow[4]).toEqual(expect.arrayContaining([{ column: "stock", key: "wholeNumber" }, { column: "weight_grams", key: "numberTooSmall" }]));
    expect(byRow[5]).toEqual([{ column: "category", key: "unknownCategory", params: { value: "gadgets" } }]);
    expect(byRow[6]).toEqual([{ column: "sku", key: "duplicateSku", params: { line: "2" } }]);
    expect(byRow[7]).toEqual(expect.arrayContaining([{ column: "temperature_class", key: "choose" }, { column: "shelf_life_days", key: "required" }]));
    expect(await tableCounts()).toEqual(before);
    expect(await db().selectFrom("products").select("id").where("slug", "=", good.product_slug!).executeTakeFirst()).toBeUndefined();
  });

  it("refuses a SKU of another cooperative, and another cooperative's product address", async () => {
    const before = await tableCounts();
    const wushanSku = await db()
      .selectFrom("variants as v")
      .innerJoin("products as p", "p.id", "v.product_id")
      .where("p.slug", "=", "wushan-crisp-plum")
      .select(["v.sku", "v.price_fen"])
      .executeTakeFirstOrThrow();
    const result = await report(await importAs(FENGJIE, csv([row({ sku: wushanSku.sku, price_yuan: "1" }), row({ product_slug: "wushan-crisp-plum" })])));
    expect(result.committed).toBe(false);
    expect(result.refused).toEqual([
      { row: 2, sku: wushanSku.sku, problems: [{ column: "sku", key: "skuOtherCooperative", params: { value: wushanSku.sku } }] },
      { row: 3, sku: expect.any(String), problems: [{ column: "product_slug", key: "slugTaken", params: { value: "wushan-crisp-plum" } }] },
    ]);
    expect(await tableCounts()).toEqual(before);
    const after = await db().selectFrom("variants").select("price_fen").where("sku", "=", wushanSku.sku).executeTakeFirstOrThrow();
    expect(after.price_fen).toBe(wushanSku.price_fen);
  });

  it("applies the claims guard to rows that would be on sale", async () => {
    const before = await tableCounts();
    const claim = row({ status: "active", description_zh: "有机种植的脐橙" });
    let result = await report(await importAs(FENGJIE, csv([claim])));
    expect(result.committed).toBe(false);
    expect(result.refused).toEqual([{ row: 2, sku: claim.sku, problems: [{ key: "unmetClaims", claims: [{ type: "organic", word: "有机" }] }] }]);
    expect(await tableCounts()).toEqual(before);

    // A draft may say it; a product on sale needs the verified certificate linked.
    expect((await report(await importAs(FENGJIE, csv([{ ...claim, status: "draft" }])))).committed).toBe(true);
    const organic = await createCertification(db(), { cooperative_id: fengjie, type: "organic", status: "verified" });
    result = await report(await importAs(FENGJIE, csv([{ ...claim, certificate_numbers: organic.number }])));
    expect(result).toMatchObject({ committed: true, updated: [{ sku: claim.sku }] });
    const product = await db().selectFrom("products").selectAll().where("slug", "=", claim.product_slug!).executeTakeFirstOrThrow();
    expect(product.status).toBe("active");
    expect(product.published_at).not.toBeNull();

    // Another cooperative's certificate number is not found.
    const theirs = await createCertification(db(), { cooperative_id: (await db().selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.wushan).executeTakeFirstOrThrow()).id, type: "organic", status: "verified" });
    result = await report(await importAs(FENGJIE, csv([row({ status: "active", description_en: "organic", certificate_numbers: theirs.number })])));
    expect(result.refused[0]!.problems).toContainEqual({ column: "certificate_numbers", key: "unknownCertificate", params: { value: theirs.number } });
  });

  it("reads spreadsheets saved as GB 18030 and refuses what is not CSV", async () => {
    const gbRow = row({ name_zh: "奉节脐橙（GB18030）" });
    const text = stringify([gbRow], { header: true, columns: [...IMPORT_COLUMNS] });
    const gb = Buffer.from(new Uint8Array(encodeGb18030(text)));
    const result = await report(await importAs(FENGJIE, gb));
    expect(result.committed).toBe(true);
    expect((await db().selectFrom("products").select("name_zh").where("slug", "=", gbRow.product_slug!).executeTakeFirstOrThrow()).name_zh).toBe("奉节脐橙（GB18030）");

    const before = await tableCounts();
    expect((await report(await importAs(FENGJIE, await tinyJpeg(), "products.csv"))).fileProblem).toEqual({ key: "notText" });
    expect((await report(await importAs(FENGJIE, csv([row()], ["sku", "price_yuan", "colour"])))).fileProblem).toEqual({ key: "unknownColumns", params: { columns: "colour" } });
    expect((await report(await importAs(FENGJIE, csv([row()], ["sku", "price_yuan"])))).fileProblem?.key).toBe("missingColumns");
    expect((await report(await importAs(FENGJIE, Buffer.from(`${IMPORT_COLUMNS.join(",")}\n"unclosed,quote\n`)))).fileProblem?.key).toBe("notCsv");
    expect((await report(await importAs(FENGJIE, Buffer.from(`${IMPORT_COLUMNS.join(",")}\n`)))).fileProblem?.key).toBe("noRows");
    const big = await importAs(FENGJIE, Buffer.alloc(1024 * 1024 + 10, 0x61));
    expect(await body(big)).toMatchObject({ uploadError: "import.problems.fileTooLarge" });
    expect(await tableCounts()).toEqual(before);
  });

  it("is the member's own cooperative only, and documents its columns", async () => {
    const page = await body<{ columns: string[]; categories: string[] }>(await load(importLoader, "/coop/import", WUSHAN));
    expect(page.columns).toEqual([...IMPORT_COLUMNS]);
    // The Chinese page names categories as the shop shows them; the English one by code.
    expect(page.categories).toContain("水果");
    const english = await body<{ categories: string[] }>(await load(importLoader, "/coop/import?lang=en", WUSHAN));
    expect(english.categories).toContain("fruit");
    // A Wushan import of a Fengjie SKU is refused the same way.
    const result = await importProducts(db(), {
      cooperativeId: (await db().selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.wushan).executeTakeFirstOrThrow()).id,
      actorUserId: null,
      bytes: csv([row({ sku: DEMO.navelOrange.skus[0] })]),
    });
    expect(result.refused[0]!.problems[0]!.key).toBe("skuOtherCooperative");
  });
});

/** GB 18030 bytes for a string (Node decodes the encoding but has no encoder): via iconv-free lookup. */
function encodeGb18030(text: string): number[] {
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, number[]>();
  // Two-byte GBK range covers every character used in these fixtures.
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const encoded = table.get(char);
      if (!encoded) throw new Error(`no GB 18030 two-byte code for ${char}`);
      bytes.push(...encoded);
    }
  }
  return bytes;
}
