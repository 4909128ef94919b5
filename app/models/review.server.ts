import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { CertificationType, Database, ReviewStatus } from "~db/schema";

// Staff review of the trust records cooperatives submit: brands (trademarks) and
// certificates. A decision is kept on the row itself (status, reviewer, time, note) and
// is final: only a pending row can be decided, by a guarded UPDATE, so two reviewers
// clicking at once cannot overwrite each other.

export type ReviewKind = "brand" | "certification";
export type ReviewDecision = "verified" | "rejected";

export interface ReviewProduct {
  id: number;
  slug: string;
  name_zh: string;
  name_en: string;
  status: string;
}

interface ReviewBase {
  kind: ReviewKind;
  id: number;
  status: ReviewStatus;
  cooperative_id: number;
  cooperative_name_zh: string;
  cooperative_name_en: string;
  document_key: string | null;
  expires_on: string;
  created_at: Date;
  reviewed_at: Date | null;
  review_note: string | null;
  reviewer_name: string | null;
  reviewer_email: string | null;
  products: ReviewProduct[];
}

export interface BrandReview extends ReviewBase {
  kind: "brand";
  name: string;
  registration_number: string;
  nice_class: number;
  registrant: string;
  registered_on: string;
}

export interface CertificationReview extends ReviewBase {
  kind: "certification";
  type: CertificationType;
  number: string;
  issuing_body: string;
  scope: string;
  issued_on: string;
}

export type ReviewItem = BrandReview | CertificationReview;

type TrustTable = "brands" | "certifications";
interface TrustWhere {
  status?: ReviewStatus;
  decided?: boolean;
  id?: number;
  limit?: number;
}

/** What a reviewer sees of every trust record, whichever table holds it (joined with its cooperative and reviewer). */
function trustColumns<Table extends TrustTable>(table: Table) {
  return [
    `${table}.id`,
    `${table}.status`,
    `${table}.cooperative_id`,
    "cooperatives.name_zh as cooperative_name_zh",
    "cooperatives.name_en as cooperative_name_en",
    `${table}.document_key`,
    `${table}.expires_on`,
    `${table}.created_at`,
    `${table}.reviewed_at`,
    `${table}.review_note`,
    "users.name as reviewer_name",
    "users.email as reviewer_email",
  ] as const;
}

/**
 * The filters both trust lists take: a status, the decided ones (newest decision first) or one
 * record; otherwise oldest submission first. The caller's query keeps its own row type.
 */
function trustFiltered<Query extends SelectQueryBuilder<any, any, any>>(query: Query, table: TrustTable, where: TrustWhere): Query {
  let filtered = query as SelectQueryBuilder<any, any, any>;
  if (where.status) filtered = filtered.where(`${table}.status`, "=", where.status);
  if (where.decided) filtered = filtered.where(`${table}.status`, "<>", "pending").where(`${table}.reviewed_at`, "is not", null);
  if (where.id !== undefined) filtered = filtered.where(`${table}.id`, "=", where.id);
  filtered = where.decided ? filtered.orderBy(`${table}.reviewed_at`, "desc") : filtered.orderBy(`${table}.created_at`).orderBy(`${table}.id`);
  if (where.limit) filtered = filtered.limit(where.limit);
  return filtered as Query;
}

async function brands(db: Kysely<Database>, where: TrustWhere) {
  const query = db
    .selectFrom("brands")
    .innerJoin("cooperatives", "cooperatives.id", "brands.cooperative_id")
    .leftJoin("users", "users.id", "brands.reviewer_id")
    .select(trustColumns("brands"))
    .select(["brands.name", "brands.registration_number", "brands.nice_class", "brands.registrant", "brands.registered_on"]);
  const rows = await trustFiltered(query, "brands", where).execute();
  const products = rows.length
    ? await db
        .selectFrom("products")
        .select(["id", "slug", "name_zh", "name_en", "status", "brand_id"])
        .where("brand_id", "in", rows.map((row) => row.id))
        .orderBy("name_zh")
        .execute()
    : [];
  return rows.map(
    (row): BrandReview => ({
      ...row,
      kind: "brand",
      products: products.filter((product) => product.brand_id === row.id).map(({ brand_id: _, ...product }) => product),
    }),
  );
}

