import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createBatch, createBrand, createCertification, createProduct } from "~/seed/factories.server";
import { DEMO } from "~db/seed-data/fixtures";
import type { CertificationType, ReviewStatus } from "~db/schema";
import { JsonLd } from "~/components/catalogue/json-ld";
import { isShownToShoppers } from "~/models/trust";
import { loader } from "~/routes/products.$slug";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { settle } from "../support/auth";

// The product page loader against the seeded data: what it shows, what it must never
// show (pending, rejected, expired certificates), and the JSON-LD built from the same data.

const context = { cspNonce: "", clientAddress: "127.0.0.1" };

// Loader data is read as plain JSON here: the assertions are the types.
type Json = any;

async function page(slug: string, search = ""): Promise<Json> {
  const response = await loader({ request: new Request(`http://localhost/products/${slug}${search}`), params: { slug }, context });
  expect(response.status).toBe(200);
  return response.json();
}

async function statusOf(slug: string): Promise<number> {
  return (await settle(loader({ request: new Request(`http://localhost/products/${encodeURIComponent(slug)}`), params: { slug }, context }))).status;
}

const numbers = (data: Json) => data.product.certificates.map((c: { number: string }) => c.number);

describe("the navel orange page", () => {
  it("shows the brand with its registration number and Nice class", async () => {
    const data = await page(DEMO.navelOrange.slug);
    expect(data.product.name).toBe(DEMO.navelOrange.nameZh);
    expect(data.product.brand).toMatchObject({
      name: DEMO.navelOrange.brand.name,
      registrationNumber: DEMO.navelOrange.brand.registrationNumber,
      niceClass: DEMO.navelOrange.brand.niceClass,
    });
  });

  it("shows the verified green food certificate with everything needed to check it, and not the expired GI", async () => {
    const data = await page(DEMO.navelOrange.slug);
    expect(numbers(data)).toContain(DEMO.navelOrange.greenFood);
    expect(numbers(data)).not.toContain(DEMO.navelOrange.expiredGi);
    const green = data.product.certificates.find((c: { number: string }) => c.number === DEMO.navelOrange.greenFood);
    expect(green).toMatchObject({ type: "green_food", issuingBody: "中国绿色食品发展中心" });
    expect(green.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(green.expiresOn >= chinaToday()).toBe(true);
    expect(green.verifiedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("lists its sizes with prices, stock and the selected one in the URL", async () => {
    const data = await page(DEMO.navelOrange.slug);
    expect(data.product.variants.map((v: { sku: string }) => v.sku)).toEqual([...DEMO.navelOrange.skus]);
    expect(data.product.variants[0]).toMatchObject({ priceFen: 7990, stock: "in_stock" });
    expect(data.selectedSku).toBe(DEMO.navelOrange.skus[0]);
    const chosen = await page(DEMO.navelOrange.slug, `?variant=${DEMO.navelOrange.skus[1]}`);
    expect(chosen.selectedSku).toBe(DEMO.navelOrange.skus[1]);
    expect(chosen.redirectTo).toBe(`/products/${DEMO.navelOrange.slug}?variant=${DEMO.navelOrange.skus[1]}`);
    // A size that does not exist (or is not a SKU at all) falls back to the default.
    for (const bad of ["NOPE-1", "fj-navel-5kg", "%00", "'"]) {
      expect((await page(DEMO.navelOrange.slug, `?variant=${encodeURIComponent(bad)}`)).selectedSku).toBe(DEMO.navelOrange.skus[0]);
    }
  });

  it("links its latest batch and its cooperative", async () => {
    const data = await page(DEMO.navelOrange.slug);
    const latest = await db()
      .selectFrom("batches")
      .innerJoin("products", "products.id", "batches.product_id")
      .select(["batches.code", "batches.harvested_on", "batches.best_before"])
      .where("products.slug", "=", DEMO.navelOrange.slug)
      .orderBy("batches.harvested_on", "desc")
      .executeTakeFirstOrThrow();
    expect(data.product.latestBatch).toMatchObject({ code: latest.code, harvestedOn: latest.harvested_on, bestBefore: latest.best_before });
    expect(data.product.cooperative.slug).toBe(DEMO.cooperatives.fengjie);
  });

  it("shows the illustration when there are no photos, and photos when there are", async () => {
    const before = await page(DEMO.navelOrange.slug);
    expect(before.product.pictures).toEqual([{ kind: "illustration", src: "/images/produce/orange.svg", alt: DEMO.navelOrange.nameZh }]);
    const product = await db().selectFrom("products").select("id").where("slug", "=", DEMO.navelOrange.slug).executeTakeFirstOrThrow();
    await db()
      .insertInto("product_images")
      .values([
        { product_id: product.id, position: 1, storage_key: "test-second", alt_zh: "第二张", alt_en: "Second", width: 1024, height: 768 },
        { product_id: product.id, position: 0, storage_key: "test-first", alt_zh: "树上的脐橙", alt_en: "Oranges on the tree", width: 1024, height: 768 },
      ])
      .execute();
    const after = await page(DEMO.navelOrange.slug, "?lang=en");
    expect(after.product.pictures.map((p: Json) => p.storageKey)).toEqual(["test-first", "test-second"]);
    expect(after.product.pictures[0].alt).toBe("Oranges on the tree");
    expect(after.productJsonLd.image[0]).toBe(`${getEnv().publicUrl}/uploads/images/test-first-1024.webp`);
    await db().deleteFrom("product_images").where("product_id", "=", product.id).execute();
  });

  it("speaks English with ?lang=en", async () => {
    const data = await page(DEMO.navelOrange.slug, "?lang=en");
    expect(data.product.name).toBe(DEMO.navelOrange.nameEn);
    expect(data.product.category.name).toBe("Fruit");
    expect(data.seo.locale).toBe("en");
    expect(data.trail[0].name).toBe("Home");
  });

  it("has a canonical URL of the public origin and the path, whatever the query", async () => {
    const data = await page(DEMO.navelOrange.slug, `?variant=${DEMO.navelOrange.skus[1]}&lang=en&utm_source=x`);
    expect(data.seo.canonical).toBe(`${getEnv().publicUrl}/products/${DEMO.navelOrange.slug}`);
    expect(data.seo.type).toBe("product");
    expect(data.seo.image).toBe(`${getEnv().publicUrl}/images/produce/orange.svg`);
    expect(data.seo.description.length).toBeLessThanOrEqual(160);
  });
});

describe("JSON-LD", () => {
  it("mirrors the page: name, brand, one offer per size, the certificates shown", async () => {
    const data = await page(DEMO.navelOrange.slug, `?variant=${DEMO.navelOrange.skus[1]}`);
    const ld = data.productJsonLd;
    expect(ld["@type"]).toBe("Product");
    expect(ld.name).toBe(data.product.name);
    expect(ld.description).toBe(data.product.description);
    expect(ld.sku).toBe(DEMO.navelOrange.skus[1]);
    expect(ld.brand).toEqual({ "@type": "Brand", name: DEMO.navelOrange.brand.name });
    expect(ld.offers.map((o: { sku: string }) => o.sku)).toEqual(data.product.variants.map((v: { sku: string }) => v.sku));
    expect(ld.offers[0]).toMatchObject({ price: "79.90", priceCurrency: "CNY", availability: "https://schema.org/InStock" });
    expect(ld.offers[1]).toMatchObject({ price: "149.00", priceCurrency: "CNY" });
    expect(ld.hasCertification.map((c: { identifier: string }) => c.identifier)).toEqual(numbers(data));
    expect(ld.hasCertification[0]).toMatchObject({
      "@type": "Certification",
      issuedBy: { "@type": "Organization", name: data.product.certificates[0].issuingBody },
      validFrom: data.product.certificates[0].issuedOn,
      expires: data.product.certificates[0].expiresOn,
    });
    expect(JSON.stringify(ld)).not.toContain(DEMO.navelOrange.expiredGi);
    expect(data.breadcrumbJsonLd.itemListElement.at(-1).item).toBe(data.seo.canonical);
  });

  it("renders into a script that a product name cannot break out of", async () => {
    const product = await createProduct(db(), { name_zh: "</script><script>alert(1)</script>", name_en: "Sneaky & <b>bold</b>" });
    const data = await page(product.slug);
    const html = renderToString(createElement(JsonLd, { data: data.productJsonLd }));
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain("<script>alert");
    const json = html.replace(/^<script type="application\/ld\+json">/, "").replace(/<\/script>$/, "");
    expect(JSON.parse(json).name).toBe("</script><script>alert(1)</script>");
  });
});

describe("stock states", () => {
  it("says sold out when nothing is left, for every size", async () => {
    const data = await page(DEMO.soldOut);
    expect(data.product.variants.length).toBeGreaterThan(0);
    expect(data.product.variants.every((v: { stock: string; available: number }) => v.stock === "sold_out" && v.available === 0)).toBe(true);
    expect(data.productJsonLd.offers.every((o: { availability: string }) => o.availability === "https://schema.org/OutOfStock")).toBe(true);
  });

  it("says only N left for one to five units", async () => {
    const data = await page(DEMO.lowStock);
    const low = data.product.variants.find((v: { stock: string }) => v.stock === "low_stock");
    expect(low.available).toBeGreaterThanOrEqual(1);
    expect(low.available).toBeLessThanOrEqual(5);
    expect(data.productJsonLd.offers.find((o: { sku: string }) => o.sku === low.sku).availability).toBe("https://schema.org/LimitedAvailability");
  });

  it("counts reserved stock as gone", async () => {
    const product = await createProduct(db(), { variants: [{ stock_on_hand: 10 }] });
    const sku = product.variants[0]!.sku;
    await db().updateTable("variants").set({ stock_reserved: 7 }).where("sku", "=", sku).execute();
    expect((await page(product.slug)).product.variants[0]).toMatchObject({ available: 3, stock: "low_stock" });
    await db().updateTable("variants").set({ stock_reserved: 10 }).where("sku", "=", sku).execute();
    expect((await page(product.slug)).product.variants[0]).toMatchObject({ available: 0, stock: "sold_out" });
  });

  it("selects the first size in stock by default and hides inactive sizes", async () => {
    const product = await createProduct(db(), {
      variants: [{ stock_on_hand: 0, price_fen: 1000 }, { stock_on_hand: 9, price_fen: 2000 }, { stock_on_hand: 9, price_fen: 500, active: false }],
    });
    const data = await page(product.slug);
    expect(data.product.variants).toHaveLength(2);
    expect(data.selectedSku).toBe(product.variants[1]!.sku);
  });
});

describe("certificate visibility", () => {
  it("is decided at request time: a certificate that expired yesterday vanishes at once", async () => {
    const cert = await db().selectFrom("certifications").select("id").where("number", "=", DEMO.navelOrange.greenFood).executeTakeFirstOrThrow();
    const original = await db().selectFrom("certifications").select("expires_on").where("id", "=", cert.id).executeTakeFirstOrThrow();
    expect(numbers(await page(DEMO.navelOrange.slug))).toContain(DEMO.navelOrange.greenFood);

    await db().updateTable("certifications").set({ expires_on: chinaToday() }).where("id", "=", cert.id).execute();
    expect(numbers(await page(DEMO.navelOrange.slug))).toContain(DEMO.navelOrange.greenFood);

    await db().updateTable("certifications").set({ expires_on: addDays(chinaToday(), -1) }).where("id", "=", cert.id).execute();
    const data = await page(DEMO.navelOrange.slug);
    expect(numbers(data)).not.toContain(DEMO.navelOrange.greenFood);
    expect(JSON.stringify(data.productJsonLd)).not.toContain(DEMO.navelOrange.greenFood);

    await db().updateTable("certifications").set({ expires_on: original.expires_on }).where("id", "=", cert.id).execute();
    expect(numbers(await page(DEMO.navelOrange.slug))).toContain(DEMO.navelOrange.greenFood);
  });

  it("never shows the demo's pending or rejected certificates on any product", async () => {
    const hidden = [DEMO.pendingCertificationNumber, DEMO.rejectedCertificationNumber];
    const linked = await db()
      .selectFrom("products as p")
      .innerJoin("product_certifications as pc", "pc.product_id", "p.id")
      .innerJoin("certifications as c", "c.id", "pc.certification_id")
      .select(["p.slug", "c.number", "c.status"])
      .where("c.number", "in", hidden)
      .where("p.status", "=", "active")
      .execute();
    expect(linked.length).toBeGreaterThan(0);
    for (const row of linked) {
      expect(row.status).not.toBe("verified");
      const data = await page(row.slug);
      expect(numbers(data)).not.toContain(row.number);
      expect(JSON.stringify(data)).not.toContain(row.number);
    }
  });

  it("agrees with isShownToShoppers for every status and expiry", async () => {
    const product = await createProduct(db());
    const today = chinaToday();
    const statuses: ReviewStatus[] = ["pending", "verified", "rejected"];
    const expiries = [addDays(today, -30), addDays(today, -1), today, addDays(today, 1), addDays(today, 900)];
    const types: CertificationType[] = ["green_food", "organic", "geographical_indication", "pollution_free", "poverty_alleviation"];
    const made = [];
    for (const status of statuses) {
      for (const [index, expires_on] of expiries.entries()) {
        made.push(
          await createCertification(db(), {
            cooperative_id: product.cooperative_id,
            type: types[index]!,
            status,
            issued_on: addDays(today, -1000),
            expires_on,
          }),
        );
      }
    }
    await db().insertInto("product_certifications").values(made.map((c) => ({ product_id: product.id, certification_id: c.id }))).execute();
    const shown = numbers(await page(product.slug)).sort();
    expect(shown).toEqual(made.filter((c) => isShownToShoppers(c, today)).map((c) => c.number).sort());
    expect(shown).toHaveLength(3);
  });

  it("shows a brand only while it is verified and unexpired", async () => {
    const brand = await createBrand(db(), { status: "pending" });
    const product = await createProduct(db(), { cooperative_id: brand.cooperative_id, brand_id: brand.id });
    expect((await page(product.slug)).product.brand).toBeNull();
    await db().updateTable("brands").set({ status: "verified", reviewed_at: new Date() }).where("id", "=", brand.id).execute();
    const shown = await page(product.slug);
    expect(shown.product.brand.registrationNumber).toBe(brand.registration_number);
    expect(shown.productJsonLd.brand.name).toBe(brand.name);
    await db().updateTable("brands").set({ expires_on: addDays(chinaToday(), -1), registered_on: addDays(chinaToday(), -4000) }).where("id", "=", brand.id).execute();
    const expired = await page(product.slug);
    expect(expired.product.brand).toBeNull();
    expect(expired.productJsonLd).not.toHaveProperty("brand");
  });
});

describe("not found", () => {
  it("answers 404 for unknown, draft and archived products and malformed slugs", async () => {
    for (const slug of ["no-such-product", DEMO.draft, DEMO.archived, "Fengjie-Navel-Orange", "a\u0000b", "../etc/passwd", "x".repeat(500), "%", "'"]) {
      expect(await statusOf(slug), slug).toBe(404);
    }
  });

  it("answers 404 once a product is archived", async () => {
    const product = await createProduct(db());
    await createBatch(db(), { product_id: product.id });
    expect(await statusOf(product.slug)).toBe(200);
    await db().updateTable("products").set({ status: "archived" }).where("id", "=", product.id).execute();
    expect(await statusOf(product.slug)).toBe(404);
  });
});
