import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { notFound } from "~/models/outcome.server";
import { lockCooperativeProduct, touchProduct } from "~/models/product.server";
import { withTransaction } from "~/models/transaction.server";

// A product's pictures, in the order the shop shows them. The files themselves are stored by
// the uploads service; these rows say which files, where, and with what alt text.

export const MAX_IMAGES_PER_PRODUCT = 12;

export async function listProductImages(db: Kysely<Database>, { productId }: { productId: number }) {
  return db.selectFrom("product_images").selectAll().where("product_id", "=", productId).orderBy("position").orderBy("id").execute();
}

export async function countProductImages(db: Kysely<Database>, { productId }: { productId: number }): Promise<number> {
  const row = await db
    .selectFrom("product_images")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("product_id", "=", productId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records a stored picture as the product's last one. The product must be this cooperative's. */
export async function addProductImage(
  db: Kysely<Database>,
  {
    productId,
    cooperativeId,
    image,
    alt,
  }: {
    productId: number;
    cooperativeId: number;
    image: { storageKey: string; width: number; height: number };
    alt: { alt_zh: string; alt_en: string };
  },
): Promise<number> {
  return withTransaction(db, async (trx) => {
    // Locks the product row so two uploads at once do not take the same position.
    if (!(await lockCooperativeProduct(trx, { id: productId, cooperativeId }))) notFound();
    const { next } = await trx
      .selectFrom("product_images")
      .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
      .where("product_id", "=", productId)
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto("product_images")
      .values({
        product_id: productId,
        position: Number(next),
        storage_key: image.storageKey,
        width: image.width,
        height: image.height,
        alt_zh: alt.alt_zh,
        alt_en: alt.alt_en,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await touchProduct(trx, productId);
    return id;
  });
}

async function cooperativeImage(db: Kysely<Database>, { imageId, productId, cooperativeId }: { imageId: number; productId: number; cooperativeId: number }) {
  return db
    .selectFrom("product_images as i")
    .innerJoin("products as p", "p.id", "i.product_id")
    .where("i.id", "=", imageId)
    .where("i.product_id", "=", productId)
    .where("p.cooperative_id", "=", cooperativeId)
    .select(["i.id", "i.product_id", "i.storage_key", "i.position"])
    .executeTakeFirst();
}

/** Swaps a picture with its neighbour; positions are renumbered 0…n-1 so they never collide. */
export async function moveProductImage(
  db: Kysely<Database>,
  { imageId, productId, cooperativeId, direction }: { imageId: number; productId: number; cooperativeId: number; direction: "up" | "down" },
): Promise<void> {
  await withTransaction(db, async (trx) => {
    const image = await cooperativeImage(trx, { imageId, productId, cooperativeId });
    if (!image) notFound();
    await lockCooperativeProduct(trx, { id: productId, cooperativeId });
    const order = (
      await trx.selectFrom("product_images").select("id").where("product_id", "=", productId).orderBy("position").orderBy("id").execute()
    ).map((row) => row.id);
    const from = order.indexOf(imageId);
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to]!, order[from]!];
    for (const [position, id] of order.entries()) {
      await trx.updateTable("product_images").set({ position }).where("id", "=", id).execute();
    }
    await touchProduct(trx, productId);
  });
}

export async function updateProductImageAlt(
  db: Kysely<Database>,
  { imageId, productId, cooperativeId, alt }: { imageId: number; productId: number; cooperativeId: number; alt: { alt_zh: string; alt_en: string } },
): Promise<void> {
  const image = await cooperativeImage(db, { imageId, productId, cooperativeId });
  if (!image) notFound();
  await db.updateTable("product_images").set(alt).where("id", "=", image.id).execute();
  await touchProduct(db, productId);
}

/** Removes the picture's row; returns its storage key so the caller can delete the files afterwards. */
export async function removeProductImage(
  db: Kysely<Database>,
  { imageId, productId, cooperativeId }: { imageId: number; productId: number; cooperativeId: number },
): Promise<string> {
  const image = await cooperativeImage(db, { imageId, productId, cooperativeId });
  if (!image) notFound();
  await db.deleteFrom("product_images").where("id", "=", image.id).execute();
  await touchProduct(db, productId);
  return image.storage_key;
}
