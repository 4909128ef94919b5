import type { Kysely, Selectable } from "kysely";
import type { Database, ProductImagesTable } from "~db/schema";
import { countPictures, listPictures, type PictureOwner } from "~/models/picture-list.server";

// A product's pictures, in the order the shop shows them; models/picture-list keeps the order,
// the alt text and the cooperative's hold on them.

export const MAX_IMAGES_PER_PRODUCT = 12;

export const PRODUCT_PICTURES: PictureOwner = {
  table: "product_images",
  ownerColumn: "product_id",
  ownerTable: "products",
  maxPictures: MAX_IMAGES_PER_PRODUCT,
  englishAltFallsBack: false,
};

export async function listProductImages(db: Kysely<Database>, { productId }: { productId: number }) {
  return (await listPictures(db, PRODUCT_PICTURES, productId)) as Selectable<ProductImagesTable>[];
}

export async function countProductImages(db: Kysely<Database>, { productId }: { productId: number }): Promise<number> {
  return countPictures(db, PRODUCT_PICTURES, productId);
}
