import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import type { CertificationInput } from "~/schemas/coop";
import { chinaToday } from "~/utils/dates";
import { certificateColumns } from "~/models/catalogue/shared.server";
import { currentClaimText, unmetClaimsFor } from "~/models/claim.server";
import type { Outcome } from "~/models/outcome.server";
import { getCooperativeProduct, touchProduct } from "~/models/product.server";
import { withTransaction } from "~/models/transaction.server";
import { insertForReview, updateForReview, verifiedLocked } from "~/models/trust-document.server";
import { trustState } from "~/models/trust";

// Quality certificates (green food, organic, GI…) of a cooperative, their links to products,
// and renewals. Staff verify them elsewhere; `carryOverRenewalLinks` is what that review calls.

export async function listCertifications(
  db: Kysely<Database>,
  { cooperativeId, today = chinaToday() }: { cooperativeId: number; today?: string },
) {
  const rows = await db
    .selectFrom("certifications as c")
    .where("c.cooperative_id", "=", cooperativeId)
    .select((eb) => [
      "c.id",
      ...certificateColumns,
      "c.document_key",
      "c.status",
      "c.review_note",
      "c.reviewed_at",
      "c.replaces_id",
      eb
        .selectFrom("product_certifications as pc")
        .whereRef("pc.certification_id", "=", "c.id")
        .select((s) => s.fn.countAll<number>().as("n"))
        .as("product_count"),
      eb
        .selectFrom("certifications as r")
        .whereRef("r.replaces_id", "=", "c.id")
        .where("r.status", "<>", "rejected")
        .select("r.id")
        .orderBy("r.id", "desc")
        .limit(1)
        .as("renewed_by_id"),
    ])
    .orderBy("c.expires_on", "desc")
    .orderBy("c.id", "desc")
    .execute();
  return rows.map((row) => ({ ...row, product_count: Number(row.product_count), state: trustState(row, today) }));
}

export async function getCertification(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId: number }) {
  return db
    .selectFrom("certifications")
    .selectAll()
    .where("id", "=", id)
    .where("cooperative_id", "=", cooperativeId)
    .executeTakeFirst();
}

/** Certificates of this cooperative a product can be linked to: not rejected and not expired. */
export async function linkableCertifications(
  db: Kysely<Database>,
  { cooperativeId, today = chinaToday() }: { cooperativeId: number; today?: string },
) {
  const rows = await db
    .selectFrom("certifications")
    .select(["id", "type", "number", "issuing_body", "status", "expires_on", "review_note"])
    .where("cooperative_id", "=", cooperativeId)
    .where("status", "<>", "rejected")
    .where("expires_on", ">=", today)
    .orderBy("type")
    .orderBy("expires_on", "desc")
    .execute();
  return rows.map((row) => ({ ...row, state: trustState(row, today) }));
}

/** The certificates of this cooperative linked to a product. */
export async function listProductCertifications(db: Kysely<Database>, { productId, cooperativeId }: { productId: number; cooperativeId: number }) {
  return db
    .selectFrom("product_certifications as pc")
    .innerJoin("certifications as c", "c.id", "pc.certification_id")
    .where("pc.product_id", "=", productId)
    .where("c.cooperative_id", "=", cooperativeId)
    .select(["c.id", "c.type", "c.number", "c.issuing_body", "c.status", "c.expires_on", "c.review_note"])
    .orderBy("c.type")
    .orderBy("c.id")
    .execute();
}

function certificationColumns(input: CertificationInput) {
  return {
    type: input.type,
    number: input.number,
    issuing_body: input.issuing_body,
    scope_zh: input.scope_zh,
    scope_en: input.scope_en,
    issued_on: input.issued_on,
    expires_on: input.expires_on,
  };
}

async function numberTaken(db: Kysely<Database>, input: CertificationInput, exceptId?: number) {
  const row = await db
    .selectFrom("certifications")
    .select("id")
    .where("type", "=", input.type)
    .where("number", "=", input.number)
    .$if(exceptId !== undefined, (q) => q.where("id", "<>", exceptId!))
    .executeTakeFirst();
  return Boolean(row);
}

