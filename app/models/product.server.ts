import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from "kysely";
import type { Database, ProductStatus } from "~db/schema";
import { STATUS_CHANGES, type EditProductInput, type NewProductInput, type ProductFields, type VariantFields } from "~/schemas/coop";
import type { FieldErrors } from "~/types/forms";
import { chinaToday } from "~/utils/dates";
import { productSearchFields } from "~/utils/search";
import { usableBrandExists } from "~/models/brand.server";
import { categoryExists } from "~/models/category.server";
import { currentClaimText, unmetClaimsFor } from "~/models/claim.server";
import { notFound, refusalFromConstraint, type Outcome } from "~/models/outcome.server";
import { refreshSearchDocuments } from "~/models/search-documents.server";
import { withTransaction } from "~/models/transaction.server";
import { getCooperativeVariant, hasActiveVariant, insertVariant, skuTaken, updateVariantColumns, variantColumns } from "~/models/variant.server";

// Products as their cooperative sees them: every read and write is scoped by cooperative id,
// so an id from another cooperative (in a URL or a hidden field) finds nothing and changes nothing.
// A product is changed with its variants: publishing, and editing anything an active product
// shows, must keep every claim its text makes backed by a certificate.

// ------------------------------------------------------------------ reads

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

/** Locks this cooperative's product row until the transaction ends; false when there is none. */
export async function lockCooperativeProduct(trx: Transaction<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }): Promise<boolean> {
  const row = await trx
    .selectFrom("products")
    .select("id")
    .where("id", "=", id)
    .where("cooperative_id", "=", cooperativeId)
    .forUpdate()
    .executeTakeFirst();
  return Boolean(row);
}

