import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextareaField } from "~/components/forms";
import { ReviewReply } from "~/components/product/reviews-section";
import { refusalFor, refusedField, ReviewActionForm, ReviewList, reviewListView } from "~/components/reviews/review-list";
import type { Locale } from "~/i18n";
import { listCooperativeReviews } from "~/models/product-review.server";
import { requireCooperative } from "~/services/auth.server";
import { replyToReview } from "~/services/product-reviews.server";
import { replyFormSchema } from "~/schemas/product-review";
import styles from "~/styles/coop.css";
import catalogueStyles from "~/styles/catalogue.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { invariantResponse, notFound } from "~/utils/responses.server";

// The cooperative's one public reply to each review of its own products. Another
// cooperative's review is simply not found (the model filters by cooperative).

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: catalogueStyles },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const locale = (await getLocale(request)) as Locale;
  const t = await getFixedT(locale, "reviews");
  const url = new URL(request.url);
  const reviews = await listCooperativeReviews(db(), { cooperativeId: cooperative.id });
  return json(
    {
      title: t("meta.coop"),
      locale,
      notice: ["replied", "already"].includes(url.searchParams.get("notice") ?? "") ? (url.searchParams.get("notice") as "replied" | "already") : null,
      reviews: reviews.map((review) => ({ ...reviewListView(review, locale), hidden: review.hidden })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const formData = await readForm(request);
  invariantResponse(formData.get("intent") === "reply", "Unknown request");
  const parsed = parseForm(replyFormSchema, formData);
  if (!parsed.ok) return json({ reviewId: Number(formData.get("reviewId")) || null, values: parsed.values, errors: parsed.errors }, { status: 400 });
  const result = await replyToReview(db(), { reviewId: parsed.data.reviewId, cooperativeId: cooperative.id, userId: user.id, body: parsed.data.reply });
  if (result === "notFound") throw notFound();
  return redirect(`/coop/reviews?notice=${result}#review-${parsed.data.reviewId}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopReviews() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("reviews");
  return (
    <div className="coop-page">
      <h1>{t("coop.title")}</h1>
      <p className="muted">{t("coop.intro")}</p>
      {data.notice ? (
        <p className={data.notice === "replied" ? "notice" : "notice notice--warn"} role="status">
          {t(`coop.${data.notice}`)}
        </p>
      ) : null}
      <ReviewList
        items={data.reviews}
        empty={<p>{t("coop.none")}</p>}
        className="coop-list"
        testId="coop-reviews"
        locale={data.locale}
        itemTestId="coop-review"
        anchored
        item={(review) => ({
          title: <strong>{review.name}</strong>,
          badge: review.hidden ? <span className="badge badge--warn">{t("coop.hidden")}</span> : null,
          photoAuthor: review.name,
          actions: review.reply ? (
            <ReviewReply heading={t("coop.yourReply")} body={review.reply} />
          ) : review.kind === "initial" ? (
            <ReviewActionForm intent="reply" reviewId={review.id} className="coop-form" submit={t("coop.submit")}>
              <TextareaField id={`reply-${review.id}`} name="reply" label={t("coop.reply")} hint={t("coop.replyHint")} rows={3} maxLength={1000} required {...refusedField(refusalFor(actionData, review.id), "reply", t)} />
            </ReviewActionForm>
          ) : null,
        })}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
