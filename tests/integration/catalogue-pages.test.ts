import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createBatch, createCertification, createProduct } from "~/seed/factories.server";
import { DEMO } from "~db/seed-data/fixtures";
import { monthOf } from "~/models/catalogue.server";
import { loader as notFoundLoader } from "~/routes/$";
import { loader as homeLoader } from "~/routes/_index";
import { loader as cooperativeLoader } from "~/routes/cooperatives.$slug";
import { loader as cooperativesLoader } from "~/routes/cooperatives._index";
import { loader as robotsLoader } from "~/routes/robots[.]txt";
import { loader as sitemapLoader } from "~/routes/sitemap[.]xml";
import { loader as traceLoader } from "~/routes/trace.$code";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { settle } from "../support/auth";

// Home, cooperatives, traceability, sitemap, robots and the catch-all 404.

const context = { cspNonce: "", clientAddress: "127.0.0.1" };
const request = (path: string) => new Request(`http://localhost${path}`);
// Loader data is read as plain JSON here: the assertions are the types.
type Json = any;

async function statusOf(run: () => unknown): Promise<number> {
  return (await settle(run)).status;
}

describe("home", () => {
  it("shows what is in season this China month, categories and cooperatives", async () => {
    const data: Json = await (await homeLoader({ request: request("/"), params: {}, context })).json();
    const month = monthOf(chinaToday());
    expect(data.picks.month).toBe(month);
    expect(data.picks.products.length).toBeGreaterThan(0);
    const rows = await db()
      .selectFrom("products")
      .select(["slug", "season_months", "status"])
      .where("slug", "in", data.picks.products.map((p: { slug: string }) => p.slug))
      .execute();
    if (data.picks.inSeason) expect(rows.every((r) => r.season_months.includes(month))).toBe(true);
    expect(rows.every((r) => r.status === "active")).toBe(true);
    expect(data.categories.map((c: { slug: string }) => c.slug)).toEqual([...DEMO.categories]);
    expect(data.categories.every((c: { productCount: number }) => c.productCount > 0)).toBe(true);
    expect(data.cooperatives.length).toBeGreaterThan(0);
    expect(data.seo.canonical).toBe(`${getEnv().publicUrl}/`);
  });

  it("falls back to the newest products when nothing is in season", async () => {
    const month = monthOf(chinaToday());
    const seasonal = await db()
      .selectFrom("products")
      .select(["id", "season_months"])
      .where(sql<boolean>`${month}::int = ANY (season_months)`)
      .execute();
    await db().updateTable("products").set({ season_months: [] }).where("id", "in", seasonal.map((r) => r.id)).execute();
    const data: Json = await (await homeLoader({ request: request("/?lang=en"), params: {}, context })).json();
    expect(data.picks.inSeason).toBe(false);
    const newest = await db()
      .selectFrom("products")
      .select("slug")
      .where("status", "=", "active")
      .orderBy("published_at", "desc")
      .orderBy("id", "desc")
      .limit(data.picks.products.length)
      .execute();
    expect(data.picks.products.map((p: { slug: string }) => p.slug)).toEqual(newest.map((r) => r.slug));
    for (const row of seasonal) await db().updateTable("products").set({ season_months: row.season_months }).where("id", "=", row.id).execute();
  });
});

