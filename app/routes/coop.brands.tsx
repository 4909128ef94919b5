import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ReviewNote, TrustDocumentForm, TrustDocumentItem } from "~/components/coop/trust-document";
import { SuccessNotice, useCoopFields } from "~/components/coop/notices";
import { Field } from "~/components/forms";
import { documentUploadMessage } from "~/components/coop/upload-messages";
import { brandSchema } from "~/schemas/coop";
import { fieldErrors, type FieldErrors } from "~/utils/form-errors.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getBrand, listBrands, resubmitBrand, submitBrand } from "~/models/brand.server";
import { deleteDocument, parseUploadForm, receiveFormDocument, textFields } from "~/services/uploads.server";
import { MAX_DOCUMENT_BYTES } from "~/utils/upload-limits";
import styles from "~/styles/coop.css";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const editParam = z.object({ edit: z.string().regex(/^\d{1,9}$/).transform(Number).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const { edit } = editParam.parse(Object.fromEntries(new URL(request.url).searchParams));
  const t = await getFixedT(await getLocale(request), "coop");
  const brands = await listBrands(db(), { cooperativeId: cooperative.id });
  let editing = null;
  if (edit !== undefined) {
    editing = brands.find((b) => b.id === edit) ?? null;
    if (!editing) throw notFound();
  }
  return json({ title: t("meta.brands"), brands, editing: editing && editing.status !== "verified" ? editing : null }, { headers: { "Cache-Control": "private, no-store" } });
}

const brandIdField = z.object({ brand_id: z.string().regex(/^\d{1,9}$/).transform(Number).optional() });

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const parsed = await parseUploadForm(request, { maxFileBytes: MAX_DOCUMENT_BYTES, maxFiles: 1, maxParts: 16, maxFieldBytes: 4 * 1024 });
  const values = textFields(parsed.formData);
  const refuse = (errors: FieldErrors) => json({ values, errors }, { status: 400 });
  if (parsed.formProblem) return refuse({ form: documentUploadMessage(parsed.formProblem) });

  // A resubmission names the brand in a hidden field: only this cooperative's own brands are found.
  const target = brandIdField.safeParse(values);
  if (!target.success) throw new Response("Unknown request", { status: 400 });
  const brandId = target.data.brand_id;
  if (brandId !== undefined && !(await getBrand(db(), { id: brandId, cooperativeId: cooperative.id }))) {
    throw notFound();
  }

  const input = brandSchema.safeParse(values);
  const errors: FieldErrors = input.success ? {} : fieldErrors(input.error);
  // Everything at once: a bad file is reported with the fields, not after they are fixed.
  const document = await receiveFormDocument(parsed, { optional: brandId !== undefined, store: input.success });
  if ("problem" in document) errors.document = documentUploadMessage(document.problem);
  if (!input.success || "problem" in document) return refuse(errors);
  const documentKey = document.key;
  const result =
    brandId === undefined
      ? await submitBrand(db(), { cooperativeId: cooperative.id, input: input.data, documentKey: documentKey! })
      : await resubmitBrand(db(), { id: brandId, cooperativeId: cooperative.id, input: input.data, documentKey });
  if (!result.ok) {
    if (documentKey) await deleteDocument(documentKey);
    return refuse(result.errors);
  }
  if ("replacedDocumentKey" in result && result.replacedDocumentKey) await deleteDocument(result.replacedDocumentKey);
  return redirect("/coop/brands?notice=brandSubmitted");
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopBrands() {
  const { brands, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  const values = actionData?.values ?? null;
  const errors = actionData?.errors ?? null;
  const common = { values, errors, idPrefix: "brand" };
  return (
    <div className="coop-page">
      <SuccessNotice />
      <h1>{t("brands.title")}</h1>
      <p className="muted">{t("brands.intro")}</p>
      {brands.length === 0 ? (
        <p>{t("brands.none")}</p>
      ) : (
        <ul className="coop-list" data-testid="brands">
          {brands.map((brand) => (
            <TrustDocumentItem
              key={brand.id}
              // The same mark registered in several classes: the class tells the entries apart.
              title={
                <>
                  {brand.name} · {t("brands.classShort", { n: brand.nice_class })}
                </>
              }
              state={brand.state}
              details={
                <dl className="coop-kv">
                  <dt>{t("brands.registrationNumber")}</dt>
                  <dd>
                    {brand.registration_number} · {t("brands.classShort", { n: brand.nice_class })}
                  </dd>
                  <dt>{t("brands.registrant")}</dt>
                  <dd>{brand.registrant}</dd>
                  <dt>{t("brands.expiresOn")}</dt>
                  <dd>{brand.expires_on}</dd>
                </dl>
              }
              reviewNoteLabel={t("brands.reviewNote")}
              document={brand}
              fix={{ to: `/coop/brands?edit=${brand.id}#brand-form`, label: t("brands.fix") }}
            />
          ))}
        </ul>
      )}

      <TrustDocumentForm
        id="brand-form"
        title={editing ? t("brands.editTitle", { name: editing.name }) : t("brands.submitTitle")}
        intro={<ReviewNote label={t("brands.reviewNote")} note={editing?.review_note} />}
        form={common}
        fileWasChosen={Boolean(actionData)}
        formKey={editing?.id ?? "new"}
        documentLabel={t("brands.document")}
        keepsDocument={Boolean(editing)}
        submitLabel={editing ? t("brands.resubmit") : t("brands.submit")}
        cancelTo={editing ? "/coop/brands" : undefined}
      >
        {editing ? <input type="hidden" name="brand_id" value={editing.id} /> : null}
        <Field {...field(common, "name", editing?.name)} label={t("brands.name")} maxLength={100} required />
        <div className="coop-row">
          <Field {...field(common, "registration_number", editing?.registration_number)} label={t("brands.registrationNumber")} hint={t("brands.registrationNumberHint")} inputMode="numeric" maxLength={12} required />
          <Field {...field(common, "nice_class", editing?.nice_class ?? 31)} label={t("brands.niceClass")} hint={t("brands.niceClassHint")} inputMode="numeric" required />
        </div>
        <Field {...field(common, "registrant", editing?.registrant)} label={t("brands.registrant")} maxLength={200} required />
        <div className="coop-row">
          <Field {...field(common, "registered_on", editing?.registered_on)} type="date" label={t("brands.registeredOn")} required />
          <Field {...field(common, "expires_on", editing?.expires_on)} type="date" label={t("brands.expiresOn")} required />
        </div>
      </TrustDocumentForm>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
