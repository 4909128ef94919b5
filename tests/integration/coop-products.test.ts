import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createBrand, createCertification } from "~/seed/factories.server";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { action as editAction, loader as editLoader } from "~/routes/coop.products.$id";
import { action as certificatesAction } from "~/routes/coop.products.$id_.certificates";
import { action as variantsAction, loader as variantsLoader } from "~/routes/coop.products.$id_.variants";
import { loader as listLoader } from "~/routes/coop.products._index";
import { action as newAction, loader as newLoader } from "~/routes/coop.products.new";
import { body, categoryId, FENGJIE, fengjieId, load, post, tableCounts, WUSHAN, wushanId } from "./coop-support";

let fruit: number;
let fengjie: number;

beforeAll(async () => {
  fruit = await categoryId("fruit");
  fengjie = await fengjieId();
});

let skuCounter = 0;
function newProductForm(overrides: Record<string, string> = {}): Record<string, string> {
  skuCounter += 1;
  return {
    name_zh: "奉节脐橙礼盒",
    name_en: "Fengjie Navel Orange Gift Box",
    description_zh: "海拔六百米的果园，树上熟透再摘。",
    description_en: "Tree-ripened in orchards 600 m up the gorges.",
    category_id: String(fruit),
    brand_id: "",
    origin_county_zh: "奉节县",
    origin_county_en: "Fengjie County",
    temperature_class: "ambient",
    shelf_life_days: "30",
    slug: "",
    "variant.sku": `fj-test-${skuCounter}`,
    "variant.label_zh": "3公斤装",
    "variant.label_en": "3 kg box",
    "variant.weight_grams": "3000",
    "variant.price": "59.90",
    "variant.stock": "120",
    ...overrides,
  };
}

async function createViaForm(overrides: Record<string, string> = {}): Promise<number> {
  const response = await post(newAction, "/coop/products/new", FENGJIE, newProductForm(overrides));
  expect(response.status, await response.clone().text()).toBe(302);
  const match = /^\/coop\/products\/(\d+)\?notice=created$/.exec(response.headers.get("Location") ?? "");
  expect(match).not.toBeNull();
  return Number(match![1]);
}

