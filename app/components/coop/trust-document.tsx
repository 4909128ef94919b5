import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TrustBadge } from "~/components/coop/badges";
import { FormProblem, useCoopFields } from "~/components/coop/notices";
import { FileField, SubmitButton, type BoundForm } from "~/components/forms";

// Brands and certificates are both documents a cooperative submits for staff to review: the
// same list card (verdict, staff note, the stored file, a way to fix a refused one) and the
// same upload form around their own fields.

type TrustState = "verified" | "expired" | "pending" | "rejected";

/** Staff's note on a document, shown next to it and above the form that corrects it. */
export function ReviewNote({ label, note }: { label: string; note: string | null | undefined }) {
  if (!note) return null;
  return (
    <p className="coop-note">
      {label}: {note}
    </p>
  );
}

/** One submitted document in the list: its title and verdict, its details, staff's note and what can be done with it. */
export function TrustDocumentItem({
  title,
  state,
  testId,
  details,
  reviewNoteLabel,
  document,
  fix,
  actions,
}: {
  title: ReactNode;
  state: TrustState;
  testId?: string;
  /** Shown between the title and staff's note. */
  details: ReactNode;
  reviewNoteLabel: string;
  document: { document_key: string | null; status: string; review_note: string | null };
  /** Where a document staff have not verified is corrected. */
  fix: { to: string; label: string };
  /** More links after the fix link. */
  actions?: ReactNode;
}) {
  const { t } = useTranslation("coop");
  return (
    <li className="card coop-item coop-item--plain" data-testid={testId}>
      <p className="coop-item__title">
        {title} <TrustBadge state={state} />
      </p>
      {details}
      <ReviewNote label={reviewNoteLabel} note={document.review_note} />
      <div className="coop-item__actions">
        {document.document_key ? <a href={`/coop/documents/${document.document_key}`}>{t("common.viewDocument")}</a> : null}
        {document.status !== "verified" ? <Link to={fix.to}>{fix.label} →</Link> : null}
        {actions}
      </div>
    </li>
  );
}

/**
 * The upload form of a document: its own fields, then the file (optional when correcting, as
 * the stored one is kept), then submit and, when correcting or renewing, cancel.
 */
export function TrustDocumentForm({
  id,
  title,
  intro,
  form,
  fileWasChosen,
  formKey,
  documentLabel,
  keepsDocument,
  submitLabel,
  cancelTo,
  children,
}: {
  /** The id of the section, the target of the list's fix links. */
  id: string;
  title: string;
  /** Shown under the title. */
  intro?: ReactNode;
  form: Omit<BoundForm, "errorText">;
  fileWasChosen: boolean;
  /** Changes when another document is picked, so the fields show its values. */
  formKey: string | number;
  documentLabel: string;
  keepsDocument: boolean;
  submitLabel: string;
  cancelTo?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  return (
    <section className="card" aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro}
      <FormProblem errors={form.errors} fileWasChosen={fileWasChosen} />
      <Form method="post" encType="multipart/form-data" className="coop-form" noValidate key={formKey}>
        {children}
        <FileField
          {...field(form, "document")}
          label={documentLabel}
          hint={keepsDocument ? `${t("brands.documentHint")} ${t("brands.documentKeep")}` : t("brands.documentHint")}
          accept="application/pdf,image/jpeg,image/png"
          required={!keepsDocument}
          inputClassName="coop-file"
        />
        <div className="coop-form__actions">
          <SubmitButton pendingText={t("common.saving")}>{submitLabel}</SubmitButton>
          {cancelTo ? (
            <Link to={cancelTo} className="button button--ghost">
              {t("common.cancel")}
            </Link>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
