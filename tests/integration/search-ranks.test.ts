import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createProduct } from "~/seed/factories.server";
import { searchCatalogue } from "~/models/catalogue.server";
import { refreshSearchDocuments } from "~/models/search-documents.server";
import { parseCatalogueParams } from "~/utils/catalogue-params";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";

// Relevance reads the name tiers and the tie-breaks from product_ranks alone, so the triggers
// that keep it must leave it exactly as refresh_product_ranks would work it out from scratch.

async function ranks() {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT product_id, sold_out, sales, listed, name_terms::text, name_zh_key, name_en_key FROM product_ranks ORDER BY product_id`.execute(db());
  return rows;
}

/** product_ranks as refresh_product_ranks(NULL) would write it, worked out and rolled back. */
async function ranksFromScratch() {
  let fresh: Awaited<ReturnType<typeof ranks>> = [];
  await db()
    .transaction()
    .execute(async (trx) => {
      await sql`SELECT refresh_product_ranks(NULL)`.execute(trx);
      const { rows } = await sql<Record<string, unknown>>`
        SELECT product_id, sold_out, sales, listed, name_terms::text, name_zh_key, name_en_key FROM product_ranks ORDER BY product_id`.execute(trx);
      fresh = rows;
      throw new RollBack();
    })
    .catch((error) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return fresh;
}
class RollBack extends Error {}

async function search(q: string) {
  const { products } = await searchCatalogue(db(), { ...parseCatalogueParams(new URLSearchParams({ q })), locale: "zh", today: chinaToday() });
  return products.map((product) => product.slug);
}

describe("product_ranks", () => {
  it("follows every change of a product's listing, names, document and stock", async () => {
    const product = await createProduct(db(), { name_zh: "雪峰蜂巢蜜", name_en: "Snow Peak Comb Honey", variants: [{ stock_on_hand: 3 }] });
    expect(await search("雪峰蜂巢蜜")).toContain(product.slug);
    expect(await ranks()).toEqual(await ranksFromScratch());

    // Renamed: found by the new name once its document is rebuilt, not by the old one.
    await db().updateTable("products").set({ name_zh: "云岭土蜂蜜", name_en: "Cloud Ridge Wild Honey" }).where("id", "=", product.id).execute();
    await refreshSearchDocuments(db(), { productIds: [product.id] });
    expect(await search("云岭")).toContain(product.slug);
    expect(await search("雪峰")).not.toContain(product.slug);
    expect(await ranks()).toEqual(await ranksFromScratch());

    // Sold out, then archived: it ranks as sold out, then leaves the list.
    await db().updateTable("variants").set({ stock_on_hand: 0 }).where("product_id", "=", product.id).execute();
    expect(await ranks()).toEqual(await ranksFromScratch());
    await db().updateTable("products").set({ status: "archived" }).where("id", "=", product.id).execute();
    expect(await search("云岭")).not.toContain(product.slug);
    expect(await ranks()).toEqual(await ranksFromScratch());
  });

  it("has a row for every product, so no product is missing from the name tiers", async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM products p WHERE NOT EXISTS (SELECT 1 FROM product_ranks r WHERE r.product_id = p.id)`.execute(db());
    expect(rows[0]!.n).toBe(0);
  });
});

describe("relevance read from the front of its order", () => {
  // On the demo catalogue no tier is dense enough to read its order's index; with the threshold
  // at zero every name tier is, so the two ways must give the same pages for every judged query.
  const judged = z
    .object({ queries: z.array(z.object({ q: z.string(), locale: z.enum(["zh", "en"]) })) })
    .parse(JSON.parse(readFileSync(path.join(import.meta.dirname, "search-judged.json"), "utf8")));

  it("gives the same first page as ranking every match, for every judged query", async () => {
    for (const { q, locale } of judged.queries) {
      const options = { ...parseCatalogueParams(new URLSearchParams({ q })), locale, today: chinaToday(), pageSize: 5 };
      const ranked = await searchCatalogue(db(), options);
      const walked = await searchCatalogue(db(), { ...options, denseTier: 0 });
      expect(walked.products.map((p) => p.slug), q).toEqual(ranked.products.map((p) => p.slug));
      expect(walked.nextCursor, q).toEqual(ranked.nextCursor);
    }
  });
});