async function product(id: number) {
  return db().selectFrom("products").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function publish(id: number, email = FENGJIE) {
  return post(editAction, `/coop/products/${id}`, email, { intent: "status", to: "active" }, { id: String(id) });
}

describe("creating a product", () => {
  it("saves a draft with its first variant, opening stock, a slug from the English name and search fields", async () => {
    const id = await createViaForm({ "variant.sku": "fj-giftbox-3kg" });
    const row = await product(id);
    expect(row).toMatchObject({ cooperative_id: fengjie, status: "draft", slug: "fengjie-navel-orange-gift-box", name_zh: "奉节脐橙礼盒", published_at: null });
    expect(row.search_text).toContain("奉节脐橙礼盒");
    // The search document: segmented words, written with the product.
    for (const word of ["'脐橙'", "'gift'", "'橙子'"]) expect(row.search_document).toContain(word);
    const variants = await db().selectFrom("variants").selectAll().where("product_id", "=", id).execute();
    expect(variants).toEqual([expect.objectContaining({ sku: "FJ-GIFTBOX-3KG", price_fen: 5990, stock_on_hand: 120, stock_reserved: 0, weight_grams: 3000 })]);
    expect(row.price_from_fen).toBe(5990);
    const history = await db().selectFrom("stock_adjustments").selectAll().where("variant_id", "=", variants[0]!.id).execute();
    expect(history).toEqual([expect.objectContaining({ delta: 120 })]);

    // The same English name again gets the next free address.
    const second = await createViaForm();
    expect((await product(second)).slug).toBe("fengjie-navel-orange-gift-box-2");
  });

  it("offers only the cooperative's own brands and all categories", async () => {
    const response = await load(newLoader, "/coop/products/new", FENGJIE);
    const data = await body<{ brands: { id: number }[]; categories: unknown[] }>(response);
    const own = await db().selectFrom("brands").select("id").where("cooperative_id", "=", fengjie).where("status", "<>", "rejected").execute();
    expect(data.brands.map((b) => b.id).sort()).toEqual(own.map((b) => b.id).sort());
    expect(data.categories.length).toBeGreaterThanOrEqual(8);
  });

  it("refuses a SKU used anywhere in the shop with a clear field error, keeping what was typed", async () => {
    const before = await tableCounts();
    const form = newProductForm({ "variant.sku": "fj-navel-5kg" }); // the seeded navel orange's SKU
    const response = await post(newAction, "/coop/products/new", FENGJIE, form);
    expect(response.status).toBe(400);
    const data = await body<{ values: Record<string, string>; errors: Record<string, string> }>(response);
    expect(data.errors).toEqual({ "variant.sku": "skuTaken" });
    expect(data.values).toMatchObject(form);
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses negative, fractional and absurd prices and stock, and another cooperative's brand", async () => {
    const wushanBrand = await createBrand(db(), { cooperative_id: await wushanId() });
    const before = await tableCounts();
    for (const [field, value, error] of [
      ["variant.price", "-12", "priceFormat"],
      ["variant.price", "12.345", "priceFormat"],
      ["variant.price", "250000", "priceTooHigh"],
      ["variant.price", "0", "priceTooLow"],
      ["variant.stock", "-5", "wholeNumber"],
      ["variant.stock", "2.5", "wholeNumber"],
      ["variant.stock", "99999999", "numberTooLarge"],
      ["variant.weight_grams", "0", "numberTooSmall"],
      ["shelf_life_days", "0", "numberTooSmall"],
    ] as const) {
      const form = newProductForm({ [field]: value });
      const response = await post(newAction, "/coop/products/new", FENGJIE, form);
      expect(response.status, `${field}=${value}`).toBe(400);
      const data = await body<{ values: Record<string, string>; errors: Record<string, string> }>(response);
      expect(data.errors[field], `${field}=${value}`).toBe(error);
      expect(data.values[field]).toBe(value);
      expect(data.values.name_zh).toBe("奉节脐橙礼盒");
    }
    const response = await post(newAction, "/coop/products/new", FENGJIE, newProductForm({ brand_id: String(wushanBrand.id) }));
    expect(response.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(response)).errors).toEqual({ brand_id: "choose" });
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses a slug another product has", async () => {
    const response = await post(newAction, "/coop/products/new", FENGJIE, newProductForm({ slug: "wushan-crisp-plum" }));
    expect(response.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(response)).errors).toEqual({ slug: "slugTaken" });
  });
});

