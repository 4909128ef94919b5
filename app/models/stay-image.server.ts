import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { notFound } from "~/models/outcome.server";
import { withTransaction } from "~/models/transaction.server";

// A listing's pictures, in the order the stay page shows them. The files are stored by the
// uploads service (the same pipeline as product pictures); these rows say which and with what alt.

export const MAX_IMAGES_PER_LISTING = 12;

export async function listStayImages(db: Kysely<Database>, { listingId }: { listingId: number }) {
  return db.selectFrom("stay_images").selectAll().where("listing_id", "=", listingId).orderBy("position").orderBy("id").execute();
}

export async function countStayImages(db: Kysely<Database>, { listingId }: { listingId: number }): Promise<number> {
  const row = await db
    .selectFrom("stay_images")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("listing_id", "=", listingId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Locks the listing row if it is the cooperative's: two uploads at once take turns for a position. */
async function lockCooperativeListing(trx: Transaction<Database>, { listingId, cooperativeId }: { listingId: number; cooperativeId: number }) {
  return trx.selectFrom("stay_listings").select("id").where("id", "=", listingId).where("cooperative_id", "=", cooperativeId).forUpdate().executeTakeFirst();
}

async function touchListing(db: Kysely<Database>, listingId: number): Promise<void> {
  await db.updateTable("stay_listings").set({ updated_at: sql`now()` }).where("id", "=", listingId).execute();
}

/** The English alt falls back to the Chinese one: the column never stays empty. */
function altColumns(alt: { alt_zh: string; alt_en: string }) {
  return { alt_zh: alt.alt_zh, alt_en: alt.alt_en.trim() ? alt.alt_en : alt.alt_zh };
}

/** Records a stored picture as the listing's last one. The listing must be this cooperative's. */
export async function addStayImage(
  db: Kysely<Database>,
  input: { listingId: number; cooperativeId: number; image: { storageKey: string; width: number; height: number }; alt: { alt_zh: string; alt_en: string } },
): Promise<number> {
  return withTransaction(db, async (trx) => {
    if (!(await lockCooperativeListing(trx, input))) notFound();
    const { next } = await trx
      .selectFrom("stay_images")
      .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
      .where("listing_id", "=", input.listingId)
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto("stay_images")
      .values({
        listing_id: input.listingId,
        position: Number(next),
        storage_key: input.image.storageKey,
        width: input.image.width,
        height: input.image.height,
        ...altColumns(input.alt),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await touchListing(trx, input.listingId);
    return id;
  });
}

async function cooperativeStayImage(db: Kysely<Database>, { imageId, listingId, cooperativeId }: { imageId: number; listingId: number; cooperativeId: number }) {
  return db
    .selectFrom("stay_images as i")
    .innerJoin("stay_listings as l", "l.id", "i.listing_id")
    .where("i.id", "=", imageId)
    .where("i.listing_id", "=", listingId)
    .where("l.cooperative_id", "=", cooperativeId)
    .select(["i.id", "i.listing_id", "i.storage_key", "i.position"])
    .executeTakeFirst();
}

/** Swaps a picture with its neighbour; positions are renumbered 0…n-1 so they never collide. */
export async function moveStayImage(
  db: Kysely<Database>,
  input: { imageId: number; listingId: number; cooperativeId: number; direction: "up" | "down" },
): Promise<void> {
  await withTransaction(db, async (trx) => {
    if (!(await lockCooperativeListing(trx, input))) notFound();
    if (!(await cooperativeStayImage(trx, input))) notFound();
    const order = (await trx.selectFrom("stay_images").select("id").where("listing_id", "=", input.listingId).orderBy("position").orderBy("id").execute()).map((row) => row.id);
    const from = order.indexOf(input.imageId);
    const to = input.direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to]!, order[from]!];
    for (const [position, id] of order.entries()) {
      await trx.updateTable("stay_images").set({ position }).where("id", "=", id).execute();
    }
    await touchListing(trx, input.listingId);
  });
}

export async function updateStayImageAlt(
  db: Kysely<Database>,
  input: { imageId: number; listingId: number; cooperativeId: number; alt: { alt_zh: string; alt_en: string } },
): Promise<void> {
  const image = await cooperativeStayImage(db, input);
  if (!image) notFound();
  await db.updateTable("stay_images").set(altColumns(input.alt)).where("id", "=", image.id).execute();
  await touchListing(db, input.listingId);
}

/** Removes the picture's row; returns its storage key so the caller can delete the files afterwards. */
export async function removeStayImage(db: Kysely<Database>, input: { imageId: number; listingId: number; cooperativeId: number }): Promise<string> {
  const image = await cooperativeStayImage(db, input);
  if (!image) notFound();
  await db.deleteFrom("stay_images").where("id", "=", image.id).execute();
  await touchListing(db, input.listingId);
  return image.storage_key;
}
