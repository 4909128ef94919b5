import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton, TextareaField } from "~/components/forms";
import { formatDateTime } from "~/components/staff/format";
import { ReviewStatusBadge } from "~/components/staff/status-badge";
import { localized, type Locale } from "~/i18n";
import { decideReview, getReviewItem, listPendingReviews, listRecentDecisions, type ReviewItem } from "~/models/review.server";
import { canVerify, reviewDocumentState, type ReviewDocumentState } from "~/services/review-documents.server";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { notFound } from "~/utils/responses.server";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

// The page never sees a storage key: only what the reviewer can be shown (the file is looked
// for, so a key whose file is gone reads as "missing", not as a broken picture).
async function forPage(item: ReviewItem) {
  const document: ReviewDocumentState = await reviewDocumentState(item.document_key);
  return { ...item, document, verifiable: canVerify(document), document_key: undefined };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const [pending, recent] = await Promise.all([
    listPendingReviews(db()).then((items) => Promise.all(items.map(forPage))),
    listRecentDecisions(db(), { limit: 20 }).then((items) => items.map((item) => ({ ...item, document_key: undefined }))),
  ]);
  const done = new URL(request.url).searchParams.get("done");
  const t = await getFixedT(await getLocale(request), "staff");
  return json(
    {
      pending,
      recent,
      notice: done === "verified" || done === "rejected" ? done : null,
      title: t("reviews.title"),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Reviews" }];

const decisionSchema = z
  .object({
    kind: z.enum(["brand", "certification"], { error: "errors.invalid" }),
    id: z.string().regex(/^\d{1,9}$/, { error: "errors.invalid" }).transform(Number),
    decision: z.enum(["verified", "rejected"], { error: "errors.invalid" }),
    note: z.string().trim().max(1000, { error: "errors.tooLong" }).optional().default(""),
  })
  .refine((value) => value.decision !== "rejected" || value.note.length > 0, { path: ["note"], error: "errors.noteRequired" });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await readForm(request);
  const parsed = parseForm(decisionSchema, form);
  const typed = (name: string) => (typeof parsed.values[name] === "string" ? (parsed.values[name] as string) : "");
  const target = `${typed("kind")}:${typed("id")}`;
  if (!parsed.ok) return json({ target, fieldErrors: parsed.errors, formError: null as string | null, note: typed("note") }, { status: 400 });
  const { kind, id, decision, note } = parsed.data;
  if (decision === "verified") {
    // A badge rests on the document: without one staff can open, nothing is verified.
    const item = await getReviewItem(db(), { kind, id });
    if (!item) throw notFound();
    if (item.status === "pending" && !canVerify(await reviewDocumentState(item.document_key))) {
      return json({ target, fieldErrors: {} as FieldErrors, formError: "errors.noReadableDocument" as string | null, note }, { status: 409 });
    }
  }
  const result = await decideReview(db(), { kind, id, decision, note: note || null, reviewerId: user.id });
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound();
    return json({ target, fieldErrors: {} as FieldErrors, formError: "errors.alreadyDecided" as string | null, note }, { status: 409 });
  }
  return redirect(`/staff/reviews?done=${decision}`);
}

export default function StaffReviews() {
  const { pending, recent, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("staff");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  return (
    <section className="staff-page" aria-labelledby="reviews-title">
      <h1 id="reviews-title">{t("reviews.title")}</h1>
      <p className="muted">{t("reviews.intro")}</p>
      {notice ? <p className="notice" role="status">{t(`reviews.done.${notice}`)}</p> : null}
      {pending.length === 0 ? <p className="notice">{t("reviews.empty")}</p> : null}
      <ul className="staff-reviews">
        {pending.map((item) => {
          const key = `${item.kind}:${item.id}`;
          const errors = actionData?.target === key ? actionData.fieldErrors : {};
          const formError = actionData?.target === key ? actionData.formError : null;
          const documentUrl = `/staff/reviews/document/${item.kind}/${item.id}`;
          const prefix = `review-${item.kind}-${item.id}`;
          return (
            <li key={key} className="card staff-review" data-testid="review" aria-labelledby={`${prefix}-title`}>
              <header className="staff-review__head">
                <h2 id={`${prefix}-title`}>
                  {item.kind === "brand" ? t("reviews.brandTitle", { name: item.name }) : t("reviews.certificationTitle", { type: t(`certTypes.${item.type}`), number: item.number })}
                </h2>
                <ReviewStatusBadge status={item.status} />
              </header>
              <div className="staff-review__body">
                <div>
                  <dl className="staff-dl">
                    <dt>{t("reviews.cooperative")}</dt>
                    <dd>{localized(item, "cooperative_name", locale)}</dd>
                    {item.kind === "brand" ? (
                      <>
                        <dt>{t("reviews.registrationNumber")}</dt><dd><code>{item.registration_number}</code></dd>
                        <dt>{t("reviews.niceClass")}</dt><dd>{item.nice_class}</dd>
                        <dt>{t("reviews.registrant")}</dt><dd>{item.registrant}</dd>
                        <dt>{t("reviews.validity")}</dt><dd>{item.registered_on} – {item.expires_on}</dd>
                      </>
                    ) : (
                      <>
                        <dt>{t("reviews.type")}</dt><dd>{t(`certTypes.${item.type}`)}</dd>
                        <dt>{t("reviews.number")}</dt><dd><code>{item.number}</code></dd>
                        <dt>{t("reviews.issuingBody")}</dt><dd>{item.issuing_body}</dd>
                        <dt>{t("reviews.scope")}</dt><dd>{item.scope || "—"}</dd>
                        <dt>{t("reviews.validity")}</dt><dd>{item.issued_on} – {item.expires_on}</dd>
                      </>
                    )}
                    <dt>{t("reviews.submitted")}</dt><dd>{formatDateTime(item.created_at, locale)}</dd>
                  </dl>
                  <h3>{t("reviews.products")}</h3>
                  {item.products.length === 0 ? (
                    <p className="muted">{t("reviews.noProducts")}</p>
                  ) : (
                    <ul className="staff-inline-list">
                      {item.products.map((product) => (
                        <li key={product.id}>
                          <Link to={`/products/${product.slug}`} target="_blank" rel="noopener">{localized(product, "name", locale)}</Link>
                          {product.status !== "active" ? <span className="muted"> ({t(`productStatus.${product.status}`, { defaultValue: product.status })})</span> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
                <div className="staff-review__document">
                  <h3>{t("reviews.document")}</h3>
                  <ReviewDocument state={item.document} url={documentUrl} />
                </div>
              </div>
              <Form method="post" className="staff-form staff-review__decision">
                <input type="hidden" name="kind" value={item.kind} />
                <input type="hidden" name="id" value={item.id} />
                {formError ? <p className="notice notice--error" role="alert">{t(formError)}</p> : null}
                <TextareaField
                  id={`${prefix}-note`}
                  name="note"
                  label={t("reviews.note")}
                  hint={t("reviews.noteHint")}
                  error={errors.note ? t(errors.note) : null}
                  rows={2}
                  maxLength={1000}
                  defaultValue={actionData?.target === key ? actionData.note : ""}
                />
                {item.verifiable ? null : (
                  <p id={`${prefix}-cannot-verify`} className="field__hint" data-testid="cannot-verify">
                    {t("reviews.cannotVerify")}
                  </p>
                )}
                <div className="staff-actions">
                  <SubmitButton
                    name="decision"
                    value="verified"
                    disabled={!item.verifiable}
                    aria-describedby={item.verifiable ? undefined : `${prefix}-cannot-verify`}
                  >
                    {t("reviews.approve")}
                  </SubmitButton>
                  <SubmitButton name="decision" value="rejected" className="button--danger">{t("reviews.reject")}</SubmitButton>
                </div>
              </Form>
            </li>
          );
        })}
      </ul>

      <h2>{t("reviews.recent")}</h2>
      {recent.length === 0 ? (
        <p className="muted">{t("reviews.noRecent")}</p>
      ) : (
        <ScrollBox>
          <table className="table staff-table" data-testid="recent-decisions">
            <thead>
              <tr>
                <th scope="col">{t("reviews.item")}</th>
                <th scope="col">{t("reviews.cooperative")}</th>
                <th scope="col">{t("reviews.decision")}</th>
                <th scope="col">{t("reviews.reviewer")}</th>
                <th scope="col">{t("reviews.when")}</th>
                <th scope="col">{t("reviews.note")}</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((item) => (
                <tr key={`${item.kind}:${item.id}`}>
                  <td>{item.kind === "brand" ? t("reviews.brandTitle", { name: item.name }) : t("reviews.certificationTitle", { type: t(`certTypes.${item.type}`), number: item.number })}</td>
                  <td>{localized(item, "cooperative_name", locale)}</td>
                  <td><ReviewStatusBadge status={item.status} /></td>
                  <td>{item.reviewer_name || item.reviewer_email || "—"}</td>
                  <td>{formatDateTime(item.reviewed_at, locale)}</td>
                  <td>{item.review_note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}

/** The document as the reviewer sees it: the picture itself, the PDF embedded, each with a download. */
function ReviewDocument({ state, url }: { state: ReviewDocumentState; url: string }) {
  const { t } = useTranslation("staff");
  if (state === "none") return <p className="notice notice--warn">{t("reviews.noDocument")}</p>;
  if (state === "missing") return <p className="notice notice--warn">{t("reviews.missingDocument")}</p>;
  if (state === "unsafe") return <p className="notice notice--warn">{t("reviews.unsafeDocument")}</p>;
  const links = (
    <p className="staff-review__document-links">
      <a href={url} target="_blank" rel="noopener">{t(state === "pdf" ? "reviews.openPdf" : "reviews.openImage")}</a>
      <a href={`${url}?download=1`} download>{t("reviews.download")}</a>
    </p>
  );
  return state === "image" ? (
    <>
      <a href={url} target="_blank" rel="noopener">
        <img src={url} alt={t("reviews.documentAlt")} className="staff-review__image" loading="lazy" data-testid="review-document-image" />
      </a>
      {links}
    </>
  ) : (
    <>
      <iframe src={url} title={t("reviews.pdfTitle")} className="staff-review__pdf" loading="lazy" data-testid="review-document-pdf" />
      {links}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
