import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { refreshSearchDocuments } from "~/models/search-documents.server";
import type { BrandInput } from "~/schemas/coop";
import { chinaToday } from "~/utils/dates";
import type { Outcome } from "~/models/outcome.server";
import { insertForReview, updateForReview, verifiedLocked } from "~/models/trust-document.server";
import { trustState } from "~/models/trust";

// Registered trademarks a cooperative sells under. Staff verify or reject them (the review
// queue lives in the staff area); the cooperative submits, sees the verdict, and resubmits.

export async function listBrands(db: Kysely<Database>, { cooperativeId, today = chinaToday() }: { cooperativeId: number; today?: string }) {
  const rows = await db
    .selectFrom("brands")
    .select([
      "id",
      "name",
      "registration_number",
      "nice_class",
      "registrant",
      "registered_on",
      "expires_on",
      "document_key",
      "status",
      "review_note",
      "reviewed_at",
      "created_at",
    ])
    .where("cooperative_id", "=", cooperativeId)
    .orderBy("name")
    .orderBy("nice_class")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ ...row, state: trustState(row, today) }));
}

/** The brands a product of this cooperative may be sold under (a rejected one may not). */
export async function brandOptions(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }) {
  return db
    .selectFrom("brands")
    .select(["id", "name", "registration_number", "nice_class", "status"])
    .where("cooperative_id", "=", cooperativeId)
    .where("status", "<>", "rejected")
    .orderBy("name")
    .orderBy("nice_class")
    .orderBy("registration_number")
    .execute();
}

/** Whether a product of this cooperative may be sold under this brand (its own, not rejected). */
export async function usableBrandExists(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }): Promise<boolean> {
  const row = await db
    .selectFrom("brands")
    .select("id")
    .where("id", "=", id)
    .where("cooperative_id", "=", cooperativeId)
    .where("status", "<>", "rejected")
    .executeTakeFirst();
  return Boolean(row);
}

export async function getBrand(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }) {
  return db.selectFrom("brands").selectAll().where("id", "=", id).where("cooperative_id", "=", cooperativeId).executeTakeFirst();
}

function brandColumns(input: BrandInput) {
  return {
    name: input.name,
    registration_number: input.registration_number,
    nice_class: input.nice_class,
    registrant: input.registrant,
    registered_on: input.registered_on,
    expires_on: input.expires_on,
  };
}

async function registrationTaken(db: Kysely<Database>, input: BrandInput, exceptId?: number): Promise<boolean> {
  const row = await db
    .selectFrom("brands")
    .select("id")
    .where("registration_number", "=", input.registration_number)
    .where("nice_class", "=", input.nice_class)
    .$if(exceptId !== undefined, (q) => q.where("id", "<>", exceptId!))
    .executeTakeFirst();
  return Boolean(row);
}

/** A new brand, waiting for staff. */
export async function submitBrand(
  db: Kysely<Database>,
  { cooperativeId, input, documentKey }: { cooperativeId: number; input: BrandInput; documentKey: string },
): Promise<Outcome<{ id: number }>> {
  if (await registrationTaken(db, input)) return { ok: false, errors: { registration_number: "brandTaken" } };
  return insertForReview(db, "brands", { cooperative_id: cooperativeId, ...brandColumns(input), document_key: documentKey }, { registration_number: "brandTaken" });
}

/** Corrects a pending or rejected brand and sends it back to staff; a verified one is locked. Returns the replaced document key. */
export async function resubmitBrand(
  db: Kysely<Database>,
  { id, cooperativeId, input, documentKey }: { id: number; cooperativeId: number; input: BrandInput; documentKey?: string },
): Promise<Outcome<{ replacedDocumentKey: string | null }>> {
  const brand = await getBrand(db, { id, cooperativeId });
  if (!brand) throw new Response("Not found", { status: 404 });
  if (brand.status === "verified") return verifiedLocked();
  if (await registrationTaken(db, input, id)) return { ok: false, errors: { registration_number: "brandTaken" } };
  const result = await updateForReview(db, "brands", { current: brand, cooperativeId, columns: brandColumns(input), documentKey });
  if (!result.ok) return result;
  // Products of the brand are found by its name.
  if (brand.name !== input.name) await refreshSearchDocuments(db, { brandId: id });
  return result;
}

/** Brands needing the cooperative's attention: waiting, rejected, expired or expiring within `days`. */
export async function brandsNeedingAttention(
  db: Kysely<Database>,
  { cooperativeId, today = chinaToday(), horizon }: { cooperativeId: number; today?: string; horizon: string },
) {
  const rows = await db
    .selectFrom("brands")
    .select(["id", "name", "registration_number", "status", "expires_on", "review_note"])
    .where("cooperative_id", "=", cooperativeId)
    .where((eb) => eb.or([eb("status", "in", ["pending", "rejected"]), eb("expires_on", "<=", horizon)]))
    .orderBy("expires_on")
    .execute();
  return rows.map((row) => ({ ...row, state: trustState(row, today) }));
}
