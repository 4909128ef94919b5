import { sql, type Kysely } from "kysely";
import type { CertificationType, Database } from "~db/schema";
import { localized, type Locale } from "~/i18n";
import { catalogueMemo } from "~/models/catalogue/version.server";
import { cardsFor, certificateColumns, publicProduct, selectCardColumns, shownToShoppers, toCertificateView, type ProductCard } from "~/models/catalogue/shared.server";
import type { CooperativeSummary } from "~/types/catalogue";

export type { CooperativeSummary };

// Public cooperative profiles: who grows the food, where, and what they hold.

export interface CooperativeBrand {
  name: string;
  registrationNumber: string;
  niceClass: number;
  expiresOn: string;
}

export interface CooperativeCertificate {
  type: CertificationType;
  number: string;
  issuingBody: string;
  scope: string;
  issuedOn: string;
  expiresOn: string;
}

export interface CooperativeProfile {
  slug: string;
  name: string;
  county: string;
  story: string;
  foundedYear: number | null;
  memberHouseholds: number | null;
  updatedAt: string;
  brands: CooperativeBrand[];
  certificates: CooperativeCertificate[];
  products: ProductCard[];
}

const EXCERPT_LENGTH = 90;

function excerpt(story: string): string {
  const firstParagraph = story.split(/\n\s*\n/)[0]?.trim() ?? "";
  const chars = [...firstParagraph];
  return chars.length <= EXCERPT_LENGTH ? firstParagraph : `${chars.slice(0, EXCERPT_LENGTH).join("").trimEnd()}…`;
}

interface CooperativeRow {
  slug: string;
  name_zh: string;
  name_en: string;
  county_zh: string;
  county_en: string;
  story_zh: string;
  story_en: string;
  founded_year: number | null;
  member_households: number | null;
  product_count: number;
}

// Counting each cooperative's products on sale reads the whole catalogue: once per catalogue version.
const cooperativeRows = catalogueMemo<CooperativeRow[]>();

/** Every cooperative with how many products it has on sale, by name. */
export async function listCooperatives(
  db: Kysely<Database>,
  { locale }: { locale: Locale },
): Promise<CooperativeSummary[]> {
  const rows = await cooperativeRows(db, locale, () =>
    db
      .selectFrom("cooperatives as co")
      .select([
        "co.slug",
        "co.name_zh",
        "co.name_en",
        "co.county_zh",
        "co.county_en",
        "co.story_zh",
        "co.story_en",
        "co.founded_year",
        "co.member_households",
        sql<number>`(SELECT count(*)::int FROM products p WHERE p.cooperative_id = co.id AND ${publicProduct("p")})`.as(
          "product_count",
        ),
      ])
      .orderBy(locale === "en" ? "co.name_en" : "co.name_zh")
      .orderBy("co.id")
      .execute(),
  );
  return rows.map((row) => ({
    slug: row.slug,
    name: localized(row, "name", locale),
    county: localized(row, "county", locale),
    foundedYear: row.founded_year,
    memberHouseholds: row.member_households,
    productCount: row.product_count,
    storyExcerpt: excerpt(localized(row, "story", locale)),
  }));
}

/** One cooperative's public profile with its products on sale, or null. */
export async function getCooperativeProfile(
  db: Kysely<Database>,
  { slug, locale, today }: { slug: string; locale: Locale; today: string },
): Promise<CooperativeProfile | null> {
  const cooperative = await db
    .selectFrom("cooperatives")
    .select([
      "id",
      "slug",
      "name_zh",
      "name_en",
      "county_zh",
      "county_en",
      "story_zh",
      "story_en",
      "founded_year",
      "member_households",
      "updated_at",
    ])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!cooperative) return null;

  const [brands, certificates, productRows] = await Promise.all([
    db
      .selectFrom("brands as b")
      .select(["b.name", "b.registration_number", "b.nice_class", "b.expires_on"])
      .where("b.cooperative_id", "=", cooperative.id)
      .where(shownToShoppers("b", today))
      .orderBy("b.name")
      .orderBy("b.nice_class")
      .execute(),
    db
      .selectFrom("certifications as c")
      .select(certificateColumns)
      .where("c.cooperative_id", "=", cooperative.id)
      .where(shownToShoppers("c", today))
      .orderBy("c.type")
      .orderBy("c.number")
      .execute(),
    selectCardColumns(db)
      .where("p.cooperative_id", "=", cooperative.id)
      .where(publicProduct("p"))
      .orderBy(sql`p.published_at DESC NULLS FIRST`)
      .orderBy("p.id", "desc")
      .execute(),
  ]);

  return {
    slug: cooperative.slug,
    name: localized(cooperative, "name", locale),
    county: localized(cooperative, "county", locale),
    story: localized(cooperative, "story", locale),
    foundedYear: cooperative.founded_year,
    memberHouseholds: cooperative.member_households,
    updatedAt: new Date(cooperative.updated_at).toISOString(),
    brands: brands.map((b) => ({
      name: b.name,
      registrationNumber: b.registration_number,
      niceClass: b.nice_class,
      expiresOn: b.expires_on,
    })),
    certificates: certificates.map((c) => toCertificateView(c, locale)),
    products: await cardsFor(db, { rows: productRows, locale, today }),
  };
}
