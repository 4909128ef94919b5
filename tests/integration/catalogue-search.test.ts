import { sql, type KyselyPlugin } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createCertification, createProduct } from "~/seed/factories.server";
import { DEMO } from "~db/seed-data/fixtures";
import { searchCatalogue, type ProductCard } from "~/models/catalogue.server";
import { loader } from "~/routes/products._index";
import { parseCatalogueParams } from "~/utils/catalogue-params";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";

// The catalogue list against the seeded demo data: search in both languages, every
// filter, every sort, and keyset pagination that neither repeats nor skips.

const context = { cspNonce: "", clientAddress: "127.0.0.1" };

// Loader data is read as plain JSON here: the assertions are the types.
type Json = any;

async function list(search: string): Promise<Json> {
  const response = await loader({ request: new Request(`http://localhost/products${search}`), params: {}, context });
  expect(response.status).toBe(200);
  return response.json();
}

const slugs = (products: readonly { slug: string }[]) => products.map((p) => p.slug);

/** Every public product, straight from the table, for comparisons. */
async function publicProducts() {
  return db()
    .selectFrom("products")
    .select(["id", "slug", "search_text", "price_from_fen", "published_at", "category_id", "cooperative_id", "temperature_class"])
    .where("status", "=", "active")
    .where("price_from_fen", "is not", null)
    .execute();
}