describe("editing and the claims guard", () => {
  function editForm(row: Awaited<ReturnType<typeof product>>, overrides: Record<string, string> = {}): Record<string, string> {
    return {
      intent: "save",
      name_zh: row.name_zh,
      name_en: row.name_en,
      description_zh: row.description_zh,
      description_en: row.description_en,
      category_id: String(row.category_id),
      brand_id: row.brand_id ? String(row.brand_id) : "",
      origin_county_zh: row.origin_county_zh,
      origin_county_en: row.origin_county_en,
      temperature_class: row.temperature_class,
      shelf_life_days: String(row.shelf_life_days),
      slug: row.slug,
      ...overrides,
    };
  }

  it("saves edits and recomputes the search fields", async () => {
    const id = await createViaForm();
    const row = await product(id);
    const response = await post(editAction, `/coop/products/${id}`, FENGJIE, editForm(row, { name_en: "Fengjie Winter Oranges", slug: "fengjie-winter-oranges" }), { id: String(id) });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/coop/products/${id}?notice=saved`);
    const saved = await product(id);
    expect(saved).toMatchObject({ name_en: "Fengjie Winter Oranges", slug: "fengjie-winter-oranges" });
    expect(saved.search_text).toContain("fengjie winter oranges");
    expect(saved.search_document).toContain("'winter'");
  });

  it("refuses to publish an organic (有机) claim without a linked, verified, unexpired organic certificate, and says which", async () => {
    const id = await createViaForm({ description_zh: "有机种植，不打农药。" });
    let response = await publish(id);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ intent: "status", errors: { form: "unmetClaims" }, unmetClaims: [{ type: "organic", word: "有机" }] });
    expect((await product(id)).status).toBe("draft");

    // Pending, expired and other cooperatives' certificates do not count.
    const pending = await createCertification(db(), { cooperative_id: fengjie, type: "organic", status: "pending" });
    const expired = await createCertification(db(), {
      cooperative_id: fengjie,
      type: "organic",
      status: "verified",
      issued_on: addDays(chinaToday(), -400),
      expires_on: addDays(chinaToday(), -1),
    });
    await db().insertInto("product_certifications").values([{ product_id: id, certification_id: pending.id }, { product_id: id, certification_id: expired.id }]).execute();
    response = await publish(id);
    expect(response.status).toBe(400);
    expect((await product(id)).status).toBe("draft");

    // A green-food certificate does not back an organic claim either.
    const greenFood = await createCertification(db(), { cooperative_id: fengjie, type: "green_food", status: "verified" });
    await post(certificatesAction, `/coop/products/${id}/certificates`, FENGJIE, { intent: "link", certification_id: String(greenFood.id) }, { id: String(id) });
    expect((await publish(id)).status).toBe(400);

    const organic = await createCertification(db(), { cooperative_id: fengjie, type: "organic", status: "verified" });
    const linked = await post(certificatesAction, `/coop/products/${id}/certificates`, FENGJIE, { intent: "link", certification_id: String(organic.id) }, { id: String(id) });
    expect(linked.status).toBe(302);
    response = await publish(id);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/coop/products/${id}?notice=published`);
    const published = await product(id);
    expect(published.status).toBe("active");
    expect(published.published_at).not.toBeNull();

    // Unlinking the only certificate backing the claim of a product on sale is refused.
    const unlink = await post(certificatesAction, `/coop/products/${id}/certificates`, FENGJIE, { intent: "unlink", certification_id: String(organic.id) }, { id: String(id) });
    expect(unlink.status).toBe(400);
    expect(await body(unlink)).toMatchObject({ errors: { form: "unlinkWouldBreakClaim" }, unmetClaims: [{ type: "organic" }] });
    const links = await db().selectFrom("product_certifications").select("certification_id").where("product_id", "=", id).execute();
    expect(links.map((l) => l.certification_id)).toContain(organic.id);
  });

  it("refuses English wording too, and a claim added to an active product's text", async () => {
    const id = await createViaForm({ description_en: "Certified Green Food navel oranges." });
    const refused = await publish(id);
    expect(await body(refused)).toMatchObject({ unmetClaims: [{ type: "green_food", word: "Green Food" }] });

    const plain = await createViaForm();
    expect((await publish(plain)).status).toBe(302);
    const before = await product(plain);
    const response = await post(editAction, `/coop/products/${plain}`, FENGJIE, editForm(before, { name_en: "Organic Fengjie Oranges" }), { id: String(plain) });
    expect(response.status).toBe(400);
    const data = await body<{ values: Record<string, string>; unmetClaims: unknown[] }>(response);
    expect(data.unmetClaims).toEqual([{ type: "organic", word: "Organic" }]);
    expect(data.values.name_en).toBe("Organic Fengjie Oranges");
    expect(await product(plain)).toEqual(before);
  });

  it("unpublishes back to draft, archives and restores", async () => {
    const id = await createViaForm();
    expect((await publish(id)).status).toBe(302);
    let response = await post(editAction, `/coop/products/${id}`, FENGJIE, { intent: "status", to: "draft" }, { id: String(id) });
    expect(response.headers.get("Location")).toBe(`/coop/products/${id}?notice=unpublished`);
    expect((await product(id)).status).toBe("draft");
    response = await post(editAction, `/coop/products/${id}`, FENGJIE, { intent: "status", to: "archived" }, { id: String(id) });
    expect((await product(id)).status).toBe("archived");
    // An archived product goes back to draft before it can be sold again.
    response = await publish(id);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ errors: { form: "statusChange" } });
    response = await post(editAction, `/coop/products/${id}`, FENGJIE, { intent: "status", to: "draft" }, { id: String(id) });
    expect(response.headers.get("Location")).toBe(`/coop/products/${id}?notice=restored`);
    expect((await post(editAction, `/coop/products/${id}`, FENGJIE, { intent: "bogus" }, { id: String(id) })).status).toBe(400);
  });

  it("lists products with a status filter", async () => {
    const id = await createViaForm();
    const all = await body<{ products: { id: number; status: string }[] }>(await load(listLoader, "/coop/products", FENGJIE));
    expect(all.products.some((p) => p.id === id)).toBe(true);
    const drafts = await body<{ products: { id: number; status: string }[] }>(await load(listLoader, "/coop/products?status=draft", FENGJIE));
    expect(drafts.products.every((p) => p.status === "draft")).toBe(true);
    expect(drafts.products.some((p) => p.id === id)).toBe(true);
    const active = await body<{ products: { id: number; status: string }[] }>(await load(listLoader, "/coop/products?status=active", FENGJIE));
    expect(active.products.some((p) => p.id === id)).toBe(false);
    // Another cooperative's products never appear.
    const wushanList = await body<{ products: { id: number }[] }>(await load(listLoader, "/coop/products", WUSHAN));
    expect(wushanList.products.some((p) => p.id === id)).toBe(false);
  });

  it("shows the editor only for the cooperative's own product", async () => {
    const id = await createViaForm();
    expect((await load(editLoader, `/coop/products/${id}`, FENGJIE, { id: String(id) })).status).toBe(200);
    expect((await load(editLoader, `/coop/products/abc`, FENGJIE, { id: "abc" })).status).toBe(404);
    expect((await load(editLoader, `/coop/products/999999`, FENGJIE, { id: "999999" })).status).toBe(404);
  });
});

