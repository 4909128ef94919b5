import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { localized, type Locale } from "~/i18n";
import { catalogueMemo } from "~/models/catalogue/version.server";
import { cardRowsInOrder, cardsFor, publicProduct, type ProductCard } from "~/models/catalogue/shared.server";
import type { CategorySummary, FilterOption } from "~/types/catalogue";

export type { CategorySummary, FilterOption };

// The home page and the lists the catalogue's filters offer.

export const SEASONAL_PICKS = 8;

// Counting every product on sale is the costliest query of the home and catalogue pages,
// and its answer only changes with the catalogue: once per catalogue version.
const categoryRows = catalogueMemo<{ slug: string; name_zh: string; name_en: string; product_count: number }[]>();

/** Categories in their display order, with how many products each has on sale. */
export async function listCategories(db: Kysely<Database>, { locale }: { locale: Locale }): Promise<CategorySummary[]> {
  const rows = await categoryRows(db, "categories", () =>
    db
      .selectFrom("categories as cat")
      .select([
        "cat.slug",
        "cat.name_zh",
        "cat.name_en",
        sql<number>`(SELECT count(*)::int FROM products p WHERE p.category_id = cat.id AND ${publicProduct("p")})`.as(
          "product_count",
        ),
      ])
      .orderBy("cat.position")
      .orderBy("cat.id")
      .execute(),
  );
  return rows.map((row) => ({ slug: row.slug, name: localized(row, "name", locale), productCount: row.product_count }));
}

/** Cooperatives for the filter's select, by name in the page's language. */
export async function listCooperativeOptions(db: Kysely<Database>, { locale }: { locale: Locale }): Promise<FilterOption[]> {
  const rows = await db
    .selectFrom("cooperatives")
    .select(["slug", "name_zh", "name_en"])
    .orderBy(locale === "en" ? "name_en" : "name_zh")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ slug: row.slug, name: localized(row, "name", locale) }));
}

/** The China month (1–12) of a China day 'YYYY-MM-DD'. */
export function monthOf(chinaDay: string): number {
  return Number(chinaDay.slice(5, 7));
}

// Choosing the picks reads every product on sale (a season is an array, and the sort is by
// its length): once per catalogue version and month. The cards are read fresh each time.
const seasonalPickIds = catalogueMemo<{ inSeason: boolean; ids: number[] }>();

async function pickSeasonal(db: Kysely<Database>, { month, limit }: { month: number; limit: number }) {
  const candidates = () => db.selectFrom("products as p").select("p.id").where(publicProduct("p")).limit(limit);
  // A short season that includes this month says "now" more than a year-round one does.
  const seasonal = await candidates()
    .where(sql<boolean>`${month}::int = ANY (p.season_months)`)
    .orderBy(sql`cardinality(p.season_months)`)
    .orderBy(sql`p.published_at DESC NULLS FIRST`)
    .orderBy("p.id", "desc")
    .execute();
  if (seasonal.length > 0) return { inSeason: true, ids: seasonal.map((row) => row.id) };
  const newest = await candidates().orderBy(sql`p.published_at DESC NULLS FIRST`).orderBy("p.id", "desc").execute();
  return { inSeason: false, ids: newest.map((row) => row.id) };
}

/**
 * What is in season this month (products whose season includes it), shortest season first
 * and then newest; when nothing is, the newest products, so the home page is never empty.
 */
export async function getSeasonalPicks(
  db: Kysely<Database>,
  { locale, today, limit = SEASONAL_PICKS }: { locale: Locale; today: string; limit?: number },
): Promise<{ inSeason: boolean; month: number; products: ProductCard[] }> {
  const month = monthOf(today);
  const { inSeason, ids } = await seasonalPickIds(db, `${month}:${limit}`, () => pickSeasonal(db, { month, limit }));
  const rows = await cardRowsInOrder(db, ids);
  return { inSeason, month, products: await cardsFor(db, { rows, locale, today }) };
}