/** A renewal may only replace this cooperative's own certificate of the same type. */
async function checkReplaces(db: Kysely<Database>, cooperativeId: number, input: CertificationInput, selfId?: number) {
  if (input.replaces_id === undefined) return null;
  if (input.replaces_id === selfId) return "replacesInvalid";
  const old = await getCertification(db, { id: input.replaces_id, cooperativeId });
  if (!old || old.status === "rejected") return "replacesInvalid";
  if (old.type !== input.type) return "replacesOtherType";
  return null;
}

/** A new certificate (or the renewal of one, with `replaces_id`), waiting for staff. */
export async function submitCertification(
  db: Kysely<Database>,
  { cooperativeId, input, documentKey }: { cooperativeId: number; input: CertificationInput; documentKey: string },
): Promise<Outcome<{ id: number }>> {
  const replacesProblem = await checkReplaces(db, cooperativeId, input);
  if (replacesProblem) return { ok: false, errors: { replaces_id: replacesProblem } };
  if (await numberTaken(db, input)) return { ok: false, errors: { number: "certificateTaken" } };
  return insertForReview(
    db,
    "certifications",
    { cooperative_id: cooperativeId, ...certificationColumns(input), replaces_id: input.replaces_id ?? null, document_key: documentKey },
    { number: "certificateTaken" },
  );
}

/** Corrects a pending or rejected certificate and sends it back to staff; a verified one is locked. */
export async function resubmitCertification(
  db: Kysely<Database>,
  { id, cooperativeId, input, documentKey }: { id: number; cooperativeId: number; input: CertificationInput; documentKey?: string },
): Promise<Outcome<{ replacedDocumentKey: string | null }>> {
  const certificate = await getCertification(db, { id, cooperativeId });
  if (!certificate) throw new Response("Not found", { status: 404 });
  if (certificate.status === "verified") return verifiedLocked();
  const replacesProblem = await checkReplaces(db, cooperativeId, input, id);
  if (replacesProblem) return { ok: false, errors: { replaces_id: replacesProblem } };
  if (await numberTaken(db, input, id)) return { ok: false, errors: { number: "certificateTaken" } };
  return updateForReview(db, "certifications", {
    current: certificate,
    cooperativeId,
    columns: { ...certificationColumns(input), replaces_id: input.replaces_id ?? null },
    documentKey,
  });
}

// ------------------------------------------------------------------- links

type LinkArgs = { productId: number; certificationId: number; cooperativeId: number; today?: string };

/** Both sides of a link must be this cooperative's own; anything else is answered like a missing page. */
async function ownProductAndCertificate(db: Kysely<Database>, { productId, certificationId, cooperativeId }: Omit<LinkArgs, "today">) {
  const product = await getCooperativeProduct(db, { id: productId, cooperativeId });
  const certificate = await getCertification(db, { id: certificationId, cooperativeId });
  if (!product || !certificate) throw new Response("Not found", { status: 404 });
  return { product, certificate };
}

/** Links a certificate of this cooperative to a product of this cooperative. */
export async function linkCertification(
  db: Kysely<Database>,
  { productId, certificationId, cooperativeId, today = chinaToday() }: LinkArgs,
): Promise<Outcome> {
  const { certificate } = await ownProductAndCertificate(db, { productId, certificationId, cooperativeId });
  if (certificate.status === "rejected") return { ok: false, errors: { certification_id: "linkRejected" } };
  if (certificate.expires_on < today) return { ok: false, errors: { certification_id: "linkExpired" } };
  await insertProductCertification(db, { productId, certificationId });
  await touchProduct(db, productId);
  return { ok: true };
}

/** The link itself, kept once however often it is made; the caller checks both sides. */
export async function insertProductCertification(db: Kysely<Database>, { productId, certificationId }: { productId: number; certificationId: number }): Promise<void> {
  await db
    .insertInto("product_certifications")
    .values({ product_id: productId, certification_id: certificationId })
    .onConflict((oc) => oc.columns(["product_id", "certification_id"]).doNothing())
    .execute();
}

/**
 * Unlinks a certificate from a product. Refused while the product is on sale and its text makes
 * a claim that only this certificate backs: unpublish or change the text first.
 */
