import i18next from "i18next";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { JsonLd } from "~/components/catalogue/json-ld";
import { ReviewsSection } from "~/components/product/reviews-section";
import { i18nOptions } from "~/i18n";
import { resources } from "~/locales";
import { readCatalogueVersion } from "~/models/catalogue/version.server";
import { insertReview, listPublicReviews, listReviewsForModeration, MODERATION_PAGE_SIZE, type ModerationCursor } from "~/models/product-review.server";
import { withTransaction } from "~/models/transaction.server";
import { action as accountAction, loader as accountLoader } from "~/routes/account.reviews";
import { action as coopAction, loader as coopLoader } from "~/routes/coop.reviews";
import { loader as productLoader } from "~/routes/products.$slug";
import { action as staffAction, loader as staffLoader } from "~/routes/staff.product-reviews";
import { REVIEW_RATE_LIMITS } from "~/services/product-reviews.server";
import type { ReviewsSectionData } from "~/types/product-review";
import { db } from "~/utils/db.server";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { insertDeliveredShipment, insertTestOrder, insertTestProduct, insertTestShipment, type TestProduct } from "../support/after-purchase";
import { createTestUser } from "../support/auth";
import { HTML_AS_JPEG, multipartRequest, oversizedJpeg, storedFiles, tinyJpeg, useTemporaryUploadsDir } from "../support/uploads";
import { body, call, FENGJIE, load, post, WUSHAN, wushanId } from "./coop-support";

// Reviews from verified buyers, through the routes a browser uses: who may review what and
// when, the photos, the product page's section and its cache, reports, the cooperative's reply
// and staff moderation.

useTemporaryUploadsDir();

// Loader data is read as plain JSON here: the assertions are the types.
type Json = any;

const DAY = 86_400_000;

async function deliveredLine({ userId, product, daysAgo = 2, cooperativeId }: { userId: number; product?: TestProduct; daysAgo?: number; cooperativeId?: number }) {
  const bought = product ?? (await insertTestProduct({ cooperativeId }));
  const order = await insertTestOrder({ userId, items: [{ product: bought, quantity: 1 }] });
  await insertDeliveredShipment(order, { at: new Date(Date.now() - daysAgo * DAY) });
  const item = await db().selectFrom("order_items").select("id").where("order_id", "=", order.id).executeTakeFirstOrThrow();
  return { product: bought, order, orderItemId: item.id };
}

async function slugOf(productId: number): Promise<string> {
  return (await db().selectFrom("products").select("slug").where("id", "=", productId).executeTakeFirstOrThrow()).slug;
}

async function sendReview(
  email: string,
  fields: Record<string, string>,
  photos: { bytes: Uint8Array; filename?: string; contentType?: string }[] = [],
) {
  const request = await multipartRequest("/account/reviews", {
    email,
    fields,
    files: photos.map((photo) => ({ name: "photos", filename: photo.filename ?? "photo.jpg", contentType: photo.contentType ?? "image/jpeg", bytes: photo.bytes })),
  });
  return call(accountAction, request);
}

const review = (orderItemId: number, extra: Record<string, string> = {}) => ({ orderItemId: String(orderItemId), kind: "initial", stars: "5", body: "很甜，汁多，包装结实。", ...extra });

async function reviewRows(orderItemId: number) {
  return db().selectFrom("product_reviews").selectAll().where("order_item_id", "=", orderItemId).orderBy("id").execute();
}

async function productPage(slug: string, search = "", email?: string): Promise<Json> {
  const request = email
    ? (await import("../support/auth")).getRequest(`/products/${slug}${search}`, { email })
    : Promise.resolve(new Request(`http://localhost/products/${slug}${search}`));
  const response = await call(productLoader, await request, { slug });
  expect(response.status).toBe(200);
  return response.json();
}

async function renderSection(data: ReviewsSectionData, lng: "zh" | "en" = "zh"): Promise<string> {
  const i18n = i18next.createInstance();
  await i18n.init(i18nOptions(lng, resources));
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(ReviewsSection, { data })));
}

