import type { Kysely, Selectable } from "kysely";
import type { Database, StayImagesTable } from "~db/schema";
import { countPictures, listPictures, type PictureOwner } from "~/models/picture-list.server";

// A listing's pictures, in the order the stay page shows them; models/picture-list keeps the order,
// the alt text (an empty English one takes the Chinese) and the cooperative's hold on them.

export const MAX_IMAGES_PER_LISTING = 12;

export const STAY_PICTURES: PictureOwner = {
  table: "stay_images",
  ownerColumn: "listing_id",
  ownerTable: "stay_listings",
  maxPictures: MAX_IMAGES_PER_LISTING,
  englishAltFallsBack: true,
};

export async function listStayImages(db: Kysely<Database>, { listingId }: { listingId: number }) {
  return (await listPictures(db, STAY_PICTURES, listingId)) as Selectable<StayImagesTable>[];
}

export async function countStayImages(db: Kysely<Database>, { listingId }: { listingId: number }): Promise<number> {
  return countPictures(db, STAY_PICTURES, listingId);
}
