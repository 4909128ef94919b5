import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, Options, SelectField, SubmitButton } from "~/components/forms";
import { Fen, MoneyFormProblem, MoneyNotice, formatRate, useMoneyFields } from "~/components/money/parts";
import { localized } from "~/i18n";
import { commissionRateHistory, cooperativeExists, cooperativesWithRates, settlementOverview } from "~/models/settlement-report.server";
import { commissionRateSchema } from "~/schemas/money";
import { requireAdmin, requireStaff } from "~/services/auth.server";
import { changeCommissionRate } from "~/services/settlements.server";
import moneyStyles from "~/styles/money.css";
import { AGEING_BUCKETS } from "~/utils/ageing";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: moneyStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const t = await getFixedT(await getLocale(request), "money");
  const today = chinaToday();
  const isAdmin = user.role === "admin";
  const [rows, cooperatives, history] = await Promise.all([
    settlementOverview(db(), { today }),
    isAdmin ? cooperativesWithRates(db(), { today }) : Promise.resolve([]),
    commissionRateHistory(db()),
  ]);
  const totals = {
    payableFen: rows.reduce((sum, row) => sum + row.payableFen, 0),
    ageing: Object.fromEntries(AGEING_BUCKETS.map((bucket) => [bucket, rows.reduce((sum, row) => sum + row.ageing[bucket], 0)])) as Record<(typeof AGEING_BUCKETS)[number], number>,
    pendingPayoutFen: rows.reduce((sum, row) => sum + row.pendingPayoutFen, 0),
    paidPayoutFen: rows.reduce((sum, row) => sum + row.paidPayoutFen, 0),
  };
  return json({ title: t("meta.settlements"), today, isAdmin, rows, totals, cooperatives, history }, { headers: { "Cache-Control": "private, no-store" } });
}

