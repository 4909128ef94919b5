import { sql, type Kysely, type Transaction } from "kysely";
import type { CertificationType, Database, ProductStatus } from "~db/schema";
import { STATUS_CHANGES, type EditProductInput, type NewProductInput, type ProductFields, type VariantFields } from "~/schemas/coop";
import type { FieldErrors } from "~/types/forms";
import { chinaToday } from "~/utils/dates";
import { productSearchFields } from "~/utils/search";
import { refreshSearchDocuments } from "~/models/search-documents.server";
import { trustState, unmetClaims, type UnmetClaim } from "~/models/trust";

// Products as their cooperative sees them: every read and write is scoped by cooperative id,
// so an id from another cooperative (in a URL or a hidden field) finds nothing and changes nothing.

export type Refusal = { ok: false; errors: FieldErrors; unmetClaims?: UnmetClaim[] };
export type Outcome<T = object> = ({ ok: true } & T) | Refusal;

/** The error code and constraint of a unique violation, on PostgreSQL and PGlite alike. */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === "23505" ? (e.constraint ?? "") : null;
}

// ------------------------------------------------------------------ reads

export async function categoryOptions(db: Kysely<Database>) {
  return db.selectFrom("categories").select(["id", "slug", "name_zh", "name_en"]).orderBy("position").orderBy("id").execute();
}

export async function listCooperativeProducts(
  db: Kysely<Database>,
  { cooperativeId, status }: { cooperativeId: number; status?: ProductStatus },
) {
  let query = db
    .selectFrom("products as p")
    .where("p.cooperative_id", "=", cooperativeId)
    .select((eb) => [
      "p.id",
      "p.slug",
      "p.name_zh",
      "p.name_en",
      "p.status",
      "p.price_from_fen",
      "p.illustration",
      "p.updated_at",
      eb
        .selectFrom("variants as v")
        .whereRef("v.product_id", "=", "p.id")
        .select((v) => v.fn.countAll<number>().as("n"))
        .as("variant_count"),
      eb
        .selectFrom("variants as v")
        .whereRef("v.product_id", "=", "p.id")
        .where("v.active", "=", true)
        .select(sql<number>`coalesce(sum(v.stock_on_hand - v.stock_reserved), 0)::int`.as("n"))
        .as("available"),
      eb
        .selectFrom("product_images as i")
        .whereRef("i.product_id", "=", "p.id")
        .select("i.storage_key")
        .orderBy("i.position")
        .orderBy("i.id")
        .limit(1)
        .as("image_key"),
    ])
    .orderBy("p.updated_at", "desc")
    .orderBy("p.id", "desc");
  if (status) query = query.where("p.status", "=", status);
  return query.execute();
}

