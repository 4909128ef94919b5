import type { Kysely } from "kysely";
import { addDays } from "~/utils/dates";
import {
  addCooperativeMember,
  createBatch,
  createBrand,
  createCategory,
  createCertification,
  createCooperative,
  createProduct,
  createUser,
} from "~/seed/factories.server";
import type { Database } from "~db/schema";
import { ACCOUNTS } from "~db/seed-data/accounts";
import { CATEGORIES } from "~db/seed-data/categories";
import { COOPERATIVES } from "~db/seed-data/cooperatives";
import { DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { PRODUCTS } from "~db/seed-data/products";
import type { CertificationSeed, ProductSeed } from "~db/seed-data/types";

// Writes the whole demo catalogue. Runs inside the caller's transaction; every date is
// an offset from `today` (a China day), so validity and expiry hold whenever it runs.

const TRADEMARK_TERM_DAYS = 3652; // ten years, as CNIPA registers them

export interface DemoSummary {
  users: number;
  cooperatives: number;
  products: number;
  variants: number;
  certifications: number;
  batches: number;
}

/** A moment on a China day, for review timestamps that read naturally in the back office. */
function atChinaTime(day: string, time = "10:30:00"): Date {
  return new Date(`${day}T${time}+08:00`);
}

/** A reviewed record was looked at a few days after it was issued, and never in the future. */
function reviewedAt(issuedOn: string, now: Date): Date {
  const moment = atChinaTime(addDays(issuedOn, 4));
  return moment < now ? moment : new Date(now.getTime() - 3_600_000);
}

/** How long ago the latest batch was harvested, and how long packing took. */
function batchTiming(product: ProductSeed): { harvestedDaysAgo: number; packingDays: number } {
  const fresh = product.shelfLifeDays <= 60;
  const packingDays = fresh ? 1 : 7;
  const derived = fresh
    ? Math.min(10, Math.max(1, Math.round(product.shelfLifeDays * 0.25)))
    : Math.min(120, Math.max(10, Math.round(product.shelfLifeDays * 0.15)));
  return { harvestedDaysAgo: product.harvestedDaysAgo ?? derived, packingDays };
}

/** The issue and expiry days of a demo certificate on a seed day. */
export function certificateDates(certificate: CertificationSeed, today: string): { issuedOn: string; expiresOn: string } {
  const issuedOn = certificate.issuedOn ?? (certificate.issuedOffset === undefined ? undefined : addDays(today, certificate.issuedOffset));
  const expiresOn = certificate.expiresOn ?? (certificate.expiresOffset === undefined ? undefined : addDays(today, certificate.expiresOffset));
  if (!issuedOn || !expiresOn) throw new Error(`demo certificate ${certificate.key} needs an issue and an expiry day`);
  return { issuedOn, expiresOn };
}

function batchPrefix(sku: string): string {
  return sku.split("-").slice(0, 2).join("-");
}

function compactDay(day: string): string {
  return day.slice(2).replaceAll("-", "");
}

export async function seedDemo(db: Kysely<Database>, today: string, now = new Date()): Promise<DemoSummary> {
  const summary: DemoSummary = { users: 0, cooperatives: 0, products: 0, variants: 0, certifications: 0, batches: 0 };

  const categoryIds = new Map<string, number>();
  for (const [position, category] of CATEGORIES.entries()) {
    const row = await createCategory(db, { slug: category.slug, name_zh: category.nameZh, name_en: category.nameEn, position });
    categoryIds.set(category.slug, row.id);
  }

  const users = new Map<string, number>();
  for (const account of ACCOUNTS) {
    const user = await createUser(db, {
      email: account.email,
      password: DEMO_PASSWORD,
      name: account.name,
      role: account.role,
      locale: account.locale,
      phone: account.phone,
    });
    users.set(account.email, user.id);
    summary.users += 1;
  }
  const staffId = users.get(ACCOUNTS.find((a) => a.role === "staff")!.email)!;

  const cooperativeIds = new Map<string, number>();
  const brandIds = new Map<string, number>();
  const certificationIds = new Map<string, number>();
  for (const seed of COOPERATIVES) {
    const cooperative = await createCooperative(db, {
      slug: seed.slug,
      name_zh: seed.nameZh,
      name_en: seed.nameEn,
      county_zh: seed.countyZh,
      county_en: seed.countyEn,
      story_zh: seed.storyZh,
      story_en: seed.storyEn,
      founded_year: seed.foundedYear,
      member_households: seed.memberHouseholds,
      contact_phone: seed.contactPhone,
    });
    cooperativeIds.set(seed.slug, cooperative.id);
    summary.cooperatives += 1;

    for (const brand of seed.brands) {
      const registeredOn = addDays(today, -brand.registeredDaysAgo);
      const status = brand.status ?? "verified";
      const row = await createBrand(db, {
        cooperative_id: cooperative.id,
        name: brand.name,
        registration_number: brand.registrationNumber,
        nice_class: brand.niceClass,
        registrant: seed.nameZh,
        registered_on: registeredOn,
        expires_on: addDays(registeredOn, TRADEMARK_TERM_DAYS),
        status,
        reviewer_id: status === "pending" ? null : staffId,
        reviewed_at: status === "pending" ? null : reviewedAt(addDays(today, -Math.min(brand.registeredDaysAgo, 400)), now),
        review_note: brand.reviewNote ?? null,
      });
      brandIds.set(brand.key, row.id);
    }

    for (const certificate of seed.certifications) {
      const { issuedOn, expiresOn } = certificateDates(certificate, today);
      const reviewed = certificate.status !== "pending";
      // Staff looked at an old certificate when the cooperative uploaded it, not years ago.
      const reviewDay = issuedOn < addDays(today, -400) ? addDays(today, -400) : issuedOn;
      const row = await createCertification(db, {
        cooperative_id: cooperative.id,
        type: certificate.type,
        number: certificate.number,
        issuing_body: certificate.issuingBody,
        scope_zh: certificate.scopeZh,
        scope_en: certificate.scopeEn,
        issued_on: issuedOn,
        expires_on: expiresOn,
        status: certificate.status,
        reviewer_id: reviewed ? staffId : null,
        reviewed_at: reviewed ? reviewedAt(reviewDay, now) : null,
        review_note: certificate.reviewNote ?? null,
      });
      certificationIds.set(certificate.key, row.id);
      summary.certifications += 1;
    }
  }

  for (const account of ACCOUNTS) {
    if (!account.cooperative) continue;
    await addCooperativeMember(db, {
      cooperative_id: cooperativeIds.get(account.cooperative.slug)!,
      user_id: users.get(account.email)!,
      role: account.cooperative.role,
    });
  }

  const usedBatchCodes = new Set<string>();
  const perCooperative = new Map<string, number>();
  for (const [index, seed] of PRODUCTS.entries()) {
    const cooperative = COOPERATIVES.find((c) => c.slug === seed.cooperative);
    const cooperativeId = cooperativeIds.get(seed.cooperative);
    const brandId = brandIds.get(seed.brand);
    const categoryId = categoryIds.get(seed.category);
    if (!cooperative || !cooperativeId || !brandId || !categoryId) {
      throw new Error(`demo product ${seed.slug} names an unknown cooperative, brand or category`);
    }
    const status = seed.status ?? "active";
    const product = await createProduct(db, {
      slug: seed.slug,
      cooperative_id: cooperativeId,
      brand_id: brandId,
      category_id: categoryId,
      name_zh: seed.nameZh,
      name_en: seed.nameEn,
      description_zh: seed.descriptionZh,
      description_en: seed.descriptionEn,
      origin_county_zh: seed.originZh ?? cooperative.countyZh,
      origin_county_en: seed.originEn ?? cooperative.countyEn,
      temperature_class: seed.temperature,
      shelf_life_days: seed.shelfLifeDays,
      season_months: seed.seasonMonths,
      illustration: seed.illustration,
      status,
      // Staggered, so "newest first" has an order: the list's first product is the oldest.
      published_at: status === "active" ? new Date(now.getTime() - (PRODUCTS.length - index) * 7 * 3_600_000) : null,
      variants: seed.variants.map((variant) => ({
        sku: variant.sku,
        label_zh: variant.labelZh,
        label_en: variant.labelEn,
        weight_grams: variant.weightGrams,
        price_fen: variant.priceFen,
        stock_on_hand: variant.stock,
      })),
      certificationIds: (seed.certifications ?? []).map((key) => {
        const id = certificationIds.get(key);
        if (!id) throw new Error(`demo product ${seed.slug} links an unknown certificate ${key}`);
        return id;
      }),
    });
    summary.products += 1;
    summary.variants += product.variants.length;

    // The latest batch, and for each cooperative's first product last season's as well.
    const nth = perCooperative.get(seed.cooperative) ?? 0;
    perCooperative.set(seed.cooperative, nth + 1);
    const { harvestedDaysAgo, packingDays } = batchTiming(seed);
    const seasons = nth === 0 ? [harvestedDaysAgo + 365, harvestedDaysAgo] : [harvestedDaysAgo];
    const stock = seed.variants.reduce((sum, variant) => sum + variant.stock, 0);
    for (const daysAgo of seasons) {
      const harvestedOn = addDays(today, -daysAgo);
      const packedOn = addDays(harvestedOn, packingDays);
      let code = `${batchPrefix(seed.variants[0]!.sku)}-${compactDay(harvestedOn)}`;
      for (let n = 2; usedBatchCodes.has(code); n++) code = `${batchPrefix(seed.variants[0]!.sku)}-${compactDay(harvestedOn)}-${n}`;
      usedBatchCodes.add(code);
      await createBatch(db, {
        product_id: product.id,
        code,
        harvested_on: harvestedOn,
        packed_on: packedOn,
        best_before: addDays(packedOn, seed.shelfLifeDays),
        quantity: Math.max(stock, 20) + 40,
        plot_zh: cooperative.plots[nth % cooperative.plots.length]!.zh,
        plot_en: cooperative.plots[nth % cooperative.plots.length]!.en,
        household_zh: cooperative.households[nth % cooperative.households.length]!.zh,
        household_en: cooperative.households[nth % cooperative.households.length]!.en,
      });
      summary.batches += 1;
    }
  }
  return summary;
}
