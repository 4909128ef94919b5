import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { Database, ProductReviewKind, ProductReviewReportReason } from "~db/schema";
import { withTransaction } from "~/models/transaction.server";
import type { ReviewFilters, ReviewStarFilter } from "~/types/product-review";

// Reviews of delivered order lines by the account that placed the order. Not to be confused
// with review.server.ts, which is staff reviewing trust documents.
//
// Every window is measured with the database's clock against the line's delivery: the latest
// `delivered_at` of the delivered shipments that carry the line (a line split over two parcels
// counts from the second one's arrival).

export const MAX_REVIEW_PHOTOS = 6;
export const REVIEW_WINDOW_DAYS = 90;
export const FOLLOW_UP_AFTER_DAYS = 30;
export const FOLLOW_UP_WINDOW_DAYS = 180;
export const REVIEWS_PAGE_SIZE = 10;

const days = (n: number) => sql`${n}::integer * interval '1 day'`;

/** Per order line of the user's orders: when it was delivered (null when no parcel of it has arrived). */
function deliveredLinesQuery(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom("order_items as oi")
    .innerJoin("orders as o", "o.id", "oi.order_id")
    .innerJoin("shipment_items as si", "si.order_item_id", "oi.id")
    .innerJoin("shipments as s", "s.id", "si.shipment_id")
    .where("o.user_id", "=", userId)
    .where("s.status", "=", "delivered")
    .where("s.delivered_at", "is not", null)
    .where("oi.product_id", "is not", null)
    .groupBy(["oi.id", "o.number"])
    .select([
      "oi.id as orderItemId",
      "o.number as orderNumber",
      sql<Date>`max(s.delivered_at)`.as("deliveredAt"),
      sql<boolean>`max(s.delivered_at) > now() - ${days(REVIEW_WINDOW_DAYS)}`.as("initialOpen"),
      sql<boolean>`max(s.delivered_at) <= now() - ${days(FOLLOW_UP_AFTER_DAYS)} AND max(s.delivered_at) > now() - ${days(FOLLOW_UP_WINDOW_DAYS)}`.as("followUpOpen"),
    ]);
}

export interface ReviewableLine {
  orderItemId: number;
  orderNumber: string;
  productId: number;
  cooperativeId: number;
  deliveredAt: Date;
  initialOpen: boolean;
  followUpOpen: boolean;
  initialReviewId: number | null;
  followUpReviewId: number | null;
}

/**
 * One delivered line of one of the user's own orders, with its review state; null for a line
 * of someone else's order, one not delivered yet, or one that does not exist (all alike).
 */
export async function findDeliveredLine(db: Kysely<Database>, { userId, orderItemId }: { userId: number; orderItemId: number }): Promise<ReviewableLine | null> {
  const row = await db
    .selectFrom(deliveredLinesQuery(db, userId).where("oi.id", "=", orderItemId).as("d"))
    .innerJoin("order_items as oi", "oi.id", "d.orderItemId")
    .select([
      "d.orderItemId",
      "d.orderNumber",
      "d.deliveredAt",
      "d.initialOpen",
      "d.followUpOpen",
      "oi.product_id as productId",
      "oi.cooperative_id as cooperativeId",
      (eb) =>
        eb.selectFrom("product_reviews as r").select("r.id").whereRef("r.order_item_id", "=", "oi.id").where("r.kind", "=", "initial").as("initialReviewId"),
      (eb) =>
        eb.selectFrom("product_reviews as r").select("r.id").whereRef("r.order_item_id", "=", "oi.id").where("r.kind", "=", "follow_up").as("followUpReviewId"),
    ])
    .executeTakeFirst();
  if (!row || row.productId === null) return null;
  return { ...row, productId: row.productId, initialReviewId: row.initialReviewId ?? null, followUpReviewId: row.followUpReviewId ?? null };
}

export interface AwaitingLine {
  orderItemId: number;
  orderNumber: string;
  productSlug: string;
  productNameZh: string;
  productNameEn: string;
  variantLabelZh: string;
  variantLabelEn: string;
  deliveredAt: Date;
  kind: ProductReviewKind;
}