describe("cooperatives", () => {
  it("lists every cooperative with its county, households, founding year and products on sale", async () => {
    const data: Json = await (await cooperativesLoader({ request: request("/cooperatives"), params: {}, context })).json();
    const count = await db().selectFrom("cooperatives").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(data.cooperatives).toHaveLength(Number(count.n));
    const fengjie = data.cooperatives.find((c: { slug: string }) => c.slug === DEMO.cooperatives.fengjie);
    expect(fengjie).toMatchObject({ county: "奉节县" });
    expect(fengjie.memberHouseholds).toBeGreaterThan(0);
    expect(fengjie.foundedYear).toBeGreaterThan(1949);
    expect(fengjie.productCount).toBeGreaterThan(0);
  });

  it("shows a cooperative's story, its active products and only its shown brands and certificates", async () => {
    const data: Json = await (
      await cooperativeLoader({ request: request(`/cooperatives/${DEMO.cooperatives.fengjie}?lang=en`), params: { slug: DEMO.cooperatives.fengjie }, context })
    ).json();
    const coop = data.cooperative;
    expect(coop.name).toMatch(/Cooperative/);
    expect(coop.county).toBe("Fengjie County");
    expect(coop.story.length).toBeGreaterThan(20);
    expect(coop.memberHouseholds).toBeGreaterThan(0);
    expect(coop.foundedYear).toBeGreaterThan(1949);
    expect(coop.products.map((p: { slug: string }) => p.slug)).toContain(DEMO.navelOrange.slug);
    const active = await db()
      .selectFrom("products")
      .innerJoin("cooperatives", "cooperatives.id", "products.cooperative_id")
      .select("products.slug")
      .where("cooperatives.slug", "=", DEMO.cooperatives.fengjie)
      .where("products.status", "=", "active")
      .execute();
    expect(coop.products.map((p: { slug: string }) => p.slug).sort()).toEqual(active.map((r) => r.slug).sort());
    expect(coop.brands.map((b: { registrationNumber: string }) => b.registrationNumber)).toContain(DEMO.navelOrange.brand.registrationNumber);
    const certNumbers = coop.certificates.map((c: { number: string }) => c.number);
    expect(certNumbers).toContain(DEMO.navelOrange.greenFood);
    expect(certNumbers).not.toContain(DEMO.navelOrange.expiredGi);
    expect(certNumbers).not.toContain(DEMO.pendingCertificationNumber);
    expect(data.seo.canonical).toBe(`${getEnv().publicUrl}/cooperatives/${DEMO.cooperatives.fengjie}`);
  });

  it("answers 404 for an unknown or malformed cooperative", async () => {
    for (const slug of ["no-such-coop", "UPPER", "a\u0000", "x".repeat(300)]) {
      expect(await statusOf(() => cooperativeLoader({ request: request(`/cooperatives/x`), params: { slug }, context })), slug).toBe(404);
    }
  });
});

describe("trace", () => {
  async function trace(code: string, search = ""): Promise<Json> {
    return (await traceLoader({ request: request(`/trace/${code}${search}`), params: { code }, context })).json();
  }

  it("shows the batch's product, cooperative, dates, plot and household", async () => {
    const batch = await db()
      .selectFrom("batches")
      .innerJoin("products", "products.id", "batches.product_id")
      .selectAll("batches")
      .where("products.slug", "=", DEMO.navelOrange.slug)
      .orderBy("harvested_on", "desc")
      .executeTakeFirstOrThrow();
    const data = await trace(batch.code);
    expect(data.batch).toMatchObject({
      code: batch.code,
      harvestedOn: batch.harvested_on,
      packedOn: batch.packed_on,
      bestBefore: batch.best_before,
      quantity: batch.quantity,
      plot: batch.plot_zh,
      household: batch.household_zh,
      product: { slug: DEMO.navelOrange.slug, name: DEMO.navelOrange.nameZh, county: "奉节县", onSale: true },
      cooperative: { slug: DEMO.cooperatives.fengjie, county: "奉节县" },
    });
    // Lower-case codes from a hand-typed URL still find it.
    expect((await trace(batch.code.toLowerCase())).batch.code).toBe(batch.code);
    const english = (await trace(batch.code, "?lang=en")).batch;
    expect(english.product.name).toBe(DEMO.navelOrange.nameEn);
    // Each language alone: the English page shows the English plot and household, never the Chinese beside it.
    expect([english.plot, english.household]).toEqual([batch.plot_en, batch.household_en]);
    expect(`${english.plot} ${english.household}`).not.toMatch(/\p{Script=Han}/u);
    expect(`${data.batch.plot} ${data.batch.household}`).not.toMatch(/[A-Za-z]{2,}/);
  });

  it("lists the certificates that were valid on the harvest day, not today's", async () => {
    const product = await createProduct(db());
    const today = chinaToday();
    const harvest = addDays(today, -60);
    const cert = (type: "green_food" | "organic" | "geographical_indication" | "pollution_free" | "other", issued: number, expires: number, status: "verified" | "pending" | "rejected" = "verified") =>
      createCertification(db(), { cooperative_id: product.cooperative_id, type, status, issued_on: addDays(harvest, issued), expires_on: addDays(harvest, expires) });
    const validThen = await cert("green_food", -100, 30); // expired since, but valid at harvest
    const onTheDay = await cert("organic", 0, 0 + 1); // issued on the harvest day
    const endsThatDay = await cert("geographical_indication", -300, 0); // expires on the harvest day
    const laterOne = await cert("pollution_free", 1, 900); // issued after the harvest
    const pending = await cert("other", -100, 900, "pending");
    await db()
      .insertInto("product_certifications")
      .values([validThen, onTheDay, endsThatDay, laterOne, pending].map((c) => ({ product_id: product.id, certification_id: c.id })))
      .execute();
    const batch = await createBatch(db(), { product_id: product.id, harvested_on: harvest });
    const data = await trace(batch.code);
    expect(data.batch.certificates.map((c: { number: string }) => c.number).sort()).toEqual(
      [validThen.number, onTheDay.number, endsThatDay.number].sort(),
    );
  });

  it("still traces an archived product's batch, without a link to a page that is gone", async () => {
    const archived = await db().selectFrom("products").select("id").where("slug", "=", DEMO.archived).executeTakeFirstOrThrow();
    const batch = await createBatch(db(), { product_id: archived.id, harvested_on: addDays(chinaToday(), -400) });
    expect((await trace(batch.code)).batch.product.onSale).toBe(false);
  });

  it("answers 404 for unknown codes, malformed codes and drafts", async () => {
    const draft = await db().selectFrom("products").select("id").where("slug", "=", DEMO.draft).executeTakeFirstOrThrow();
    const draftBatch = await createBatch(db(), { product_id: draft.id });
    const codes = ["NO-SUCH-BATCH", "x", "%", "a\u0000bcdef", "'; DROP TABLE batches; --", "Z".repeat(100), draftBatch.code];
    for (const code of codes) {
      expect(await statusOf(() => traceLoader({ request: request("/trace/x"), params: { code }, context })), code).toBe(404);
    }
  });
});

