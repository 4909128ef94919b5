import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { SubmitButton } from "~/components/forms";
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

/** What a role's list shows of one review beyond the review itself (see `ReviewListItem`); `actions` go under the photos. */
export interface ReviewListItemSlots {
  title: ReactNode;
  badge?: ReactNode;
  facts?: ReactNode;
  note?: ReactNode;
  photoAuthor: string;
  actions?: ReactNode;
}

/** A review list, each review a `ReviewListItem` filled from `item`, or the sentence saying it is empty. */
export function ReviewList<Item extends ReviewListItemView>({
  items,
  empty,
  className,
  testId,
  locale,
  itemTestId,
  anchored = false,
  item,
}: {
  items: Item[];
  empty: ReactNode;
  className: string;
  testId: string;
  locale: Locale;
  itemTestId: string;
  /** Each review carries `id="review-<id>"`, for lists whose actions come back to the review. */
  anchored?: boolean;
  item: (review: Item) => ReviewListItemSlots;
}) {
  if (items.length === 0) return <>{empty}</>;
  return (
    <ul className={className} data-testid={testId}>
      {items.map((review) => {
        const { actions, ...slots } = item(review);
        return (
          <ReviewListItem key={review.id} review={review} locale={locale} testId={itemTestId} anchored={anchored} {...slots}>
            {actions}
          </ReviewListItem>
        );
      })}
    </ul>
  );
}

/** The action's answer when it refused a form about this review, otherwise null. */
export function refusalFor<Answer extends { reviewId: number | null }>(answer: Answer | undefined, reviewId: number): Answer | null {
  return answer && answer.reviewId === reviewId ? answer : null;
}

/** A field of a refused review form: what was typed, and the error's text. */
export function refusedField(refused: { values: Record<string, unknown>; errors: Record<string, string | undefined> } | null, name: string, t: (key: string) => string) {
  const typed = refused?.values[name];
  const error = refused?.errors[name];
  return { defaultValue: typeof typed === "string" ? typed : "", error: error ? t(error) : undefined };
}

/**
 * A role's action on one review: a plain form posting the intent and the review's id, its
 * fields, and a submit button that shows as pending while this review's form is sent.
 */
export function ReviewActionForm({
  intent,
  reviewId,
  className,
  submit,
  submitClassName,
  children,
}: {
  intent: string;
  reviewId: number;
  className?: string;
  submit: ReactNode;
  submitClassName?: string;
  children?: ReactNode;
}) {
  return (
    <Form method="post" className={className}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="reviewId" value={reviewId} />
      {children}
      <SubmitButton intent={intent} pendingFor={{ reviewId: String(reviewId) }} className={submitClassName}>
        {submit}
      </SubmitButton>
    </Form>
  );
}