/** The product with this slug, whichever cooperative's, locked until the transaction ends. */
export async function lockProductBySlug(trx: Transaction<Database>, { slug }: { slug: string }) {
  return trx.selectFrom("products").select(["id", "cooperative_id", "status", "published_at"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
}

/** Marks the product as changed (its pictures, links or sizes), for the portal's "last changed" order. */
export async function touchProduct(db: Kysely<Database>, productId: number) {
  await db.updateTable("products").set({ updated_at: sql`now()` }).where("id", "=", productId).execute();
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

async function slugTaken(db: Kysely<Database>, slug: string, exceptProductId?: number): Promise<boolean> {
  const row = await db
    .selectFrom("products")
    .select("id")
    .where("slug", "=", slug)
    .$if(exceptProductId !== undefined, (q) => q.where("id", "<>", exceptProductId!))
    .executeTakeFirst();
  return Boolean(row);
}

async function checkReferences(
  db: Kysely<Database>,
  cooperativeId: number,
  input: { category_id: number; brand_id?: number | undefined },
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (!(await categoryExists(db, { id: input.category_id }))) errors.category_id = "choose";
  if (input.brand_id !== undefined && !(await usableBrandExists(db, { id: input.brand_id, cooperativeId }))) errors.brand_id = "choose";
  return errors;
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

type ProductColumns = Omit<Insertable<Database["products"]>, "cooperative_id" | "slug" | "published_at">;

/** A new product row; `publishNow` stamps its first publication. */
export async function insertProduct(
  db: Kysely<Database>,
  { cooperativeId, slug, columns, publishNow = false }: { cooperativeId: number; slug: string; columns: ProductColumns; publishNow?: boolean },
): Promise<number> {
  const { id } = await db
    .insertInto("products")
    .values({ cooperative_id: cooperativeId, slug, ...columns, ...(publishNow ? { published_at: sql<Date>`now()` } : {}) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Replaces columns of this cooperative's product; `publishNow` stamps its first publication. */
export async function updateProductColumns(
  db: Kysely<Database>,
  {
    id,
    cooperativeId,
    columns,
    publishNow = false,
  }: { id: number; cooperativeId: number; columns: Omit<Updateable<Database["products"]>, "published_at">; publishNow?: boolean },
): Promise<void> {
  await db
    .updateTable("products")
    .set({ ...columns, ...(publishNow ? { published_at: sql<Date>`now()` } : {}), updated_at: sql`now()` })
    .where("id", "=", id)
    .where("cooperative_id", "=", cooperativeId)
    .execute();
}

/** A new draft product with its first variant and opening stock. */
export async function createProduct(
  db: Kysely<Database>,
  { cooperativeId, actorUserId, input }: { cooperativeId: number; actorUserId: number | null; input: NewProductInput },
): Promise<Outcome<{ id: number; slug: string }>> {
  const errors = await checkReferences(db, cooperativeId, input);
  if (await skuTaken(db, input.variant.sku)) errors["variant.sku"] = "skuTaken";
  if (input.slug && (await slugTaken(db, input.slug))) errors.slug = "slugTaken";
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  try {
    return await withTransaction(db, async (trx) => {
      // Made from the English name, or from the first size's SKU when there is none (Chinese only).
      const slug = input.slug ?? (await uniqueSlug(trx, slugify(input.name_en || input.variant.sku)));
      const id = await insertProduct(trx, { cooperativeId, slug, columns: { status: "draft", ...productColumns(input) } });
      await insertVariant(trx, { productId: id, columns: variantColumns(input.variant), stock: input.variant.stock, actorUserId });
      await refreshSearchDocuments(trx, { productIds: [id] });
      return { ok: true as const, id, slug };
    });
  } catch (error) {
    return refusalFromConstraint(error, { variants_sku_key: "variant.sku", products_slug_key: "slug" });
  }
}

/** Saves a product's details. An active product's new text must still be backed by its certificates. */
export async function updateProduct(
  db: Kysely<Database>,
  { id, cooperativeId, input, today = chinaToday() }: { id: number; cooperativeId: number; input: EditProductInput; today?: string },
): Promise<Outcome> {
  const product = await getCooperativeProduct(db, { id, cooperativeId });
  if (!product) return notFound();
  const errors = await checkReferences(db, cooperativeId, input);
  if (await slugTaken(db, input.slug, id)) errors.slug = "slugTaken";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (product.status === "active") {
    const claims = await unmetClaimsFor(db, { productId: id, text: await currentClaimText(db, id, { override: input }), today });
    if (claims.length > 0) return { ok: false, errors: { form: "unmetClaims" }, unmetClaims: claims };
  }
  try {
    await withTransaction(db, async (trx) => {
      await updateProductColumns(trx, { id, cooperativeId, columns: { ...productColumns(input), slug: input.slug } });
      await refreshSearchDocuments(trx, { productIds: [id] });
    });
  } catch (error) {
    return refusalFromConstraint(error, { products_slug_key: "slug" });
  }
  return { ok: true };
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
    if (!(await hasActiveVariant(db, { productId: id }))) return { ok: false, errors: { form: "noVariants" } };
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
    const text = await currentClaimText(db, productId, { extraLabels: [input.label_zh, input.label_en] });
    const claims = await unmetClaimsFor(db, { productId, text, today });
    if (claims.length > 0) return { ok: false, errors: { form: "unmetClaims" }, unmetClaims: claims };
  }
  try {
    const id = await withTransaction(db, (trx) => insertVariant(trx, { productId, columns: variantColumns(input), stock: input.stock, actorUserId }));
    return { ok: true, id };
  } catch (error) {
    return refusalFromConstraint(error, { variants_sku_key: "sku" });
  }
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
    if (!input.active && !(await hasActiveVariant(db, { productId, exceptVariantId: variant.id }))) return { ok: false, errors: { active: "lastActiveVariant" } };
    const text = await currentClaimText(db, productId, { exceptVariantId: variant.id, extraLabels: [input.label_zh, input.label_en] });
    const claims = await unmetClaimsFor(db, { productId, text, today });
    if (claims.length > 0) return { ok: false, errors: { form: "unmetClaims" }, unmetClaims: claims };
  }
  try {
    await updateVariantColumns(db, { variantId: variant.id, productId, columns: { ...variantColumns(input), active: input.active } });
  } catch (error) {
    return refusalFromConstraint(error, { variants_sku_key: "sku" });
  }
  return { ok: true };
}
