import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { claimsIn, isShownToShoppers, trustState } from "~/models/trust";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { verifyPassword } from "~/utils/password.server";
import { refreshSearchDocuments } from "~/models/search-documents.server";
import { englishStem, productSearchFields } from "~/utils/search";
import { SEARCH_DOCUMENT_VERSION } from "~/utils/search.server";
import {
  addCooperativeMember,
  createBatch,
  createBrand,
  createCategory,
  createCertification,
  createCooperative,
  createProduct,
  createUser,
  FACTORY_PASSWORD,
} from "~/seed/factories.server";
import { seedDemoIfEmpty } from "~/seed/seed.server";
import { parseSeedArgs } from "~/seed/cli.server";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { growCatalogue } from "~/seed/grow.server";

const SKU = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
const BATCH_CODE = /^[A-Z0-9-]{6,40}$/;

async function productBySlug(slug: string) {
  const product = await db().selectFrom("products").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
  const variants = await db()
    .selectFrom("variants")
    .selectAll()
    .where("product_id", "=", product.id)
    .orderBy("position")
    .execute();
  const certifications = await db()
    .selectFrom("product_certifications")
    .innerJoin("certifications", "certifications.id", "product_certifications.certification_id")
    .selectAll("certifications")
    .where("product_certifications.product_id", "=", product.id)
    .execute();
  return { product, variants, certifications };
}

async function staffId(): Promise<number> {
  const staff = await db().selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.staff).executeTakeFirstOrThrow();
  return staff.id;
}

describe("demo seed: accounts", () => {
  it("creates the five demo accounts, each able to log in with the demo password", async () => {
    const users = await db()
      .selectFrom("users")
      .selectAll()
      .where("email", "in", Object.values(DEMO_ACCOUNTS))
      .execute();
    expect(users).toHaveLength(5);
    const byEmail = new Map(users.map((user) => [user.email, user]));
    expect(byEmail.get(DEMO_ACCOUNTS.admin)?.role).toBe("admin");
    expect(byEmail.get(DEMO_ACCOUNTS.staff)?.role).toBe("staff");
    expect(byEmail.get(DEMO_ACCOUNTS.shopper)?.role).toBe("shopper");
    expect(byEmail.get(DEMO_ACCOUNTS.shopper)?.name).not.toBe("");
    for (const user of users) {
      expect(user.email_verified_at).not.toBeNull();
      expect(await verifyPassword(user.password_hash!, DEMO_PASSWORD), user.email).toBe(true);
      expect(await verifyPassword(user.password_hash!, "wrong-password-2026"), user.email).toBe(false);
    }
  });

  it("makes fengjie@ an owner of the Fengjie cooperative and wushan@ a member of the Wushan one", async () => {
    const memberships = await db()
      .selectFrom("cooperative_members")
      .innerJoin("users", "users.id", "cooperative_members.user_id")
      .innerJoin("cooperatives", "cooperatives.id", "cooperative_members.cooperative_id")
      .select(["users.email", "cooperatives.slug", "cooperative_members.role"])
      .where("users.email", "in", [DEMO_ACCOUNTS.fengjie, DEMO_ACCOUNTS.wushan])
      .orderBy("users.email")
      .execute();
    expect(memberships).toEqual([
      { email: DEMO_ACCOUNTS.fengjie, slug: DEMO.cooperatives.fengjie, role: "owner" },
      { email: DEMO_ACCOUNTS.wushan, slug: DEMO.cooperatives.wushan, role: "member" },
    ]);
  });
});

