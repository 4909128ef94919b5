import { sql, type Kysely, type RawBuilder, type SqlBool } from "kysely";
import type { CertificationType, Database } from "~db/schema";
import { localized, type Locale } from "~/i18n";
import { illustrationUrl } from "~/utils/images";
import { issuerName } from "~/utils/issuers";
import type { ProductCard, ProductPicture } from "~/types/catalogue";

export type { ProductCard, ProductPicture };

// Pieces every public catalogue query shares: what "shown to shoppers" means in SQL, the
// product card, and the one batched query for a page's badges.

/**
 * A certificate or brand row (by its SQL alias) that a shopper may see: verified and not
 * expired on `today`, a China day passed in as a bound parameter by each request.
 * The SQL twin of `isShownToShoppers` in app/models/trust.ts; a test keeps them agreeing.
 */
export function shownToShoppers(alias: "c" | "b", today: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.status`)} = 'verified' AND ${sql.ref(`${alias}.expires_on`)} >= ${today}::date)`;
}

/** The columns that describe a certificate (SQL alias "c"); all a shopper is shown of it. */
export const certificateColumns = ["c.type", "c.number", "c.issuing_body", "c.scope_zh", "c.scope_en", "c.issued_on", "c.expires_on"] as const;

/** A certificate row selected with `certificateColumns`, as a shopper reads it. */
export function toCertificateView(
  c: { type: CertificationType; number: string; issuing_body: string; scope_zh: string; scope_en: string; issued_on: string; expires_on: string },
  locale: Locale,
) {
  return {
    type: c.type,
    number: c.number,
    issuingBody: issuerName(c.issuing_body, locale),
    scope: localized(c, "scope", locale),
    issuedOn: c.issued_on,
    expiresOn: c.expires_on,
  };
}

/** A product in the public catalogue: active, with something to sell. */
export function publicProduct(alias = "p"): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.status`)} = 'active' AND ${sql.ref(`${alias}.price_from_fen`)} IS NOT NULL)`;
}

export function productPicture(
  row: { illustration: string; image_key: string | null; image_alt_zh: string | null; image_alt_en: string | null; image_width: number | null; image_height: number | null },
  name: string,
  locale: Locale,
): ProductPicture {
  if (row.image_key) {
    return {
      kind: "photo",
      storageKey: row.image_key,
      alt: (locale === "en" ? row.image_alt_en : row.image_alt_zh) ?? name,
      width: row.image_width ?? 640,
      height: row.image_height ?? 480,
    };
  }
  return { kind: "illustration", src: illustrationUrl(row.illustration), alt: name };
}

/** The columns a product card needs, for a query over `products as p`. */
export function selectCardColumns(db: Kysely<Database>) {
  return db
    .selectFrom("products as p")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("product_images as pi")
          .select(["pi.storage_key", "pi.alt_zh", "pi.alt_en", "pi.width", "pi.height"])
          .whereRef("pi.product_id", "=", "p.id")
          .orderBy("pi.position")
          .orderBy("pi.id")
          .limit(1)
          .as("img"),
      (join) => join.onTrue(),
    )
    .select([
      "p.id",
      "p.slug",
      "p.name_zh",
      "p.name_en",
      "p.origin_county_zh",
      "p.origin_county_en",
      "p.illustration",
      "p.price_from_fen",
      "img.storage_key as image_key",
      "img.alt_zh as image_alt_zh",
      "img.alt_en as image_alt_en",
      "img.width as image_width",
      "img.height as image_height",
      sql<number>`(SELECT coalesce(sum(v.stock_on_hand - v.stock_reserved), 0)::int FROM variants v WHERE v.product_id = p.id AND v.active)`.as(
        "available",
      ),
    ]);
}

export type CardRow = {
  id: number;
  slug: string;
  name_zh: string;
  name_en: string;
  origin_county_zh: string;
  origin_county_en: string;
  illustration: string;
  price_from_fen: number | null;
  image_key: string | null;
  image_alt_zh: string | null;
  image_alt_en: string | null;
  image_width: number | null;
  image_height: number | null;
  available: number;
};

/** The card rows of the products with these ids that are still in the catalogue, in the order of the ids. */
export async function cardRowsInOrder(db: Kysely<Database>, ids: readonly number[]): Promise<CardRow[]> {
  if (ids.length === 0) return [];
  const rows = await selectCardColumns(db).where("p.id", "in", [...ids]).where(publicProduct("p")).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The certificate types each product may show as badges, in one query for a whole page. */
export async function shownCertificationTypes(
  db: Kysely<Database>,
  { productIds, today }: { productIds: readonly number[]; today: string },
): Promise<Map<number, CertificationType[]>> {
  const badges = new Map<number, CertificationType[]>();
  if (productIds.length === 0) return badges;
  const rows = await db
    .selectFrom("product_certifications as pc")
    .innerJoin("certifications as c", "c.id", "pc.certification_id")
    .select(["pc.product_id", "c.type"])
    .distinct()
    .where("pc.product_id", "in", [...productIds])
    .where(shownToShoppers("c", today))
    .orderBy("pc.product_id")
    .orderBy("c.type")
    .execute();
  for (const row of rows) {
    const list = badges.get(row.product_id) ?? [];
    list.push(row.type);
    badges.set(row.product_id, list);
  }
  return badges;
}

export function toCard(row: CardRow, badges: Map<number, CertificationType[]>, locale: Locale): ProductCard {
  const name = localized(row, "name", locale);
  return {
    id: row.id,
    slug: row.slug,
    name,
    county: localized(row, "origin_county", locale),
    priceFromFen: row.price_from_fen ?? 0,
    soldOut: row.available <= 0,
    picture: productPicture(row, name, locale),
    badges: badges.get(row.id) ?? [],
  };
}

/** Cards for rows already read, with their badges from one more query. */
export async function cardsFor(
  db: Kysely<Database>,
  { rows, locale, today }: { rows: readonly CardRow[]; locale: Locale; today: string },
): Promise<ProductCard[]> {
  const badges = await shownCertificationTypes(db, { productIds: rows.map((row) => row.id), today });
  return rows.map((row) => toCard(row, badges, locale));
}
