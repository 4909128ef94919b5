import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ReviewNote, TrustDocumentForm, TrustDocumentItem } from "~/components/coop/trust-document";
import { OptionalNote, SuccessNotice, useCoopFields } from "~/components/coop/notices";
import { Field, SelectField, TextareaField, Options } from "~/components/forms";
import { useLocale } from "~/components/coop/locale";
import { CERTIFICATION_TYPES } from "~/schemas/coop";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/i18n";
import { listCertifications } from "~/models/certification.server";
import { receiveCertification } from "~/services/trust-documents.server";
import styles from "~/styles/coop.css";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const optionalIdParam = z.string().regex(/^\d{1,9}$/).transform(Number).optional().catch(undefined);
const pageParams = z.object({ edit: optionalIdParam, renew: optionalIdParam });

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const { edit, renew } = pageParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  const t = await getFixedT(await getLocale(request), "coop");
  const certifications = await listCertifications(db(), { cooperativeId: cooperative.id });
  const find = (id: number | undefined) => {
    if (id === undefined) return null;
    const found = certifications.find((c) => c.id === id);
    if (!found) throw notFound();
    return found;
  };
  const editing = find(edit);
  const renewing = editing ? null : find(renew);
  return json(
    {
      title: t("meta.certifications"),
      certifications,
      editing: editing && editing.status !== "verified" ? editing : null,
      renewing: renewing && renewing.status !== "rejected" ? renewing : null,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const result = await receiveCertification(request, { cooperativeId: cooperative.id });
  if (!result.ok) return json({ values: result.values, errors: result.errors }, { status: 400 });
  return redirect("/coop/certifications?notice=certificationSubmitted");
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopCertifications() {
  const { certifications, editing, renewing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  const locale = useLocale();
  const values = actionData?.values ?? null;
  const errors = actionData?.errors ?? null;
  const common = { values, errors, idPrefix: "certification" };
  const numberOf = (id: number | null) => certifications.find((c) => c.id === id)?.number ?? "";
  const base = editing ?? null;
  const title = editing
    ? t("certifications.editTitle", { number: editing.number })
    : renewing
      ? t("certifications.renewTitle", { number: renewing.number })
      : t("certifications.submitTitle");
  return (
    <div className="coop-page">
      <SuccessNotice />
      <h1>{t("certifications.title")}</h1>
      <p className="muted">{t("certifications.intro")}</p>
      {certifications.length === 0 ? (
        <p>{t("certifications.none")}</p>
      ) : (
        <ul className="coop-list" data-testid="certifications">
          {certifications.map((c) => (
            <TrustDocumentItem
              key={c.id}
              testId="certification"
              title={
                <>
                  {t(`certificationTypes.${c.type}`)} · {c.number}
                </>
              }
              state={c.state}
              details={
                <>
                  <dl className="coop-kv">
                    <dt>{t("certifications.issuingBody")}</dt>
                    <dd>{c.issuing_body}</dd>
                    {c.scope_zh ? (
                      <>
                        <dt>{t("certifications.scope")}</dt>
                        <dd>{localized(c, "scope", locale)}</dd>
                      </>
                    ) : null}
                    <dt>{t("certifications.expiresOn")}</dt>
                    <dd>
                      {c.issued_on} – {c.expires_on}
                    </dd>
                  </dl>
                  {c.replaces_id ? <p className="coop-item__meta">{t("certifications.renewal", { number: numberOf(c.replaces_id) })}</p> : null}
                  <p className="coop-item__meta">{t("certifications.products", { count: c.product_count })}</p>
                </>
              }
              reviewNoteLabel={t("certifications.reviewNote")}
              document={c}
              fix={{ to: `/coop/certifications?edit=${c.id}#certification-form`, label: t("certifications.fix") }}
              actions={
                <>
                  {c.status === "verified" && !c.renewed_by_id ? (
                    <Link to={`/coop/certifications?renew=${c.id}#certification-form`}>{t("certifications.renew")} →</Link>
                  ) : null}
                  {c.renewed_by_id ? <span className="badge badge--muted">{t("certifications.renewedBy")}</span> : null}
                </>
              }
            />
          ))}
        </ul>
      )}

      <TrustDocumentForm
        id="certification-form"
        title={title}
        intro={
          <>
            {renewing ? <p>{t("certifications.renewIntro")}</p> : null}
            <ReviewNote label={t("certifications.reviewNote")} note={editing?.review_note} />
          </>
        }
        form={common}
        fileWasChosen={Boolean(actionData)}
        formKey={`${editing?.id ?? ""}-${renewing?.id ?? ""}`}
        documentLabel={t("certifications.document")}
        keepsDocument={Boolean(editing)}
        submitLabel={editing ? t("certifications.resubmit") : renewing ? t("certifications.renew") : t("certifications.submit")}
        cancelTo={editing || renewing ? "/coop/certifications" : undefined}
      >
        {editing ? <input type="hidden" name="certification_id" value={editing.id} /> : null}
        {renewing || editing?.replaces_id ? <input type="hidden" name="replaces_id" value={renewing?.id ?? editing?.replaces_id ?? ""} /> : null}
        <SelectField {...field(common, "type", base?.type ?? renewing?.type)} label={t("certifications.type")} required>
          <Options options={CERTIFICATION_TYPES.map((type) => ({ value: type, label: t(`certificationTypes.${type}`) }))} placeholder={t("common.choose")} />
        </SelectField>
        <Field {...field(common, "number", base?.number)} label={t("certifications.number")} maxLength={64} required />
        <Field {...field(common, "issuing_body", base?.issuing_body ?? renewing?.issuing_body)} label={t("certifications.issuingBody")} maxLength={200} required />
        <TextareaField {...field(common, "scope_zh", base?.scope_zh ?? renewing?.scope_zh)} label={t("certifications.scopeZh")} hint={t("certifications.scopeHint")} maxLength={500} rows={3} labelNote={<OptionalNote />} />
        <TextareaField {...field(common, "scope_en", base?.scope_en ?? renewing?.scope_en)} label={t("certifications.scopeEn")} hint={t("common.englishFallback")} maxLength={500} rows={2} labelNote={<OptionalNote />} />
        <div className="coop-row">
          <Field {...field(common, "issued_on", base?.issued_on)} type="date" label={t("certifications.issuedOn")} required />
          <Field {...field(common, "expires_on", base?.expires_on)} type="date" label={t("certifications.expiresOn")} required />
        </div>
      </TrustDocumentForm>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
