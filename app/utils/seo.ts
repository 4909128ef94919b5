import type { MetaDescriptor } from "@remix-run/node";
import type { Locale } from "~/i18n";
import { notFoundTitles } from "~/locales/not-found";
import type { ProductDetail, StockState } from "~/types/catalogue";
import type { PublicReviewView, RatingSummary } from "~/types/product-review";

// Search-engine and link-preview data, built from the same objects the pages render so
// that what a crawler reads can never claim more than what a shopper sees.

export interface Seo {
  title: string;
  description: string;
  /** Absolute URL: the public origin plus the path, never a query. */
  canonical: string;
  /** Absolute URL of the picture for link previews. */
  image?: string;
  type: "website" | "product";
  locale: Locale;
  siteName: string;
  /** Pages for people rather than crawlers (search results, later pages). */
  noindex?: boolean;
}

const MAX_DESCRIPTION = 160;

/** `publicUrl` joined with a path; the query and fragment are dropped on purpose. */
export function canonicalUrl(publicUrl: string, path: string): string {
  const pathname = path.split(/[?#]/)[0] || "/";
  return `${publicUrl.replace(/\/$/, "")}${pathname.startsWith("/") ? pathname : `/${pathname}`}`;
}

/** An absolute URL for a path on this site (pictures, links inside JSON-LD). */
export function absoluteUrl(publicUrl: string, path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  return `${publicUrl.replace(/\/$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/** One line of plain text at most `max` characters long, cut at a character, never mid-surrogate. */
export function summarize(text: string, max = MAX_DESCRIPTION): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  const chars = [...oneLine];
  return chars.length <= max ? oneLine : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

export function seoMeta(seo: Seo): MetaDescriptor[] {
  const tags: MetaDescriptor[] = [
    { title: seo.title },
    { name: "description", content: seo.description },
    { tagName: "link", rel: "canonical", href: seo.canonical },
    { property: "og:site_name", content: seo.siteName },
    { property: "og:type", content: seo.type },
    { property: "og:title", content: seo.title },
    { property: "og:description", content: seo.description },
    { property: "og:url", content: seo.canonical },
    { property: "og:locale", content: seo.locale === "en" ? "en_US" : "zh_CN" },
  ];
  if (seo.image) tags.push({ property: "og:image", content: seo.image });
  if (seo.noindex) tags.push({ name: "robots", content: "noindex, follow" });
  return tags;
}

/** JSON for a `<script type="application/ld+json">`: `<`, `>`, `&` and line separators escaped. */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Fen as the decimal yuan string schema.org prices are written in: 7990 → "79.90". */
export function yuanString(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a price in fen: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

const AVAILABILITY: Record<StockState, string> = {
  in_stock: "https://schema.org/InStock",
  low_stock: "https://schema.org/LimitedAvailability",
  sold_out: "https://schema.org/OutOfStock",
};

export function schemaAvailability(state: StockState): string {
  return AVAILABILITY[state];
}

export interface ProductJsonLdOptions {
  /** The canonical URL of the product page. */
  url: string;
  /** Absolute URLs of the pictures the page shows. */
  images: string[];
  /** The variant the page has selected. */
  selectedSku: string | null;
  /** Names of certificate types in the page's language. */
  certificationName: (type: ProductDetail["certificates"][number]["type"]) => string;
  /** The ratings (visible reviews only) and the reviews the page shows. */
  reviews?: { summary: RatingSummary; shown: readonly PublicReviewView[] };
}

/**
 * schema.org Product for a product page: brand, one Offer per variant, certificates and, once
 * it has ratings, its AggregateRating and the reviews shown. One object, so crawlers never see
 * two products on the page.
 */
export function productJsonLd(product: ProductDetail, options: ProductJsonLdOptions): Record<string, unknown> {
  const selected = product.variants.find((v) => v.sku === options.selectedSku) ?? product.variants[0];
  const data: Record<string, unknown> = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    description: product.description,
    url: options.url,
    image: options.images,
    category: product.category.name,
  };
  if (selected) data.sku = selected.sku;
  if (product.brand) {
    data.brand = { "@type": "Brand", name: product.brand.name };
  }
  data.offers = product.variants.map((variant) => ({
    "@type": "Offer",
    sku: variant.sku,
    name: variant.label,
    url: `${options.url}?variant=${encodeURIComponent(variant.sku)}`,
    price: yuanString(variant.priceFen),
    priceCurrency: "CNY",
    availability: schemaAvailability(variant.stock),
    seller: { "@type": "Organization", name: product.cooperative.name },
  }));
  if (product.certificates.length > 0) {
    data.hasCertification = product.certificates.map((certificate) => ({
      "@type": "Certification",
      name: options.certificationName(certificate.type),
      identifier: certificate.number,
      certificationIdentification: certificate.number,
      issuedBy: { "@type": "Organization", name: certificate.issuingBody },
      validFrom: certificate.issuedOn,
      expires: certificate.expiresOn,
    }));
  }
  const ratings = options.reviews;
  if (ratings && ratings.summary.count > 0 && ratings.summary.average !== null) {
    data.aggregateRating = {
      "@type": "AggregateRating",
      ratingValue: ratings.summary.average,
      reviewCount: ratings.summary.count,
      bestRating: 5,
      worstRating: 1,
    };
    data.review = ratings.shown.map((review) => ({
      "@type": "Review",
      author: { "@type": "Person", name: review.author },
      datePublished: review.createdAt.slice(0, 10),
      reviewBody: review.body,
      reviewRating: { "@type": "Rating", ratingValue: review.stars, bestRating: 5, worstRating: 1 },
    }));
  }
  return data;
}

/** schema.org BreadcrumbList from the same trail the page shows. */
export function breadcrumbJsonLd(trail: { name: string; url: string }[]): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: trail.map((item, index) => ({ "@type": "ListItem", position: index + 1, name: item.name, item: item.url })),
  };
}

/**
 * Meta for a page whose loader failed (a 404, usually): a title in the visitor's language,
 * read from the root loader's data, and no indexing.
 */
export function errorMeta(matches: readonly { id: string; data?: unknown }[]): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: string } | undefined;
  return [{ title: notFoundTitles[root?.locale === "en" ? "en" : "zh"] }, { name: "robots", content: "noindex" }];
}