async function certifications(db: Kysely<Database>, where: TrustWhere) {
  const query = db
    .selectFrom("certifications")
    .innerJoin("cooperatives", "cooperatives.id", "certifications.cooperative_id")
    .leftJoin("users", "users.id", "certifications.reviewer_id")
    .select(trustColumns("certifications"))
    .select(["certifications.type", "certifications.number", "certifications.issuing_body", "certifications.scope_zh as scope", "certifications.issued_on"]);
  const rows = await trustFiltered(query, "certifications", where).execute();
  const products = rows.length
    ? await db
        .selectFrom("product_certifications")
        .innerJoin("products", "products.id", "product_certifications.product_id")
        .select([
          "products.id",
          "products.slug",
          "products.name_zh",
          "products.name_en",
          "products.status",
          "product_certifications.certification_id",
        ])
        .where("product_certifications.certification_id", "in", rows.map((row) => row.id))
        .orderBy("products.name_zh")
        .execute()
    : [];
  return rows.map(
    (row): CertificationReview => ({
      ...row,
      kind: "certification",
      products: products
        .filter((product) => product.certification_id === row.id)
        .map(({ certification_id: _, ...product }) => product),
    }),
  );
}

/** Everything waiting for a decision, oldest submission first. */
export async function listPendingReviews(db: Kysely<Database>): Promise<ReviewItem[]> {
  const [pendingBrands, pendingCertifications] = await Promise.all([
    brands(db, { status: "pending" }),
    certifications(db, { status: "pending" }),
  ]);
  return [...pendingBrands, ...pendingCertifications].sort(
    (a, b) => a.created_at.getTime() - b.created_at.getTime() || a.kind.localeCompare(b.kind) || a.id - b.id,
  );
}

/** The latest decisions, newest first, so a reviewer can see what was just done and by whom. */
export async function listRecentDecisions(db: Kysely<Database>, { limit = 20 }: { limit?: number } = {}): Promise<ReviewItem[]> {
  const [decidedBrands, decidedCertifications] = await Promise.all([
    brands(db, { decided: true, limit }),
    certifications(db, { decided: true, limit }),
  ]);
  return [...decidedBrands, ...decidedCertifications]
    .sort((a, b) => (b.reviewed_at?.getTime() ?? 0) - (a.reviewed_at?.getTime() ?? 0))
    .slice(0, limit);
}

export async function getReviewItem(db: Kysely<Database>, { kind, id }: { kind: ReviewKind; id: number }): Promise<ReviewItem | null> {
  const rows = kind === "brand" ? await brands(db, { id }) : await certifications(db, { id });
  return rows[0] ?? null;
}

export async function countPendingReviews(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("brands")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("status", "=", "pending")
    .unionAll(db.selectFrom("certifications").select(sql<number>`count(*)::int`.as("n")).where("status", "=", "pending"))
    .execute();
  return row.reduce((sum, part) => sum + part.n, 0);
}

export type DecisionResult = { ok: true } | { ok: false; reason: "not_found" | "already_decided" };

/**
 * Verifies or rejects a pending brand or certificate. A rejection needs a note (the
 * cooperative reads it to fix the submission); the database CHECK says the same.
 */
export async function decideReview(
  db: Kysely<Database>,
  input: { kind: ReviewKind; id: number; decision: ReviewDecision; note: string | null; reviewerId: number },
): Promise<DecisionResult> {
  const note = input.note?.trim() || null;
  if (input.decision === "rejected" && !note) throw new Error("a rejection needs a note");
  const values = {
    status: input.decision,
    reviewer_id: input.reviewerId,
    reviewed_at: sql<Date>`now()`,
    review_note: note,
    updated_at: sql<Date>`now()`,
  };
  const table: TrustTable = input.kind === "brand" ? "brands" : "certifications";
  const updated = await db.updateTable(table).set(values).where("id", "=", input.id).where("status", "=", "pending").returning("id").executeTakeFirst();
  if (updated) return { ok: true };
  const exists = await db.selectFrom(table).select("id").where("id", "=", input.id).executeTakeFirst();
  return { ok: false, reason: exists ? "already_decided" : "not_found" };
}

/** The stored document of a brand or certificate, for the staff-only viewer. */
export async function reviewDocumentKey(db: Kysely<Database>, { kind, id }: { kind: ReviewKind; id: number }): Promise<string | null> {
  const table: TrustTable = kind === "brand" ? "brands" : "certifications";
  const row = await db.selectFrom(table).select("document_key").where("id", "=", id).executeTakeFirst();
  return row?.document_key ?? null;
}
