import { describe, expect, it } from "vitest";
import type { Locale } from "~/i18n";
import { searchCatalogue } from "~/models/catalogue.server";
import { encodeCursor, parseCatalogueParams } from "~/utils/catalogue-params";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";

// The search stays relevant on the demo catalogue: the product whose name is exactly what
// was typed comes first, then names that contain it, then products that only mention it.

async function search(q: string, locale: Locale = "zh") {
  const query = parseCatalogueParams(new URLSearchParams({ q }));
  return searchCatalogue(db(), { ...query, locale, today: chinaToday() });
}

describe("search relevance on the demo catalogue", () => {
  it("puts the exact name first, then names containing it, shorter first", async () => {
    const page = await search("奉节脐橙");
    const names = page.products.map((p) => p.name);
    expect(names[0]).toBe("奉节脐橙");
    const containing = names.filter((name) => name.includes("奉节脐橙"));
    // Every name containing the query comes before every product that only mentions it elsewhere.
    expect(names.slice(0, containing.length)).toEqual(containing);
    expect(containing).toContain("奉节脐橙果干片");
    expect(names.indexOf("奉节脐橙")).toBeLessThan(names.indexOf("奉节脐橙果干片"));
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