/** All pages of a query, walked through the model with a small page size. */
async function walk(search: string, pageSize: number): Promise<{ pages: ProductCard[][]; total: number }> {
  const query = parseCatalogueParams(new URLSearchParams(search));
  const pages: ProductCard[][] = [];
  let cursor = query.cursor;
  let total = 0;
  for (let guard = 0; guard < 200; guard++) {
    const page = await searchCatalogue(db(), { ...query, cursor, locale: "zh", today: chinaToday(), pageSize });
    pages.push(page.products);
    total = page.total;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { pages, total };
}

async function unpaginated(search: string): Promise<ProductCard[]> {
  const query = parseCatalogueParams(new URLSearchParams(search));
  const page = await searchCatalogue(db(), { ...query, locale: "zh", today: chinaToday(), pageSize: 100 });
  expect(page.nextCursor).toBeNull();
  return page.products;
}

describe("search", () => {
  it("finds 脐橙 with the Fengjie navel orange first", async () => {
    const data = await list(`?q=${encodeURIComponent("脐橙")}`);
    expect(data.products[0].slug).toBe(DEMO.navelOrange.slug);
    expect(data.products[0].name).toBe(DEMO.navelOrange.nameZh);
    expect(data.query.sort).toBe("relevance");
    expect(data.total).toBe(data.products.length);
    // Products named 脐橙 come before products that only mention it.
    const rows = await publicProducts();
    const named = new Set(
      (await db().selectFrom("products").select("slug").where(sql<boolean>`name_zh LIKE '%脐橙%'`).execute()).map((r) => r.slug),
    );
    const order = slugs(data.products).map((slug) => named.has(slug));
    expect(order).toEqual([...order].sort((a, b) => Number(b) - Number(a)));
    // Searched by words: everything that names or describes 脐橙 is found (and, through the synonym
    // group of 橙子, other oranges after them).
    expect(slugs(data.products)).toEqual(expect.arrayContaining(rows.filter((r) => r.search_text.includes("脐橙")).map((r) => r.slug)));
  });

  it("finds a two-character query: 花椒", async () => {
    const data = await list(`?q=${encodeURIComponent("花椒")}`);
    expect(slugs(data.products)).toContain(DEMO.pepper.slug);
    const named = await db().selectFrom("products").select("slug").where("status", "=", "active").where("price_from_fen", "is not", null).where("name_zh", "like", "%花椒%").execute();
    expect(slugs(data.products)).toEqual(expect.arrayContaining(named.map((r) => r.slug)));
    // A word, not two characters: 潼南小榨菜籽油 holds 榨菜 as characters only, and is not found by it.
    const zhacai = await list(`?q=${encodeURIComponent("榨菜")}`);
    expect(slugs(zhacai.products)).not.toContain("tongnan-rapeseed-oil");
  });

  it("finds a single character", async () => {
    const single = await list(`?q=${encodeURIComponent("椒")}`);
    const pair = await list(`?q=${encodeURIComponent("花椒")}`);
    expect(single.total).toBeGreaterThan(0);
    expect(pair.total).toBeGreaterThan(0);
    // A single character is found in any name word that holds it.
    const named = await db().selectFrom("products").select("slug").where("status", "=", "active").where("price_from_fen", "is not", null).where("name_zh", "like", "%椒%").execute();
    expect(slugs(single.products)).toEqual(expect.arrayContaining(named.map((r) => r.slug)));
  });

  it("finds English in any case, the navel orange first", async () => {
    const lower = await list("?q=navel+orange");
    const mixed = await list("?q=NAVEL+Orange");
    expect(lower.products[0].slug).toBe(DEMO.navelOrange.slug);
    expect(slugs(mixed.products)).toEqual(slugs(lower.products));
    expect(lower.total).toBeGreaterThanOrEqual(2);
    const rows = await publicProducts();
    const expected = rows.filter((r) => r.search_text.includes("navel") && r.search_text.includes("orange"));
    expect(slugs(lower.products)).toEqual(expect.arrayContaining(slugs(expected)));
  });

  it("puts an exact name first", async () => {
    const data = await list(`?q=${encodeURIComponent(DEMO.pepper.nameZh)}`);
    expect(data.products[0].slug).toBe(DEMO.pepper.slug);
    const english = await list(`?q=${encodeURIComponent(DEMO.pepper.nameEn.toUpperCase())}`);
    expect(english.products[0].slug).toBe(DEMO.pepper.slug);
  });

  it("searches descriptions too", async () => {
    const rows = await publicProducts();
    // "长江" appears in descriptions, not in any product name.
    const data = await list(`?q=${encodeURIComponent("长江")}`);
    expect(data.total).toBeGreaterThan(0);
    expect(data.total).toBe(rows.filter((r) => r.search_text.includes("长江")).length);
  });

  it("never lists drafts or archived products", async () => {
    const hidden = await db().selectFrom("products").select(["slug", "name_zh"]).where("slug", "in", [DEMO.draft, DEMO.archived]).execute();
    expect(hidden).toHaveLength(2);
    for (const product of hidden) {
      const data = await list(`?q=${encodeURIComponent(product.name_zh)}`);
      expect(slugs(data.products)).not.toContain(product.slug);
    }
    const all = await unpaginated("");
    expect(slugs(all)).not.toContain(DEMO.draft);
    expect(slugs(all)).not.toContain(DEMO.archived);
    expect(all).toHaveLength((await publicProducts()).length);
  });
});

describe("filters", () => {
  it("filters by category slug", async () => {
    const data = await list("?category=fruit");
    const fruit = await db().selectFrom("categories").select("id").where("slug", "=", "fruit").executeTakeFirstOrThrow();
    const rows = await publicProducts();
    expect(slugs(data.products).sort()).toEqual(rows.filter((r) => r.category_id === fruit.id).map((r) => r.slug).sort());
    expect((await list("?category=no-such-category")).total).toBe(0);
  });

  it("filters by cooperative slug", async () => {
    const data = await list(`?coop=${DEMO.cooperatives.fengjie}`);
    const coop = await db().selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.fengjie).executeTakeFirstOrThrow();
    const rows = await publicProducts();
    expect(slugs(data.products).sort()).toEqual(rows.filter((r) => r.cooperative_id === coop.id).map((r) => r.slug).sort());
    expect(slugs(data.products)).toContain(DEMO.navelOrange.slug);
  });

  it("filters by temperature", async () => {
    const rows = await publicProducts();
    for (const temp of ["ambient", "chilled", "frozen"] as const) {
      const data = await list(`?temp=${temp}`);
      expect(data.total, temp).toBe(rows.filter((r) => r.temperature_class === temp).length);
    }
  });

  it("filters by price in yuan against the cheapest size", async () => {
    const rows = await publicProducts();
    const data = await list("?min=50&max=100");
    expect(data.total).toBe(rows.filter((r) => r.price_from_fen! >= 5000 && r.price_from_fen! <= 10000).length);
    expect(data.products.every((p: ProductCard) => p.priceFromFen >= 5000 && p.priceFromFen <= 10000)).toBe(true);
    // The navel orange costs ¥79.90: a bound of exactly that includes it.
    const exact = await list("?min=79.9&max=79.90");
    expect(slugs(exact.products)).toContain(DEMO.navelOrange.slug);
    expect(slugs(exact.products).sort()).toEqual(rows.filter((r) => r.price_from_fen === 7990).map((r) => r.slug).sort());
  });

  it("counts only verified, unexpired certificates", async () => {
    const green = await list("?cert=green_food");
    expect(slugs(green.products)).toContain(DEMO.navelOrange.slug);
    // The navel orange's geographical indication expired: it is not a GI product today.
    const gi = await list("?cert=geographical_indication");
    expect(gi.total).toBeGreaterThan(0);
    expect(slugs(gi.products)).not.toContain(DEMO.navelOrange.slug);
    const today = chinaToday();
    const expected = await db()
      .selectFrom("products as p")
      .select("p.slug")
      .distinct()
      .innerJoin("product_certifications as pc", "pc.product_id", "p.id")
      .innerJoin("certifications as c", "c.id", "pc.certification_id")
      .where("p.status", "=", "active")
      .where("c.type", "=", "geographical_indication")
      .where("c.status", "=", "verified")
      .where("c.expires_on", ">=", today)
      .execute();
    expect(slugs(gi.products).sort()).toEqual(slugs(expected).sort());
  });

  it("combines filters with a search", async () => {
    const data = await list(`?q=${encodeURIComponent("橙")}&coop=${DEMO.cooperatives.fengjie}&cert=green_food&max=100`);
    expect(slugs(data.products)).toEqual([DEMO.navelOrange.slug]);
  });
});

