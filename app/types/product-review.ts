// What the review pages render; returned by the product-review model and service.

export type ReviewStarFilter = 1 | 2 | 3 | 4 | 5;

export interface ReviewPhotoView {
  storageKey: string;
}

export interface RatingSummary {
  /** Visible initial reviews only: a hidden review never counts. */
  count: number;
  /** One decimal, null without reviews. */
  average: number | null;
  /** Reviews per star, 5 first. */
  distribution: { stars: ReviewStarFilter; count: number }[];
  withPhotos: number;
}

export interface PublicReviewView {
  id: number;
  stars: number;
  body: string;
  /** A masked name ("李**"), never the account's e-mail. */
  author: string;
  variantLabel: string;
  createdAt: string;
  photos: ReviewPhotoView[];
  reply: { body: string; repliedAt: string } | null;
  followUp: { body: string; createdAt: string; photos: ReviewPhotoView[] } | null;
}

export interface ReviewFilters {
  photos: boolean;
  stars: ReviewStarFilter | null;
}

export interface ReviewsSectionData {
  slug: string;
  productUrl: string;
  summary: RatingSummary;
  reviews: PublicReviewView[];
  filters: ReviewFilters;
  /** The cursor of the next page, when there is one. */
  next: number | null;
  paged: boolean;
  /** Signed-in shoppers may report a review (not their own). */
  viewerUserId: number | null;
  /** Which reviews on this page are the viewer's own (no report button). */
  ownReviewIds: number[];
  /** Set after a report came back to the page. */
  reported: boolean;
}
