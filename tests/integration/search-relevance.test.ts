import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Locale } from "~/i18n";
import { searchCatalogue } from "~/models/catalogue.server";
import { encodeCursor, parseCatalogueParams } from "~/utils/catalogue-params";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { insertTestOrder } from "../support/after-purchase";

// The search stays relevant on the demo catalogue: the product whose name is exactly what
// was typed comes first, then names that contain it, then products that only mention it.

async function search(q: string, locale: Locale = "zh") {
  const query = parseCatalogueParams(new URLSearchParams({ q }));
  return searchCatalogue(db(), { ...query, locale, today: chinaToday() });
}

describe("search relevance on the demo catalogue", () => {
  it("puts the exact name first, then what is the thing, then what only contains its words", async () => {
    // Words, not substrings: 奉节晚熟脐橙 is a Fengjie navel orange; 奉节脐橙果干片 is dried slices of one.
    const page = await search("奉节脐橙");
    const names = page.products.map((p) => p.name);
    expect(names.slice(0, 3)).toEqual(["奉节脐橙", "奉节晚熟脐橙", "奉节脐橙果干片"]);
  });

  it("puts honey before honeysuckle and 榨菜 before rapeseed oil", async () => {
    const honey = (await search("honey", "en")).products.map((p) => p.slug);
    expect(honey.slice(0, 4).sort()).toEqual(["chengkou-comb-honey", "chengkou-daba-mountain-honey", "shizhu-coptis-flower-honey", "xiushan-honeysuckle-honey"]);
    expect(honey.indexOf("xiushan-honeysuckle")).not.toBe(0);
    const zhacai = (await search("榨菜")).products.map((p) => p.slug);
    expect(zhacai.slice(0, 2).sort()).toEqual(["fuling-preserved-mustard-tuber", "fuling-zhacai-light-salt"]);
    expect(zhacai).not.toContain("tongnan-rapeseed-oil");
  });

  it("puts a product in stock before a sold-out one of the same relevance", async () => {
    const before = (await search("蜂蜜")).products.map((p) => p.slug);
    const first = before[0]!;
    await db()
      .updateTable("variants")
      .set({ stock_on_hand: sql`stock_reserved` })
      .where("product_id", "=", (eb) => eb.selectFrom("products").select("id").where("slug", "=", first))
      .execute();
    const honeys = ["chengkou-comb-honey", "chengkou-daba-mountain-honey", "shizhu-coptis-flower-honey", "xiushan-honeysuckle-honey"];
    expect(before.slice(0, 4).sort()).toEqual(honeys);
    const after = (await search("蜂蜜")).products.filter((p) => honeys.includes(p.slug));
    expect(after.at(-1)).toMatchObject({ slug: first, soldOut: true });
  });

  it("puts the better seller first among equals as soon as its order is paid, and drops it when refunded", async () => {
    const honeys = ["chengkou-comb-honey", "chengkou-daba-mountain-honey", "shizhu-coptis-flower-honey", "xiushan-honeysuckle-honey"];
    const inStockHoneys = async () => (await search("蜂蜜")).products.filter((p) => honeys.includes(p.slug) && !p.soldOut).map((p) => p.slug);
    const before = await inStockHoneys();
    expect(before.length).toBeGreaterThan(1);
    const seller = before.at(-1)!;
    const variant = await db()
      .selectFrom("variants")
      .innerJoin("products", "products.id", "variants.product_id")
      .select(["products.id as productId", "variants.id as variantId", "products.cooperative_id as cooperativeId", "variants.sku", "variants.price_fen as priceFen"])
      .where("products.slug", "=", seller)
      .executeTakeFirstOrThrow();
    const order = await insertTestOrder({ items: [{ product: variant, quantity: 3 }] });
    expect((await inStockHoneys())[0]).toBe(seller);
    await db().updateTable("orders").set({ payment_status: "refunded" }).where("id", "=", order.id).execute();
    expect(await inStockHoneys()).toEqual(before);
  });

  it("does the same for an English name, whatever the case typed", async () => {
    const page = await search("fengjie navel orange", "en");
    expect(page.products[0]?.name).toBe("Fengjie Navel Orange");
  });

  it("ranks a two-character query by names before descriptions", async () => {
    const page = await search("花椒");
    const names = page.products.map((p) => p.name);
    expect(names.length).toBeGreaterThan(3);
    const firstWithout = names.findIndex((name) => !name.includes("花椒"));
    if (firstWithout !== -1) expect(names.slice(firstWithout).every((name) => !name.includes("花椒"))).toBe(true);
    expect(names[0]).toContain("花椒");
  });

  it("finds one-character and four-character Chinese queries", async () => {
    expect((await search("橙")).total).toBeGreaterThan(3);
    expect((await search("江津花")).products.map((p) => p.name)).toContain("江津花椒粉");
  });
});

describe("keyset pages", () => {
  async function everyPage(params: Record<string, string>) {
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const query = parseCatalogueParams(new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) }));
      const page = await searchCatalogue(db(), { ...query, locale: "zh", today: chinaToday(), pageSize: 4 });
      seen.push(...page.products.map((p) => p.id));
      if (!page.nextCursor) return { seen, total: page.total };
      cursor = encodeCursor(page.nextCursor);
    }
    throw new Error("more than 100 pages");
  }

  const cases: Record<string, string>[] = [{}, { sort: "price_asc" }, { sort: "price_desc" }, { q: "橙" }, { q: "花椒", sort: "newest" }];
  for (const params of cases) {
    it(`visits every product once: ${JSON.stringify(params)}`, async () => {
      const { seen, total } = await everyPage(params);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(total);
      expect(total).toBeGreaterThan(4);
    });
  }
});