describe("demo seed: catalogue", () => {
  it("has exactly the contract's categories, named in both languages, every one in use", async () => {
    const categories = await db().selectFrom("categories").selectAll().orderBy("position").execute();
    expect(categories.map((c) => c.slug)).toEqual([...DEMO.categories]);
    expect(categories.map((c) => c.name_zh)).toEqual(["水果", "蔬菜", "粮油", "茶叶", "蜂蜜", "香料调味", "肉类", "腌制干货"]);
    expect(categories.find((c) => c.slug === "grain-oil")?.name_en).toBe("Grain & oil");
    const used = await db()
      .selectFrom("products")
      .innerJoin("categories", "categories.id", "products.category_id")
      .select("categories.slug")
      .where("products.status", "=", "active")
      .distinct()
      .execute();
    expect(used.map((c) => c.slug).sort()).toEqual([...DEMO.categories].sort());
  });

  it("has at least twelve cooperatives with counties, stories and the two contract ones", async () => {
    const cooperatives = await db().selectFrom("cooperatives").selectAll().execute();
    expect(cooperatives.length).toBeGreaterThanOrEqual(12);
    for (const cooperative of cooperatives) {
      expect(cooperative.story_zh.length, cooperative.slug).toBeGreaterThan(40);
      expect(cooperative.story_en.length, cooperative.slug).toBeGreaterThan(80);
      expect(cooperative.founded_year).toBeGreaterThan(2000);
      expect(cooperative.member_households).toBeGreaterThan(0);
    }
    const fengjie = cooperatives.find((c) => c.slug === DEMO.cooperatives.fengjie);
    expect([fengjie?.county_zh, fengjie?.county_en]).toEqual(["奉节县", "Fengjie County"]);
    const wushan = cooperatives.find((c) => c.slug === DEMO.cooperatives.wushan);
    expect([wushan?.county_zh, wushan?.county_en]).toEqual(["巫山县", "Wushan County"]);
    expect(new Set(cooperatives.map((c) => c.county_zh)).size).toBeGreaterThanOrEqual(12);
  });

  it("gives every one of its 64+ products bilingual copy, a brand of its cooperative, variants and a batch", async () => {
    const products = await db().selectFrom("products").selectAll().execute();
    expect(products.length).toBeGreaterThanOrEqual(64);
    const brands = new Map((await db().selectFrom("brands").selectAll().execute()).map((b) => [b.id, b]));
    const variants = await db().selectFrom("variants").selectAll().execute();
    const batches = await db().selectFrom("batches").selectAll().execute();
    const temperatures = new Set<string>();
    for (const product of products) {
      temperatures.add(product.temperature_class);
      expect(product.description_zh.length, product.slug).toBeGreaterThan(30);
      expect(product.description_en.length, product.slug).toBeGreaterThan(60);
      expect(product.season_months.length, product.slug).toBeGreaterThan(0);
      expect(product.season_months.every((m) => m >= 1 && m <= 12)).toBe(true);
      const brand = brands.get(product.brand_id ?? -1);
      expect(brand?.cooperative_id, product.slug).toBe(product.cooperative_id);
      expect(brand?.registration_number).toMatch(/^[0-9]{5,12}$/);
      if (product.status === "active") expect(brand?.status, product.slug).toBe("verified");
      expect([29, 30, 31]).toContain(brand?.nice_class);

      const own = variants.filter((v) => v.product_id === product.id);
      expect(own.length, product.slug).toBeGreaterThanOrEqual(1);
      expect(own.length, product.slug).toBeLessThanOrEqual(3);
      for (const variant of own) {
        expect(variant.sku).toMatch(SKU);
        expect(variant.label_zh).not.toBe("");
        expect(variant.label_en).not.toBe("");
        expect(variant.price_fen).toBeGreaterThan(100);
        expect(variant.weight_grams).toBeGreaterThan(0);
      }
      expect(product.price_from_fen, product.slug).toBe(Math.min(...own.map((v) => v.price_fen)));

      const lots = batches.filter((b) => b.product_id === product.id);
      expect(lots.length, product.slug).toBeGreaterThanOrEqual(1);
      for (const lot of lots) {
        expect(lot.code).toMatch(BATCH_CODE);
        expect(lot.packed_on >= lot.harvested_on && lot.best_before >= lot.packed_on).toBe(true);
        for (const text of [lot.plot_zh, lot.plot_en, lot.household_zh, lot.household_en]) expect(text).not.toBe("");
      }

      expect(product.published_at === null, product.slug).toBe(product.status !== "active");
      const fields = productSearchFields(product);
      expect(product.search_text, product.slug).toBe(fields.search_text);
      expect(product.search_version, product.slug).toBe(SEARCH_DOCUMENT_VERSION);
      expect(product.search_document, product.slug).toContain("'");
    }
    expect([...temperatures].sort()).toEqual(["ambient", "chilled", "frozen"]);
  });

  it("has an illustration file for every product's illustration key, a small 4:3 SVG with no outside references", async () => {
    const keys = await db().selectFrom("products").select("illustration").distinct().execute();
    for (const { illustration } of [...keys, { illustration: "produce" }]) {
      const file = path.resolve("public/images/produce", `${illustration}.svg`);
      expect(existsSync(file), file).toBe(true);
      const svg = readFileSync(file, "utf8");
      expect(svg, file).toContain('viewBox="0 0 400 300"');
      expect(svg, file).not.toMatch(/<text|href=|url\(http|<image|<script/);
      expect(svg.length, file).toBeLessThan(8000);
    }
  });

  it("lets several products be found by 脐橙 and by navel orange", async () => {
    const zh = await db().selectFrom("products").select("slug").where("status", "=", "active").where("search_text", "like", "%脐橙%").execute();
    const en = await db().selectFrom("products").select("slug").where("status", "=", "active").where("search_text", "like", "%navel orange%").execute();
    expect(zh.length).toBeGreaterThanOrEqual(3);
    expect(en.length).toBeGreaterThanOrEqual(3);
    expect(zh.map((p) => p.slug)).toContain(DEMO.navelOrange.slug);
  });
});

describe("demo seed: the contract products", () => {
  it("sells Fengjie navel oranges in two sizes under a verified 夔州红 trademark", async () => {
    const { product, variants } = await productBySlug(DEMO.navelOrange.slug);
    expect([product.name_zh, product.name_en, product.status]).toEqual([DEMO.navelOrange.nameZh, DEMO.navelOrange.nameEn, "active"]);
    const category = await db().selectFrom("categories").select("slug").where("id", "=", product.category_id).executeTakeFirstOrThrow();
    expect(category.slug).toBe("fruit");
    const cooperative = await db().selectFrom("cooperatives").select("slug").where("id", "=", product.cooperative_id).executeTakeFirstOrThrow();
    expect(cooperative.slug).toBe(DEMO.cooperatives.fengjie);
    expect(variants.map((v) => [v.sku, v.weight_grams, v.price_fen])).toEqual([
      ["FJ-NAVEL-5KG", 5000, 7990],
      ["FJ-NAVEL-10KG", 10000, 14900],
    ]);
    expect(variants[0]!.stock_on_hand).toBeGreaterThanOrEqual(100);
    expect(variants[1]!.stock_on_hand).toBeGreaterThan(5);
    const brand = await db().selectFrom("brands").selectAll().where("id", "=", product.brand_id).executeTakeFirstOrThrow();
    expect([brand.name, brand.registration_number, brand.nice_class, brand.status]).toEqual(["夔州红", "71234567", 31, "verified"]);
    expect(brand.reviewer_id).toBe(await staffId());
    expect(isShownToShoppers(brand, chinaToday())).toBe(true);
  });

  it("links a valid green food certificate and a GI certificate that expired 30 days ago", async () => {
    const today = chinaToday();
    const { certifications } = await productBySlug(DEMO.navelOrange.slug);
    const greenFood = certifications.find((c) => c.number === DEMO.navelOrange.greenFood);
    expect(greenFood).toMatchObject({ type: "green_food", status: "verified", issuing_body: "中国绿色食品发展中心" });
    expect(greenFood!.expires_on > addDays(today, 365)).toBe(true);
    expect(isShownToShoppers(greenFood!, today)).toBe(true);
    const gi = certifications.find((c) => c.number === DEMO.navelOrange.expiredGi);
    expect(gi).toMatchObject({ type: "geographical_indication", status: "verified", issuing_body: "农业农村部" });
    expect(gi!.expires_on).toBe(addDays(today, -30));
    expect(trustState(gi!, today)).toBe("expired");
  });

  it("sells Jiangjin green Sichuan pepper with a valid green food certificate", async () => {
    const { product, certifications } = await productBySlug(DEMO.pepper.slug);
    expect([product.name_zh, product.name_en, product.status]).toEqual([DEMO.pepper.nameZh, DEMO.pepper.nameEn, "active"]);
    expect(product.search_text).toContain("花椒");
    expect(certifications.some((c) => c.type === "green_food" && isShownToShoppers(c, chinaToday()))).toBe(true);
  });

  it("has a sold-out product, a low-stock one, chilled and frozen ones, a draft and an archived one", async () => {
    const soldOut = await productBySlug(DEMO.soldOut);
    expect(soldOut.product.status).toBe("active");
    expect(soldOut.variants.length).toBeGreaterThan(0);
    expect(soldOut.variants.every((v) => v.stock_on_hand === 0)).toBe(true);

    const lowStock = await productBySlug(DEMO.lowStock);
    expect(lowStock.product.status).toBe("active");
    expect(lowStock.variants.some((v) => v.stock_on_hand >= 1 && v.stock_on_hand <= 5)).toBe(true);

    const chilled = (await productBySlug(DEMO.chilled)).product;
    expect([chilled.status, chilled.temperature_class]).toEqual(["active", "chilled"]);
    const frozen = (await productBySlug(DEMO.frozen)).product;
    expect([frozen.status, frozen.temperature_class]).toEqual(["active", "frozen"]);

    expect((await productBySlug(DEMO.draft)).product.status).toBe("draft");
    expect((await productBySlug(DEMO.archived)).product.status).toBe("archived");
  });

  it("has a pending organic certificate of the Fengjie cooperative linked to a Fengjie product, and a rejected one with a note", async () => {
    const pending = await db()
      .selectFrom("certifications")
      .innerJoin("cooperatives", "cooperatives.id", "certifications.cooperative_id")
      .select(["certifications.id", "certifications.type", "certifications.status", "certifications.reviewer_id", "cooperatives.slug"])
      .where("certifications.number", "=", DEMO.pendingCertificationNumber)
      .executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ type: "organic", status: "pending", reviewer_id: null, slug: DEMO.cooperatives.fengjie });
    const linked = await db()
      .selectFrom("product_certifications")
      .innerJoin("products", "products.id", "product_certifications.product_id")
      .innerJoin("cooperatives", "cooperatives.id", "products.cooperative_id")
      .select("cooperatives.slug")
      .where("product_certifications.certification_id", "=", pending.id)
      .execute();
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((l) => l.slug === DEMO.cooperatives.fengjie)).toBe(true);

    const rejected = await db()
      .selectFrom("certifications")
      .selectAll()
      .where("number", "=", DEMO.rejectedCertificationNumber)
      .executeTakeFirstOrThrow();
    expect(rejected.status).toBe("rejected");
    expect(rejected.review_note?.length).toBeGreaterThan(20);
    expect(rejected.reviewer_id).toBe(await staffId());
    expect(rejected.reviewed_at).not.toBeNull();
  });
});