describe("sorts", () => {
  it("sorts newest first by publication", async () => {
    const all = await unpaginated("");
    const rows = new Map((await publicProducts()).map((r) => [r.id, r]));
    const times = all.map((p) => rows.get(p.id)!.published_at!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("sorts by price both ways, ties by id", async () => {
    const ascending = await unpaginated("?sort=price_asc");
    const keys = ascending.map((p) => [p.priceFromFen, p.id] as const);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    const descending = await unpaginated("?sort=price_desc");
    expect(descending.map((p) => p.priceFromFen)).toEqual([...ascending.map((p) => p.priceFromFen)].reverse());
  });

  it("defaults to relevance with a search and to newest without", async () => {
    expect((await list("?q=orange")).query.sort).toBe("relevance");
    expect((await list("")).query.sort).toBe("newest");
    expect((await list("?q=orange&sort=price_asc")).query.sort).toBe("price_asc");
  });
});

describe("keyset pagination", () => {
  beforeAll(async () => {
    // Ties the sorts must break by id: the same publication time (to the microsecond, which
    // a JS Date cannot hold), the same price; and an active product never given a publication time.
    const coop = await db().selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.wushan).executeTakeFirstOrThrow();
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await createProduct(db(), {
          cooperative_id: coop.id,
          name_zh: `山地脆桃 ${i}`,
          name_en: `Mountain Peach ${i}`,
          variants: [{ price_fen: 7990 }],
        }),
      );
    }
    const ids = made.map((p) => p.id);
    await sql`UPDATE products SET published_at = '2026-06-01 08:00:00.123456+00' WHERE id IN (${sql.join(ids.slice(0, 3))})`.execute(db());
    await sql`UPDATE products SET published_at = '2026-06-01 08:00:00.123457+00' WHERE id = ${ids[3]}`.execute(db());
    await sql`UPDATE products SET published_at = '2026-06-01 08:00:00.123455+00' WHERE id = ${ids[4]}`.execute(db());
    await sql`UPDATE products SET published_at = NULL WHERE id IN (${sql.join(ids.slice(5))})`.execute(db());
  });

  const cases: [string, string][] = [
    ["newest", ""],
    ["price_asc", "?sort=price_asc"],
    ["price_desc", "?sort=price_desc"],
    ["relevance", `?q=${encodeURIComponent("桃")}`],
    ["relevance (english)", "?q=a"],
    ["filtered newest", "?category=fruit&max=200"],
  ];

  for (const [name, search] of cases) {
    it(`walks every page of ${name} without repeats or gaps`, async () => {
      const full = await unpaginated(search);
      expect(full.length).toBeGreaterThan(5);
      for (const pageSize of [1, 4, 7]) {
        const { pages, total } = await walk(search, pageSize);
        const walked = pages.flat();
        expect(total).toBe(full.length);
        expect(slugs(walked)).toEqual(slugs(full));
        expect(new Set(walked.map((p) => p.id)).size).toBe(walked.length);
        expect(pages.slice(0, -1).every((page) => page.length === pageSize)).toBe(true);
      }
    });
  }

  it("follows the loader's next-page links to the end", async () => {
    const full = await unpaginated("");
    const seen: string[] = [];
    let href: string | null = "/products";
    let first = true;
    while (href) {
      const data = await list(href.replace(/^\/products/, ""));
      expect(data.total).toBe(full.length);
      expect(data.onLaterPage).toBe(!first);
      seen.push(...slugs(data.products));
      href = data.nextPage;
      first = false;
    }
    expect(seen).toEqual(slugs(full));
  });

  it("relevance cursors keep the rank, so pages never mix ranks up", async () => {
    const full = await unpaginated(`?q=${encodeURIComponent("脐橙")}`);
    const { pages } = await walk(`?q=${encodeURIComponent("脐橙")}`, 1);
    expect(pages.flat().map((p) => p.slug)).toEqual(slugs(full));
    expect(pages[0]![0]!.slug).toBe(DEMO.navelOrange.slug);
  });

  it("a product added between pages does not shift the next page", async () => {
    const search = "?sort=price_asc";
    const query = parseCatalogueParams(new URLSearchParams(search));
    const first = await searchCatalogue(db(), { ...query, locale: "zh", today: chinaToday(), pageSize: 5 });
    await createProduct(db(), { variants: [{ price_fen: 1 }] }); // cheapest of all: belongs before page one
    const second = await searchCatalogue(db(), { ...query, cursor: first.nextCursor, locale: "zh", today: chinaToday(), pageSize: 5 });
    const full = await unpaginated(search);
    expect(slugs([...first.products, ...second.products])).toEqual(slugs(full.slice(1, 11)));
  });
});