export async function countProductsByStatus(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }) {
  const rows = await db
    .selectFrom("products")
    .where("cooperative_id", "=", cooperativeId)
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  const counts: Record<ProductStatus, number> = { draft: 0, active: 0, archived: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** One product of this cooperative, or undefined (also for another cooperative's product). */
export async function getCooperativeProduct(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }) {
  return db
    .selectFrom("products")
    .selectAll()
    .where("id", "=", id)
    .where("cooperative_id", "=", cooperativeId)
    .executeTakeFirst();
}

/** Everything the product editor shows. */
export async function getProductEditor(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }) {
  const product = await getCooperativeProduct(db, { id, cooperativeId });
  if (!product) return null;
  const today = chinaToday();
  const [variants, images, certifications, stockHistory] = await Promise.all([
    db.selectFrom("variants").selectAll().where("product_id", "=", id).orderBy("position").orderBy("id").execute(),
    db.selectFrom("product_images").selectAll().where("product_id", "=", id).orderBy("position").orderBy("id").execute(),
    db
      .selectFrom("product_certifications as pc")
      .innerJoin("certifications as c", "c.id", "pc.certification_id")
      .where("pc.product_id", "=", id)
      .where("c.cooperative_id", "=", cooperativeId)
      .select(["c.id", "c.type", "c.number", "c.issuing_body", "c.status", "c.expires_on", "c.review_note"])
      .orderBy("c.type")
      .orderBy("c.id")
      .execute(),
    db
      .selectFrom("stock_adjustments as a")
      .innerJoin("variants as v", "v.id", "a.variant_id")
      .where("v.product_id", "=", id)
      .select(["a.id", "a.delta", "a.reason_code", "a.reason", "a.created_at", "v.sku"])
      .orderBy("a.id", "desc")
      .limit(30)
      .execute(),
  ]);
  const { search_text: _text, search_document: _document, search_version: _version, ...shown } = product;
  return {
    product: shown,
    variants,
    images,
    certifications: certifications.map((c) => ({ ...c, state: trustState(c, today) })),
    stockHistory,
  };
}

// --------------------------------------------------------------- the guard

/** Certificate types linked to the product that are verified and unexpired today. */
export async function coveredCertificationTypes(
  db: Kysely<Database>,
  { productId, today = chinaToday() }: { productId: number; today?: string },
): Promise<CertificationType[]> {
  const rows = await db
    .selectFrom("product_certifications as pc")
    .innerJoin("certifications as c", "c.id", "pc.certification_id")
    .innerJoin("products as p", "p.id", "pc.product_id")
    .whereRef("c.cooperative_id", "=", "p.cooperative_id")
    .where("pc.product_id", "=", productId)
    .where("c.status", "=", "verified")
    .where("c.expires_on", ">=", today)
    .select("c.type")
    .distinct()
    .execute();
  return rows.map((row) => row.type);
}

/** The words shoppers read as claims: both names, both descriptions and every variant label. */
export function claimText(
  product: Pick<ProductFields, "name_zh" | "name_en" | "description_zh" | "description_en">,
  variantLabels: readonly string[] = [],
): string {
  return [product.name_zh, product.name_en, product.description_zh, product.description_en, ...variantLabels].join("\n");
}

/**
 * What a product would claim without backing, were it shown with this text. A claim is backed
 * only by a certificate of the same type that is linked, verified and unexpired today.
 */
export async function unmetClaimsFor(
  db: Kysely<Database>,
  { productId, text, today = chinaToday() }: { productId: number; text: string; today?: string },
): Promise<UnmetClaim[]> {
  if (unmetClaims(text, []).length === 0) return [];
  return unmetClaims(text, await coveredCertificationTypes(db, { productId, today }));
}

/** The claim text of a stored product (its variants' labels included), optionally with edits applied. */
export async function currentClaimText(db: Kysely<Database>, productId: number, override?: Partial<ProductFields>, extraLabels: string[] = []) {
  const product = await db
    .selectFrom("products")
    .select(["name_zh", "name_en", "description_zh", "description_en"])
    .where("id", "=", productId)
    .executeTakeFirstOrThrow();
  const labels = await db.selectFrom("variants").select(["label_zh", "label_en"]).where("product_id", "=", productId).execute();
  return claimText({ ...product, ...override }, [...labels.flatMap((l) => [l.label_zh, l.label_en]), ...extraLabels]);
}

// ------------------------------------------------------------------ writes

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{Mark}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/g, "");
  return slug || "product";
}

/** The slug itself when free, else the first free `slug-2`, `slug-3`… */
export async function uniqueSlug(db: Kysely<Database>, base: string, exceptProductId?: number): Promise<string> {
  const taken = new Set(
    (
      await db
        .selectFrom("products")
        .select("slug")
        .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)]))
        .$if(exceptProductId !== undefined, (q) => q.where("id", "<>", exceptProductId!))
        .execute()
    ).map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function checkReferences(
  db: Kysely<Database>,
  cooperativeId: number,
  input: { category_id: number; brand_id?: number | undefined },
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const category = await db.selectFrom("categories").select("id").where("id", "=", input.category_id).executeTakeFirst();
  if (!category) errors.category_id = "choose";
  if (input.brand_id !== undefined) {
    // Only this cooperative's own brands, and never one staff rejected.
    const brand = await db
      .selectFrom("brands")
      .select("id")
      .where("id", "=", input.brand_id)
      .where("cooperative_id", "=", cooperativeId)
      .where("status", "<>", "rejected")
      .executeTakeFirst();
    if (!brand) errors.brand_id = "choose";
  }
  return errors;
}

export async function skuTaken(db: Kysely<Database>, sku: string, exceptVariantId?: number): Promise<boolean> {
  const row = await db
    .selectFrom("variants")
    .select("id")
    .where("sku", "=", sku)
    .$if(exceptVariantId !== undefined, (q) => q.where("id", "<>", exceptVariantId!))
    .executeTakeFirst();
  return Boolean(row);
}

function productColumns(input: ProductFields) {
  return {
    name_zh: input.name_zh,
    name_en: input.name_en,
    description_zh: input.description_zh,
    description_en: input.description_en,
    category_id: input.category_id,
    brand_id: input.brand_id ?? null,
    origin_county_zh: input.origin_county_zh,
    origin_county_en: input.origin_county_en,
    temperature_class: input.temperature_class,
    shelf_life_days: input.shelf_life_days,
    season_months: input.season_months,
    ...productSearchFields(input),
  };
}

