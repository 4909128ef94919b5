import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { notFound } from "~/models/outcome.server";
import { withTransaction } from "~/models/transaction.server";

// The ordered pictures of a product or of a stay listing. Both tables have the same columns but the
// owner's id; the files themselves are stored by the uploads service, and these rows say which
// files, in what order and with what alt text. Every write names the cooperative, and a picture of
// another owner or cooperative is not found.

/** Where one kind of owner keeps its pictures, how many it may have, and whether an empty English alt takes the Chinese one. */
export type PictureOwner = { maxPictures: number; englishAltFallsBack: boolean } & (
  | { table: "product_images"; ownerColumn: "product_id"; ownerTable: "products" }
  | { table: "stay_images"; ownerColumn: "listing_id"; ownerTable: "stay_listings" }
);

export const PRODUCT_PICTURES = {
  table: "product_images",
  ownerColumn: "product_id",
  ownerTable: "products",
  maxPictures: 12,
  englishAltFallsBack: false,
} as const satisfies PictureOwner;

export const STAY_PICTURES = {
  table: "stay_images",
  ownerColumn: "listing_id",
  ownerTable: "stay_listings",
  maxPictures: 12,
  englishAltFallsBack: true,
} as const satisfies PictureOwner;

type Alt = { alt_zh: string; alt_en: string };
type Scope = { ownerId: number; cooperativeId: number };
type PictureScope = Scope & { imageId: number };

/** The owner's pictures in order, as rows of the owner's own table. */
export async function listPictures<O extends PictureOwner>(db: Kysely<Database>, owner: O, ownerId: number): Promise<Selectable<Database[O["table"]]>[]> {
  const rows = await db.selectFrom(owner.table).selectAll().where(owner.ownerColumn, "=", ownerId).orderBy("position").orderBy("id").execute();
  return rows as Selectable<Database[O["table"]]>[];
}

export async function countPictures(db: Kysely<Database>, owner: PictureOwner, ownerId: number): Promise<number> {
  const row = await db
    .selectFrom(owner.table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(owner.ownerColumn, "=", ownerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Locks the owner row if it is the cooperative's: two uploads or moves at once take turns. */
async function lockOwner(trx: Transaction<Database>, owner: PictureOwner, { ownerId, cooperativeId }: Scope): Promise<boolean> {
  const row = await trx
    .selectFrom(owner.ownerTable)
    .select("id")
    .where("id", "=", ownerId)
    .where("cooperative_id", "=", cooperativeId)
    .forUpdate()
    .executeTakeFirst();
  return Boolean(row);
}

async function touchOwner(db: Kysely<Database>, owner: PictureOwner, ownerId: number): Promise<void> {
  await db.updateTable(owner.ownerTable).set({ updated_at: sql`now()` }).where("id", "=", ownerId).execute();
}

function altColumns(owner: PictureOwner, alt: Alt): Alt {
  // Where the English alt falls back to the Chinese one, the column never stays empty.
  if (owner.englishAltFallsBack && !alt.alt_en.trim()) return { alt_zh: alt.alt_zh, alt_en: alt.alt_zh };
  return { alt_zh: alt.alt_zh, alt_en: alt.alt_en };
}

/** The picture, if it is the owner's and the owner is the cooperative's. */
async function cooperativePicture(db: Kysely<Database>, owner: PictureOwner, { imageId, ownerId, cooperativeId }: PictureScope) {
  return db
    .selectFrom(owner.table)
    .where("id", "=", imageId)
    .where(owner.ownerColumn, "=", ownerId)
    .where(owner.ownerColumn, "in", db.selectFrom(owner.ownerTable).select("id").where("cooperative_id", "=", cooperativeId))
    .select(["id", "storage_key", "position"])
    .executeTakeFirst();
}

/** Records a stored picture as the owner's last one. The owner must be this cooperative's. */
export async function addPicture(
  db: Kysely<Database>,
  owner: PictureOwner,
  { image, alt, ...scope }: Scope & { image: { storageKey: string; width: number; height: number }; alt: Alt },
): Promise<number> {
  return withTransaction(db, async (trx) => {
    // Locks the owner row so two uploads at once do not take the same position.
    if (!(await lockOwner(trx, owner, scope))) notFound();
    const { next } = await trx
      .selectFrom(owner.table)
      .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
      .where(owner.ownerColumn, "=", scope.ownerId)
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto(owner.table)
      .values({
        [owner.ownerColumn]: scope.ownerId,
        position: Number(next),
        storage_key: image.storageKey,
        width: image.width,
        height: image.height,
        ...altColumns(owner, alt),
      } as { product_id: number; listing_id: number; position: number; storage_key: string; width: number; height: number } & Alt)
      .returning("id")
      .executeTakeFirstOrThrow();
    await touchOwner(trx, owner, scope.ownerId);
    return id;
  });
}

/** Swaps a picture with its neighbour; positions are renumbered 0…n-1 so they never collide. */
export async function movePicture(db: Kysely<Database>, owner: PictureOwner, { direction, ...scope }: PictureScope & { direction: "up" | "down" }): Promise<void> {
  await withTransaction(db, async (trx) => {
    if (!(await lockOwner(trx, owner, scope))) notFound();
    if (!(await cooperativePicture(trx, owner, scope))) notFound();
    const order = (await trx.selectFrom(owner.table).select("id").where(owner.ownerColumn, "=", scope.ownerId).orderBy("position").orderBy("id").execute()).map(
      (row) => row.id,
    );
    const from = order.indexOf(scope.imageId);
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to]!, order[from]!];
    for (const [position, id] of order.entries()) {
      await trx.updateTable(owner.table).set({ position }).where("id", "=", id).execute();
    }
    await touchOwner(trx, owner, scope.ownerId);
  });
}

export async function updatePictureAlt(db: Kysely<Database>, owner: PictureOwner, { alt, ...scope }: PictureScope & { alt: Alt }): Promise<void> {
  const image = await cooperativePicture(db, owner, scope);
  if (!image) notFound();
  await db.updateTable(owner.table).set(altColumns(owner, alt)).where("id", "=", image.id).execute();
  await touchOwner(db, owner, scope.ownerId);
}

/** Removes the picture's row; returns its storage key so the caller can delete the files afterwards. */
export async function removePicture(db: Kysely<Database>, owner: PictureOwner, scope: PictureScope): Promise<string> {
  const image = await cooperativePicture(db, owner, scope);
  if (!image) notFound();
  await db.deleteFrom(owner.table).where("id", "=", image.id).execute();
  await touchOwner(db, owner, scope.ownerId);
  return image.storage_key;
}
