import type { Kysely } from "kysely";
import type { CertificationType, Database } from "~db/schema";
import type { ProductFields } from "~/schemas/coop";
import { chinaToday } from "~/utils/dates";
import { unmetClaims, type UnmetClaim } from "~/models/trust";

// What a product claims ("organic", "green food"…) and whether its certificates back it. The
// guard every way of showing a product goes through: publishing, editing an active product,
// adding a size to it, unlinking a certificate and importing a spreadsheet.

/** Certificate types linked to the product that are verified and unexpired today. */
export async function coveredCertificationTypes(
  db: Kysely<Database>,
  { productId, today = chinaToday(), exceptCertificationId }: { productId: number; today?: string; exceptCertificationId?: number },
): Promise<CertificationType[]> {
  const rows = await db
    .selectFrom("product_certifications as pc")
    .innerJoin("certifications as c", "c.id", "pc.certification_id")
    .innerJoin("products as p", "p.id", "pc.product_id")
    .whereRef("c.cooperative_id", "=", "p.cooperative_id")
    .where("pc.product_id", "=", productId)
    .where("c.status", "=", "verified")
    .where("c.expires_on", ">=", today)
    .$if(exceptCertificationId !== undefined, (q) => q.where("c.id", "<>", exceptCertificationId!))
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
 * only by a certificate of the same type that is linked, verified and unexpired today
 * (`exceptCertificationId`: as if that one were unlinked).
 */
export async function unmetClaimsFor(
  db: Kysely<Database>,
  { productId, text, today = chinaToday(), exceptCertificationId }: { productId: number; text: string; today?: string; exceptCertificationId?: number },
): Promise<UnmetClaim[]> {
  if (unmetClaims(text, []).length === 0) return [];
  return unmetClaims(text, await coveredCertificationTypes(db, { productId, today, exceptCertificationId }));
}

/**
 * The claim text of a stored product and its variants' labels, with edits applied: fields of
 * `override` replace the stored ones, the labels of `exceptVariantId` are left out (it is being
 * edited) and `extraLabels` are added.
 */
export async function currentClaimText(
  db: Kysely<Database>,
  productId: number,
  { override, extraLabels = [], exceptVariantId }: { override?: Partial<ProductFields>; extraLabels?: string[]; exceptVariantId?: number } = {},
) {
  const product = await db
    .selectFrom("products")
    .select(["name_zh", "name_en", "description_zh", "description_en"])
    .where("id", "=", productId)
    .executeTakeFirstOrThrow();
  const labels = await db
    .selectFrom("variants")
    .select(["label_zh", "label_en"])
    .where("product_id", "=", productId)
    .$if(exceptVariantId !== undefined, (q) => q.where("id", "<>", exceptVariantId!))
    .execute();
  return claimText({ ...product, ...override }, [...labels.flatMap((l) => [l.label_zh, l.label_en]), ...extraLabels]);
}