function variantColumns(input: VariantFields) {
  return {
    sku: input.sku,
    label_zh: input.label_zh,
    label_en: input.label_en,
    weight_grams: input.weight_grams,
    price_fen: input.price,
  };
}

/** A new draft product with its first variant and opening stock. */
export async function createProduct(
  db: Kysely<Database>,
  { cooperativeId, actorUserId, input }: { cooperativeId: number; actorUserId: number | null; input: NewProductInput },
): Promise<Outcome<{ id: number; slug: string }>> {
  const errors = await checkReferences(db, cooperativeId, input);
  if (await skuTaken(db, input.variant.sku)) errors["variant.sku"] = "skuTaken";
  if (input.slug) {
    const clash = await db.selectFrom("products").select("id").where("slug", "=", input.slug).executeTakeFirst();
    if (clash) errors.slug = "slugTaken";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  try {
    return await db.transaction().execute(async (trx) => {
      // Made from the English name, or from the first size's SKU when there is none (Chinese only).
      const slug = input.slug ?? (await uniqueSlug(trx, slugify(input.name_en || input.variant.sku)));
      const { id } = await trx
        .insertInto("products")
        .values({ cooperative_id: cooperativeId, slug, status: "draft", ...productColumns(input) })
        .returning("id")
        .executeTakeFirstOrThrow();
      await insertVariant(trx, { productId: id, input: input.variant, stock: input.variant.stock, actorUserId });
      await refreshSearchDocuments(trx, { productIds: [id] });
      return { ok: true as const, id, slug };
    });
  } catch (error) {
    return refusalFromConstraint(error, { variants_sku_key: "variant.sku", products_slug_key: "slug" });
  }
}

function refusalFromConstraint(error: unknown, fields: Record<string, string>): Refusal {
  const constraint = uniqueViolation(error);
  if (constraint !== null) {
    for (const [name, field] of Object.entries(fields)) {
      if (constraint === name) return { ok: false, errors: { [field]: field.endsWith("sku") ? "skuTaken" : field === "slug" ? "slugTaken" : "duplicate" } };
    }
  }
  throw error;
}

async function insertVariant(
  trx: Transaction<Database>,
  { productId, input, stock, actorUserId }: { productId: number; input: VariantFields; stock: number; actorUserId: number | null },
): Promise<number> {
  const { next } = await trx
    .selectFrom("variants")
    .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
    .where("product_id", "=", productId)
    .executeTakeFirstOrThrow();
  const { id } = await trx
    .insertInto("variants")
    .values({ product_id: productId, position: Number(next), stock_on_hand: stock, ...variantColumns(input) })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (stock > 0) {
    await trx
      .insertInto("stock_adjustments")
      .values({ variant_id: id, delta: stock, reason_code: "opening", actor_user_id: actorUserId })
      .execute();
  }
  return id;
}

/** Saves a product's details. An active product's new text must still be backed by its certificates. */
export async function updateProduct(
  db: Kysely<Database>,
  { id, cooperativeId, input, today = chinaToday() }: { id: number; cooperativeId: number; input: EditProductInput; today?: string },
): Promise<Outcome> {
  const product = await getCooperativeProduct(db, { id, cooperativeId });
  if (!product) return notFound();
  const errors = await checkReferences(db, cooperativeId, input);
  const clash = await db.selectFrom("products").select("id").where("slug", "=", input.slug).where("id", "<>", id).executeTakeFirst();
  if (clash) errors.slug = "slugTaken";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (product.status === "active") {
    const claims = await unmetClaimsFor(db, { productId: id, text: await currentClaimText(db, id, input), today });
    if (claims.length > 0) return { ok: false, errors: { form: "unmetClaims" }, unmetClaims: claims };
  }
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("products")
        .set({ ...productColumns(input), slug: input.slug, updated_at: sql`now()` })
        .where("id", "=", id)
        .where("cooperative_id", "=", cooperativeId)
        .execute();
      await refreshSearchDocuments(trx, { productIds: [id] });
    });
  } catch (error) {
    return refusalFromConstraint(error, { products_slug_key: "slug" });
  }
  return { ok: true };
}

export function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

/**
 * Publishes (active), unpublishes (back to draft) or archives a product. Publishing needs a
 * variant on sale and text whose every claim is backed by a linked, verified, unexpired certificate.
 */