/** `intent=rate`: an admin sets a cooperative's commission rate from a day on. */
export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const formData = await readForm(request);
  if (formData.get("intent") !== "rate") throw new Response("Unknown request", { status: 400 });
  const parsed = parseForm(commissionRateSchema, formData);
  if (!parsed.ok) return json({ values: parsed.values, errors: parsed.errors }, { status: 400 });
  // Captures keep the rate of the day they were paid, so a past day would change nothing and mislead.
  if (parsed.data.effective_from < chinaToday()) return json({ values: parsed.values, errors: { effective_from: "notPast" } }, { status: 400 });
  if (!(await cooperativeExists(db(), { id: parsed.data.cooperative_id }))) return json({ values: parsed.values, errors: { cooperative_id: "required" } }, { status: 400 });
  await changeCommissionRate(db(), { cooperativeId: parsed.data.cooperative_id, rateBp: parsed.data.rate, effectiveFrom: parsed.data.effective_from, userId: admin.id, ip: context.clientAddress });
  return redirect("/staff/settlements?notice=rateSaved#rates");
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffSettlements() {
  const { today, isAdmin, rows, totals, cooperatives, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("money");
  const locale = useLocale();
  const field = useMoneyFields();
  const form = { values: actionData?.values, errors: actionData?.errors, idPrefix: "rate" };
  return (
    <div className="money-page">
      <MoneyNotice />
      <h1>{t("settlements.title")}</h1>
      <p className="muted">{t("settlements.intro")}</p>
      <p><Link to="/staff/payouts">{t("settlements.payoutsLink")}</Link></p>
      {rows.length === 0 ? (
        <p>{t("settlements.empty")}</p>
      ) : (
        <ScrollBox label={t("settlements.title")}>
          <table className="money-table" data-testid="settlements">
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>{t("columns.cooperative")}</th>
                <th scope="col" rowSpan={2} className="num">{t("columns.payableNow")}</th>
                <th scope="colgroup" colSpan={3}>{t("settlements.ageingTitle")}</th>
                <th scope="col" rowSpan={2} className="num">{t("columns.pendingPayouts")}</th>
                <th scope="col" rowSpan={2} className="num">{t("columns.paidPayouts")}</th>
                <th scope="col" rowSpan={2} className="num">{t("columns.rate")}</th>
              </tr>
              <tr>
                {AGEING_BUCKETS.map((bucket) => (
                  <th key={bucket} scope="col" className="num">{t(`settlements.${bucket}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.cooperativeId} data-cooperative-id={row.cooperativeId}>
                  <th scope="row">{localized(row, "name", locale)}</th>
                  <td className="num" data-column="payable"><Fen fen={row.payableFen} /></td>
                  {AGEING_BUCKETS.map((bucket) => (
                    <td key={bucket} className="num" data-column={bucket}><Fen fen={row.ageing[bucket]} /></td>
                  ))}
                  <td className="num" data-column="pending"><Fen fen={row.pendingPayoutFen} /></td>
                  <td className="num" data-column="paid"><Fen fen={row.paidPayoutFen} /></td>
                  <td className="num">{formatRate(row.rateBp)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="settlement-totals">
                <th scope="row">{t("settlements.totals")}</th>
                <td className="num" data-column="payable"><Fen fen={totals.payableFen} /></td>
                {AGEING_BUCKETS.map((bucket) => (
                  <td key={bucket} className="num" data-column={bucket}><Fen fen={totals.ageing[bucket]} /></td>
                ))}
                <td className="num" data-column="pending"><Fen fen={totals.pendingPayoutFen} /></td>
                <td className="num" data-column="paid"><Fen fen={totals.paidPayoutFen} /></td>
                <td />
              </tr>
            </tfoot>
          </table>
        </ScrollBox>
      )}

      <section className="card" id="rates" aria-labelledby="rates-title">
        <h2 id="rates-title">{t("settlements.ratesTitle")}</h2>
        <p className="muted">{t("settlements.ratesIntro")}</p>
        {isAdmin ? (
          <>
            <MoneyFormProblem errors={actionData?.errors} />
            <Form method="post" className="money-form" noValidate>
              <input type="hidden" name="intent" value="rate" />
              <SelectField {...field(form, "cooperative_id")} label={t("settlements.cooperative")} required>
                <Options options={cooperatives.map((c) => ({ value: String(c.id), label: `${localized(c, "name", locale)} (${formatRate(c.rateBp)})` }))} placeholder="—" />
              </SelectField>
              <Field {...field(form, "rate")} label={t("settlements.rateLabel")} hint={t("settlements.rateHint")} inputMode="decimal" required />
              <Field {...field(form, "effective_from", today)} type="date" min={today} label={t("columns.effectiveFrom")} required />
              <SubmitButton intent="rate">{t("settlements.rateSubmit")}</SubmitButton>
            </Form>
          </>
        ) : (
          <p>{t("settlements.adminOnly")}</p>
        )}
        <h3>{t("settlements.history")}</h3>
        {history.length === 0 ? (
          <p>{t("settlements.noHistory")}</p>
        ) : (
          <ScrollBox label={t("settlements.history")}>
            <DataTable rows={history} rowKey={(rate) => rate.id} testId="rate-history" className="money-table" wrapClassName={null} columns={[
              { header: t("columns.cooperative"), cell: (rate) => localized(rate, "name", locale) },
              { header: t("columns.rate"), num: true, cell: (rate) => formatRate(rate.rate_bp) },
              { header: t("columns.effectiveFrom"), cell: (rate) => rate.effective_from },
              { header: t("columns.setBy"), cell: (rate) => rate.set_by_name ?? "—" },
              { header: t("columns.setAt"), cell: (rate) => formatChinaDateTime(rate.created_at) },
            ]} />
          </ScrollBox>
        )}
      </section>
    </div>
  );
}

/** A table's box that scrolls sideways on a phone; it takes the keyboard focus so it can be scrolled without a mouse. */
function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="money-table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
