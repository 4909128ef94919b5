import { useTranslation } from "react-i18next";
import { formatChinaTime } from "~/components/order/format";
import type { Locale } from "~/i18n";
import { REPORT_REASONS } from "~/schemas/product-review";
import type { PublicReviewView, ReviewFilters, ReviewPhotoView, ReviewsSectionData } from "~/types/product-review";
import { imageSrcSet, imageUrl } from "~/utils/images";

// The product page's reviews. The page is HTML only, so every control is a link (filters and
// pages live in the URL: ?photos=1, ?stars=N, ?after=<id>) or a plain form (reports post to
// /account/reviews, which sends the shopper back here).

function filterHref(base: string, filters: ReviewFilters, after: number | null = null): string {
  const search = new URLSearchParams();
  if (filters.photos) search.set("photos", "1");
  if (filters.stars !== null) search.set("stars", String(filters.stars));
  if (after !== null) search.set("after", String(after));
  const query = search.toString();
  return `${base}${query ? `?${query}` : ""}#reviews`;
}

export function Stars({ value, label }: { value: number; label: string }) {
  const full = Math.round(value);
  return (
    <span className="review-stars">
      <span aria-hidden="true">{"★".repeat(full)}{"☆".repeat(5 - full)}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

/**
 * The kind badge and the stars as every review list shows them (the author's, the
 * cooperative's, staff moderation); a follow-up has no stars, so none are drawn for it.
 */
export function ReviewKindAndStars({ kind, stars }: { kind: "initial" | "follow_up"; stars: number | null }) {
  const { t } = useTranslation("reviews");
  return (
    <>
      <span className="badge badge--muted">{t(`account.kinds.${kind}`)}</span>
      {stars !== null ? <Stars value={stars} label={t("section.rating", { stars })} /> : null}
    </>
  );
}

/** The cooperative's public reply under a review, headed for whoever is reading it. */
export function ReviewReply({ heading, body }: { heading: string; body: string }) {
  return (
    <div className="review__reply">
      <p>
        <strong>{heading}</strong>
      </p>
      <p className="review__body">{body}</p>
    </div>
  );
}

export function ReviewPhotos({ photos, author, className = "review-photos" }: { photos: ReviewPhotoView[]; author: string; className?: string }) {
  const { t } = useTranslation("reviews");
  if (photos.length === 0) return null;
  return (
    <ul className={className}>
      {photos.map((photo, index) => (
        <li key={photo.storageKey}>
          <a href={imageUrl(photo.storageKey, 1024)}>
            <img
              src={imageUrl(photo.storageKey, 320)}
              srcSet={imageSrcSet(photo.storageKey)}
              sizes="120px"
              width={120}
              height={90}
              loading="lazy"
              alt={t("section.photo", { author, n: index + 1 })}
            />
          </a>
        </li>
      ))}
    </ul>
  );
}

function ReportForm({ review, slug }: { review: PublicReviewView; slug: string }) {
  const { t } = useTranslation("reviews");
  const id = `report-${review.id}`;
  return (
    <details className="review__report">
      <summary>{t("section.report.summary")}</summary>
      <form method="post" action="/account/reviews" className="review__report-form">
        <input type="hidden" name="intent" value="report" />
        <input type="hidden" name="reviewId" value={review.id} />
        <input type="hidden" name="slug" value={slug} />
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t("section.report.reason")}</label>
          <select id={`${id}-reason`} name="reason" defaultValue="spam">
            {REPORT_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {t(`section.reasons.${reason}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button--ghost">
          {t("section.report.submit")}
        </button>
      </form>
    </details>
  );
}

export function ReviewsSection({ data }: { data: ReviewsSectionData }) {
  const { t, i18n } = useTranslation("reviews");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const { summary, filters } = data;
  const base = data.productUrl;
  const chips: { label: string; filters: ReviewFilters; current: boolean }[] = [
    { label: t("section.all"), filters: { photos: false, stars: null }, current: !filters.photos && filters.stars === null },
    { label: t("section.withPhotos", { count: summary.withPhotos }), filters: { photos: true, stars: null }, current: filters.photos },
    ...([5, 4, 3, 2, 1] as const).map((stars) => ({
      label: t("section.starFilter", { stars }),
      filters: { photos: false, stars },
      current: !filters.photos && filters.stars === stars,
    })),
  ];
  return (
    <section className="product__section reviews" id="reviews" aria-labelledby="reviews-title" data-testid="reviews">
      <h2 id="reviews-title">{t("section.title")}</h2>
      {data.reported ? (
        <p className="notice" role="status">
          {t("section.report.done")}
        </p>
      ) : null}
      {summary.count === 0 ? (
        <p className="muted">{t("section.none")}</p>
      ) : (
        <>
          <div className="reviews__summary">
            <p className="reviews__average" data-testid="reviews-average">
              <strong>{summary.average?.toFixed(1)}</strong>
              <Stars value={summary.average ?? 0} label={t("section.average", { average: summary.average?.toFixed(1) })} />
              <span className="muted">{t("section.count", { count: summary.count })}</span>
            </p>
            <dl className="reviews__distribution" aria-label={t("section.distribution")}>
              {summary.distribution.map((row) => (
                <div key={row.stars}>
                  <dt>{t("section.starsRow", { stars: row.stars })}</dt>
                  <dd>
                    <span className="reviews__bar" aria-hidden="true">
                      <span style={{ width: `${summary.count ? Math.round((row.count / summary.count) * 100) : 0}%` }} />
                    </span>
                    <span data-testid={`reviews-count-${row.stars}`}>{row.count}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          <nav className="reviews__filters" aria-label={t("section.filters")}>
            {chips.map((chip) => (
              <a key={chip.label} className="chip" href={filterHref(base, chip.filters)} aria-current={chip.current ? "page" : undefined}>
                {chip.label}
              </a>
            ))}
          </nav>
          {data.reviews.length === 0 ? <p className="muted">{t("section.noneFiltered")}</p> : null}
          <ol className="reviews__list">
            {data.reviews.map((review) => (
              <li key={review.id} className="review" data-testid="review">
                <p className="review__head">
                  <strong>{review.author}</strong>
                  <Stars value={review.stars} label={t("section.rating", { stars: review.stars })} />
                  <span className="badge">{t("section.verified")}</span>
                </p>
                <p className="review__meta muted">
                  {t("section.bought", { label: review.variantLabel })} · <time dateTime={review.createdAt}>{formatChinaTime(review.createdAt, locale)}</time>
                </p>
                <p className="review__body">{review.body}</p>
                <ReviewPhotos photos={review.photos} author={review.author} />
                {review.followUp ? (
                  <div className="review__follow-up">
                    <p>
                      <strong>{t("section.followUp")}</strong> · <time dateTime={review.followUp.createdAt}>{formatChinaTime(review.followUp.createdAt, locale)}</time>
                    </p>
                    <p className="review__body">{review.followUp.body}</p>
                    <ReviewPhotos photos={review.followUp.photos} author={review.author} />
                  </div>
                ) : null}
                {review.reply ? (
                  <ReviewReply heading={t("section.reply")} body={review.reply.body} />
                ) : null}
                {data.viewerUserId !== null && !data.ownReviewIds.includes(review.id) ? <ReportForm review={review} slug={data.slug} /> : null}
              </li>
            ))}
          </ol>
          <nav className="pager" aria-label={t("section.pager")}>
            {data.paged ? <a href={filterHref(base, filters)}>{t("section.first")}</a> : <span />}
            {data.next !== null ? (
              <a href={filterHref(base, filters, data.next)} rel="next">
                {t("section.next")}
              </a>
            ) : null}
          </nav>
        </>
      )}
    </section>
  );
}
