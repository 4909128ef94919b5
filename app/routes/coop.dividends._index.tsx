import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, Options, SelectField } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { CoopFormSubmit } from "~/components/coop/form-submit";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HiddenHeader, HouseholdFormProblem, HouseholdNotice, Optional, useHouseholdFields } from "~/components/households/ui";
import { listDistributions } from "~/models/distribution.server";
import { isoDate } from "~/schemas/fields";
import { distributionSchema, NOTICE_NAMES } from "~/schemas/households";
import { requireCooperative } from "~/services/auth.server";
import { prefillIncome, recordDistribution } from "~/services/dividends.server";
import styles from "~/styles/coop.css";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/form-errors.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** GET ?start=&end= prefills the income with what the shop settled in that period (default: this year). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "households");
  const url = new URL(request.url);
  const year = chinaToday().slice(0, 4);
  const start = isoDate.safeParse(url.searchParams.get("start") ?? "").data ?? `${year}-01-01`;
  const endTyped = isoDate.safeParse(url.searchParams.get("end") ?? "").data ?? `${year}-12-31`;
  const end = endTyped >= start ? endTyped : start;
  const [distributions, settledFen] = await Promise.all([listDistributions(db(), { cooperativeId: cooperative.id }), prefillIncome(db(), { cooperativeId: cooperative.id, start, end })]);
  return json({ title: t("meta.dividends"), start, end, settledFen, distributions }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const parsed = parseForm(distributionSchema, await readForm(request));
  if (!parsed.ok) return json({ values: parsed.values, errors: parsed.errors }, { status: 400 });
  const d = parsed.data;
  const result = await recordDistribution(db(), {
    cooperativeId: cooperative.id,
    userId: user.id,
    input: {
      periodStart: d.period_start,
      periodEnd: d.period_end,
      incomeFen: d.income,
      costsFen: d.costs,
      lossesFen: d.losses,
      reserveRateBp: d.reserve_rate,
      transactionShareBp: d.transaction_share,
      convertedBp: d.converted,
      noticeNames: d.notice_names,
    },
  });
  if (!result.ok) return json({ values: parsed.values, errors: result.errors }, { status: 400 });
  return redirect(`/coop/dividends/${result.id}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopDividends() {
  const { start, end, settledFen, distributions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const field = useHouseholdFields();
  const form = { values: actionData?.values ?? null, errors: actionData?.errors ?? null, idPrefix: "dividend" };
  return (
    <div className="coop-page">
      <HouseholdNotice />
      <h1>{t("dividends.title")}</h1>
      <p className="muted">{t("dividends.intro")}</p>

      <section className="card" aria-labelledby="record-surplus">
        <h2 id="record-surplus">{t("dividends.recordTitle")}</h2>
        <Form method="get" className="coop-form">
          <div className="coop-row">
            <Field id="prefill-start" name="start" type="date" defaultValue={start} label={t("dividends.periodStart")} />
            <Field id="prefill-end" name="end" type="date" defaultValue={end} label={t("dividends.periodEnd")} />
          </div>
          <div className="coop-form__actions">
            <button type="submit" className="button--ghost">{t("dividends.prefill")}</button>
          </div>
        </Form>
        <HouseholdFormProblem errors={form.errors} />
        <Form method="post" className="coop-form" noValidate>
          <div className="coop-row">
            <Field {...field(form, "period_start", start)} type="date" label={t("dividends.periodStart")} required />
            <Field {...field(form, "period_end", end)} type="date" label={t("dividends.periodEnd")} required />
          </div>
          <div className="coop-row">
            <Field {...field(form, "income", yuan(settledFen))} label={t("dividends.income")} hint={t("dividends.incomeHint", { amount: formatFen(settledFen) })} inputMode="decimal" required />
            <Field {...field(form, "costs", "0")} label={t("dividends.costs")} inputMode="decimal" required />
          </div>
          <div className="coop-row">
            <Field {...field(form, "losses", "0")} label={t("dividends.losses")} inputMode="decimal" required />
            <Field {...field(form, "reserve_rate", "10")} label={t("dividends.reserveRate")} inputMode="decimal" required />
          </div>
          <div className="coop-row">
            <Field {...field(form, "transaction_share", "60")} label={t("dividends.transactionShare")} hint={t("dividends.transactionShareHint")} inputMode="decimal" required />
            <Field {...field(form, "converted")} label={t("dividends.converted")} hint={t("dividends.convertedHint")} inputMode="decimal" labelNote={<Optional />} />
          </div>
          <SelectField {...field(form, "notice_names", "masked")} label={t("dividends.noticeNames")} required>
            <Options options={NOTICE_NAMES.map((n) => ({ value: n, label: t(`dividends.noticeNameOptions.${n}`) }))} />
          </SelectField>
          <CoopFormSubmit>{t("dividends.submitRecord")}</CoopFormSubmit>
        </Form>
      </section>

      <section aria-labelledby="distributions">
        <h2 id="distributions">{t("dividends.list")}</h2>
        <DataTable rows={distributions} rowKey={(d) => d.id} empty={<p>{t("dividends.none")}</p>} testId="distributions" columns={[
          { header: t("dividends.period"), cell: (d) => <>{d.period_start} – {d.period_end}</> },
          { header: t("distribution.surplus"), cell: (d) => formatFen(d.surplus_fen) },
          { header: t("distribution.distributable"), cell: (d) => formatFen(d.distributable_fen) },
          { header: t("households.status"), cell: (d) => t(`dividends.status.${d.status}`) },
          { header: <HiddenHeader>{t("dividends.open")}</HiddenHeader>, cell: (d) => <Link to={`/coop/dividends/${d.id}`}>{t("dividends.open")}</Link> },
        ]} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
