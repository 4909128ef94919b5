import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { listPictures, STAY_PICTURES } from "~/models/picture-list.server";

// A listing's pictures, in the order the stay page shows them; models/picture-list keeps the order,
// the alt text (an empty English one takes the Chinese) and the cooperative's hold on them.

export async function listStayImages(db: Kysely<Database>, { listingId }: { listingId: number }) {
  return listPictures(db, STAY_PICTURES, listingId);
}
