// Public read queries of the catalogue. Every function takes the database first and one
// options object; certificates and brands are judged on `today`, passed by each request.
export { searchCatalogue, suggestSearch, DEFAULT_PAGE_SIZE, type CataloguePage, type CatalogueSearch } from "~/models/catalogue/search.server";
export {
  getProductDetail,
  stockState,
  LOW_STOCK_THRESHOLD,
  type ProductDetail,
  type VariantView,
  type CertificateView,
  type BrandView,
  type StockState,
} from "~/models/catalogue/product.server";
export {
  listCooperatives,
  getCooperativeProfile,
  type CooperativeSummary,
  type CooperativeProfile,
} from "~/models/catalogue/cooperative.server";
export { getBatchTrace, normalizeBatchCode, type BatchTrace } from "~/models/catalogue/trace.server";
export {
  getSeasonalPicks,
  listCategories,
  listCooperativeOptions,
  monthOf,
  type CategorySummary,
  type FilterOption,
} from "~/models/catalogue/home.server";
export { listSitemapEntries, type SitemapEntry } from "~/models/catalogue/sitemap.server";
export type { ProductCard, ProductPicture } from "~/models/catalogue/shared.server";
