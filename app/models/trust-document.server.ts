import { sql, type Insertable, type Kysely, type Updateable } from "kysely";
import type { Database } from "~db/schema";
import type { FieldErrors } from "~/types/forms";
import { uniqueViolation, type Outcome, type Refusal } from "~/models/outcome.server";

// Brands and certificates are both documents a cooperative submits and staff review: a new one
// waits for staff, and a correction sends it back to them. Only their own columns differ.

type TrustTable = "brands" | "certifications";

/** A new document, waiting for staff; a unique violation (a lost race with the earlier check) is answered with `taken`. */
export async function insertForReview<T extends TrustTable>(
  db: Kysely<Database>,
  table: T,
  values: Insertable<Database[T]>,
  taken: FieldErrors,
): Promise<Outcome<{ id: number }>> {
  try {
    const { id } = await db
      .insertInto(table as TrustTable)
      .values({ ...values, status: "pending" } as Insertable<Database[TrustTable]>)
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, id };
  } catch (error) {
    if (uniqueViolation(error) !== null) return { ok: false, errors: taken };
    throw error;
  }
}

/**
 * Corrects a pending or rejected document and sends it back to staff. A verified one is locked:
 * changing it would keep a badge on details nobody checked. A new file replaces the stored one,
 * whose key is returned for deletion.
 */
export async function updateForReview<T extends TrustTable>(
  db: Kysely<Database>,
  table: T,
  {
    current,
    cooperativeId,
    columns,
    documentKey,
  }: { current: { id: number; document_key: string | null }; cooperativeId: number; columns: Updateable<Database[T]>; documentKey?: string },
): Promise<Outcome<{ replacedDocumentKey: string | null }>> {
  const updated = await db
    .updateTable(table as TrustTable)
    .set({
      ...(columns as Updateable<Database[TrustTable]>),
      document_key: documentKey ?? current.document_key,
      status: "pending",
      reviewer_id: null,
      reviewed_at: null,
      review_note: null,
      updated_at: sql`now()`,
    })
    .where("id", "=", current.id)
    .where("cooperative_id", "=", cooperativeId)
    .where("status", "<>", "verified")
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return verifiedLocked();
  return { ok: true, replacedDocumentKey: documentKey && current.document_key !== documentKey ? current.document_key : null };
}

/** The refusal to change a document staff have verified. */
export function verifiedLocked(): Refusal {
  return { ok: false, errors: { form: "verifiedLocked" } };
}