export async function unlinkCertification(
  db: Kysely<Database>,
  { productId, certificationId, cooperativeId, today = chinaToday() }: LinkArgs,
): Promise<Outcome> {
  const { product } = await ownProductAndCertificate(db, { productId, certificationId, cooperativeId });
  return withTransaction(db, async (trx): Promise<Outcome> => {
    // Checked as if unlinked before anything changes, so a refusal leaves a caller's transaction as it was.
    if (product.status === "active") {
      const text = await currentClaimText(trx, productId);
      const claims = await unmetClaimsFor(trx, { productId, text, today, exceptCertificationId: certificationId });
      if (claims.length > 0) return { ok: false, errors: { form: "unlinkWouldBreakClaim" }, unmetClaims: claims };
    }
    await trx
      .deleteFrom("product_certifications")
      .where("product_id", "=", productId)
      .where("certification_id", "=", certificationId)
      .execute();
    await touchProduct(trx, productId);
    return { ok: true };
  });
}

/**
 * When staff verify a renewal (a certificate with `replaces_id`), the products linked to the old
 * certificate are linked to the new one too. The old links stay: the old certificate remains
 * valid, and keeps backing the products' claims, until its own expiry date; from the moment the
 * renewal is verified it backs them as well, so a published product never loses its backing
 * in between and never has to be unpublished for a renewal. Call it in the same transaction
 * as the verification; it does nothing for a certificate that is not a verified renewal.
 * Returns how many links were added.
 */
export async function carryOverRenewalLinks(db: Kysely<Database>, { certificationId }: { certificationId: number }): Promise<number> {
  const renewal = await db
    .selectFrom("certifications")
    .select(["id", "replaces_id", "cooperative_id", "status"])
    .where("id", "=", certificationId)
    .executeTakeFirst();
  if (!renewal || renewal.status !== "verified" || renewal.replaces_id === null) return 0;
  const result = await db
    .insertInto("product_certifications")
    .columns(["product_id", "certification_id"])
    .expression((eb) =>
      eb
        .selectFrom("product_certifications as pc")
        .innerJoin("products as p", "p.id", "pc.product_id")
        .innerJoin("certifications as old", "old.id", "pc.certification_id")
        .where("pc.certification_id", "=", renewal.replaces_id!)
        .where("p.cooperative_id", "=", renewal.cooperative_id)
        .where("old.cooperative_id", "=", renewal.cooperative_id)
        .select(["pc.product_id", sql.lit(renewal.id).as("certification_id")]),
    )
    .onConflict((oc) => oc.columns(["product_id", "certification_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Certificates needing the cooperative's attention: waiting, rejected, expired, or expiring before `horizon`. */
export async function certificationsNeedingAttention(
  db: Kysely<Database>,
  { cooperativeId, today = chinaToday(), horizon }: { cooperativeId: number; today?: string; horizon: string },
) {
  const rows = await db
    .selectFrom("certifications as c")
    .select((eb) => [
      "c.id",
      "c.type",
      "c.number",
      "c.status",
      "c.expires_on",
      "c.review_note",
      eb
        .selectFrom("certifications as r")
        .whereRef("r.replaces_id", "=", "c.id")
        .where("r.status", "<>", "rejected")
        .select("r.id")
        .limit(1)
        .as("renewed_by_id"),
    ])
    .where("c.cooperative_id", "=", cooperativeId)
    .where((eb) => eb.or([eb("c.status", "in", ["pending", "rejected"]), eb("c.expires_on", "<=", horizon)]))
    .orderBy("c.expires_on")
    .execute();
  return rows.map((row) => ({ ...row, state: trustState(row, today) }));
}

/** Which cooperative a stored brand or certificate document belongs to, or null. */
export async function documentCooperativeId(db: Kysely<Database>, { documentKey }: { documentKey: string }): Promise<number | null> {
  const row = await db
    .selectFrom("certifications")
    .select("cooperative_id")
    .where("document_key", "=", documentKey)
    .unionAll(db.selectFrom("brands").select("cooperative_id").where("document_key", "=", documentKey))
    .executeTakeFirst();
  return row?.cooperative_id ?? null;
}
