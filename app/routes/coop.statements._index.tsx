import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Options, SelectField, SubmitButton } from "~/components/forms";
import { BatchStatusBadge, Fen, MoneyFormProblem, MoneyNotice, PaymentBadge, useMoneyFields } from "~/components/money/parts";
import { formatChinaDateTime } from "~/components/coop/locale";
import { cooperativePayableFen, cooperativePayouts, cooperativeStatements, settlementPeriodOf } from "~/models/settlement-report.server";
import { SETTLEMENT_PERIOD_CHOICES, settlementPeriodSchema } from "~/schemas/money";
import { requireCooperative } from "~/services/auth.server";
import { changeSettlementPeriod } from "~/services/settlements.server";
import moneyStyles from "~/styles/money.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: moneyStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "money");
  const [statements, payableFen, payouts, period] = await Promise.all([
    cooperativeStatements(db(), { cooperativeId: cooperative.id }),
    cooperativePayableFen(db(), { cooperativeId: cooperative.id }),
    cooperativePayouts(db(), { cooperativeId: cooperative.id }),
    settlementPeriodOf(db(), { cooperativeId: cooperative.id }),
  ]);
  const awaitingPaymentFen = statements.filter((s) => s.payment === "unpaid" || s.payment === "in_payout").reduce((sum, s) => sum + s.totalFen, 0);
  return json({ title: t("meta.statements"), statements, payableFen, awaitingPaymentFen, payouts, period }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const formData = await readForm(request);
  if (formData.get("intent") !== "period") throw new Response("Unknown request", { status: 400 });
  const parsed = parseForm(settlementPeriodSchema, formData);
  if (!parsed.ok) return json({ values: parsed.values, errors: parsed.errors }, { status: 400 });
  await changeSettlementPeriod(db(), { cooperativeId: cooperative.id, period: parsed.data.settlement_period, userId: user.id, ip: context.clientAddress });
  return redirect("/coop/statements?notice=periodSaved");
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopStatements() {
  const { statements, payableFen, awaitingPaymentFen, payouts, period } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("money");
  const field = useMoneyFields();
  return (
    <div className="money-page">
      <MoneyNotice />
      <h1>{t("statements.title")}</h1>
      <p className="muted">{t("statements.intro")}</p>

      <section className="card money-balance" aria-labelledby="balance-title">
        <h2 id="balance-title">{t("statements.balance")}</h2>
        <p className="money-balance__figure">
          <Fen fen={payableFen} testId="payable-balance" />
        </p>
        <p className="muted">
          {t("statements.balanceHint")}{" "}
          <Fen fen={awaitingPaymentFen} testId="awaiting-payment" />
        </p>
      </section>

      {statements.length === 0 ? (
        <p>{t("statements.none")}</p>
      ) : (
        <ScrollBox className="money-table-wrap">
          <table className="money-table money-table--stack" data-testid="statements">
            <thead>
              <tr>
                <th scope="col">{t("columns.number")}</th>
                <th scope="col">{t("columns.period")}</th>
                <th scope="col" className="num">{t("columns.sales")}</th>
                <th scope="col" className="num">{t("columns.refunds")}</th>
                <th scope="col" className="num">{t("columns.adjustments")}</th>
                <th scope="col" className="num">{t("columns.commission")}</th>
                <th scope="col" className="num">{t("columns.opening")}</th>
                <th scope="col" className="num">{t("columns.total")}</th>
                <th scope="col">{t("columns.status")}</th>
                <th scope="col"><span className="visually-hidden">CSV</span></th>
              </tr>
            </thead>
            <tbody>
              {statements.map((s) => (
                <tr key={s.id} data-statement={s.number}>
                  <td data-label={t("columns.number")}><Link to={`/coop/statements/${s.id}`}>{s.number}</Link></td>
                  <td data-label={t("columns.period")}>{s.periodStart} – {s.periodEnd}</td>
                  <td data-label={t("columns.sales")} className="num"><Fen fen={s.salesFen} /></td>
                  <td data-label={t("columns.refunds")} className="num"><Fen fen={s.refundsFen} /></td>
                  <td data-label={t("columns.adjustments")} className="num"><Fen fen={s.adjustmentsFen} /></td>
                  <td data-label={t("columns.commission")} className="num"><Fen fen={s.commissionFen} /></td>
                  <td data-label={t("columns.opening")} className="num"><Fen fen={s.openingFen} /></td>
                  <td data-label={t("columns.total")} className="num"><strong><Fen fen={s.totalFen} /></strong></td>
                  <td data-label={t("columns.status")}><PaymentBadge payment={s.payment} /></td>
                  <td data-label="CSV"><a href={`/coop/statements/${s.id}.csv`} download>{t("statements.csv")}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}

      <section className="card" aria-labelledby="payouts-title">
        <h2 id="payouts-title">{t("statements.payoutsTitle")}</h2>
        {payouts.length === 0 ? (
          <p>{t("statements.payoutsNone")}</p>
        ) : (
          <ScrollBox className="money-table-wrap">
            <table className="money-table" data-testid="coop-payouts">
              <thead>
                <tr>
                  <th scope="col">{t("columns.batch")}</th>
                  <th scope="col">{t("columns.statement")}</th>
                  <th scope="col" className="num">{t("columns.amount")}</th>
                  <th scope="col">{t("columns.account")}</th>
                  <th scope="col">{t("columns.status")}</th>
                  <th scope="col">{t("columns.paidAt")}</th>
                  <th scope="col">{t("columns.reference")}</th>
                </tr>
              </thead>
              <tbody>
                {payouts.map((p) => (
                  <tr key={`${p.batch_number}-${p.statement_number}`}>
                    <td>{p.batch_number}</td>
                    <td>{p.statement_number}</td>
                    <td className="num"><Fen fen={p.amount_fen} /></td>
                    <td>{p.bank_name} {p.accountNumber}</td>
                    <td><BatchStatusBadge status={p.status} /></td>
                    <td>{p.paid_at ? formatChinaDateTime(p.paid_at) : "—"}</td>
                    <td>{p.bank_reference ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
        <p><Link to="/coop/bank-account">{t("nav.bankAccount")} →</Link></p>
      </section>

      <section className="card" aria-labelledby="period-title">
        <h2 id="period-title">{t("statements.periodTitle")}</h2>
        <MoneyFormProblem errors={actionData?.errors} />
        <Form method="post" className="money-form">
          <input type="hidden" name="intent" value="period" />
          <SelectField {...field({ values: actionData?.values, errors: actionData?.errors, idPrefix: "period" }, "settlement_period", period)} label={t("statements.periodLabel")} hint={t("statements.periodHint")}>
            <Options options={SETTLEMENT_PERIOD_CHOICES.map((p) => ({ value: p, label: t(`periods.${p}`) }))} />
          </SelectField>
          <SubmitButton intent="period">{t("statements.periodSubmit")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
