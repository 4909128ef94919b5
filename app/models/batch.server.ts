import { randomInt } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { BatchInput } from "~/schemas/coop";
import { chinaToday } from "~/utils/dates";
import { uniqueViolation, type Outcome } from "~/models/outcome.server";
import { getCooperativeProduct } from "~/models/product.server";

// Harvest batches: what was picked where and when, with a public code printed as a QR code on
// the box. Orders are filled from the batch with the earliest best-before date still ahead.

export const BATCH_CODE = /^[A-Z0-9-]{6,40}$/;
// No 0/O or 1/I: the code is also read aloud and typed from a printed label.
const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** `FJ-261129-7K3Q`: a prefix from the product's SKUs, the harvest day, four random characters. */
export function batchCode(prefix: string, harvestedOn: string): string {
  const day = harvestedOn.slice(2).replaceAll("-", "");
  let suffix = "";
  for (let i = 0; i < 4; i++) suffix += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${prefix}-${day}-${suffix}`;
}

function codePrefix(sku: string | undefined): string {
  const head = sku?.split("-")[0] ?? "";
  return /^[A-Z0-9]{2,6}$/.test(head) ? head : "SS";
}

export async function listBatches(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }) {
  return db
    .selectFrom("batches as b")
    .innerJoin("products as p", "p.id", "b.product_id")
    .where("p.cooperative_id", "=", cooperativeId)
    .select([
      "b.id",
      "b.code",
      "b.harvested_on",
      "b.packed_on",
      "b.best_before",
      "b.quantity",
      "b.plot_zh",
      "b.plot_en",
      "b.household_zh",
      "b.household_en",
      "p.id as product_id",
      "p.name_zh",
      "p.name_en",
    ])
    .orderBy("b.harvested_on", "desc")
    .orderBy("b.id", "desc")
    .limit(200)
    .execute();
}

/** A batch by its public code, only when it belongs to this cooperative. */
export async function getCooperativeBatch(db: Kysely<Database>, { code, cooperativeId }: { code: string; cooperativeId: number }) {
  if (!BATCH_CODE.test(code)) return undefined;
  return db
    .selectFrom("batches as b")
    .innerJoin("products as p", "p.id", "b.product_id")
    .where("b.code", "=", code)
    .where("p.cooperative_id", "=", cooperativeId)
    .select(["b.id", "b.code", "b.harvested_on", "b.best_before", "p.name_zh", "p.name_en"])
    .executeTakeFirst();
}

/** Records a harvest batch of one of this cooperative's products and gives it a public code. */
export async function createBatch(
  db: Kysely<Database>,
  { cooperativeId, input, today = chinaToday() }: { cooperativeId: number; input: BatchInput; today?: string },
): Promise<Outcome<{ id: number; code: string }>> {
  const product = await getCooperativeProduct(db, { id: input.product_id, cooperativeId });
  // Another cooperative's product is not found, exactly as in a URL.
  if (!product) throw new Response("Not found", { status: 404 });
  // Days are China days, so "today" is the member's today wherever the server runs.
  if (input.harvested_on > today) return { ok: false, errors: { harvested_on: "harvestInFuture" } };
  const firstSku = await db
    .selectFrom("variants")
    .select("sku")
    .where("product_id", "=", product.id)
    .orderBy("position")
    .orderBy("id")
    .executeTakeFirst();
  const prefix = codePrefix(firstSku?.sku);
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = batchCode(prefix, input.harvested_on);
    try {
      const { id } = await db
        .insertInto("batches")
        .values({
          product_id: product.id,
          code,
          harvested_on: input.harvested_on,
          packed_on: input.packed_on,
          best_before: input.best_before,
          quantity: input.quantity,
          plot_zh: input.plot_zh,
          plot_en: input.plot_en,
          household_zh: input.household_zh,
          household_en: input.household_en,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ok: true, id, code };
    } catch (error) {
      // 32^4 codes per prefix and day: a clash is rare, and another draw settles it.
      if (uniqueViolation(error) === "batches_code_key") continue;
      throw error;
    }
  }
  throw new Error("could not find a free batch code");
}

export interface BatchAllocation {
  orderItemId: number;
  batchId: number;
  code: string;
}

/**
 * Gives each line of an order that has no batch yet the batch it will be packed from: of the
 * product's batches whose best-before date is today or later, the earliest one (first in, first
 * out) that still has enough of its quantity left for the line, else the earliest with anything
 * left. Past-date batches are never used; a line with no usable batch keeps `batch_id` null.
 * Batch rows are locked, so concurrent fulfilments cannot over-allocate one batch.
 */
export async function allocateBatchesForOrderItems(
  trx: Transaction<Database>,
  { orderId, today = chinaToday() }: { orderId: number; today?: string },
): Promise<BatchAllocation[]> {
  const items = await trx
    .selectFrom("order_items")
    .select(["id", "product_id", "quantity"])
    .where("order_id", "=", orderId)
    .where("batch_id", "is", null)
    .where("product_id", "is not", null)
    .orderBy("id")
    .execute();
  const allocations: BatchAllocation[] = [];
  for (const item of items) {
    const candidates = await trx
      .selectFrom("batches as b")
      .where("b.product_id", "=", item.product_id!)
      .where("b.best_before", ">=", today)
      .select([
        "b.id",
        "b.code",
        "b.quantity",
        "b.best_before",
        (eb) =>
          eb
            .selectFrom("order_items as oi")
            .whereRef("oi.batch_id", "=", "b.id")
            .select(sql<number>`coalesce(sum(oi.quantity), 0)::int`.as("n"))
            .as("allocated"),
      ])
      .orderBy("b.best_before")
      .orderBy("b.harvested_on")
      .orderBy("b.id")
      .forUpdate("b")
      .execute();
    const withRoom = candidates.map((batch) => ({ ...batch, left: batch.quantity - Number(batch.allocated ?? 0) }));
    const chosen = withRoom.find((batch) => batch.left >= item.quantity) ?? withRoom.find((batch) => batch.left > 0);
    if (!chosen) continue;
    await trx.updateTable("order_items").set({ batch_id: chosen.id }).where("id", "=", item.id).where("batch_id", "is", null).execute();
    allocations.push({ orderItemId: item.id, batchId: chosen.id, code: chosen.code });
  }
  return allocations;
}