export async function changeProductStatus(
  db: Kysely<Database>,
  { id, cooperativeId, to, today = chinaToday() }: { id: number; cooperativeId: number; to: ProductStatus; today?: string },
): Promise<Outcome> {
  const product = await getCooperativeProduct(db, { id, cooperativeId });
  if (!product) return notFound();
  if (product.status === to) return { ok: true };
  if (!STATUS_CHANGES[product.status].includes(to)) return { ok: false, errors: { form: "statusChange" } };
  if (to === "active") {
    const onSale = await db
      .selectFrom("variants")
      .select("id")
      .where("product_id", "=", id)
      .where("active", "=", true)
      .executeTakeFirst();
    if (!onSale) return { ok: false, errors: { form: "noVariants" } };
    const claims = await unmetClaimsFor(db, { productId: id, text: await currentClaimText(db, id), today });
    if (claims.length > 0) return { ok: false, errors: { form: "unmetClaims" }, unmetClaims: claims };
  }
  // Conditional on the status we checked, so two members clicking at once cannot skip the guard.
  const result = await db
    .updateTable("products")
    .set({
      status: to,
      updated_at: sql`now()`,
      ...(to === "active" ? { published_at: product.published_at ?? sql<Date>`now()` } : {}),
    })
    .where("id", "=", id)
    .where("cooperative_id", "=", cooperativeId)
    .where("status", "=", product.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return { ok: false, errors: { form: "statusChange" } };
  return { ok: true };
}

// ---------------------------------------------------------------- variants

export async function addVariant(
  db: Kysely<Database>,
  {
    productId,
    cooperativeId,
    actorUserId,
    input,
    today = chinaToday(),
  }: { productId: number; cooperativeId: number; actorUserId: number | null; input: VariantFields & { stock: number }; today?: string },
): Promise<Outcome<{ id: number }>> {
  const product = await getCooperativeProduct(db, { id: productId, cooperativeId });
  if (!product) return notFound();
  if (await skuTaken(db, input.sku)) return { ok: false, errors: { sku: "skuTaken" } };
  if (product.status === "active") {
    const text = await currentClaimText(db, productId, {}, [input.label_zh, input.label_en]);
    const claims = await unmetClaimsFor(db, { productId, text, today });
    if (claims.length > 0) return { ok: false, errors: { form: "unmetClaims" }, unmetClaims: claims };
  }
  try {
    const id = await db.transaction().execute((trx) => insertVariant(trx, { productId, input, stock: input.stock, actorUserId }));
    return { ok: true, id };
  } catch (error) {
    return refusalFromConstraint(error, { variants_sku_key: "sku" });
  }
}

/** The variant, only when it belongs to a product of this cooperative. */
export async function getCooperativeVariant(db: Kysely<Database>, { variantId, cooperativeId }: { variantId: number; cooperativeId: number }) {
  return db
    .selectFrom("variants as v")
    .innerJoin("products as p", "p.id", "v.product_id")
    .where("v.id", "=", variantId)
    .where("p.cooperative_id", "=", cooperativeId)
    .select(["v.id", "v.product_id", "v.sku", "v.label_zh", "v.label_en", "v.active", "v.stock_on_hand", "v.stock_reserved", "p.status as product_status"])
    .executeTakeFirst();
}

export async function updateVariant(
  db: Kysely<Database>,
  {
    productId,
    cooperativeId,
    input,
    today = chinaToday(),
  }: { productId: number; cooperativeId: number; input: VariantFields & { variant_id: number; active: boolean }; today?: string },
): Promise<Outcome> {
  const variant = await getCooperativeVariant(db, { variantId: input.variant_id, cooperativeId });
  if (!variant || variant.product_id !== productId) return notFound();
  if (await skuTaken(db, input.sku, variant.id)) return { ok: false, errors: { sku: "skuTaken" } };
  if (variant.product_status === "active") {
    if (!input.active) {
      const others = await db
        .selectFrom("variants")
        .select("id")
        .where("product_id", "=", productId)
        .where("active", "=", true)
        .where("id", "<>", variant.id)
        .executeTakeFirst();
      if (!others) return { ok: false, errors: { active: "lastActiveVariant" } };
    }
    const labels = await db.selectFrom("variants").select(["label_zh", "label_en"]).where("product_id", "=", productId).where("id", "<>", variant.id).execute();
    const product = await db.selectFrom("products").select(["name_zh", "name_en", "description_zh", "description_en"]).where("id", "=", productId).executeTakeFirstOrThrow();
    const text = claimText(product, [...labels.flatMap((l) => [l.label_zh, l.label_en]), input.label_zh, input.label_en]);
    const claims = await unmetClaimsFor(db, { productId, text, today });
    if (claims.length > 0) return { ok: false, errors: { form: "unmetClaims" }, unmetClaims: claims };
  }
  try {
    await db
      .updateTable("variants")
      .set({ ...variantColumns(input), active: input.active, updated_at: sql`now()` })
      .where("id", "=", variant.id)
      .where("product_id", "=", productId)
      .execute();
  } catch (error) {
    return refusalFromConstraint(error, { variants_sku_key: "sku" });
  }
  return { ok: true };
}

// ---------------------------------------------------------------- pictures

export const MAX_IMAGES_PER_PRODUCT = 12;

export async function countProductImages(db: Kysely<Database>, { productId }: { productId: number }): Promise<number> {
  const row = await db
    .selectFrom("product_images")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("product_id", "=", productId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records a stored picture as the product's last one. The product must be this cooperative's. */
export async function addProductImage(
  db: Kysely<Database>,
  {
    productId,
    cooperativeId,
    image,
    alt,
  }: {
    productId: number;
    cooperativeId: number;
    image: { storageKey: string; width: number; height: number };
    alt: { alt_zh: string; alt_en: string };
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Locks the product row so two uploads at once do not take the same position.
    const product = await trx
      .selectFrom("products")
      .select("id")
      .where("id", "=", productId)
      .where("cooperative_id", "=", cooperativeId)
      .forUpdate()
      .executeTakeFirst();
    if (!product) notFound();
    const { next } = await trx
      .selectFrom("product_images")
      .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
      .where("product_id", "=", productId)
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto("product_images")
      .values({
        product_id: productId,
        position: Number(next),
        storage_key: image.storageKey,
        width: image.width,
        height: image.height,
        alt_zh: alt.alt_zh,
        alt_en: alt.alt_en,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await touchProduct(trx, productId);
    return id;
  });
}

async function touchProduct(db: Kysely<Database>, productId: number) {
  await db.updateTable("products").set({ updated_at: sql`now()` }).where("id", "=", productId).execute();
}

async function cooperativeImage(db: Kysely<Database>, { imageId, productId, cooperativeId }: { imageId: number; productId: number; cooperativeId: number }) {
  return db
    .selectFrom("product_images as i")
    .innerJoin("products as p", "p.id", "i.product_id")
    .where("i.id", "=", imageId)
    .where("i.product_id", "=", productId)
    .where("p.cooperative_id", "=", cooperativeId)
    .select(["i.id", "i.product_id", "i.storage_key", "i.position"])
    .executeTakeFirst();
}

/** Swaps a picture with its neighbour; positions are renumbered 0…n-1 so they never collide. */
export async function moveProductImage(
  db: Kysely<Database>,
  { imageId, productId, cooperativeId, direction }: { imageId: number; productId: number; cooperativeId: number; direction: "up" | "down" },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const image = await cooperativeImage(trx, { imageId, productId, cooperativeId });
    if (!image) notFound();
    await trx.selectFrom("products").select("id").where("id", "=", productId).forUpdate().execute();
    const order = (
      await trx.selectFrom("product_images").select("id").where("product_id", "=", productId).orderBy("position").orderBy("id").execute()
    ).map((row) => row.id);
    const from = order.indexOf(imageId);
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to]!, order[from]!];
    for (const [position, id] of order.entries()) {
      await trx.updateTable("product_images").set({ position }).where("id", "=", id).execute();
    }
    await touchProduct(trx, productId);
  });
}

export async function updateProductImageAlt(
  db: Kysely<Database>,
  { imageId, productId, cooperativeId, alt }: { imageId: number; productId: number; cooperativeId: number; alt: { alt_zh: string; alt_en: string } },
): Promise<void> {
  const image = await cooperativeImage(db, { imageId, productId, cooperativeId });
  if (!image) notFound();
  await db.updateTable("product_images").set(alt).where("id", "=", image.id).execute();
  await touchProduct(db, productId);
}

/** Removes the picture's row; returns its storage key so the caller can delete the files afterwards. */
export async function removeProductImage(
  db: Kysely<Database>,
  { imageId, productId, cooperativeId }: { imageId: number; productId: number; cooperativeId: number },
): Promise<string> {
  const image = await cooperativeImage(db, { imageId, productId, cooperativeId });
  if (!image) notFound();
  await db.deleteFrom("product_images").where("id", "=", image.id).execute();
  await touchProduct(db, productId);
  return image.storage_key;
}