describe("sitemap.xml", () => {
  it("lists home, the catalogue, every active product and every cooperative with absolute URLs", async () => {
    const response = await sitemapLoader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const origin = getEnv().publicUrl;
    expect(locs.every((loc) => loc!.startsWith(`${origin}/`))).toBe(true);
    expect(locs).toEqual(expect.arrayContaining([`${origin}/`, `${origin}/products`, `${origin}/cooperatives`]));
    const active = await db().selectFrom("products").select("slug").where("status", "=", "active").execute();
    const coops = await db().selectFrom("cooperatives").select("slug").execute();
    for (const { slug } of active) expect(locs).toContain(`${origin}/products/${slug}`);
    for (const { slug } of coops) expect(locs).toContain(`${origin}/cooperatives/${slug}`);
    expect(locs).not.toContain(`${origin}/products/${DEMO.draft}`);
    expect(locs).not.toContain(`${origin}/products/${DEMO.archived}`);
    const stays = await db().selectFrom("stay_listings").select("slug").where("status", "=", "published").execute();
    for (const { slug } of stays) expect(locs).toContain(`${origin}/stays/${slug}`);
    expect(locs).toHaveLength(4 + active.length + coops.length + stays.length);
  });
});

describe("robots.txt", () => {
  it("allows the catalogue, keeps private areas out and points at the sitemap", async () => {
    const response = robotsLoader();
    expect(response.headers.get("Content-Type")).toMatch(/^text\/plain/);
    const text = await response.text();
    const lines = text.split("\n");
    expect(lines).toContain("User-agent: *");
    expect(lines).toContain("Allow: /products");
    for (const path of ["/cart", "/checkout", "/account", "/coop", "/staff", "/orders", "/pay", "/webhooks"]) {
      expect(lines).toContain(`Disallow: ${path}`);
    }
    expect(lines.some((line) => /^Disallow: \/(products|cooperatives|trace)?$/.test(line))).toBe(false);
    expect(lines).toContain(`Sitemap: ${getEnv().publicUrl}/sitemap.xml`);
  });
});

describe("unknown URLs", () => {
  it("answer 404 through the catch-all route", async () => {
    expect(await statusOf(() => notFoundLoader())).toBe(404);
  });
});