/** The user's delivered lines that may be reviewed now (initial) or followed up now. */
export async function listLinesAwaitingReview(db: Kysely<Database>, { userId }: { userId: number }): Promise<AwaitingLine[]> {
  const rows = await db
    .selectFrom(deliveredLinesQuery(db, userId).as("d"))
    .innerJoin("order_items as oi", "oi.id", "d.orderItemId")
    .innerJoin("products as p", "p.id", "oi.product_id")
    .leftJoin("product_reviews as initial", (join) => join.onRef("initial.order_item_id", "=", "oi.id").on("initial.kind", "=", "initial"))
    .leftJoin("product_reviews as follow", (join) => join.onRef("follow.order_item_id", "=", "oi.id").on("follow.kind", "=", "follow_up"))
    .where((eb) =>
      eb.or([
        eb.and([eb("initial.id", "is", null), eb("d.initialOpen", "=", true)]),
        eb.and([eb("initial.id", "is not", null), eb("follow.id", "is", null), eb("d.followUpOpen", "=", true)]),
      ]),
    )
    .select([
      "d.orderItemId",
      "d.orderNumber",
      "d.deliveredAt",
      "p.slug as productSlug",
      "oi.product_name_zh as productNameZh",
      "oi.product_name_en as productNameEn",
      "oi.variant_label_zh as variantLabelZh",
      "oi.variant_label_en as variantLabelEn",
      sql<ProductReviewKind>`CASE WHEN initial.id IS NULL THEN 'initial' ELSE 'follow_up' END`.as("kind"),
    ])
    .orderBy("d.deliveredAt", "desc")
    .orderBy("d.orderItemId", "desc")
    .limit(100)
    .execute();
  return rows;
}

export interface NewReview {
  orderItemId: number;
  productId: number;
  cooperativeId: number;
  userId: number;
  kind: ProductReviewKind;
  stars: number | null;
  body: string;
  photos: { storageKey: string; width: number; height: number }[];
}

/**
 * Records a review and its photos. The unique key (line, kind) refuses a second one, even from
 * two submissions at once: the caller maps that violation to its answer.
 */
export async function insertReview(trx: Transaction<Database>, review: NewReview): Promise<number> {
  const { id } = await trx
    .insertInto("product_reviews")
    .values({
      order_item_id: review.orderItemId,
      product_id: review.productId,
      cooperative_id: review.cooperativeId,
      user_id: review.userId,
      kind: review.kind,
      stars: review.stars,
      body: review.body,
      has_photos: review.photos.length > 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (review.photos.length > 0) {
    await trx
      .insertInto("product_review_photos")
      .values(review.photos.map((photo, position) => ({ review_id: id, position, storage_key: photo.storageKey, width: photo.width, height: photo.height })))
      .execute();
  }
  return id;
}

async function photosOf(db: Kysely<Database>, reviewIds: number[]): Promise<Map<number, { storageKey: string }[]>> {
  const byReview = new Map<number, { storageKey: string }[]>();
  if (reviewIds.length === 0) return byReview;
  const rows = await db
    .selectFrom("product_review_photos")
    .select(["review_id", "storage_key"])
    .where("review_id", "in", reviewIds)
    .orderBy("review_id")
    .orderBy("position")
    .execute();
  for (const row of rows) {
    const list = byReview.get(row.review_id) ?? [];
    list.push({ storageKey: row.storage_key });
    byReview.set(row.review_id, list);
  }
  return byReview;
}

/**
 * The list pages (the author's, the cooperative's, staff moderation) all show a review with its
 * photos and its stars as a plain number (null for a follow-up, which has none), whatever type
 * the driver hands back; done here once so the three lists cannot drift apart.
 */
async function withStarsAndPhotos<Row extends { id: number; stars: number | string | null }>(
  db: Kysely<Database>,
  rows: Row[],
): Promise<(Omit<Row, "stars"> & { stars: number | null; photos: { storageKey: string }[] })[]> {
  const photos = await photosOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, stars: row.stars === null ? null : Number(row.stars), photos: photos.get(row.id) ?? [] }));
}

/**
 * The base of the three review lists (the author's, the cooperative's, staff moderation): the
 * columns they all show, the filter each one asks for, an optional first sort key, then newest
 * first, at most 200 unless the list pages. Each list joins and selects what else it shows.
 */
function reviewListQuery(
  db: Kysely<Database>,
  filters: { userId?: number; cooperativeId?: number; show?: "all" | "reported" | "hidden"; first?: RawBuilder<unknown>; limit?: number },
) {
  let query = db
    .selectFrom("product_reviews as r")
    .select(["r.id", "r.kind", "r.stars", "r.body", "r.created_at as createdAt", "r.reply_body as reply"]);
  if (filters.userId !== undefined) query = query.where("r.user_id", "=", filters.userId);
  if (filters.cooperativeId !== undefined) query = query.where("r.cooperative_id", "=", filters.cooperativeId);
  if (filters.show === "reported") query = query.where("r.report_count", ">", 0);
  if (filters.show === "hidden") query = query.where("r.hidden_at", "is not", null);
  if (filters.first) query = query.orderBy(filters.first, "desc");
  return query.orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(filters.limit ?? 200);
}