describe("queries per page", () => {
  it("reads a page in the same few queries whatever its size", async () => {
    let queries = 0;
    // Executed catalogue queries only: compiling a query is not running it, and the cache's
    // raw reads of the catalogue version are bookkeeping, not catalogue queries.
    const catalogueQueries = new Set<unknown>();
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        if (args.node.kind !== "RawNode") catalogueQueries.add(args.queryId);
        return args.node;
      },
      transformResult: async (args) => {
        if (catalogueQueries.has(args.queryId)) queries += 1;
        return args.result;
      },
    };
    const counted = db().withPlugin(counter);
    const run = async (search: string, pageSize: number) => {
      queries = 0;
      const query = parseCatalogueParams(new URLSearchParams(search));
      const page = await searchCatalogue(counted, { ...query, locale: "en", today: chinaToday(), pageSize });
      expect(page.products.length).toBeGreaterThan(1);
      return queries;
    };
    // A list: its page, the cards, the badges and the count (remembered once counted).
    for (const pageSize of [5, 60]) expect(await run("?sort=price_asc&cert=green_food", pageSize)).toBeLessThanOrEqual(4);
    // A relevance search adds a query per rank it reaches, never one per product.
    const small = await run("?q=a&cert=green_food", 5);
    const large = await run("?q=a&cert=green_food", 60);
    expect(small).toBeLessThanOrEqual(7);
    expect(large).toBeLessThanOrEqual(7);
  });
});

describe("badges on cards", () => {
  it("show only verified, unexpired certificate types and vanish the day after expiry", async () => {
    const product = await createProduct(db(), { name_zh: "徽章测试蜂蜜", name_en: "Badge Test Honey" });
    const valid = await createCertification(db(), { cooperative_id: product.cooperative_id, type: "organic" });
    const pending = await createCertification(db(), { cooperative_id: product.cooperative_id, type: "pollution_free", status: "pending" });
    const rejected = await createCertification(db(), { cooperative_id: product.cooperative_id, type: "other", status: "rejected" });
    await db()
      .insertInto("product_certifications")
      .values([valid, pending, rejected].map((c) => ({ product_id: product.id, certification_id: c.id })))
      .execute();
    const card = async () => (await list(`?q=${encodeURIComponent("徽章测试")}`)).products[0] as ProductCard;
    expect((await card()).badges).toEqual(["organic"]);
    expect(slugs((await list("?cert=organic")).products)).toContain(product.slug);

    await db().updateTable("certifications").set({ expires_on: chinaToday() }).where("id", "=", valid.id).execute();
    expect((await card()).badges).toEqual(["organic"]); // still valid all of its last day
    await db().updateTable("certifications").set({ expires_on: addDays(chinaToday(), -1) }).where("id", "=", valid.id).execute();
    expect((await card()).badges).toEqual([]);
    expect(slugs((await list("?cert=organic")).products)).not.toContain(product.slug);
    expect(slugs((await list("?cert=pollution_free")).products)).not.toContain(product.slug);
    expect(slugs((await list("?cert=other")).products)).not.toContain(product.slug);
  });
});

describe("the list page's other data", () => {
  it("offers categories and cooperatives for the filters, localized", async () => {
    const zh = await list("");
    expect(zh.categories.map((c: { slug: string }) => c.slug)).toEqual([...DEMO.categories]);
    expect(zh.cooperatives.map((c: { slug: string }) => c.slug)).toContain(DEMO.cooperatives.fengjie);
    const en = await list("?lang=en&q=navel+orange");
    expect(en.products[0].name).toBe(DEMO.navelOrange.nameEn);
    expect(en.categories.find((c: { slug: string }) => c.slug === "fruit").name).toBe("Fruit");
  });

  it("has a canonical URL without the query and keeps searches out of the index", async () => {
    const data = await list("?q=orange&category=fruit");
    expect(data.seo.canonical).toMatch(/^https?:\/\/[^/]+\/products$/);
    expect(data.seo.noindex).toBe(true);
    expect((await list("")).seo.noindex).toBe(false);
  });
});

describe("an empty result", () => {
  it("reports zero and no next page", async () => {
    const data = await list(`?q=${encodeURIComponent("不存在的东西")}&cert=organic`);
    expect(data.total).toBe(0);
    expect(data.products).toEqual([]);
    expect(data.nextPage).toBeNull();
  });
});

