import type { Kysely } from "kysely";
import type { Database, ProductReviewKind, ProductReviewReportReason } from "~db/schema";
import { inLanguage, type Locale } from "~/i18n";
import { recordAuditEvent } from "~/models/audit.server";
import { uniqueViolation } from "~/models/outcome.server";
import {
  findDeliveredLine,
  hideReview,
  insertReport,
  insertReview,
  isStarFilter,
  listPublicReviews,
  MAX_REVIEW_PHOTOS,
  ratingCounts,
  reviewsWrittenBy,
  setReviewReply,
  unhideReview,
} from "~/models/product-review.server";
import { consumeRateLimit, type RateLimitResult, type RateLimitRule } from "~/models/rate-limit.server";
import { withTransaction } from "~/models/transaction.server";
import { getOptionalUser } from "~/services/auth.server";
import { checkImage, deleteProductImageFiles, storeProductImage, UploadRefusedError, type StoredImage } from "~/services/uploads.server";
import type { RatingSummary, ReviewFilters, ReviewsSectionData } from "~/types/product-review";
import { db as defaultDb } from "~/utils/db.server";
import { getLocale } from "~/utils/i18n.server";
import type { UploadProblem } from "~/utils/upload-limits";

// Reviews from verified buyers: who may write one and when, their photos through the same
// picture pipeline as the catalogue's, the product page's section, reports, the cooperative's
// reply and staff moderation.

/** Per account: generous for a shopper reviewing a whole order, tight for a script. */
export const REVIEW_RATE_LIMITS = {
  reviewsPerAccount: { limit: 10, windowSeconds: 60 * 60 },
  reportsPerAccount: { limit: 30, windowSeconds: 60 * 60 },
} as const;

const reviewRule = (userId: number): RateLimitRule => ({ key: `product-review:user:${userId}`, ...REVIEW_RATE_LIMITS.reviewsPerAccount });
const reportRule = (userId: number): RateLimitRule => ({ key: `product-review-report:user:${userId}`, ...REVIEW_RATE_LIMITS.reportsPerAccount });

export type ReviewRefusal =
  | "notDelivered"
  | "alreadyReviewed"
  | "windowClosed"
  | "followUpNotYet"
  | "needsInitial"
  | "rateLimited"
  | "tooManyPhotos";

export type SubmitReviewResult =
  | { ok: true; reviewId: number }
  | { ok: false; error: ReviewRefusal; retryAfterSeconds?: number }
  | { ok: false; error: "photo"; problem: UploadProblem };

/**
 * Records a review of one delivered line of the shopper's own order. Order of checks: the line
 * (someone else's, undelivered and missing lines are one answer), its review window, the rate
 * limit, the photos (all checked before any is stored), then the insert, whose unique key has
 * the last word when two submissions race.
 */
export async function submitReview(
  db: Kysely<Database>,
  input: { userId: number; orderItemId: number; kind: ProductReviewKind; stars: number | null; body: string; photos: Uint8Array[] },
): Promise<SubmitReviewResult> {
  const line = await findDeliveredLine(db, { userId: input.userId, orderItemId: input.orderItemId });
  if (!line) return { ok: false, error: "notDelivered" };
  if (input.kind === "initial") {
    if (line.initialReviewId !== null) return { ok: false, error: "alreadyReviewed" };
    if (!line.initialOpen) return { ok: false, error: "windowClosed" };
  } else {
    if (line.initialReviewId === null) return { ok: false, error: "needsInitial" };
    if (line.followUpReviewId !== null) return { ok: false, error: "alreadyReviewed" };
    if (!line.followUpOpen) {
      const tooEarly = Date.now() - line.deliveredAt.getTime() < 30 * 86_400_000;
      return { ok: false, error: tooEarly ? "followUpNotYet" : "windowClosed" };
    }
  }
  if (input.photos.length > MAX_REVIEW_PHOTOS) return { ok: false, error: "tooManyPhotos" };

  const limited = await consumeRateLimit(db, reviewRule(input.userId));
  if (!limited.allowed) return { ok: false, error: "rateLimited", retryAfterSeconds: limited.retryAfterSeconds };

  for (const bytes of input.photos) {
    const problem = await checkImage(bytes);
    if (problem) return { ok: false, error: "photo", problem };
  }
  const stored: StoredImage[] = [];
  try {
    for (const bytes of input.photos) stored.push(await storeProductImage(bytes));
  } catch (error) {
    await Promise.all(stored.map((photo) => deleteProductImageFiles(photo.storageKey)));
    if (error instanceof UploadRefusedError) return { ok: false, error: "photo", problem: error.problem };
    throw error;
  }

  try {
    const reviewId = await withTransaction(db, (trx) =>
      insertReview(trx, {
        orderItemId: line.orderItemId,
        productId: line.productId,
        cooperativeId: line.cooperativeId,
        userId: input.userId,
        kind: input.kind,
        stars: input.kind === "initial" ? input.stars : null,
        body: input.body,
        photos: stored,
      }),
    );
    return { ok: true, reviewId };
  } catch (error) {
    // Without the row nothing points at the files.
    await Promise.all(stored.map((photo) => deleteProductImageFiles(photo.storageKey)));
    if (uniqueViolation(error) !== null) return { ok: false, error: "alreadyReviewed" };
    throw error;
  }
}