export interface RatingRow {
  stars: number;
  count: number;
  withPhotos: number;
}

/** Visible initial reviews of a product counted per star; hidden reviews never count. */
export async function ratingCounts(db: Kysely<Database>, { productId }: { productId: number }): Promise<RatingRow[]> {
  const rows = await db
    .selectFrom("product_reviews")
    .where("product_id", "=", productId)
    .where("kind", "=", "initial")
    .where("hidden_at", "is", null)
    .groupBy("stars")
    .select([
      sql<number>`stars`.as("stars"),
      (eb) => eb.fn.countAll<number>().as("count"),
      sql<number>`count(*) FILTER (WHERE has_photos)`.as("withPhotos"),
    ])
    .execute();
  return rows.map((row) => ({ stars: Number(row.stars), count: Number(row.count), withPhotos: Number(row.withPhotos) }));
}

export interface PublicReviewRow {
  id: number;
  stars: number;
  body: string;
  authorName: string;
  variantLabelZh: string;
  variantLabelEn: string;
  createdAt: Date;
  photos: { storageKey: string }[];
  reply: { body: string; repliedAt: Date } | null;
  followUp: { body: string; createdAt: Date; photos: { storageKey: string }[] } | null;
}

/**
 * A page of a product's visible initial reviews: photo reviews first, then newest first,
 * keyset-paged by the last review's id (`after`). Each comes with its visible follow-up.
 */