describe("writing a review", () => {
  it("publishes a review of a delivered line with a photo, re-encoded, and the product page shows it", async () => {
    const shopper = await createTestUser({ name: "王小明" });
    const { product, orderItemId } = await deliveredLine({ userId: shopper.id });

    const listed: Json = await body(await load(accountLoader, "/account/reviews", shopper.email));
    expect(listed.awaiting.map((line: Json) => [line.orderItemId, line.kind])).toEqual([[orderItemId, "initial"]]);

    const unrated = await productPage(await slugOf(product.productId));
    expect(unrated.productJsonLd.aggregateRating).toBeUndefined();
    expect(unrated.productJsonLd.review).toBeUndefined();

    const response = await sendReview(shopper.email, review(orderItemId, { stars: "4" }), [{ bytes: await tinyJpeg() }]);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account/reviews?saved=1");
    const [row] = await reviewRows(orderItemId);
    expect(row).toMatchObject({ user_id: shopper.id, product_id: product.productId, cooperative_id: product.cooperativeId, stars: 4, kind: "initial", has_photos: true });
    const photos = await db().selectFrom("product_review_photos").selectAll().where("review_id", "=", row!.id).execute();
    expect(photos).toHaveLength(1);
    expect(storedFiles()).toEqual(expect.arrayContaining([`images/${photos[0]!.storage_key}-320.webp`, `images/${photos[0]!.storage_key}-1024.webp`]));

    const after: Json = await body(await load(accountLoader, "/account/reviews", shopper.email));
    expect(after.awaiting).toEqual([]);
    expect(after.mine.map((r: Json) => [r.id, r.stars, r.hiddenReason])).toEqual([[row!.id, 4, null]]);

    const page = await productPage(await slugOf(product.productId));
    expect(page.reviews.summary).toMatchObject({ count: 1, average: 4, withPhotos: 1 });
    expect(page.reviews.summary.distribution.find((d: Json) => d.stars === 4).count).toBe(1);
    expect(page.reviews.reviews).toEqual([
      expect.objectContaining({ id: row!.id, stars: 4, author: "王**", photos: [{ storageKey: photos[0]!.storage_key }] }),
    ]);
    const html = await renderSection(page.reviews);
    expect(html).toContain(`/uploads/images/${photos[0]!.storage_key}-320.webp`);
    // The ratings belong to the page's one Product object; the section adds no second one.
    expect(html).not.toContain("application/ld+json");
    const jsonLd = page.productJsonLd;
    expect(jsonLd["@type"]).toBe("Product");
    expect(jsonLd.offers.length).toBeGreaterThan(0);
    expect(jsonLd.aggregateRating).toMatchObject({ "@type": "AggregateRating", ratingValue: 4, reviewCount: 1 });
    expect(jsonLd.review[0]).toMatchObject({ "@type": "Review", reviewRating: { ratingValue: 4 }, author: { name: "王**" } });
  });

  it("refuses a line that was not delivered yet", async () => {
    const shopper = await createTestUser();
    const order = await insertTestOrder({ userId: shopper.id });
    await insertTestShipment(order); // in transit
    const item = await db().selectFrom("order_items").select("id").where("order_id", "=", order.id).executeTakeFirstOrThrow();
    const response = await sendReview(shopper.email, review(item.id));
    expect(response.status).toBe(400);
    expect((await body(response)).errors).toEqual({ form: "errors.notDelivered" });
    expect(await reviewRows(item.id)).toEqual([]);
  });

  it("refuses a second review of the same line, and the table's key refuses it too", async () => {
    const shopper = await createTestUser();
    const { orderItemId, product } = await deliveredLine({ userId: shopper.id });
    expect((await sendReview(shopper.email, review(orderItemId))).status).toBe(302);
    const again = await sendReview(shopper.email, review(orderItemId, { stars: "1" }));
    expect(again.status).toBe(400);
    expect((await body(again)).errors).toEqual({ form: "errors.alreadyReviewed" });
    await expect(
      withTransaction(db(), (trx) =>
        insertReview(trx, { orderItemId, productId: product.productId, cooperativeId: product.cooperativeId, userId: shopper.id, kind: "initial", stars: 1, body: "again", photos: [] }),
      ),
    ).rejects.toThrow();
    expect((await reviewRows(orderItemId)).map((r) => r.stars)).toEqual([5]);
  });

  it("refuses a review of someone else's order exactly like an undelivered line", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    const { orderItemId } = await deliveredLine({ userId: owner.id });
    const response = await sendReview(stranger.email, review(orderItemId));
    expect(response.status).toBe(400);
    expect((await body(response)).errors).toEqual({ form: "errors.notDelivered" });
    expect(await reviewRows(orderItemId)).toEqual([]);
  });

  it("refuses a guest's order line (reviews need an account) and an anonymous visitor", async () => {
    const guestOrder = await insertTestOrder({ userId: null });
    await insertDeliveredShipment(guestOrder);
    const item = await db().selectFrom("order_items").select("id").where("order_id", "=", guestOrder.id).executeTakeFirstOrThrow();
    const anonymous = await multipartRequest("/account/reviews", { fields: review(item.id) });
    const response = await call(accountAction, anonymous);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
    expect(await reviewRows(item.id)).toEqual([]);
  });

  it("accepts a review on day 89 and refuses one after 90 days", async () => {
    const shopper = await createTestUser();
    const late = await deliveredLine({ userId: shopper.id, daysAgo: 91 });
    const response = await sendReview(shopper.email, review(late.orderItemId));
    expect(response.status).toBe(400);
    expect((await body(response)).errors).toEqual({ form: "errors.windowClosed" });
    expect(await reviewRows(late.orderItemId)).toEqual([]);
    const listed: Json = await body(await load(accountLoader, "/account/reviews", shopper.email));
    expect(listed.awaiting.map((line: Json) => line.orderItemId)).not.toContain(late.orderItemId);

    const inTime = await deliveredLine({ userId: shopper.id, daysAgo: 89 });
    expect((await sendReview(shopper.email, review(inTime.orderItemId))).status).toBe(302);
  });

  it("counts the window from the line's last parcel when it came in two", async () => {
    const shopper = await createTestUser();
    const product = await insertTestProduct();
    const order = await insertTestOrder({ userId: shopper.id, items: [{ product, quantity: 2 }] });
    const item = await db().selectFrom("order_items").select("id").where("order_id", "=", order.id).executeTakeFirstOrThrow();
    for (const daysAgo of [120, 60]) {
      const shipment = await db()
        .insertInto("shipments")
        .values({ order_id: order.id, carrier: "sf", tracking_number: `SF${Date.now()}${daysAgo}`, status: "delivered", shipped_at: new Date(Date.now() - (daysAgo + 1) * DAY), delivered_at: new Date(Date.now() - daysAgo * DAY) })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db().insertInto("shipment_items").values({ shipment_id: shipment.id, order_item_id: item.id, quantity: 1 }).execute();
    }
    expect((await sendReview(shopper.email, review(item.id))).status).toBe(302);
  });

  it("allows one follow-up from 30 days after delivery, after the review, without stars", async () => {
    const shopper = await createTestUser();
    const early = await deliveredLine({ userId: shopper.id, daysAgo: 10 });
    expect((await sendReview(shopper.email, review(early.orderItemId))).status).toBe(302);
    const tooEarly = await sendReview(shopper.email, { orderItemId: String(early.orderItemId), kind: "follow_up", body: "还是很好" });
    expect((await body(tooEarly)).errors).toEqual({ form: "errors.followUpNotYet" });

    const line = await deliveredLine({ userId: shopper.id, daysAgo: 40 });
    const first = await sendReview(shopper.email, { orderItemId: String(line.orderItemId), kind: "follow_up", body: "追评" });
    expect((await body(first)).errors).toEqual({ form: "errors.needsInitial" });
    expect((await sendReview(shopper.email, review(line.orderItemId))).status).toBe(302);
    const listed: Json = await body(await load(accountLoader, "/account/reviews", shopper.email));
    expect(listed.awaiting).toEqual([expect.objectContaining({ orderItemId: line.orderItemId, kind: "follow_up" })]);
    expect((await sendReview(shopper.email, { orderItemId: String(line.orderItemId), kind: "follow_up", body: "吃完了，一个坏的都没有。", stars: "1" })).status).toBe(302);
    const second = await sendReview(shopper.email, { orderItemId: String(line.orderItemId), kind: "follow_up", body: "再追一次" });
    expect((await body(second)).errors).toEqual({ form: "errors.alreadyReviewed" });
    const rows = await reviewRows(line.orderItemId);
    expect(rows.map((r) => [r.kind, r.stars])).toEqual([
      ["initial", 5],
      ["follow_up", null],
    ]);
    const page = await productPage(await slugOf(line.product.productId));
    expect(page.reviews.summary.count).toBe(1);
    expect(page.reviews.reviews[0].followUp).toMatchObject({ body: "吃完了，一个坏的都没有。" });
  });

  it("refuses missing stars and text with field errors, and keeps what was typed", async () => {
    const shopper = await createTestUser();
    const { orderItemId } = await deliveredLine({ userId: shopper.id });
    const response = await sendReview(shopper.email, { orderItemId: String(orderItemId), kind: "initial", stars: "9", body: "   " });
    expect(response.status).toBe(400);
    const data = await body<Json>(response);
    expect(data.errors).toEqual({ stars: "errors.starsRequired", body: "errors.bodyRequired" });
    expect(data.values.stars).toBe("9");
    const tooLong = await sendReview(shopper.email, review(orderItemId, { body: "甜".repeat(1001) }));
    expect((await body(tooLong)).errors).toEqual({ body: "errors.bodyTooLong" });
    expect(await reviewRows(orderItemId)).toEqual([]);
  });

  it("refuses a bad photo with a clear error and stores nothing", async () => {
    const shopper = await createTestUser();
    const { orderItemId } = await deliveredLine({ userId: shopper.id });
    const before = storedFiles().length;
    const disguised = await sendReview(shopper.email, review(orderItemId), [{ bytes: await tinyJpeg() }, { bytes: HTML_AS_JPEG }]);
    expect(disguised.status).toBe(400);
    expect((await body(disguised)).errors).toEqual({ photos: "errors.photo.notAnImage" });
    const huge = await sendReview(shopper.email, review(orderItemId), [{ bytes: await oversizedJpeg() }]);
    expect(huge.status).toBe(400);
    expect((await body(huge)).errors).toEqual({ photos: "errors.photo.fileTooLarge" });
    const seven = await sendReview(shopper.email, review(orderItemId), await Promise.all(Array.from({ length: 7 }, async () => ({ bytes: await tinyJpeg() }))));
    expect(seven.status).toBe(400);
    expect((await body(seven)).errors).toEqual({ photos: "errors.photo.tooManyFiles" });
    expect(storedFiles().length).toBe(before);
    expect(await reviewRows(orderItemId)).toEqual([]);
    expect(resources.zh.reviews.errors.photo.notAnImage).toContain("JPEG");
  });

  it("limits reviews per account", async () => {
    const shopper = await createTestUser();
    const { limit } = REVIEW_RATE_LIMITS.reviewsPerAccount;
    const lines = [];
    for (let i = 0; i <= limit; i += 1) lines.push(await deliveredLine({ userId: shopper.id }));
    for (const line of lines.slice(0, limit)) expect((await sendReview(shopper.email, review(line.orderItemId))).status).toBe(302);
    const refused = await sendReview(shopper.email, review(lines[limit]!.orderItemId));
    expect(refused.status).toBe(429);
    expect((await body(refused)).errors).toEqual({ form: "errors.rateLimited" });
    expect(await reviewRows(lines[limit]!.orderItemId)).toEqual([]);
    // Another account is not affected.
    const other = await createTestUser();
    const line = await deliveredLine({ userId: other.id });
    expect((await sendReview(other.email, review(line.orderItemId))).status).toBe(302);
  });
});

