import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { getHousehold, householdHistory } from "~/models/household.server";
import { accountEntries, addAccountEntries, addDeliveries, batchIdsByCode, getAccountEntry, householdDeliveries } from "~/models/member-account.server";
import { listBatches } from "~/models/batch.server";
import { withTransaction } from "~/models/transaction.server";
import type { DeliveryForm } from "~/schemas/households";
import type { FieldErrors } from "~/types/forms";
import { chinaToday } from "~/utils/dates";

// A member account page's work: the household with its account, deliveries and history, and
// the changes it makes (a correction is a new entry with the opposite amount).

/** Everything the member account page shows, or null when the household is not this cooperative's. */
export async function memberAccount(db: Kysely<Database>, { cooperativeId, householdId }: { cooperativeId: number; householdId: number }) {
  const household = await getHousehold(db, { id: householdId, cooperativeId });
  if (!household) return null;
  const [entries, deliveries, history, batches] = await Promise.all([
    accountEntries(db, { cooperativeId, householdId }),
    householdDeliveries(db, { cooperativeId, householdId }),
    householdHistory(db, { id: householdId, cooperativeId }),
    listBatches(db, { cooperativeId }),
  ]);
  const byKind = new Map<string, { amountFen: number; landMu: number }>();
  for (const entry of entries) {
    const sum = byKind.get(entry.kind) ?? { amountFen: 0, landMu: 0 };
    sum.amountFen += entry.amount_fen;
    if (entry.land_mu !== null) sum.landMu = Math.round((sum.landMu + Number(entry.land_mu)) * 100) / 100;
    byKind.set(entry.kind, sum);
  }
  const correctedIds = new Set(entries.flatMap((e) => (e.corrects_id === null ? [] : [e.corrects_id])));
  return {
    household,
    entries: entries.map((e) => ({ ...e, corrected: correctedIds.has(e.id) })),
    byKind: [...byKind].map(([kind, sum]) => ({ kind, ...sum })),
    totalFen: entries.reduce((sum, e) => sum + e.amount_fen, 0),
    deliveries,
    history,
    batches: batches.map((b) => b.code),
  };
}

/** Reverses an entry of this household's account, once, with the reason given. */
export async function correctAccountEntry(
  db: Kysely<Database>,
  { cooperativeId, householdId, entryId, note, userId }: { cooperativeId: number; householdId: number; entryId: number; note: string; userId: number },
): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const entry = await getAccountEntry(trx, { cooperativeId, id: entryId });
    if (!entry || entry.household_id !== householdId || entry.amount_fen <= 0) return false;
    const already = (await accountEntries(trx, { cooperativeId, householdId })).some((e) => e.corrects_id === entryId);
    if (already) return false;
    return addAccountEntries(trx, {
      cooperativeId,
      userId,
      entries: [{ householdId, kind: entry.kind, amountFen: -entry.amount_fen, landMu: entry.land_mu === null ? null : String(-Number(entry.land_mu)), enteredOn: chinaToday(), note, correctsId: entryId }],
    });
  });
}

/** Records one delivery typed in the portal; the batch is named by its code. */
export async function recordDelivery(
  db: Kysely<Database>,
  { cooperativeId, householdId, input, userId }: { cooperativeId: number; householdId: number; input: DeliveryForm; userId: number },
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  let batchId: number | null = null;
  if (input.batch_code) {
    batchId = (await batchIdsByCode(db, { cooperativeId })).get(input.batch_code) ?? null;
    if (batchId === null) return { ok: false, errors: { batch_code: "unknownBatch" } };
  }
  const saved = await addDeliveries(db, {
    cooperativeId,
    userId,
    deliveries: [{ householdId, deliveredOn: input.delivered_on, produce: input.produce, weightGrams: input.weight_kg, amountFen: input.amount, batchId, note: input.note }],
  });
  return saved ? { ok: true } : { ok: false, errors: { form: "entryNotFound" } };
}