export async function listPublicReviews(
  db: Kysely<Database>,
  { productId, filters, after, limit = REVIEWS_PAGE_SIZE }: { productId: number; filters: ReviewFilters; after: number | null; limit?: number },
): Promise<{ reviews: PublicReviewRow[]; next: number | null }> {
  let query = db
    .selectFrom("product_reviews as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .innerJoin("order_items as oi", "oi.id", "r.order_item_id")
    .where("r.product_id", "=", productId)
    .where("r.kind", "=", "initial")
    .where("r.hidden_at", "is", null)
    .select([
      "r.id",
      "r.order_item_id",
      "r.stars",
      "r.body",
      "r.has_photos",
      "r.created_at",
      "r.reply_body",
      "r.replied_at",
      "u.name as author_name",
      "oi.variant_label_zh",
      "oi.variant_label_en",
    ])
    .orderBy("r.has_photos", "desc")
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc")
    .limit(limit + 1);
  if (filters.photos) query = query.where("r.has_photos", "=", true);
  if (filters.stars !== null) query = query.where("r.stars", "=", filters.stars);
  if (after !== null) {
    // Compared with the cursor row's own values, so timestamps keep their full precision.
    query = query.where(
      sql<boolean>`(r.has_photos, r.created_at, r.id) < (SELECT c.has_photos, c.created_at, c.id FROM product_reviews c WHERE c.id = ${after} AND c.product_id = ${productId})`,
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const followUps = page.length
    ? await db
        .selectFrom("product_reviews")
        .select(["id", "order_item_id", "body", "created_at"])
        .where("order_item_id", "in", page.map((row) => row.order_item_id))
        .where("kind", "=", "follow_up")
        .where("hidden_at", "is", null)
        .execute()
    : [];
  const photos = await photosOf(db, [...page.map((row) => row.id), ...followUps.map((row) => row.id)]);
  const reviews = page.map((row): PublicReviewRow => {
    const followUp = followUps.find((f) => f.order_item_id === row.order_item_id);
    return {
      id: row.id,
      stars: Number(row.stars),
      body: row.body,
      authorName: row.author_name,
      variantLabelZh: row.variant_label_zh,
      variantLabelEn: row.variant_label_en,
      createdAt: row.created_at,
      photos: photos.get(row.id) ?? [],
      reply: row.reply_body !== null && row.replied_at !== null ? { body: row.reply_body, repliedAt: row.replied_at } : null,
      followUp: followUp ? { body: followUp.body, createdAt: followUp.created_at, photos: photos.get(followUp.id) ?? [] } : null,
    };
  });
  return { reviews, next: rows.length > limit ? page[page.length - 1]!.id : null };
}

/** Of these reviews, the ones the user wrote. */
export async function reviewsWrittenBy(db: Kysely<Database>, { userId, reviewIds }: { userId: number; reviewIds: number[] }): Promise<number[]> {
  if (reviewIds.length === 0) return [];
  const rows = await db.selectFrom("product_reviews").select("id").where("user_id", "=", userId).where("id", "in", reviewIds).execute();
  return rows.map((row) => row.id);
}

/** What every review list holds of a review (see reviewListQuery); each list adds its own. */
interface ReviewListRow {
  id: number;
  kind: ProductReviewKind;
  stars: number | null;
  body: string;
  productNameZh: string;
  productNameEn: string;
  createdAt: Date;
  reply: string | null;
  photos: { storageKey: string }[];
}

export interface OwnReviewRow extends ReviewListRow {
  productSlug: string;
  orderNumber: string;
  hiddenReason: string | null;
}

/** The user's own reviews, hidden ones included (with the reason: the author may know it). */
export async function listUserReviews(db: Kysely<Database>, { userId }: { userId: number }): Promise<OwnReviewRow[]> {
  const rows = await reviewListQuery(db, { userId })
    .innerJoin("order_items as oi", "oi.id", "r.order_item_id")
    .innerJoin("orders as o", "o.id", "oi.order_id")
    .innerJoin("products as p", "p.id", "r.product_id")
    .select([
      "r.hidden_reason as hiddenReason",
      "p.slug as productSlug",
      "oi.product_name_zh as productNameZh",
      "oi.product_name_en as productNameEn",
      "o.number as orderNumber",
    ])
    .execute();
  return withStarsAndPhotos(db, rows);
}

/**
 * One report per shopper per review (the primary key); the review's counter moves only when
 * the report is new. Never the author's own review, never a review that is not there.
 */
export async function insertReport(
  db: Kysely<Database>,
  { reviewId, userId, reason }: { reviewId: number; userId: number; reason: ProductReviewReportReason },
): Promise<"reported" | "already" | "notFound" | "own"> {
  return withTransaction(db, async (trx) => {
    const review = await trx.selectFrom("product_reviews").select(["id", "user_id"]).where("id", "=", reviewId).where("hidden_at", "is", null).executeTakeFirst();
    if (!review) return "notFound";
    if (review.user_id === userId) return "own";
    const inserted = await trx
      .insertInto("product_review_reports")
      .values({ review_id: reviewId, user_id: userId, reason })
      .onConflict((oc) => oc.columns(["review_id", "user_id"]).doNothing())
      .returning("review_id")
      .executeTakeFirst();
    if (!inserted) return "already";
    // The counter orders the staff list only; the catalogue version's trigger ignores it.
    await trx.updateTable("product_reviews").set({ report_count: sql`report_count + 1` }).where("id", "=", reviewId).execute();
    return "reported";
  });
}

export interface CooperativeReviewRow extends ReviewListRow {
  hidden: boolean;
  repliedAt: Date | null;
}

/** The reviews of a cooperative's own products, newest first, those awaiting a reply first. */
export async function listCooperativeReviews(db: Kysely<Database>, { cooperativeId }: { cooperativeId: number }): Promise<CooperativeReviewRow[]> {
  const rows = await reviewListQuery(db, { cooperativeId, first: sql`r.reply_body IS NULL AND r.kind = 'initial'` })
    .innerJoin("order_items as oi", "oi.id", "r.order_item_id")
    .select([
      sql<boolean>`r.hidden_at IS NOT NULL`.as("hidden"),
      "r.replied_at as repliedAt",
      "oi.product_name_zh as productNameZh",
      "oi.product_name_en as productNameEn",
    ])
    .execute();
  return withStarsAndPhotos(db, rows);
}

/**
 * The cooperative's one public reply to an initial review of its own product: a guarded
 * update, so another cooperative's review, a follow-up or a second reply changes nothing.
 */
export async function setReviewReply(
  db: Kysely<Database>,
  { reviewId, cooperativeId, userId, body }: { reviewId: number; cooperativeId: number; userId: number; body: string },
): Promise<"replied" | "already" | "notFound"> {
  const result = await db
    .updateTable("product_reviews")
    .set({ reply_body: body, replied_at: sql`now()`, replied_by: userId, updated_at: sql`now()` })
    .where("id", "=", reviewId)
    .where("cooperative_id", "=", cooperativeId)
    .where("kind", "=", "initial")
    .where("reply_body", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return "replied";
  const exists = await db
    .selectFrom("product_reviews")
    .select("id")
    .where("id", "=", reviewId)
    .where("cooperative_id", "=", cooperativeId)
    .where("kind", "=", "initial")
    .executeTakeFirst();
  return exists ? "already" : "notFound";
}

export interface ModerationRow extends ReviewListRow {
  productSlug: string;
  authorEmail: string;
  cooperativeNameZh: string;
  cooperativeNameEn: string;
  hiddenReason: string | null;
  reportCount: number;
  reportReasons: ProductReviewReportReason[];
}

export const MODERATION_PAGE_SIZE = 50;

/**
 * Where a page of the staff list starts: after the review with these sort keys (created_at as
 * PostgreSQL prints it, so no microsecond is lost).
 */
export interface ModerationCursor {
  reportCount: number;
  createdAt: string;
  id: number;
}

/**
 * Every review for staff: reported ones first (most reports first), then newest; keyset-paged
 * on (report_count, created_at, id).
 */
export async function listReviewsForModeration(
  db: Kysely<Database>,
  { show, after = null, limit = MODERATION_PAGE_SIZE }: { show: "all" | "reported" | "hidden"; after?: ModerationCursor | null; limit?: number },
): Promise<{ rows: ModerationRow[]; next: ModerationCursor | null }> {
  let query = reviewListQuery(db, { show, first: sql`r.report_count`, limit: limit + 1 })
    .innerJoin("users as u", "u.id", "r.user_id")
    .innerJoin("products as p", "p.id", "r.product_id")
    .innerJoin("cooperatives as c", "c.id", "r.cooperative_id")
    .select([
      "r.hidden_reason as hiddenReason",
      "r.report_count as reportCount",
      "p.slug as productSlug",
      "p.name_zh as productNameZh",
      "p.name_en as productNameEn",
      "u.email as authorEmail",
      "c.name_zh as cooperativeNameZh",
      "c.name_en as cooperativeNameEn",
      sql<ProductReviewReportReason[]>`ARRAY(SELECT DISTINCT rr.reason FROM product_review_reports rr WHERE rr.review_id = r.id ORDER BY rr.reason)`.as("reportReasons"),
      sql<string>`r.created_at::text`.as("cursorCreatedAt"),
    ]);
  if (after) {
    query = query.where(sql<boolean>`(r.report_count, r.created_at, r.id) < (${after.reportCount}, ${after.createdAt}::timestamptz, ${after.id})`);
  }
  const found = await query.execute();
  const page = found.slice(0, limit);
  const last = page.at(-1);
  const rows = (await withStarsAndPhotos(db, page)).map(({ cursorCreatedAt: _cursor, ...row }) => ({
    ...row,
    reportCount: Number(row.reportCount),
    reportReasons: parseTextArray(row.reportReasons) as ProductReviewReportReason[],
  }));
  return {
    rows,
    next: found.length > limit && last ? { reportCount: Number(last.reportCount), createdAt: last.cursorCreatedAt, id: last.id } : null,
  };
}

/** PGlite and pg both parse text[]; an unparsed literal ("{a,b}") is read here just in case. */
function parseTextArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string" && value.startsWith("{")) return value.slice(1, -1).split(",").filter(Boolean);
  return [];
}

/** Hides a review with a reason; returns the review's product and author, or null when it is not there. */
export async function hideReview(
  db: Kysely<Database>,
  { reviewId, staffId, reason }: { reviewId: number; staffId: number; reason: string },
): Promise<{ productId: number; userId: number } | null> {
  const row = await db
    .updateTable("product_reviews")
    .set({ hidden_at: sql`now()`, hidden_reason: reason, hidden_by: staffId, updated_at: sql`now()` })
    .where("id", "=", reviewId)
    .returning(["product_id as productId", "user_id as userId"])
    .executeTakeFirst();
  return row ?? null;
}

export async function unhideReview(db: Kysely<Database>, { reviewId }: { reviewId: number }): Promise<{ productId: number; userId: number } | null> {
  const row = await db
    .updateTable("product_reviews")
    .set({ hidden_at: null, hidden_reason: null, hidden_by: null, updated_at: sql`now()` })
    .where("id", "=", reviewId)
    .where("hidden_at", "is not", null)
    .returning(["product_id as productId", "user_id as userId"])
    .executeTakeFirst();
  return row ?? null;
}

export function isStarFilter(value: number): value is ReviewStarFilter {
  return Number.isInteger(value) && value >= 1 && value <= 5;
}
