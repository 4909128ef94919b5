import type { CertificationType, ReviewStatus, TemperatureClass } from "~db/schema";

// The shape of the demo catalogue. Dates are day offsets from the day the seed runs, so
// what is valid stays valid and what is expired stays expired whenever it runs.

/** A text in Chinese and, optionally, English; never both in one string. */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface BrandSeed {
  key: string;
  name: string;
  /** Digits only, 5–12; fictional. */
  registrationNumber: string;
  /** 31 fresh produce, 29 meat/preserved/oils, 30 tea/honey/spices/grain. */
  niceClass: 29 | 30 | 31;
  registeredDaysAgo: number;
  status?: ReviewStatus;
  reviewNote?: string;
}

export interface CertificationSeed {
  key: string;
  type: CertificationType;
  number: string;
  issuingBody: string;
  scopeZh: string;
  scopeEn: string;
  /**
   * Offsets from the seed day (issued in the past, expiring before (expired) or after it), or
   * fixed days for what happened on a date: a registration of a scheme that has ended, a
   * historic certificate. One of each pair.
   */
  issuedOffset?: number;
  issuedOn?: string;
  expiresOffset?: number;
  expiresOn?: string;
  status: ReviewStatus;
  reviewNote?: string;
}

export interface CooperativeSeed {
  slug: string;
  nameZh: string;
  nameEn: string;
  countyZh: string;
  countyEn: string;
  storyZh: string;
  storyEn: string;
  foundedYear: number;
  memberHouseholds: number;
  contactPhone: string;
  /** Where harvest batches come from (village, group, plot), and who grew them. */
  plots: Bilingual[];
  households: Bilingual[];
  brands: BrandSeed[];
  certifications: CertificationSeed[];
}

export interface VariantSeed {
  sku: string;
  labelZh: string;
  labelEn: string;
  weightGrams: number;
  priceFen: number;
  stock: number;
}

export type CategorySlug = "fruit" | "vegetables" | "grain-oil" | "tea" | "honey" | "spices" | "meat" | "preserved";

export interface ProductSeed {
  slug: string;
  cooperative: string;
  brand: string;
  category: CategorySlug;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  /** Defaults to the cooperative's county. */
  originZh?: string;
  originEn?: string;
  temperature: TemperatureClass;
  shelfLifeDays: number;
  seasonMonths: number[];
  illustration: string;
  status?: "draft" | "active" | "archived";
  certifications?: string[];
  variants: VariantSeed[];
  /** Days before the seed day the latest batch was harvested; derived from the shelf life when absent. */
  harvestedDaysAgo?: number;
}
