import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { listPictures, PRODUCT_PICTURES } from "~/models/picture-list.server";

// A product's pictures, in the order the shop shows them; models/picture-list keeps the order,
// the alt text and the cooperative's hold on them.

export async function listProductImages(db: Kysely<Database>, { productId }: { productId: number }) {
  return listPictures(db, PRODUCT_PICTURES, productId);
}
