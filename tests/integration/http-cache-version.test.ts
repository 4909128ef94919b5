import { sql } from "kysely";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { database, db } from "~/utils/db.server";
import { catalogueMemo, catalogueWritesSettled, readCatalogueVersion } from "~/models/catalogue/version.server";
import { PERSONAL_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from "~/utils/http-cache.server";
import { publicPageCache } from "~/services/page-cache.server";

// The catalogue version and the ETag decision, against a real database: every change a
// catalogue page shows must produce a new tag, and nothing else may.

let productId: number;
let variantId: number;
let certificationId: number;

beforeAll(async () => {
  const cooperative = await db()
    .insertInto("cooperatives")
    .values({ slug: "cache-test-coop", name_zh: "缓存测试合作社", name_en: "Cache test cooperative", county_zh: "奉节县", county_en: "Fengjie County" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const category = await db()
    .insertInto("categories")
    .values({ slug: "cache-test-fruit", name_zh: "测试水果", name_en: "Test fruit" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const product = await db()
    .insertInto("products")
    .values({
      cooperative_id: cooperative.id,
      category_id: category.id,
      slug: "cache-test-orange",
      name_zh: "缓存测试脐橙",
      name_en: "Cache test navel orange",
      origin_county_zh: "奉节县",
      origin_county_en: "Fengjie County",
      shelf_life_days: 30,
      status: "active",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  productId = product.id;
  const variant = await db()
    .insertInto("variants")
    .values({ product_id: productId, sku: "CACHE-TEST-5KG", label_zh: "5 公斤", label_en: "5 kg", weight_grams: 5000, price_fen: 8800, stock_on_hand: 10 })
    .returning("id")
    .executeTakeFirstOrThrow();
  variantId = variant.id;
  const certification = await db()
    .insertInto("certifications")
    .values({
      cooperative_id: cooperative.id,
      type: "green_food",
      number: "LB-CACHE-TEST-0001",
      issuing_body: "中国绿色食品发展中心",
      issued_on: "2025-01-01",
      expires_on: "2028-01-01",
      status: "pending",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  certificationId = certification.id;
  await db().insertInto("product_certifications").values({ product_id: productId, certification_id: certificationId }).execute();
});

const page = "http://shop.test/products/cache-test-orange";

async function currentTag(url = page, headers: Record<string, string> = {}): Promise<string> {
  const cache = await publicPageCache(new Request(url, { headers }));
  const tag = cache.headers.get("ETag");
  expect(tag, "a settled catalogue gives an ETag").toBeTruthy();
  return tag!;
}

async function answers304(tag: string, url = page): Promise<boolean> {
  const cache = await publicPageCache(new Request(url, { headers: { "If-None-Match": tag } }));
  return cache.notModified !== null;
}

describe("catalogue version", () => {
  it("moves with every catalogue write and not otherwise", async () => {
    const before = await readCatalogueVersion();
    expect(await readCatalogueVersion()).toBe(before);
    await db().updateTable("variants").set({ price_fen: 9900 }).where("id", "=", variantId).execute();
    const afterPrice = await readCatalogueVersion();
    expect(afterPrice).toBeGreaterThan(before);
    // A write outside the catalogue (a rate-limit counter) leaves it alone.
    await db().insertInto("rate_limits").values({ key: "cache-test", window_started_at: new Date(), hits: 1 }).execute();
    expect(await readCatalogueVersion()).toBe(afterPrice);
  });
});

describe("publicPageCache", () => {
  it("marks an anonymous page public, with an ETag, varying on language and cookies", async () => {
    const cache = await publicPageCache(new Request(page));
    expect(cache.notModified).toBeNull();
    expect(cache.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
    expect(cache.headers.get("Vary")).toBe("Accept-Language, Cookie");
    expect(cache.headers.get("ETag")).toMatch(/^W\/"\d+-/);
  });

  it("answers a matching If-None-Match with a 304 carrying the same caching headers", async () => {
    const tag = await currentTag();
    const cache = await publicPageCache(new Request(page, { headers: { "If-None-Match": tag } }));
    expect(cache.notModified?.status).toBe(304);
    expect(cache.notModified?.headers.get("ETag")).toBe(tag);
    expect(cache.notModified?.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
    expect(cache.notModified?.headers.get("Vary")).toBe("Accept-Language, Cookie");
    expect(await cache.notModified?.text()).toBe("");
  });

  it("gives each URL and each language its own tag", async () => {
    const tag = await currentTag();
    expect(await answers304(tag, `${page}?lang=en`)).toBe(false);
    expect(await answers304(tag, "http://shop.test/products/another")).toBe(false);
    const english = await currentTag(page, { "Accept-Language": "en-US,en;q=0.9" });
    expect(english).not.toBe(tag);
  });

  it("issues a new tag after a price change", async () => {
    const tag = await currentTag();
    await db().updateTable("variants").set({ price_fen: 10800 }).where("id", "=", variantId).execute();
    expect(await answers304(tag)).toBe(false);
    expect(await currentTag()).not.toBe(tag);
  });

  it("issues a new tag after a stock change", async () => {
    const tag = await currentTag();
    await db()
      .updateTable("variants")
      .set({ stock_on_hand: sql<number>`stock_on_hand - 1` })
      .where("id", "=", variantId)
      .execute();
    expect(await answers304(tag)).toBe(false);
  });

  it("issues a new tag after a certificate is verified", async () => {
    const tag = await currentTag();
    await db().updateTable("certifications").set({ status: "verified", reviewed_at: new Date() }).where("id", "=", certificationId).execute();
    expect(await answers304(tag)).toBe(false);
  });

  it("issues a new tag when a certificate is unlinked from the product", async () => {
    const tag = await currentTag();
    await db().deleteFrom("product_certifications").where("product_id", "=", productId).execute();
    expect(await answers304(tag)).toBe(false);
  });

  it("computes a remembered value once for callers arriving together, and again after a catalogue write", async () => {
    const remember = catalogueMemo<number>();
    let computed = 0;
    const compute = async () => {
      computed += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return computed;
    };
    const together = await Promise.all(Array.from({ length: 20 }, () => remember(db(), "key", compute)));
    expect(computed).toBe(1);
    expect(new Set(together)).toEqual(new Set([1]));
    expect(await remember(db(), "key", compute)).toBe(1);
    await db().updateTable("products").set({ updated_at: sql`now()` }).where("id", "=", productId).execute();
    expect(await remember(db(), "key", compute)).toBe(2);
  });

  it("keeps the tag when nothing changed", async () => {
    const tag = await currentTag();
    expect(await answers304(tag)).toBe(true);
    expect(await answers304(`W/"0-nothing", ${tag}`)).toBe(true);
  });

  it("makes a page private and never confirms an anonymous tag when the visitor carries a cookie", async () => {
    const tag = await currentTag();
    const cache = await publicPageCache(new Request(page, { headers: { Cookie: "shanshui_session=someone", "If-None-Match": tag } }));
    expect(cache.notModified).toBeNull();
    expect(cache.headers.get("Cache-Control")).toBe(PERSONAL_CACHE_CONTROL);
    expect(cache.headers.get("ETag")).not.toBe(tag);
  });

  it("leaves a language-only cookie anonymous", async () => {
    const cache = await publicPageCache(new Request(page, { headers: { Cookie: "lng=ImVuIg%3D%3D" } }));
    expect(cache.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
  });
});

describe("uncommitted catalogue writes", () => {
  it("withholds the ETag while a writer has bumped the version but not committed", async (context) => {
    const handle = database();
    if (handle.kind !== "postgres") {
      // PGlite runs one transaction at a time: no reader can see a writer half-way.
      expect(await catalogueWritesSettled()).toBe(true);
      context.skip();
      return;
    }
    const connection = await openSecondConnection();
    try {
      await connection.query("BEGIN");
      await connection.query("UPDATE variants SET price_fen = price_fen + 1 WHERE id = $1", [variantId]);
      expect(await catalogueWritesSettled()).toBe(false);
      const cache = await publicPageCache(new Request(page));
      expect(cache.headers.get("ETag")).toBeNull();
      expect(cache.headers.get("Cache-Control")).toBe(PUBLIC_CACHE_CONTROL);
      await connection.query("COMMIT");
      expect(await catalogueWritesSettled()).toBe(true);
      expect(await currentTag()).toBeTruthy();
    } finally {
      await connection.end();
    }
  });
});

/** Another session on this test file's database, to hold a transaction open beside the app's pool. */
async function openSecondConnection(): Promise<pg.Client> {
  const { rows } = await sql<{ db: string }>`SELECT current_database() AS db`.execute(db());
  const base = new URL(process.env.TEST_DATABASE_URL!);
  base.pathname = `/${rows[0]!.db}`;
  const client = new pg.Client({ connectionString: base.toString() });
  await client.connect();
  return client;
}
