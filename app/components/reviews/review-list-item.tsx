import type { ReactNode } from "react";
import { formatChinaTime } from "~/components/order/format";
import { ReviewKindAndStars, ReviewPhotos } from "~/components/product/reviews-section";
import type { Locale } from "~/i18n";
import type { ReviewPhotoView } from "~/types/product-review";

// One review as the three review lists show it (the author's, the cooperative's, staff
// moderation): the product, kind and stars, who and when, the text and photos. What differs
// per role comes in slots: a badge in the head, facts before the date, a note above the text,
// and the role's actions (reply, hide or show again, a link) under the photos.

export interface ReviewListItemView {
  id: number;
  kind: "initial" | "follow_up";
  stars: number | null;
  body: string;
  createdAt: string;
  photos: ReviewPhotoView[];
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
