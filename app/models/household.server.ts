import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { withTransaction } from "~/models/transaction.server";

// A cooperative's member households (migration 2026_12_03_0001_households). Every query names
// the cooperative: a household of another cooperative does not exist for this one. Each change
// of a household's details writes the new version to household_history in the same transaction.

export interface HouseholdInput {
  head_name: string;
  village: string;
  joined_on: string;
  left_on: string | null;
  id_last4: string | null;
}

const COLUMNS = ["id", "number", "head_name", "village", "joined_on", "left_on", "id_last4"] as const;

export async function listHouseholds(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }) {
  return db.selectFrom("households").select(COLUMNS).where("cooperative_id", "=", cooperativeId).orderBy("number").execute();
}

export async function getHousehold(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }) {
  return (await db.selectFrom("households").select(COLUMNS).where("id", "=", id).where("cooperative_id", "=", cooperativeId).executeTakeFirst()) ?? null;
}

async function writeHistory(db: Kysely<Database>, householdId: number, input: HouseholdInput, userId: number | null) {
  await db
    .insertInto("household_history")
    .values({ household_id: householdId, head_name: input.head_name, village: input.village, joined_on: input.joined_on, left_on: input.left_on, id_last4: input.id_last4, changed_by: userId })
    .execute();
}

/** Adds households in the order given, numbered after the cooperative's last one. */
export async function createHouseholds(
  db: Kysely<Database>,
  { cooperativeId, households, userId }: { cooperativeId: number; households: readonly HouseholdInput[]; userId: number | null },
): Promise<{ id: number; number: number }[]> {
  return withTransaction(db, async (trx) => {
    // One writer of a cooperative's register at a time, so two adds never take the same number.
    await sql`SELECT pg_advisory_xact_lock(hashtext('households'), ${cooperativeId})`.execute(trx);
    const last = await trx.selectFrom("households").select(sql<number>`coalesce(max(number), 0)`.as("n")).where("cooperative_id", "=", cooperativeId).executeTakeFirstOrThrow();
    const created: { id: number; number: number }[] = [];
    let number = Number(last.n);
    for (const input of households) {
      number += 1;
      const row = await trx
        .insertInto("households")
        .values({ cooperative_id: cooperativeId, number, ...input })
        .returning(["id", "number"])
        .executeTakeFirstOrThrow();
      await writeHistory(trx, row.id, input, userId);
      created.push(row);
    }
    return created;
  });
}

/** Changes a household's details (a leave date included); false when it is not this cooperative's. */
export async function updateHousehold(
  db: Kysely<Database>,
  { id, cooperativeId, input, userId }: { id: number; cooperativeId: number; input: HouseholdInput; userId: number | null },
): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable("households")
      .set({ ...input, updated_at: sql`now()` })
      .where("id", "=", id)
      .where("cooperative_id", "=", cooperativeId)
      .returning("id")
      .executeTakeFirst();
    if (!updated) return false;
    await writeHistory(trx, id, input, userId);
    return true;
  });
}

export async function householdHistory(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }) {
  return db
    .selectFrom("household_history as h")
    .innerJoin("households as hh", "hh.id", "h.household_id")
    .leftJoin("users as u", "u.id", "h.changed_by")
    .select(["h.id", "h.head_name", "h.village", "h.joined_on", "h.left_on", "h.id_last4", "h.changed_at", "u.name as changed_by_name"])
    .where("h.household_id", "=", id)
    .where("hh.cooperative_id", "=", cooperativeId)
    .orderBy("h.id", "desc")
    .execute();
}

/** Households that were members for at least one day of the period. */
export async function householdsInPeriod(db: Kysely<Database>, { cooperativeId, start, end }: { cooperativeId: number; start: string; end: string }) {
  return db
    .selectFrom("households")
    .select(COLUMNS)
    .where("cooperative_id", "=", cooperativeId)
    .where("joined_on", "<=", end)
    .where((eb) => eb.or([eb("left_on", "is", null), eb("left_on", ">=", start)]))
    .orderBy("number")
    .execute();
}
