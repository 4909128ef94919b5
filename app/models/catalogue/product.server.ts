import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { localized, type Locale } from "~/i18n";
import { illustrationUrl } from "~/utils/images";
import { certificateColumns, shownToShoppers, toCertificateView, type ProductPicture } from "~/models/catalogue/shared.server";
import type { BatchSummary, BrandView, CertificateView, ProductDetail, StockState, VariantView } from "~/types/catalogue";

export type { BatchSummary, BrandView, CertificateView, ProductDetail, StockState, VariantView };

// The public product page: everything a shopper needs to trust and buy one product.

/** Below this many units a variant says "only N left". */
export const LOW_STOCK_THRESHOLD = 5;

export function stockState(available: number): StockState {
  if (available <= 0) return "sold_out";
  return available <= LOW_STOCK_THRESHOLD ? "low_stock" : "in_stock";
}

/** The China day of a timestamp, for "verified on". */
const chinaDay = (column: string) => sql<string | null>`to_char(${sql.ref(column)} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;

/** A product on sale (active), or null: drafts and archived products are not public. */
export async function getProductDetail(
  db: Kysely<Database>,
  { slug, locale, today }: { slug: string; locale: Locale; today: string },
): Promise<ProductDetail | null> {
  const product = await db
    .selectFrom("products as p")
    .innerJoin("cooperatives as co", "co.id", "p.cooperative_id")
    .innerJoin("categories as cat", "cat.id", "p.category_id")
    .leftJoin("brands as b", (join) => join.onRef("b.id", "=", "p.brand_id").on(shownToShoppers("b", today)))
    .select([
      "p.id",
      "p.slug",
      "p.name_zh",
      "p.name_en",
      "p.description_zh",
      "p.description_en",
      "p.origin_county_zh",
      "p.origin_county_en",
      "p.temperature_class",
      "p.shelf_life_days",
      "p.season_months",
      "p.illustration",
      "p.updated_at",
      "cat.slug as category_slug",
      "cat.name_zh as category_name_zh",
      "cat.name_en as category_name_en",
      "co.slug as cooperative_slug",
      "co.name_zh as cooperative_name_zh",
      "co.name_en as cooperative_name_en",
      "co.county_zh as cooperative_county_zh",
      "co.county_en as cooperative_county_en",
      "b.name as brand_name",
      "b.registration_number as brand_registration_number",
      "b.nice_class as brand_nice_class",
      "b.registrant as brand_registrant",
      "b.registered_on as brand_registered_on",
      "b.expires_on as brand_expires_on",
    ])
    .where("p.slug", "=", slug)
    .where("p.status", "=", "active")
    .executeTakeFirst();
  if (!product) return null;

  const [variants, images, certificates, batch] = await Promise.all([
    db
      .selectFrom("variants")
      .select(["id", "sku", "label_zh", "label_en", "weight_grams", "price_fen", "stock_on_hand", "stock_reserved"])
      .where("product_id", "=", product.id)
      .where("active", "=", true)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("product_images")
      .select(["storage_key", "alt_zh", "alt_en", "width", "height"])
      .where("product_id", "=", product.id)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("product_certifications as pc")
      .innerJoin("certifications as c", "c.id", "pc.certification_id")
      .select(["c.id", ...certificateColumns, chinaDay("c.reviewed_at").as("verified_on")])
      .where("pc.product_id", "=", product.id)
      .where(shownToShoppers("c", today))
      .orderBy("c.type")
      .orderBy("c.expires_on", "desc")
      .orderBy("c.id")
      .execute(),
    db
      .selectFrom("batches")
      .select(["code", "harvested_on", "packed_on", "best_before"])
      .where("product_id", "=", product.id)
      .orderBy("harvested_on", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst(),
  ]);

  const name = localized(product, "name", locale);
  const pictures: ProductPicture[] = images.map((image) => ({
    kind: "photo",
    storageKey: image.storage_key,
    alt: localized(image, "alt", locale),
    width: image.width,
    height: image.height,
  }));
  if (pictures.length === 0) pictures.push({ kind: "illustration", src: illustrationUrl(product.illustration), alt: name });

  return {
    id: product.id,
    slug: product.slug,
    name,
    description: localized(product, "description", locale),
    county: localized(product, "origin_county", locale),
    temperature: product.temperature_class,
    shelfLifeDays: product.shelf_life_days,
    seasonMonths: product.season_months,
    updatedAt: new Date(product.updated_at).toISOString(),
    category: { slug: product.category_slug, name: localized(product, "category_name", locale) },
    cooperative: {
      slug: product.cooperative_slug,
      name: localized(product, "cooperative_name", locale),
      county: localized(product, "cooperative_county", locale),
    },
    brand:
      product.brand_name !== null && product.brand_registration_number !== null
        ? {
            name: product.brand_name,
            registrationNumber: product.brand_registration_number,
            niceClass: product.brand_nice_class ?? 0,
            registrant: product.brand_registrant ?? "",
            registeredOn: product.brand_registered_on ?? "",
            expiresOn: product.brand_expires_on ?? "",
          }
        : null,
    certificates: certificates.map((c) => ({ id: c.id, ...toCertificateView(c, locale), verifiedOn: c.verified_on })),
    variants: variants.map((v) => {
      const available = Math.max(v.stock_on_hand - v.stock_reserved, 0);
      return {
        id: v.id,
        sku: v.sku,
        label: localized(v, "label", locale),
        weightGrams: v.weight_grams,
        priceFen: v.price_fen,
        available,
        stock: stockState(available),
      };
    }),
    pictures,
    latestBatch: batch
      ? { code: batch.code, harvestedOn: batch.harvested_on, packedOn: batch.packed_on, bestBefore: batch.best_before }
      : null,
  };
}
