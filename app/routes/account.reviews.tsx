import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Fieldset, FileField, SubmitButton, TextareaField } from "~/components/forms";
import { formatChinaTime } from "~/components/order/format";
import { ReviewReply } from "~/components/product/reviews-section";
import { ReviewList, reviewListView } from "~/components/reviews/review-list";
import type { Locale } from "~/i18n";
import { inLanguage } from "~/i18n";
import { listLinesAwaitingReview, listUserReviews, MAX_REVIEW_PHOTOS } from "~/models/product-review.server";
import { tooManyRequests } from "~/models/rate-limit.server";
import { requireUser } from "~/services/auth.server";
import { reportReview, submitReview } from "~/services/product-reviews.server";
import { parseUploadForm, textFields } from "~/services/uploads.server";
import { reportFormSchema, reviewFormSchema } from "~/schemas/product-review";
import catalogueStyles from "~/styles/catalogue.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { fieldErrors, type FieldErrors } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { invariantResponse, notFound } from "~/utils/responses.server";
import { MAX_IMAGE_BYTES } from "~/utils/upload-limits";

// A shopper's reviews: the delivered lines waiting for one, the form (reached with ?line=<id>),
// and what they wrote, hidden ones with the reason. Reports from the product page post here
// too, as a plain form, and go back to the product.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = (await getLocale(request)) as Locale;
  const t = await getFixedT(locale, "reviews");
  const url = new URL(request.url);
  const [awaiting, mine] = await Promise.all([listLinesAwaitingReview(db(), { userId: user.id }), listUserReviews(db(), { userId: user.id })]);
  const line = Number(url.searchParams.get("line"));
  return json(
    {
      title: t("meta.account"),
      locale,
      saved: url.searchParams.get("saved") === "1",
      maxPhotos: MAX_REVIEW_PHOTOS,
      selected: awaiting.find((item) => item.orderItemId === line)?.orderItemId ?? null,
      awaiting: awaiting.map((item) => ({
        orderItemId: item.orderItemId,
        orderNumber: item.orderNumber,
        productSlug: item.productSlug,
        name: inLanguage(item.productNameZh, item.productNameEn, locale),
        variant: inLanguage(item.variantLabelZh, item.variantLabelEn, locale),
        deliveredAt: item.deliveredAt.toISOString(),
        kind: item.kind,
      })),
      mine: mine.map((review) => ({
        ...reviewListView(review, locale),
        productSlug: review.productSlug,
        orderNumber: review.orderNumber,
        hiddenReason: review.hiddenReason,
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return submit(request, user.id);

  const parsed = reportFormSchema.safeParse(Object.fromEntries(await readForm(request)));
  invariantResponse(parsed.success, "Unknown request");
  const result = await reportReview(db(), { reviewId: parsed.data.reviewId, userId: user.id, reason: parsed.data.reason });
  if (result.status === "notFound") throw notFound();
  invariantResponse(result.status !== "own", "Own review");
  if (result.status === "rateLimited") return tooManyRequests(result.limit, { error: "errors.reportRateLimited" });
  // Reported now or before: the shopper sees the same thanks (one report each, counted once).
  return redirect(`/products/${parsed.data.slug}?reported=1#reviews`);
}

async function submit(request: Request, userId: number) {
  const parsed = await parseUploadForm(request, { maxFileBytes: MAX_IMAGE_BYTES, maxFiles: MAX_REVIEW_PHOTOS, maxParts: 12, maxFieldBytes: 4 * 1024 });
  const values = textFields(parsed.formData);
  const lineId = Number(values.orderItemId) || null;
  const refuse = (errors: FieldErrors, status = 400, minutes?: number) => json({ values, errors, lineId, minutes: minutes ?? null }, { status });
  if (parsed.formProblem) return refuse({ photos: `errors.photo.${parsed.formProblem}` });

  const form = reviewFormSchema.safeParse(values);
  const errors: FieldErrors = form.success ? {} : fieldErrors(form.error);
  const photoProblem = parsed.fileProblems.get("photos");
  if (photoProblem) errors.photos = `errors.photo.${photoProblem}`;
  if (!form.success || photoProblem) return refuse(errors);

  const photos: Uint8Array[] = [];
  for (const value of parsed.formData.getAll("photos")) {
    if (value instanceof File && value.size > 0) photos.push(new Uint8Array(await value.arrayBuffer()));
  }
  const result = await submitReview(db(), {
    userId,
    orderItemId: form.data.orderItemId,
    kind: form.data.kind,
    stars: form.data.kind === "initial" ? form.data.stars : null,
    body: form.data.body,
    photos,
  });
  if (result.ok) return redirect("/account/reviews?saved=1");
  if (result.error === "photo") return refuse({ photos: `errors.photo.${result.problem}` });
  if (result.error === "tooManyPhotos") return refuse({ photos: "errors.tooManyPhotos" });
  if (result.error === "rateLimited") return refuse({ form: "errors.rateLimited" }, 429, Math.ceil((result.retryAfterSeconds ?? 60) / 60));
  return refuse({ form: `errors.${result.error}` });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function ReviewForm({ line, maxPhotos }: { line: LoaderData["awaiting"][number]; maxPhotos: number }) {
  const { t } = useTranslation("reviews");
  const actionData = useActionData<typeof action>();
  const refused = actionData && "errors" in actionData && actionData.lineId === line.orderItemId ? actionData : null;
  const errors = refused?.errors ?? {};
  const text = (key: string | undefined) => (key ? t(key, { minutes: refused?.minutes ?? 0 }) : undefined);
  const typedStars = refused?.values.stars;
  return (
    <section className="card review-form" aria-labelledby="review-form-title">
      <h2 id="review-form-title">{t(line.kind === "initial" ? "form.titleInitial" : "form.titleFollowUp", { name: line.name })}</h2>
      {refused ? (
        <div className="notice notice--error" role="alert">
          <p>{t("errors.problem")}</p>
          {errors.form ? <p>{text(errors.form)}</p> : null}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="orderItemId" value={line.orderItemId} />
        <input type="hidden" name="kind" value={line.kind} />
        {line.kind === "initial" ? (
          <Fieldset legend={t("form.stars")} id="review-stars" error={text(errors.stars)} className="field review-form__stars">
            {([5, 4, 3, 2, 1] as const).map((stars) => (
              <label key={stars} className="review-form__star">
                <input type="radio" name="stars" value={stars} defaultChecked={typedStars === String(stars)} required />
                <span>{t(`form.star_${stars}`)}</span>
              </label>
            ))}
          </Fieldset>
        ) : null}
        <TextareaField
          id="review-body"
          name="body"
          label={t("form.body")}
          hint={t("form.bodyHint")}
          rows={5}
          maxLength={1000}
          required
          defaultValue={refused?.values.body ?? ""}
          error={text(errors.body)}
        />
        <FileField
          id="review-photos"
          name="photos"
          label={t("form.photos")}
          hint={t("form.photosHint", { max: maxPhotos })}
          accept="image/jpeg,image/png,image/webp"
          multiple
          error={text(errors.photos)}
        />
        <div className="review-form__actions">
          <SubmitButton pendingText={t("form.pending")}>{t("form.submit")}</SubmitButton>
          <Link to="/account/reviews">{t("form.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}

export default function AccountReviews() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("reviews");
  const selected = data.awaiting.find((line) => line.orderItemId === data.selected) ?? null;
  return (
    <section aria-labelledby="reviews-title" className="account-reviews">
      <h1 id="reviews-title">{t("account.title")}</h1>
      <p className="muted">{t("account.intro")}</p>
      {data.saved ? (
        <p className="notice" role="status">
          {t("account.saved")}
        </p>
      ) : null}
      {selected ? <ReviewForm line={selected} maxPhotos={data.maxPhotos} /> : null}

      <h2>{t("account.awaitingTitle")}</h2>
      {data.awaiting.length === 0 ? (
        <p className="muted">{t("account.awaitingNone")}</p>
      ) : (
        <ul className="review-lines" data-testid="awaiting-reviews">
          {data.awaiting.map((line) => (
            <li key={`${line.orderItemId}-${line.kind}`} className="card review-line">
              <p>
                <strong>{line.name}</strong> · {line.variant}
              </p>
              <p className="muted">
                {t("account.orderNumber", { number: line.orderNumber })} · {t("account.deliveredOn")}{" "}
                <time dateTime={line.deliveredAt}>{formatChinaTime(line.deliveredAt, data.locale)}</time>
              </p>
              <Link className="button" to={`/account/reviews?line=${line.orderItemId}`} aria-label={`${t(line.kind === "initial" ? "account.writeInitial" : "account.writeFollowUp")}: ${line.name}`}>
                {t(line.kind === "initial" ? "account.writeInitial" : "account.writeFollowUp")}
              </Link>
            </li>
          ))}
        </ul>
      )}

      <h2>{t("account.mineTitle")}</h2>
      <ReviewList
        items={data.mine}
        empty={<p className="muted">{t("account.mineNone")}</p>}
        className="review-lines"
        testId="my-reviews"
        locale={data.locale}
        itemTestId="my-review"
        item={(review) => ({
          title: <strong>{review.name}</strong>,
          facts: t("account.orderNumber", { number: review.orderNumber }),
          note:
            review.hiddenReason !== null ? (
              <p className="notice notice--error" data-testid="hidden-reason">
                {t("account.hidden", { reason: review.hiddenReason })}
              </p>
            ) : null,
          photoAuthor: review.name,
          actions: (
            <>
              {review.reply ? <ReviewReply heading={t("account.reply")} body={review.reply} /> : null}
              {review.hiddenReason === null ? <a href={`/products/${review.productSlug}#reviews`}>{t("account.view")}</a> : null}
            </>
          ),
        })}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
