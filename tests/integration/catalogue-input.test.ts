import { describe, expect, it } from "vitest";
import { createProduct } from "~/seed/factories.server";
import { DEMO } from "~db/seed-data/fixtures";
import { loader } from "~/routes/products._index";
import { db } from "~/utils/db.server";

// Whatever a stranger puts in the catalogue's URL: never a 500, parameters always bound,
// LIKE wildcards matched literally, nonsense dropped with a word about it.

const context = { cspNonce: "", clientAddress: "127.0.0.1" };

// Loader data is read as plain JSON here: the assertions are the types.
type Json = any;

async function get(query: string): Promise<{ status: number; data: Json }> {
  const response = await loader({ request: new Request(`http://localhost/products?${query}`), params: {}, context });
  return { status: response.status, data: await response.json() };
}

async function activeCount(): Promise<number> {
  const row = await db()
    .selectFrom("products")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "active")
    .where("price_from_fen", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("bad input", () => {
  it("ignores the brief's garbage list and shows the default first page", async () => {
    const { status, data } = await get("cursor=garbage&min=-5&sort=evil&q=");
    expect(status).toBe(200);
    expect(data.query).toMatchObject({ q: "", search: null, filters: {}, sort: "newest" });
    expect([...data.ignored].sort()).toEqual(["cursor", "min", "sort"]);
    expect(data.total).toBe(await activeCount());
    expect(data.onLaterPage).toBe(false);
  });

  it("answers a 10,000-character search", async () => {
    const { status, data } = await get(new URLSearchParams({ q: "脐".repeat(10_000) }).toString());
    expect(status).toBe(200);
    expect([...data.query.q].length).toBeLessThanOrEqual(100);
    const latin = await get(new URLSearchParams({ q: "navel ".repeat(2_000) }).toString());
    expect(latin.status).toBe(200);
  });

  it("answers searches made of wildcards, backslashes, quotes and NUL", async () => {
    const total = await activeCount();
    for (const raw of ["%", "_", "\\", "%%", "_%_", "\\%", "'", '"', "''", "\\\\'\"%_", "\u0000%"]) {
      const { status, data } = await get(new URLSearchParams({ q: raw }).toString());
      expect(status, JSON.stringify(raw)).toBe(200);
      // Nothing searchable: everything is shown, with a notice, rather than everything "matching" %.
      expect(data.total, JSON.stringify(raw)).toBe(total);
      expect(data.ignored, JSON.stringify(raw)).toContain("q");
    }
    // A NUL byte alone is removed, leaving an empty search: the plain first page.
    const nul = await get("q=%00");
    expect(nul.status).toBe(200);
    expect(nul.data.query.q).toBe("");
    expect(nul.data.total).toBe(total);
    expect((await get("q=%E8%84%90%00%E6%A9%99")).data.query.q).not.toContain("\u0000");
  });

  it("finds nothing, not everything, for words around wildcards", async () => {
    const { status, data } = await get(new URLSearchParams({ q: "zzq%" }).toString());
    expect(status).toBe(200);
    expect(data.total).toBe(0);
    const wrapped = (await get(new URLSearchParams({ q: "%脐橙%" }).toString())).data.products.map((p: { slug: string }) => p.slug);
    const plain = (await get(new URLSearchParams({ q: "脐橙" }).toString())).data.products.map((p: { slug: string }) => p.slug);
    expect([...wrapped].sort()).toEqual([...plain].sort());
    expect(plain[0]).toBe(DEMO.navelOrange.slug);
  });

  it("matches LIKE wildcards literally when ranking names", async () => {
    // Both names contain 绿 … 茶 with one character between; only one has a literal underscore.
    const literal = await createProduct(db(), { name_zh: "绿_茶礼盒", name_en: "Green underscore tea box" });
    const other = await createProduct(db(), { name_zh: "绿X茶礼盒", name_en: "Green x tea box" }); // newer: first on a tie
    const { data } = await get(new URLSearchParams({ q: "绿_茶" }).toString());
    const order = data.products.map((p: { slug: string }) => p.slug);
    expect(order).toContain(literal.slug);
    expect(order).toContain(other.slug);
    expect(order.indexOf(literal.slug)).toBeLessThan(order.indexOf(other.slug));
    const percent = await createProduct(db(), { name_zh: "百分百100%纯蜂蜜", name_en: "Pure honey 100%" });
    const plain = await createProduct(db(), { name_zh: "百分百1000纯蜂蜜", name_en: "Pure honey 1000" });
    const honey = (await get(new URLSearchParams({ q: "100%纯" }).toString())).data.products.map((p: { slug: string }) => p.slug);
    expect(honey.indexOf(percent.slug)).toBeGreaterThanOrEqual(0);
    expect(honey.indexOf(percent.slug)).toBeLessThan(honey.indexOf(plain.slug) === -1 ? Infinity : honey.indexOf(plain.slug));
  });

  it("binds parameters: SQL in any parameter is just text", async () => {
    const injections = ["'; DROP TABLE products; --", "' OR '1'='1", "1); DELETE FROM products; --", "$1", "\\'; SELECT pg_sleep(5); --"];
    for (const attack of injections) {
      for (const name of ["q", "category", "coop", "cert", "temp", "min", "max", "sort", "cursor"]) {
        const { status } = await get(new URLSearchParams({ [name]: attack }).toString());
        expect(status, `${name}=${attack}`).toBe(200);
      }
    }
    expect(await activeCount()).toBeGreaterThan(50);
  });

  it("ignores each nonsense filter value and says which", async () => {
    const cases: [string, string][] = [
      ["category=Fruit!", "category"],
      ["coop=%00", "coop"],
      ["cert=gold", "cert"],
      ["temp=warm", "temp"],
      ["min=abc", "min"],
      ["max=1e9", "max"],
      ["min=12.345", "min"],
      ["max=-1", "max"],
      ["sort=price", "sort"],
      ["cursor=eyJzIjoibmV3ZXN0In0", "cursor"],
    ];
    for (const [query, param] of cases) {
      const { status, data } = await get(query);
      expect(status, query).toBe(200);
      expect(data.ignored, query).toEqual([param]);
      expect(data.total, query).toBe(await activeCount());
    }
  });

  it("swaps a price range given the wrong way round", async () => {
    const swapped = await get("min=100&max=20");
    const right = await get("min=20&max=100");
    expect(swapped.status).toBe(200);
    expect(swapped.data.swappedPriceRange).toBe(true);
    expect(swapped.data.query.filters).toEqual({ minFen: 2000, maxFen: 10000 });
    expect(swapped.data.products.map((p: { slug: string }) => p.slug)).toEqual(right.data.products.map((p: { slug: string }) => p.slug));
  });

  it("ignores a cursor from another sort and starts at the first page", async () => {
    const first = await get("sort=price_asc");
    const cursor = new URL(first.data.nextPage, "http://localhost").searchParams.get("cursor")!;
    const { status, data } = await get(`sort=newest&cursor=${cursor}`);
    expect(status).toBe(200);
    expect(data.ignored).toEqual(["cursor"]);
    expect(data.onLaterPage).toBe(false);
  });

  it("does not let a next-page link carry ignored values along", async () => {
    const { data } = await get("sort=evil&min=-5&temp=hot&category=fruit");
    expect(data.nextPage === null || !/sort=|min=|temp=/.test(data.nextPage)).toBe(true);
    expect(data.firstPage).toBe("/products?category=fruit");
  });
});
