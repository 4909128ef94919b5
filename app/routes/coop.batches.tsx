import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormProblem, OptionalNote, SuccessNotice, useCoopFields } from "~/components/coop/notices";
import { Field, SelectField, Options, SubmitButton } from "~/components/forms";
import { useLocale } from "~/components/coop/locale";
import { batchSchema } from "~/schemas/coop";
import { formValues, parseForm } from "~/utils/form-errors.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/i18n";
import { createBatch, listBatches } from "~/models/batch.server";
import { listCooperativeProducts } from "~/models/product.server";
import styles from "~/styles/coop.css";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { chinaToday } from "~/utils/dates";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "coop");
  const [batches, products] = await Promise.all([
    listBatches(db(), { cooperativeId: cooperative.id }),
    listCooperativeProducts(db(), { cooperativeId: cooperative.id }),
  ]);
  return json(
    {
      title: t("meta.batches"),
      today: chinaToday(),
      batches,
      products: products.filter((p) => p.status !== "archived").map((p) => ({ id: p.id, name_zh: p.name_zh, name_en: p.name_en })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const formData = await readForm(request);
  const parsed = parseForm(batchSchema, formData);
  if (!parsed.ok) return json({ values: parsed.values, errors: parsed.errors }, { status: 400 });
  const result = await createBatch(db(), { cooperativeId: cooperative.id, input: parsed.data });
  if (!result.ok) return json({ values: formValues(formData), errors: result.errors }, { status: 400 });
  return redirect(`/coop/batches?notice=batchCreated&code=${encodeURIComponent(result.code)}#batch-${result.id}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopBatches() {
  const { batches, products, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  const locale = useLocale();
  const common = { values: actionData?.values ?? null, errors: actionData?.errors ?? null, idPrefix: "batch" };
  return (
    <div className="coop-page">
      <SuccessNotice />
      <h1>{t("batches.title")}</h1>
      <p className="muted">{t("batches.intro")}</p>

      <section className="card" aria-labelledby="record-batch">
        <h2 id="record-batch">{t("batches.recordTitle")}</h2>
        {products.length === 0 ? (
          <p>
            {t("batches.noProducts")} <Link to="/coop/products/new">{t("dashboard.addProduct")} →</Link>
          </p>
        ) : (
          <>
            <FormProblem errors={common.errors} />
            <Form method="post" className="coop-form" noValidate>
              <SelectField
                {...field(common, "product_id")}
                label={t("batches.product")}
                required
              >
                <Options options={products.map((p) => ({ value: String(p.id), label: localized(p, "name", locale) }))} placeholder={t("common.choose")} />
              </SelectField>
              <div className="coop-row">
                <Field {...field(common, "harvested_on", today)} type="date" label={t("batches.harvestedOn")} required />
                <Field {...field(common, "packed_on", today)} type="date" label={t("batches.packedOn")} required />
              </div>
              <div className="coop-row">
                <Field {...field(common, "best_before")} type="date" label={t("batches.bestBefore")} required />
                <Field {...field(common, "quantity")} label={t("batches.quantity")} inputMode="numeric" required />
              </div>
              <div className="coop-row">
                <Field {...field(common, "plot_zh")} label={t("batches.plotZh")} hint={t("batches.plotHint")} maxLength={120} labelNote={<OptionalNote />} />
                <Field {...field(common, "plot_en")} label={t("batches.plotEn")} hint={t("common.englishFallback")} maxLength={120} labelNote={<OptionalNote />} />
              </div>
              <div className="coop-row">
                <Field {...field(common, "household_zh")} label={t("batches.householdZh")} hint={t("batches.householdHint")} maxLength={120} labelNote={<OptionalNote />} />
                <Field {...field(common, "household_en")} label={t("batches.householdEn")} hint={t("common.englishFallback")} maxLength={120} labelNote={<OptionalNote />} />
              </div>
              <div className="coop-form__actions">
                <SubmitButton>{t("batches.submit")}</SubmitButton>
              </div>
            </Form>
          </>
        )}
      </section>

      {batches.length === 0 ? (
        <p>{t("batches.none")}</p>
      ) : (
        <ul className="coop-list" data-testid="batches">
          {batches.map((batch) => {
            const code = encodeURIComponent(batch.code);
            return (
              <li key={batch.id} id={`batch-${batch.id}`} className="card coop-item">
                <img className="coop-qr" src={`/coop/batches/${code}/qr.svg`} alt="" width={96} height={96} loading="lazy" />
                <div>
                  <p className="coop-item__title">
                    <span className="coop-code">{batch.code}</span>
                  </p>
                  <p className="coop-item__meta">{localized(batch, "name", locale)}</p>
                  <dl className="coop-kv">
                    <dt>{t("batches.harvestedOn")}</dt>
                    <dd>{batch.harvested_on}</dd>
                    <dt>{t("batches.bestBefore")}</dt>
                    <dd>{batch.best_before}</dd>
                    <dt>{t("batches.quantity")}</dt>
                    <dd>{batch.quantity}</dd>
                    {batch.plot_zh ? (
                      <>
                        <dt>{t("batches.plot")}</dt>
                        <dd>{localized(batch, "plot", locale)}</dd>
                      </>
                    ) : null}
                    {batch.household_zh ? (
                      <>
                        <dt>{t("batches.household")}</dt>
                        <dd>{localized(batch, "household", locale)}</dd>
                      </>
                    ) : null}
                  </dl>
                  <div className="coop-item__actions">
                    <a href={`/coop/batches/${code}/qr.svg`}>{t("batches.qrSvg")}</a>
                    <a href={`/coop/batches/${code}/qr.png`} download={`${batch.code}.png`}>{t("batches.qrPng")}</a>
                    <a href={`/trace/${code}`}>{t("batches.trace")}</a>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