describe("variants and stock", () => {
  it("adds a variant, refusing a duplicate SKU and a bad price while keeping the form", async () => {
    const id = await createViaForm();
    const params = { id: String(id) };
    const url = `/coop/products/${id}/variants`;
    const form = { intent: "add", sku: "fj-test-extra-1", label_zh: "5公斤装", label_en: "5 kg box", weight_grams: "5000", price: "89", stock: "40" };
    let response = await post(variantsAction, url, FENGJIE, form, params);
    expect(response.status).toBe(302);
    const variants = await db().selectFrom("variants").selectAll().where("product_id", "=", id).orderBy("position").execute();
    expect(variants.map((v) => [v.sku, v.position, v.price_fen, v.stock_on_hand])).toEqual([
      [expect.any(String), 0, 5990, 120],
      ["FJ-TEST-EXTRA-1", 1, 8900, 40],
    ]);

    response = await post(variantsAction, url, FENGJIE, { ...form, sku: "FJ-TEST-EXTRA-1" }, params);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ intent: "add", errors: { sku: "skuTaken" }, values: { sku: "FJ-TEST-EXTRA-1", price: "89" } });

    response = await post(variantsAction, url, FENGJIE, { ...form, sku: "fj-test-extra-2", price: "8.999" }, params);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ errors: { price: "priceFormat" }, values: { price: "8.999" } });
  });

  it("updates a variant, and keeps one variant on sale while the product is", async () => {
    const id = await createViaForm();
    const params = { id: String(id) };
    const url = `/coop/products/${id}/variants`;
    const variant = await db().selectFrom("variants").selectAll().where("product_id", "=", id).executeTakeFirstOrThrow();
    const form = { intent: "update", variant_id: String(variant.id), sku: variant.sku, label_zh: "3公斤精选", label_en: "3 kg select", weight_grams: "3100", price: "62.50", active: "on" };
    let response = await post(variantsAction, url, FENGJIE, form, params);
    expect(response.status).toBe(302);
    expect(await db().selectFrom("variants").selectAll().where("id", "=", variant.id).executeTakeFirstOrThrow()).toMatchObject({ label_en: "3 kg select", price_fen: 6250, weight_grams: 3100, active: true });
    expect((await product(id)).price_from_fen).toBe(6250);

    expect((await publish(id)).status).toBe(302);
    const { active: _on, ...off } = form;
    response = await post(variantsAction, url, FENGJIE, off, params);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ errors: { active: "lastActiveVariant" } });

    // A variant label may not sneak a claim onto a product on sale.
    response = await post(variantsAction, url, FENGJIE, { ...form, label_en: "3 kg organic" }, params);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ unmetClaims: [{ type: "organic" }] });
  });

  it("adjusts stock with a reason kept as history, never below what shoppers reserved", async () => {
    const id = await createViaForm({ "variant.stock": "10" });
    const params = { id: String(id) };
    const url = `/coop/products/${id}/variants`;
    const variant = await db().selectFrom("variants").selectAll().where("product_id", "=", id).executeTakeFirstOrThrow();
    let response = await post(variantsAction, url, FENGJIE, { intent: "stock", variant_id: String(variant.id), direction: "add", quantity: "25", reason: "东坡采收" }, params);
    expect(response.status).toBe(302);
    // Shoppers hold 30 of the 35.
    await db().updateTable("variants").set({ stock_reserved: 30 }).where("id", "=", variant.id).execute();
    response = await post(variantsAction, url, FENGJIE, { intent: "stock", variant_id: String(variant.id), direction: "remove", quantity: "6", reason: "damaged" }, params);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ intent: "stock", errors: { quantity: "belowReserved" }, values: { quantity: "6", reason: "damaged" } });
    response = await post(variantsAction, url, FENGJIE, { intent: "stock", variant_id: String(variant.id), direction: "remove", quantity: "5", reason: "3 boxes damaged" }, params);
    expect(response.status).toBe(302);
    const after = await db().selectFrom("variants").selectAll().where("id", "=", variant.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ stock_on_hand: 30, stock_reserved: 30 });
    const history = await db().selectFrom("stock_adjustments").select(["delta", "reason_code", "reason"]).where("variant_id", "=", variant.id).orderBy("id").execute();
    expect(history).toEqual([
      { delta: 10, reason_code: "opening", reason: "" },
      { delta: 25, reason_code: "manual", reason: "东坡采收" },
      { delta: -5, reason_code: "manual", reason: "3 boxes damaged" },
    ]);
    for (const quantity of ["-3", "1.5", "abc", "0"]) {
      response = await post(variantsAction, url, FENGJIE, { intent: "stock", variant_id: String(variant.id), direction: "add", quantity, reason: "x" }, params);
      expect(response.status, quantity).toBe(400);
    }
    const loaded = await body<{ stockHistory: unknown[] }>(await load(variantsLoader, url, FENGJIE, params));
    expect(loaded.stockHistory).toHaveLength(3);
  });

  it("keeps stock consistent when removals race", async () => {
    const id = await createViaForm({ "variant.stock": "10" });
    const variant = await db().selectFrom("variants").selectAll().where("product_id", "=", id).executeTakeFirstOrThrow();
    const { adjustStock } = await import("~/models/stock.server");
    const results = await Promise.all(
      Array.from({ length: 6 }, () => adjustStock(db(), { variantId: variant.id, cooperativeId: fengjie, delta: -3, reason: "race", actorUserId: null })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const after = await db().selectFrom("variants").select("stock_on_hand").where("id", "=", variant.id).executeTakeFirstOrThrow();
    expect(after.stock_on_hand).toBe(1);
    const { n } = await db()
      .selectFrom("stock_adjustments")
      .select(sql<number>`sum(delta)::int`.as("n"))
      .where("variant_id", "=", variant.id)
      .executeTakeFirstOrThrow();
    expect(n).toBe(1);
  });
});
