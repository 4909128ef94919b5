import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { StaffPager } from "~/components/staff/list-page";
import { refusalFor, refusedField, ReviewActionForm, ReviewList, reviewListView } from "~/components/reviews/review-list";
import { inLanguage, type Locale } from "~/i18n";
import { listReviewsForModeration } from "~/models/product-review.server";
import { requireStaff } from "~/services/auth.server";
import { moderateReview } from "~/services/product-reviews.server";
import { moderationFormSchema } from "~/schemas/product-review";
import { cursorSchema } from "~/schemas/staff-order-filters";
import catalogueStyles from "~/styles/catalogue.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { invariantResponse, notFound } from "~/utils/responses.server";

// Staff moderation of product reviews: reported ones first; hiding needs a reason the author
// will read; both hiding and showing again are audited.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];

const SHOW = ["all", "reported", "hidden"] as const;
/** The next page's cursor, "<report count>~<created_at>~<id>"; a bad one starts from the top. */
const moderationCursorSchema = z
  .string()
  .max(100)
  .transform((value, ctx) => {
    const match = /^(\d{1,10})~(.+)$/.exec(value);
    const rest = match ? cursorSchema.safeParse(match[2]) : null;
    if (!match || !rest?.success) {
      ctx.addIssue({ code: "custom", message: "bad cursor" });
      return z.NEVER;
    }
    return { reportCount: Number(match[1]), createdAt: rest.data.placedAt, id: rest.data.id };
  });
const searchSchema = z.object({
  show: z.enum(SHOW).catch("all").default("all"),
  after: moderationCursorSchema.optional().catch(undefined),
});

function listHref(show: (typeof SHOW)[number], after?: string): string {
  const search = new URLSearchParams();
  if (show !== "all") search.set("show", show);
  if (after) search.set("after", after);
  const query = search.toString();
  return `/staff/product-reviews${query ? `?${query}` : ""}`;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const locale = (await getLocale(request)) as Locale;
  const t = await getFixedT(locale, "reviews");
  const url = new URL(request.url);
  const { show, after } = searchSchema.parse(Object.fromEntries(url.searchParams));
  const { rows: reviews, next } = await listReviewsForModeration(db(), { show, after });
  const notice = url.searchParams.get("notice");
  return json(
    {
      title: t("meta.staff"),
      locale,
      show,
      notice: notice === "hidden" || notice === "unhidden" ? notice : null,
      isFirstPage: !after,
      next: next ? `${next.reportCount}~${next.createdAt}~${next.id}` : null,
      reviews: reviews.map((review) => ({
        ...reviewListView(review, locale),
        productSlug: review.productSlug,
        cooperative: inLanguage(review.cooperativeNameZh, review.cooperativeNameEn, locale),
        authorEmail: review.authorEmail,
        hiddenReason: review.hiddenReason,
        reportCount: review.reportCount,
        reportReasons: review.reportReasons,
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const formData = await readForm(request);
  invariantResponse(["hide", "unhide"].includes(String(formData.get("intent"))), "Unknown request");
  const parsed = parseForm(moderationFormSchema, formData);
  if (!parsed.ok) return json({ reviewId: Number(formData.get("reviewId")) || null, values: parsed.values, errors: parsed.errors }, { status: 400 });
  const input = parsed.data;
  const ip = typeof context?.clientAddress === "string" ? context.clientAddress : null;
  const changed = await moderateReview(
    db(),
    input.intent === "hide"
      ? { action: "hide", reviewId: input.reviewId, reason: input.reason, staffId: staff.id, ip }
      : { action: "unhide", reviewId: input.reviewId, staffId: staff.id, ip },
  );
  if (!changed) throw notFound();
  return redirect(`/staff/product-reviews?notice=${input.intent === "hide" ? "hidden" : "unhidden"}#review-${input.reviewId}`);
}

export default function StaffProductReviews() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("reviews");
  return (
    <div className="staff-page">
      <h1>{t("staff.title")}</h1>
      <p className="muted">{t("staff.intro")}</p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice === "hidden" ? "staff.hiddenDone" : "staff.unhiddenDone")}
        </p>
      ) : null}
      <nav aria-label={t("staff.show")} className="reviews__filters">
        {SHOW.map((value) => (
          <Link key={value} className="chip" to={listHref(value)} aria-current={data.show === value ? "page" : undefined}>
            {t(value === "all" ? "staff.showAll" : value === "reported" ? "staff.showReported" : "staff.showHidden")}
          </Link>
        ))}
      </nav>
      <ReviewList
        items={data.reviews}
        empty={<p>{t("staff.none")}</p>}
        className="review-lines"
        testId="staff-reviews"
        locale={data.locale}
        itemTestId="staff-review"
        anchored
        item={(review) => ({
          title: <a href={`/products/${review.productSlug}#reviews`}>{review.name}</a>,
          badge: review.reportCount > 0 ? <span className="badge badge--danger">{t("staff.reports", { count: review.reportCount })}</span> : null,
          facts: (
            <>
              {t("staff.author")}: {review.authorEmail} · {t("staff.cooperative")}: {review.cooperative}
            </>
          ),
          note: review.reportReasons.length > 0 ? <p className="muted">{review.reportReasons.map((reason) => t(`section.reasons.${reason}`)).join(" · ")}</p> : null,
          photoAuthor: review.authorEmail,
          actions:
            review.hiddenReason !== null ? (
              <>
                <p className="notice notice--warn">{t("staff.hiddenBecause", { reason: review.hiddenReason })}</p>
                <ReviewActionForm intent="unhide" reviewId={review.id} submit={t("staff.unhide")} submitClassName="button--ghost" />
              </>
            ) : (
              <ReviewActionForm intent="hide" reviewId={review.id} submit={t("staff.hide")}>
                <Field id={`hide-reason-${review.id}`} name="reason" label={t("staff.reason")} hint={t("staff.reasonHint")} maxLength={500} required {...refusedField(refusalFor(actionData, review.id), "reason", t)} />
              </ReviewActionForm>
            ),
        })}
      />
      <StaffPager newest={data.isFirstPage ? null : listHref(data.show)} older={data.next ? listHref(data.show, data.next) : null} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
