import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatChinaTime } from "~/components/order/format";
import { ReviewKindAndStars, ReviewPhotos } from "~/components/product/reviews-section";
import { inLanguage, type Locale } from "~/i18n";
import type { ReviewPhotoView } from "~/types/product-review";

// The three review lists (the author's, the cooperative's, staff moderation): the list, one
// review as each shows it (the product, kind and stars, who and when, the text and photos),
// and the form a role's action on a review posts. What differs per role comes in slots: a
// badge in the head, facts before the date, a note above the text, and the role's actions
// (reply, hide or show again, a link) under the photos.

export interface ReviewListItemView {
  id: number;
  kind: "initial" | "follow_up";
  stars: number | null;
  body: string;
  createdAt: string;
  photos: ReviewPhotoView[];
}

/** A review list row as its loader hands it to the page: the product named in the page's language, the date as text. */
export function reviewListView<
  Row extends { id: number; kind: "initial" | "follow_up"; stars: number | null; body: string; productNameZh: string; productNameEn: string; createdAt: Date; reply: string | null; photos: ReviewPhotoView[] },
>(review: Row, locale: Locale) {
  return {
    id: review.id,
    kind: review.kind,
    stars: review.stars,
    body: review.body,
    name: inLanguage(review.productNameZh, review.productNameEn, locale),
    createdAt: review.createdAt.toISOString(),
    reply: review.reply,
    photos: review.photos,
  };
}

export function ReviewListItem({
  review,
  locale,
  testId,
  anchored = false,
  title,
  badge,
  facts,
  note,
  photoAuthor,
  children,
}: {
  review: ReviewListItemView;
  locale: Locale;
  testId: string;
  /** Carries `id="review-<id>"`, for lists whose actions come back to the review. */
  anchored?: boolean;
  /** The product's name, as text or a link. */
  title: ReactNode;
  badge?: ReactNode;
  /** Shown before the date, separated from it by a dot. */
  facts?: ReactNode;
  /** Shown above the review's text. */
  note?: ReactNode;
  /** Who the photos' alternative texts name. */
  photoAuthor: string;
  /** The role's actions, under the photos. */
  children?: ReactNode;
}) {
  return (
    <li id={anchored ? `review-${review.id}` : undefined} className="card review" data-testid={testId}>
      <p className="review__head">
        {title} <ReviewKindAndStars kind={review.kind} stars={review.stars} />
        {badge}
      </p>
      <p className="muted">
        {facts ? <>{facts} · </> : null}
        <time dateTime={review.createdAt}>{formatChinaTime(review.createdAt, locale)}</time>
      </p>
      {note}
      <p className="review__body">{review.body}</p>
      <ReviewPhotos photos={review.photos} author={photoAuthor} />
      {children}
    </li>
  );
}

/** A review list, or the sentence saying it is empty. */
export function ReviewList<Item>({
  items,
  empty,
  className,
  testId,
  children,
}: {
  items: Item[];
  empty: ReactNode;
  className: string;
  testId: string;
  children: (item: Item) => ReactNode;
}) {
  if (items.length === 0) return <>{empty}</>;
  return (
    <ul className={className} data-testid={testId}>
      {items.map(children)}
    </ul>
  );
}

/** A role's action on one review: a plain form posting the intent and the review's id. */
export function ReviewActionForm({ intent, reviewId, className, children }: { intent: string; reviewId: number; className?: string; children: ReactNode }) {
  return (
    <Form method="post" className={className}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="reviewId" value={reviewId} />
      {children}
    </Form>
  );
}
