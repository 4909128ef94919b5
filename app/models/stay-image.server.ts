import type { Kysely } from "kysely";
import type { Database } from "~db/schema";

// A listing's pictures, in the order the stay page shows them. The files are stored by the
// uploads service (the same pipeline as product pictures); these rows say which and with what alt.

export const MAX_IMAGES_PER_LISTING = 12;

export async function listStayImages(db: Kysely<Database>, { listingId }: { listingId: number }) {
  return db.selectFrom("stay_images").selectAll().where("listing_id", "=", listingId).orderBy("position").orderBy("id").execute();
}