describe("the product page's section", () => {
  it("escapes what shoppers write, in the page and in the structured data", async () => {
    const shopper = await createTestUser({ name: "<img src=x onerror=alert(2)>" });
    const { product, orderItemId } = await deliveredLine({ userId: shopper.id });
    const attack = `<script>alert(1)</script><img src=x onerror=alert(1)></script>`;
    expect((await sendReview(shopper.email, review(orderItemId, { body: attack }))).status).toBe(302);
    const page = await productPage(await slugOf(product.productId));
    const html = await renderSection(page.reviews, "en");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script");
    // The product's JSON-LD carries the review: one script element, closed once, so no value closed it early.
    const structured = renderToString(createElement(JsonLd, { data: page.productJsonLd }));
    expect(structured.match(/<\/script>/g)).toHaveLength(1);
    const jsonLd = JSON.parse(structured.match(/<script type="application\/ld\+json">(.*?)<\/script>/)![1]!);
    expect(jsonLd.review[0].reviewBody).toBe(attack);
  });

  it("puts photo reviews first, filters by photos and stars, and pages by keyset", async () => {
    const product = await insertTestProduct();
    const buyer = await createTestUser();
    const ids: number[] = [];
    for (let i = 0; i < 13; i += 1) {
      const { orderItemId } = await deliveredLine({ userId: buyer.id, product });
      ids.push(
        await withTransaction(db(), (trx) =>
          insertReview(trx, {
            orderItemId,
            productId: product.productId,
            cooperativeId: product.cooperativeId,
            userId: buyer.id,
            kind: "initial",
            stars: (i % 5) + 1,
            body: `review ${i}`,
            photos: i === 0 ? [{ storageKey: "a".repeat(32), width: 1024, height: 768 }] : [],
          }),
        ),
      );
    }
    const slug = await slugOf(product.productId);
    const first = await productPage(slug);
    expect(first.reviews.reviews).toHaveLength(10);
    expect(first.reviews.reviews[0].id).toBe(ids[0]); // the only photo review, though the oldest
    expect(first.reviews.reviews.slice(1).map((r: Json) => r.id)).toEqual(ids.slice(4).reverse());
    const second = await productPage(slug, `?after=${first.reviews.next}`);
    const seen = [...first.reviews.reviews, ...second.reviews.reviews].map((r: Json) => r.id);
    expect(seen.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(second.reviews.next).toBeNull();

    const photosOnly = await productPage(slug, "?photos=1");
    expect(photosOnly.reviews.reviews.map((r: Json) => r.id)).toEqual([ids[0]]);
    const fives = await productPage(slug, "?stars=5");
    expect(fives.reviews.reviews.map((r: Json) => r.stars)).toEqual([5, 5]);
    const junk = await productPage(slug, "?stars=9&after=abc");
    expect(junk.reviews.filters).toEqual({ photos: false, stars: null });
    expect(first.reviews.summary.count).toBe(13);
    // 1,2,3,4,5,1,2,3,4,5,1,2,3 stars: 36 / 13
    expect(first.reviews.summary.average).toBe(2.8);
  });

  it("bumps the catalogue version for a new review and a hidden one, not for a report", async () => {
    const author = await createTestUser();
    const reader = await createTestUser();
    const { product, orderItemId } = await deliveredLine({ userId: author.id });
    const v0 = await readCatalogueVersion(db());
    expect((await sendReview(author.email, review(orderItemId))).status).toBe(302);
    const v1 = await readCatalogueVersion(db());
    expect(v1).toBeGreaterThan(v0);
    const [row] = await reviewRows(orderItemId);
    const reported = await post(accountAction, "/account/reviews", reader.email, { intent: "report", reviewId: String(row!.id), reason: "spam", slug: await slugOf(product.productId) });
    expect(reported.status).toBe(302);
    expect(await readCatalogueVersion(db())).toBe(v1);
    await post(staffAction, "/staff/product-reviews", DEMO_ACCOUNTS.staff, { intent: "hide", reviewId: String(row!.id), reason: "广告" });
    expect(await readCatalogueVersion(db())).toBeGreaterThan(v1);
  });
});

describe("reports", () => {
  it("takes one report per shopper, never the author's own, and staff see reported reviews first", async () => {
    const author = await createTestUser();
    const reader = await createTestUser();
    const { product, orderItemId } = await deliveredLine({ userId: author.id });
    expect((await sendReview(author.email, review(orderItemId))).status).toBe(302);
    const [row] = await reviewRows(orderItemId);
    const slug = await slugOf(product.productId);
    const form = { intent: "report", reviewId: String(row!.id), reason: "offensive", slug };

    const first = await post(accountAction, "/account/reviews", reader.email, form);
    expect(first.headers.get("Location")).toBe(`/products/${slug}?reported=1#reviews`);
    await post(accountAction, "/account/reviews", reader.email, { ...form, reason: "spam" });
    const reports = await db().selectFrom("product_review_reports").selectAll().where("review_id", "=", row!.id).execute();
    expect(reports.map((r) => [r.user_id, r.reason])).toEqual([[reader.id, "offensive"]]);
    expect((await reviewRows(orderItemId))[0]!.report_count).toBe(1);

    expect((await post(accountAction, "/account/reviews", author.email, form)).status).toBe(400);
    expect((await post(accountAction, "/account/reviews", reader.email, { ...form, reviewId: "999999999" })).status).toBe(404);

    // The author's page has no report button on their own review; a reader's has one.
    const own = await productPage(slug, "", author.email);
    expect(own.reviews.ownReviewIds).toEqual([row!.id]);
    expect(await renderSection(own.reviews)).not.toContain('name="intent" value="report"');
    const other = await productPage(slug, "?reported=1", reader.email);
    const html = await renderSection(other.reviews);
    expect(html).toContain('action="/account/reviews"');
    expect(html).toContain(resources.zh.reviews.section.report.done);

    const staffList: Json = await body(await load(staffLoader, "/staff/product-reviews", DEMO_ACCOUNTS.staff));
    expect(staffList.reviews[0]).toMatchObject({ id: row!.id, reportCount: 1, reportReasons: ["offensive"] });
  });
});

describe("staff moderation list", () => {
  it("pages by keyset on (reports, created_at, id) without losing or repeating a review", async () => {
    const product = await insertTestProduct();
    const reader = await createTestUser();
    for (let i = 0; i < 4; i += 1) {
      const author = await createTestUser();
      const { orderItemId } = await deliveredLine({ userId: author.id, product });
      expect((await sendReview(author.email, review(orderItemId))).status).toBe(302);
    }
    const [reported] = await db().selectFrom("product_reviews").select("id").where("product_id", "=", product.productId).orderBy("id").limit(1).execute();
    await post(accountAction, "/account/reviews", reader.email, { intent: "report", reviewId: String(reported!.id), reason: "spam", slug: await slugOf(product.productId) });

    const everything = (await listReviewsForModeration(db(), { show: "all", limit: 10_000 })).rows.map((row) => row.id);
    const paged: number[] = [];
    let after: ModerationCursor | null = null;
    for (let pages = 0; pages < 10_000; pages += 1) {
      const page: Awaited<ReturnType<typeof listReviewsForModeration>> = await listReviewsForModeration(db(), { show: "all", after, limit: 2 });
      paged.push(...page.rows.map((row) => row.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(paged).toEqual(everything);
    expect(everything).toContain(reported!.id);

    // The page's own links carry the cursor; a broken one starts from the top.
    const first = await listReviewsForModeration(db(), { show: "all", limit: 1 });
    const cursor = `${first.next!.reportCount}~${first.next!.createdAt}~${first.next!.id}`;
    const second: Json = await body(await load(staffLoader, `/staff/product-reviews?${new URLSearchParams({ after: cursor })}`, DEMO_ACCOUNTS.staff));
    expect(second.isFirstPage).toBe(false);
    expect(second.reviews[0].id).toBe(everything[1]);
    const broken: Json = await body(await load(staffLoader, "/staff/product-reviews?after=1~nonsense~2", DEMO_ACCOUNTS.staff));
    expect(broken.isFirstPage).toBe(true);
    expect(broken.reviews[0].id).toBe(everything[0]);
    expect(broken.reviews).toHaveLength(Math.min(everything.length, MODERATION_PAGE_SIZE));
    expect(broken.next === null).toBe(everything.length <= MODERATION_PAGE_SIZE);
  });
});

describe("report limits", () => {
  it("limits reports per account with a 429 and Retry-After", async () => {
    const author = await createTestUser();
    const reader = await createTestUser();
    const { product, orderItemId } = await deliveredLine({ userId: author.id });
    expect((await sendReview(author.email, review(orderItemId))).status).toBe(302);
    const [row] = await reviewRows(orderItemId);
    const form = { intent: "report", reviewId: String(row!.id), reason: "spam", slug: await slugOf(product.productId) };
    const { limit } = REVIEW_RATE_LIMITS.reportsPerAccount;
    for (let i = 0; i < limit; i += 1) expect((await post(accountAction, "/account/reviews", reader.email, form)).status).toBe(302);
    const refused = await post(accountAction, "/account/reviews", reader.email, form);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await reviewRows(orderItemId))[0]!.report_count).toBe(1);
  });
});

describe("moderation", () => {
  it("hides a review with a reason the author sees, leaves it out of the ratings, audits it, and shows it again", async () => {
    const author = await createTestUser();
    const other = await createTestUser();
    const product = await insertTestProduct();
    const bad = await deliveredLine({ userId: author.id, product });
    const good = await deliveredLine({ userId: other.id, product });
    expect((await sendReview(author.email, review(bad.orderItemId, { stars: "1" }))).status).toBe(302);
    expect((await sendReview(other.email, review(good.orderItemId, { stars: "5" }))).status).toBe(302);
    const [row] = await reviewRows(bad.orderItemId);
    const slug = await slugOf(product.productId);
    expect((await productPage(slug)).reviews.summary).toMatchObject({ count: 2, average: 3 });

    expect((await post(staffAction, "/staff/product-reviews", author.email, { intent: "hide", reviewId: String(row!.id), reason: "x" })).status).not.toBe(302);
    const missingReason = await post(staffAction, "/staff/product-reviews", DEMO_ACCOUNTS.staff, { intent: "hide", reviewId: String(row!.id), reason: " " });
    expect(missingReason.status).toBe(400);
    expect((await body(missingReason)).errors).toEqual({ reason: "staff.reasonRequired" });

    const hidden = await post(staffAction, "/staff/product-reviews", DEMO_ACCOUNTS.staff, { intent: "hide", reviewId: String(row!.id), reason: "含有联系方式" });
    expect(hidden.status).toBe(302);
    const page = await productPage(slug);
    expect(page.reviews.summary).toMatchObject({ count: 1, average: 5 });
    expect(page.reviews.summary.distribution.find((d: Json) => d.stars === 1).count).toBe(0);
    expect(page.reviews.reviews.map((r: Json) => r.id)).not.toContain(row!.id);
    // Nor in the structured data: the rating and the reviews are the visible ones only.
    expect(page.productJsonLd.aggregateRating).toMatchObject({ ratingValue: 5, reviewCount: 1 });
    expect(page.productJsonLd.review.map((r: Json) => r.reviewRating.ratingValue)).toEqual([5]);
    const mine: Json = await body(await load(accountLoader, "/account/reviews", author.email));
    expect(mine.mine[0]).toMatchObject({ id: row!.id, hiddenReason: "含有联系方式" });
    const audit = await db().selectFrom("audit_events").selectAll().where("kind", "=", "product_review.hidden").where("subject_user_id", "=", author.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ reviewId: row!.id, reason: "含有联系方式" });

    expect((await post(staffAction, "/staff/product-reviews", DEMO_ACCOUNTS.staff, { intent: "unhide", reviewId: String(row!.id) })).status).toBe(302);
    expect((await productPage(slug)).reviews.summary).toMatchObject({ count: 2, average: 3 });
    expect(await db().selectFrom("audit_events").select("id").where("kind", "=", "product_review.unhidden").where("subject_user_id", "=", author.id).execute()).toHaveLength(1);
  });
});

describe("the cooperative's reply", () => {
  it("replies once, publicly, to a review of its own product, and cannot touch another cooperative's", async () => {
    const shopper = await createTestUser();
    const wushanLine = await deliveredLine({ userId: shopper.id, cooperativeId: await wushanId() });
    expect((await sendReview(shopper.email, review(wushanLine.orderItemId))).status).toBe(302);
    const [row] = await reviewRows(wushanLine.orderItemId);

    // Fengjie's member: not in the list, and a reply is a 404 that changes nothing.
    const fengjieList: Json = await body(await load(coopLoader, "/coop/reviews", FENGJIE));
    expect(fengjieList.reviews.map((r: Json) => r.id)).not.toContain(row!.id);
    const attack = await post(coopAction, "/coop/reviews", FENGJIE, { intent: "reply", reviewId: String(row!.id), reply: "别买巫山的" });
    expect(attack.status).toBe(404);
    expect((await reviewRows(wushanLine.orderItemId))[0]!.reply_body).toBeNull();

    const wushanList: Json = await body(await load(coopLoader, "/coop/reviews", WUSHAN));
    expect(wushanList.reviews.map((r: Json) => r.id)).toContain(row!.id);
    const empty = await post(coopAction, "/coop/reviews", WUSHAN, { intent: "reply", reviewId: String(row!.id), reply: "  " });
    expect(empty.status).toBe(400);
    const replied = await post(coopAction, "/coop/reviews", WUSHAN, { intent: "reply", reviewId: String(row!.id), reply: "谢谢支持！" });
    expect(replied.headers.get("Location")).toBe(`/coop/reviews?notice=replied#review-${row!.id}`);
    const again = await post(coopAction, "/coop/reviews", WUSHAN, { intent: "reply", reviewId: String(row!.id), reply: "改一下" });
    expect(again.headers.get("Location")).toBe(`/coop/reviews?notice=already#review-${row!.id}`);
    expect((await reviewRows(wushanLine.orderItemId))[0]!.reply_body).toBe("谢谢支持！");

    const page = await productPage(await slugOf(wushanLine.product.productId));
    expect(page.reviews.reviews[0].reply).toMatchObject({ body: "谢谢支持！" });
    const { reviews } = await listPublicReviews(db(), { productId: wushanLine.product.productId, filters: { photos: false, stars: null }, after: null });
    expect(reviews[0]!.reply?.body).toBe("谢谢支持！");
  });
});