export type ReportResult = { status: "reported" | "already" | "notFound" | "own" } | { status: "rateLimited"; limit: RateLimitResult };

export async function reportReview(
  db: Kysely<Database>,
  { reviewId, userId, reason }: { reviewId: number; userId: number; reason: ProductReviewReportReason },
): Promise<ReportResult> {
  const limited = await consumeRateLimit(db, reportRule(userId));
  if (!limited.allowed) return { status: "rateLimited", limit: limited };
  return { status: await insertReport(db, { reviewId, userId, reason }) };
}

export function replyToReview(db: Kysely<Database>, input: { reviewId: number; cooperativeId: number; userId: number; body: string }) {
  return setReviewReply(db, input);
}

/** Hides (with a reason) or shows again a review, audited with the staff member and the author. */
export async function moderateReview(
  db: Kysely<Database>,
  input: { reviewId: number; staffId: number; ip: string | null } & ({ action: "hide"; reason: string } | { action: "unhide" }),
): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const changed =
      input.action === "hide"
        ? await hideReview(trx, { reviewId: input.reviewId, staffId: input.staffId, reason: input.reason })
        : await unhideReview(trx, { reviewId: input.reviewId });
    if (!changed) return false;
    await recordAuditEvent(trx, {
      kind: input.action === "hide" ? "product_review.hidden" : "product_review.unhidden",
      actorUserId: input.staffId,
      subjectUserId: changed.userId,
      ip: input.ip,
      data: { reviewId: input.reviewId, productId: changed.productId, ...(input.action === "hide" ? { reason: input.reason } : {}) },
    });
    return true;
  });
}

// ------------------------------------------------------------- product page

/** "李**": enough to tell reviews apart, never the account's full name or e-mail. */
export function maskedName(name: string): string {
  const first = Array.from(name.trim())[0];
  return first ? `${first}**` : "**";
}

export function ratingSummary(rows: { stars: number; count: number; withPhotos: number }[]): RatingSummary {
  const count = rows.reduce((sum, row) => sum + row.count, 0);
  const total = rows.reduce((sum, row) => sum + row.stars * row.count, 0);
  return {
    count,
    average: count > 0 ? Math.round((total / count) * 10) / 10 : null,
    distribution: ([5, 4, 3, 2, 1] as const).map((stars) => ({ stars, count: rows.find((row) => row.stars === stars)?.count ?? 0 })),
    withPhotos: rows.reduce((sum, row) => sum + row.withPhotos, 0),
  };
}

/** The section's filters and cursor from the page's URL; anything unreadable is ignored. */
export function reviewParams(url: URL): { filters: ReviewFilters; after: number | null } {
  const stars = Number(url.searchParams.get("stars"));
  const after = Number(url.searchParams.get("after"));
  return {
    filters: { photos: url.searchParams.get("photos") === "1", stars: isStarFilter(stars) ? stars : null },
    // An id past the column's range would be a database error, not an empty page.
    after: Number.isInteger(after) && after > 0 && after <= 2_147_483_647 ? after : null,
  };
}

/** Everything the product page's reviews section shows, for the product page's loader. */
export async function productReviewsSection(
  request: Request,
  product: { id: number; slug: string },
  database: Kysely<Database> = defaultDb(),
): Promise<ReviewsSectionData> {
  const url = new URL(request.url);
  const { filters, after } = reviewParams(url);
  const [locale, user, counts, page] = await Promise.all([
    getLocale(request),
    getOptionalUser(request),
    ratingCounts(database, { productId: product.id }),
    listPublicReviews(database, { productId: product.id, filters, after }),
  ]);
  const own = user ? await reviewsWrittenBy(database, { userId: user.id, reviewIds: page.reviews.map((review) => review.id) }) : [];
  const lang = locale as Locale;
  return {
    slug: product.slug,
    productUrl: `/products/${product.slug}`,
    summary: ratingSummary(counts),
    filters,
    next: page.next,
    paged: after !== null,
    viewerUserId: user?.id ?? null,
    ownReviewIds: own,
    reported: url.searchParams.get("reported") === "1",
    reviews: page.reviews.map((review) => ({
      id: review.id,
      stars: review.stars,
      body: review.body,
      author: maskedName(review.authorName),
      variantLabel: inLanguage(review.variantLabelZh, review.variantLabelEn, lang),
      createdAt: review.createdAt.toISOString(),
      photos: review.photos,
      reply: review.reply ? { body: review.reply.body, repliedAt: review.reply.repliedAt.toISOString() } : null,
      followUp: review.followUp
        ? { body: review.followUp.body, createdAt: review.followUp.createdAt.toISOString(), photos: review.followUp.photos }
        : null,
    })),
  };
}
