import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { chinaToday } from "~/utils/dates";
import { listProductCertifications } from "~/models/certification.server";
import { getCooperativeProduct } from "~/models/product.server";
import { listProductImages } from "~/models/product-image.server";
import { recentStockAdjustments } from "~/models/stock.server";
import { trustState } from "~/models/trust";
import { listProductVariants } from "~/models/variant.server";

/** Everything the product editor shows, or null for a product that is not this cooperative's. */
export async function getProductEditor(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }) {
  const product = await getCooperativeProduct(db, { id, cooperativeId });
  if (!product) return null;
  const today = chinaToday();
  const [variants, images, certifications, stockHistory] = await Promise.all([
    listProductVariants(db, { productId: id }),
    listProductImages(db, { productId: id }),
    listProductCertifications(db, { productId: id, cooperativeId }),
    recentStockAdjustments(db, { productId: id }),
  ]);
  const { search_text: _text, search_document: _document, search_version: _version, ...shown } = product;
  return {
    product: shown,
    variants,
    images,
    certifications: certifications.map((c) => ({ ...c, state: trustState(c, today) })),
    stockHistory,
  };
}
