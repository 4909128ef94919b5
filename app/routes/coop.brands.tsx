import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ReviewNote, TrustDocumentForm, TrustDocumentItem } from "~/components/coop/trust-document";
import { SuccessNotice, useCoopFields } from "~/components/coop/notices";
import { Field } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listBrands } from "~/models/brand.server";
import { receiveBrand } from "~/services/trust-documents.server";
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

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const result = await receiveBrand(request, { cooperativeId: cooperative.id });
  if (!result.ok) return json({ values: result.values, errors: result.errors }, { status: 400 });
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
