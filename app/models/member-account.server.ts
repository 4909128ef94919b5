import { sql, type Kysely } from "kysely";
import type { Database, MemberAccountKind } from "~db/schema";
import { withTransaction } from "~/models/transaction.server";

// Member accounts (成员账户) and transactions with the cooperative (交售记录), migration
// 2026_12_03_0001_households. Both are append-only: an entry is corrected by a new entry with
// the opposite amount that names it. Every query names the cooperative, and a household is
// written to only through the composite key (household, cooperative), so another cooperative's
// household cannot be reached even with its id.

export const ACCOUNT_KINDS = ["cash_contribution", "land_contribution", "reserve_share", "subsidy", "donation", "converted_surplus"] as const satisfies readonly MemberAccountKind[];
/** What a member enters by hand; converted_surplus is written by a confirmed distribution. */
export const ENTERED_ACCOUNT_KINDS = ["cash_contribution", "land_contribution", "reserve_share", "subsidy", "donation"] as const;

export interface AccountEntryInput {
  householdId: number;
  kind: MemberAccountKind;
  amountFen: number;
  landMu: string | null;
  enteredOn: string;
  note: string;
  correctsId?: number | null;
  distributionId?: number | null;
}

async function ownsHousehold(db: Kysely<Database>, cooperativeId: number, householdIds: readonly number[]): Promise<boolean> {
  const ids = [...new Set(householdIds)];
  if (!ids.length) return true;
  const rows = await db.selectFrom("households").select("id").where("cooperative_id", "=", cooperativeId).where("id", "in", ids).execute();
  return rows.length === ids.length;
}

/** Appends entries to member accounts; refused as a whole when a household is not this cooperative's. */
export async function addAccountEntries(
  db: Kysely<Database>,
  { cooperativeId, entries, userId }: { cooperativeId: number; entries: readonly AccountEntryInput[]; userId: number | null },
): Promise<boolean> {
  if (!entries.length) return true;
  return withTransaction(db, async (trx) => {
    if (!(await ownsHousehold(trx, cooperativeId, entries.map((e) => e.householdId)))) return false;
    await trx
      .insertInto("member_account_entries")
      .values(
        entries.map((e) => ({
          cooperative_id: cooperativeId,
          household_id: e.householdId,
          kind: e.kind,
          amount_fen: e.amountFen,
          land_mu: e.landMu,
          entered_on: e.enteredOn,
          note: e.note,
          corrects_id: e.correctsId ?? null,
          distribution_id: e.distributionId ?? null,
          created_by: userId,
        })),
      )
      .execute();
    return true;
  });
}

export async function accountEntries(db: Kysely<Database>, { cooperativeId, householdId }: { cooperativeId: number; householdId: number }) {
  const rows = await db
    .selectFrom("member_account_entries as e")
    .leftJoin("users as u", "u.id", "e.created_by")
    .select(["e.id", "e.kind", "e.amount_fen", "e.land_mu", "e.entered_on", "e.note", "e.corrects_id", "e.distribution_id", "e.created_at", "u.name as created_by_name"])
    .where("e.cooperative_id", "=", cooperativeId)
    .where("e.household_id", "=", householdId)
    .orderBy("e.entered_on")
    .orderBy("e.id")
    .execute();
  return rows.map((row) => ({ ...row, amount_fen: Number(row.amount_fen), land_mu: row.land_mu === null ? null : String(row.land_mu) }));
}

/** One entry of this cooperative's, to be corrected. */
export async function getAccountEntry(db: Kysely<Database>, { cooperativeId, id }: { cooperativeId: number; id: number }) {
  const row = await db.selectFrom("member_account_entries").select(["id", "household_id", "kind", "amount_fen", "land_mu"]).where("cooperative_id", "=", cooperativeId).where("id", "=", id).executeTakeFirst();
  return row ? { ...row, amount_fen: Number(row.amount_fen), land_mu: row.land_mu === null ? null : String(row.land_mu) } : null;
}