describe("demo seed: trust records", () => {
  it("has certificates in every review state, with the right issuers and reviewers", async () => {
    const today = chinaToday();
    const certifications = await db().selectFrom("certifications").selectAll().execute();
    const states = new Set(certifications.map((c) => trustState(c, today)));
    expect([...states].sort()).toEqual(["expired", "pending", "rejected", "verified"]);
    expect(new Set(certifications.map((c) => c.type))).toEqual(
      new Set(["green_food", "organic", "geographical_indication", "pollution_free", "poverty_alleviation", "other"]),
    );
    const staff = await staffId();
    for (const certificate of certifications) {
      expect(certificate.expires_on > certificate.issued_on).toBe(true);
      if (certificate.status === "pending") expect(certificate.reviewer_id).toBeNull();
      else expect(certificate.reviewer_id, certificate.number).toBe(staff);
      if (certificate.type === "green_food") {
        expect(certificate.number).toMatch(/^LB-/);
        expect(certificate.issuing_body).toBe("中国绿色食品发展中心");
      }
      if (certificate.type === "geographical_indication") {
        // An agricultural GI of the ministry (AGI…), or GI product protection of CNIPA.
        if (certificate.number.startsWith("AGI")) expect(certificate.issuing_body).toBe("农业农村部");
        else expect(certificate.issuing_body).toBe("国家知识产权局");
      }
      if (certificate.type === "organic") expect(certificate.scope_zh).toContain("GB/T 19630");
    }
    const brands = await db().selectFrom("brands").selectAll().execute();
    expect(brands.some((b) => b.status === "pending")).toBe(true);
    for (const brand of brands) if (brand.status !== "pending") expect(brand.reviewer_id).toBe(staff);
  });

  it("only publishes products whose certified claims are backed by a linked, verified, unexpired certificate", async () => {
    const today = chinaToday();
    const products = await db().selectFrom("products").selectAll().where("status", "=", "active").execute();
    const links = await db()
      .selectFrom("product_certifications")
      .innerJoin("certifications", "certifications.id", "product_certifications.certification_id")
      .select(["product_certifications.product_id", "certifications.type", "certifications.status", "certifications.expires_on"])
      .execute();
    let claiming = 0;
    for (const product of products) {
      const claims = claimsIn([product.name_zh, product.name_en, product.description_zh, product.description_en].join("\n"));
      if (claims.length) claiming += 1;
      for (const claim of claims) {
        const backed = links.some(
          (link) => link.product_id === product.id && link.type === claim.type && isShownToShoppers(link, today),
        );
        expect(backed, `${product.slug} claims "${claim.word}"`).toBe(true);
      }
    }
    // The rule is exercised, not vacuous.
    expect(claiming).toBeGreaterThan(10);
  });

  it("does not seed twice", async () => {
    const before = await db().selectFrom("products").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(await seedDemoIfEmpty(db(), { money: false })).toBe(false);
    const after = await db().selectFrom("products").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe("factories", () => {
  it("create unique rows on repeated calls", async () => {
    const [a, b] = [await createUser(db()), await createUser(db())];
    expect(a.email).not.toBe(b.email);
    expect(await verifyPassword(a.password_hash!, FACTORY_PASSWORD)).toBe(true);

    const [c1, c2] = [await createCooperative(db()), await createCooperative(db())];
    expect(c1.slug).not.toBe(c2.slug);
    await addCooperativeMember(db(), { cooperative_id: c1.id, user_id: a.id, role: "owner" });

    const [cat1, cat2] = [await createCategory(db()), await createCategory(db())];
    expect(cat1.slug).not.toBe(cat2.slug);

    const [brand1, brand2] = [await createBrand(db(), { cooperative_id: c1.id }), await createBrand(db(), { cooperative_id: c1.id })];
    expect(brand1.registration_number).not.toBe(brand2.registration_number);

    const certificates = [];
    for (const type of ["green_food", "organic", "geographical_indication", "pollution_free", "poverty_alleviation", "other"] as const) {
      certificates.push(await createCertification(db(), { cooperative_id: c1.id, type }));
      certificates.push(await createCertification(db(), { cooperative_id: c1.id, type }));
    }
    expect(new Set(certificates.map((c) => c.number)).size).toBe(certificates.length);

    const p1 = await createProduct(db(), { cooperative_id: c1.id, brand_id: brand1.id, certificationIds: [certificates[0]!.id] });
    const p2 = await createProduct(db(), {
      cooperative_id: c1.id,
      variants: [{ price_fen: 1200 }, { price_fen: 900, stock_on_hand: 0 }],
    });
    expect(p1.slug).not.toBe(p2.slug);
    expect(p1.variants[0]!.sku).not.toBe(p2.variants[0]!.sku);
    expect(p2.variants.map((v) => v.price_fen)).toEqual([1200, 900]);
    expect(p2.price_from_fen).toBe(900);
    expect(p1.published_at).not.toBeNull();
    expect(p1.search_version).toBe(SEARCH_DOCUMENT_VERSION);

    const [lot1, lot2] = [await createBatch(db(), { product_id: p1.id }), await createBatch(db(), { product_id: p1.id })];
    expect(lot1.code).not.toBe(lot2.code);
    expect(lot1.code).toMatch(BATCH_CODE);
  });

  it("normalise emails, keep review columns consistent and leave drafts unpublished", async () => {
    const user = await createUser(db(), { email: "  Mixed.Case@Example.TEST ", role: "staff", password: "another-password-2026" });
    expect(user.email).toBe("mixed.case@example.test");
    expect(await verifyPassword(user.password_hash!, "another-password-2026")).toBe(true);

    const rejected = await createCertification(db(), { status: "rejected", reviewer_id: user.id });
    expect(rejected.review_note).toBeTruthy();
    expect(rejected.reviewed_at).not.toBeNull();
    const pending = await createCertification(db(), { status: "pending" });
    expect([pending.reviewed_at, pending.review_note]).toEqual([null, null]);
    const expired = await createCertification(db(), { issued_on: addDays(chinaToday(), -400), expires_on: addDays(chinaToday(), -1) });
    expect(trustState(expired, chinaToday())).toBe("expired");

    const draft = await createProduct(db(), { status: "draft" });
    expect(draft.published_at).toBeNull();
  });
});

describe("catalogue grower", () => {
  it("adds N products with variants, search tokens, verified certificate links and a batch each", async () => {
    const before = await db().selectFrom("products").select("id").execute();
    const catalogueVersion = async () =>
      Number((await sql<{ last_value: string }>`SELECT last_value FROM catalogue_version_seq`.execute(db())).rows[0]!.last_value);
    const versionBefore = await catalogueVersion();
    const summary = await growCatalogue(db(), { count: 50, chunkSize: 20 });
    expect(summary.products).toBe(50);

    const grown = await db()
      .selectFrom("products")
      .selectAll()
      .where("id", "not in", before.map((p) => p.id))
      .execute();
    expect(grown).toHaveLength(50);
    // Cached catalogue pages learn that it changed.
    expect(await catalogueVersion()).toBeGreaterThan(versionBefore);
    expect(new Set(grown.map((p) => p.category_id)).size).toBeGreaterThan(4);
    expect(new Set(grown.map((p) => p.cooperative_id)).size).toBeGreaterThan(8);
    const ids = grown.map((p) => p.id);
    const variants = await db().selectFrom("variants").selectAll().where("product_id", "in", ids).execute();
    const batches = await db().selectFrom("batches").selectAll().where("product_id", "in", ids).execute();
    const links = await db()
      .selectFrom("product_certifications")
      .innerJoin("certifications", "certifications.id", "product_certifications.certification_id")
      .select(["product_certifications.product_id", "certifications.status", "certifications.cooperative_id"])
      .where("product_certifications.product_id", "in", ids)
      .execute();
    expect(variants.length).toBe(summary.variants);
    expect(links.length).toBeGreaterThan(0);
    for (const product of grown) {
      expect(product.slug).toMatch(/^[a-z0-9-]+-g[0-9]+$/);
      expect(product.status).toBe("active");
      expect(product.published_at).not.toBeNull();
      const fields = productSearchFields(product);
      expect(product.search_text).toBe(fields.search_text);
      expect(product.search_version).toBe(SEARCH_DOCUMENT_VERSION);
      const own = variants.filter((v) => v.product_id === product.id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(3);
      for (const variant of own) expect(variant.sku).toMatch(SKU);
      expect(product.price_from_fen).toBe(Math.min(...own.map((v) => v.price_fen)));
      expect(batches.filter((b) => b.product_id === product.id)).toHaveLength(1);
      for (const link of links.filter((l) => l.product_id === product.id)) {
        expect(link.status).toBe("verified");
        expect(link.cooperative_id).toBe(product.cooperative_id);
      }
    }
    // Found by search like any product.
    const found = await db()
      .selectFrom("products")
      .select("id")
      .where("id", "in", ids)
      .where(sql<boolean>`search_document @@ ${`'${englishStem(grown[0]!.name_en.split(/[^A-Za-z]+/).filter(Boolean).at(-1)!)}':A`}::tsquery`)
      .execute();
    expect(found.length).toBeGreaterThan(0);
    // The grower's cached segmentation writes what the product's own writers would.
    const documents = await db().selectFrom("products").select(["id", "search_document"]).where("id", "in", ids).orderBy("id").execute();
    await refreshSearchDocuments(db(), { productIds: ids });
    const after = await db().selectFrom("products").select(["id", "search_document"]).where("id", "in", ids).orderBy("id").execute();
    expect(after).toEqual(documents);

    // A second run, switching the trigger off on the table instead, never reuses a slug or SKU
    // and leaves the price trigger working.
    const second = await growCatalogue(db(), { count: 5, triggerSwitch: "table" });
    expect(second.products).toBe(5);
    const product = grown[0]!;
    await db()
      .insertInto("variants")
      .values({ product_id: product.id, sku: `CHEAP-${product.id}`, label_zh: "试吃装", label_en: "Tasting pack", weight_grams: 100, price_fen: 1 })
      .execute();
    const updated = await db().selectFrom("products").select("price_from_fen").where("id", "=", product.id).executeTakeFirstOrThrow();
    expect(updated.price_from_fen).toBe(1);
  });

  it("parses its command line strictly", () => {
    expect(parseSeedArgs([])).toEqual({});
    expect(parseSeedArgs(["--products", "100000"])).toEqual({ products: 100000 });
    expect(parseSeedArgs(["--products=50"])).toEqual({ products: 50 });
    expect(parseSeedArgs(["--products", "abc"])).toHaveProperty("error");
    expect(parseSeedArgs(["--products", "0"])).toHaveProperty("error");
    expect(parseSeedArgs(["--products", "1.5"])).toHaveProperty("error");
    expect(parseSeedArgs(["--nope"])).toHaveProperty("error");
  });
});
