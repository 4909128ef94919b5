import type { CertificationType, TemperatureClass } from "~db/schema";

// What the public catalogue hands to pages and components. The catalogue models build these
// shapes; components and utilities render them without reaching into the models.

export type StockState = "in_stock" | "low_stock" | "sold_out";

/** A picture for a product: an uploaded photograph, or its drawn illustration. */
export type ProductPicture =
  | { kind: "photo"; storageKey: string; alt: string; width: number; height: number }
  | { kind: "illustration"; src: string; alt: string };

export interface ProductCard {
  id: number;
  slug: string;
  name: string;
  county: string;
  priceFromFen: number;
  soldOut: boolean;
  picture: ProductPicture;
  badges: CertificationType[];
}

export interface VariantView {
  id: number;
  sku: string;
  label: string;
  weightGrams: number;
  priceFen: number;
  available: number;
  stock: StockState;
}

export interface CertificateView {
  id: number;
  type: CertificationType;
  number: string;
  issuingBody: string;
  scope: string;
  issuedOn: string;
  expiresOn: string;
  /** The China day staff verified it. */
  verifiedOn: string | null;
}

export interface BrandView {
  name: string;
  registrationNumber: string;
  niceClass: number;
  registrant: string;
  registeredOn: string;
  expiresOn: string;
}

export interface BatchSummary {
  code: string;
  harvestedOn: string;
  packedOn: string;
  bestBefore: string;
}

export interface ProductDetail {
  id: number;
  slug: string;
  name: string;
  description: string;
  county: string;
  temperature: TemperatureClass;
  shelfLifeDays: number;
  seasonMonths: number[];
  updatedAt: string;
  category: { slug: string; name: string };
  cooperative: { slug: string; name: string; county: string };
  /** Only a verified, unexpired trademark is shown. */
  brand: BrandView | null;
  certificates: CertificateView[];
  variants: VariantView[];
  pictures: ProductPicture[];
  latestBatch: BatchSummary | null;
}

export interface CooperativeSummary {
  slug: string;
  name: string;
  county: string;
  foundedYear: number | null;
  memberHouseholds: number | null;
  productCount: number;
  /** The first lines of the story, for the list. */
  storyExcerpt: string;
}

export interface CategorySummary {
  slug: string;
  name: string;
  productCount: number;
}

export interface FilterOption {
  slug: string;
  name: string;
}