/** Each household's account as it stood at the end of `asOf` (entries entered on or before it). */
export async function accountTotals(db: Kysely<Database>, { cooperativeId, asOf }: { cooperativeId: number; asOf: string }): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("member_account_entries")
    .select(["household_id", sql<string>`sum(amount_fen)`.as("total")])
    .where("cooperative_id", "=", cooperativeId)
    .where("entered_on", "<=", asOf)
    .groupBy("household_id")
    .execute();
  return new Map(rows.map((row) => [row.household_id, Number(row.total)]));
}

export interface DeliveryInput {
  householdId: number;
  deliveredOn: string;
  produce: string;
  weightGrams: number;
  amountFen: number;
  batchId: number | null;
  note: string;
  correctsId?: number | null;
}

/**
 * Appends deliveries; refused as a whole (false) when a household or a harvest batch is not this
 * cooperative's.
 */
export async function addDeliveries(
  db: Kysely<Database>,
  { cooperativeId, deliveries, userId }: { cooperativeId: number; deliveries: readonly DeliveryInput[]; userId: number | null },
): Promise<boolean> {
  if (!deliveries.length) return true;
  return withTransaction(db, async (trx) => {
    if (!(await ownsHousehold(trx, cooperativeId, deliveries.map((d) => d.householdId)))) return false;
    const batchIds = [...new Set(deliveries.flatMap((d) => (d.batchId === null ? [] : [d.batchId])))];
    if (batchIds.length) {
      const owned = await trx
        .selectFrom("batches as b")
        .innerJoin("products as p", "p.id", "b.product_id")
        .select("b.id")
        .where("p.cooperative_id", "=", cooperativeId)
        .where("b.id", "in", batchIds)
        .execute();
      if (owned.length !== batchIds.length) return false;
    }
    await trx
      .insertInto("household_deliveries")
      .values(
        deliveries.map((d) => ({
          cooperative_id: cooperativeId,
          household_id: d.householdId,
          delivered_on: d.deliveredOn,
          produce: d.produce,
          weight_grams: d.weightGrams,
          amount_fen: d.amountFen,
          batch_id: d.batchId,
          note: d.note,
          corrects_id: d.correctsId ?? null,
          created_by: userId,
        })),
      )
      .execute();
    return true;
  });
}

export async function householdDeliveries(db: Kysely<Database>, { cooperativeId, householdId }: { cooperativeId: number; householdId: number }) {
  const rows = await db
    .selectFrom("household_deliveries as d")
    .leftJoin("batches as b", "b.id", "d.batch_id")
    .select(["d.id", "d.delivered_on", "d.produce", "d.weight_grams", "d.amount_fen", "d.note", "d.corrects_id", "d.created_at", "b.code as batch_code"])
    .where("d.cooperative_id", "=", cooperativeId)
    .where("d.household_id", "=", householdId)
    .orderBy("d.delivered_on")
    .orderBy("d.id")
    .execute();
  return rows.map((row) => ({ ...row, weight_grams: Number(row.weight_grams), amount_fen: Number(row.amount_fen) }));
}

/** Each household's transactions with the cooperative in the period (both ends included), in fen. */
export async function transactionTotals(db: Kysely<Database>, { cooperativeId, start, end }: { cooperativeId: number; start: string; end: string }): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("household_deliveries")
    .select(["household_id", sql<string>`sum(amount_fen)`.as("total")])
    .where("cooperative_id", "=", cooperativeId)
    .where("delivered_on", ">=", start)
    .where("delivered_on", "<=", end)
    .groupBy("household_id")
    .execute();
  return new Map(rows.map((row) => [row.household_id, Number(row.total)]));
}

/** The cooperative's harvest batches by code, for linking deliveries to them. */
export async function batchIdsByCode(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }): Promise<Map<string, number>> {
  const rows = await db.selectFrom("batches as b").innerJoin("products as p", "p.id", "b.product_id").select(["b.id", "b.code"]).where("p.cooperative_id", "=", cooperativeId).execute();
  return new Map(rows.map((row) => [row.code, row.id]));
}
