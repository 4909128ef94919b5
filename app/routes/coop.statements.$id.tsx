import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { Fen, PaymentBadge } from "~/components/money/parts";
import { PrintButton } from "~/components/money/print-button";
import { localized } from "~/i18n";
import { cooperativeStatement } from "~/models/settlement-report.server";
import { statementWithLines } from "~/models/statement.server";
import { idParam } from "~/schemas/money";
import { requireCooperative } from "~/services/auth.server";
import moneyStyles from "~/styles/money.css";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { notFound } from "~/utils/responses.server";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: moneyStyles }];

/** A statement of the cooperative the portal acts for, printable; anyone else's is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const id = idParam(params.id);
  const found = id === null ? null : await statementWithLines(db(), { id, cooperativeId: cooperative.id });
  const summary = found ? await cooperativeStatement(db(), { id: found.statement.id, cooperativeId: cooperative.id }) : null;
  if (!found || !summary) throw notFound();
  const t = await getFixedT(await getLocale(request), "money");
  return json(
    {
      title: t("meta.statement", { number: found.statement.number }),
      cooperative: { name_zh: cooperative.name_zh, name_en: cooperative.name_en },
      statement: summary,
      holdDays: found.statement.hold_days,
      lines: found.lines,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopStatement() {
  const { cooperative, statement, holdDays, lines } = useLoaderData<typeof loader>();
  const { t } = useTranslation("money");
  const locale = useLocale();
  return (
    <article className="money-page money-statement" data-testid="statement">
      <p className="money-noprint">
        <Link to="/coop/statements">{t("statement.back")}</Link>
      </p>
      <header className="money-statement__head">
        <h1>{t("meta.statement", { number: statement.number })}</h1>
        <dl className="money-kv">
          <dt>{t("statement.cooperative")}</dt>
          <dd>{localized(cooperative, "name", locale)}</dd>
          <dt>{t("statement.period")}</dt>
          <dd>{statement.periodStart} – {statement.periodEnd}</dd>
          <dt>{t("statement.issuedAt")}</dt>
          <dd>{formatChinaDateTime(statement.issuedAt)}</dd>
          <dt>{t("statement.payment")}</dt>
          <dd><PaymentBadge payment={statement.payment} /></dd>
        </dl>
        <p className="muted">{t("statement.holdDays", { days: holdDays })}</p>
        {statement.payment === "paid" && statement.paidAt ? (
          <p data-testid="paid-with">{t("statement.paidWith", { date: formatChinaDateTime(statement.paidAt), batch: statement.batchNumber, reference: statement.bankReference })}</p>
        ) : null}
        {statement.totalFen < 0 ? <p>{t("statement.carried")}</p> : null}
      </header>

      <section aria-labelledby="lines-title">
        <h2 id="lines-title">{t("statement.linesTitle")}</h2>
        {lines.length === 0 ? (
          <p>{t("statement.noLines")}</p>
        ) : (
          <ScrollBox className="money-table-wrap">
            <table className="money-table" data-testid="statement-lines">
              <thead>
                <tr>
                  <th scope="col">{t("columns.order")}</th>
                  <th scope="col">{t("columns.kind")}</th>
                  <th scope="col">{t("columns.postedAt")}</th>
                  <th scope="col" className="num">{t("columns.goods")}</th>
                  <th scope="col" className="num">{t("columns.commission")}</th>
                  <th scope="col" className="num">{t("columns.payable")}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line, index) => (
                  <tr key={`${line.orderNumber}-${index}`}>
                    <td>{line.orderNumber || "—"}</td>
                    <td>{line.kind === "adjustment" ? t("statement.adjustmentReason", { reason: line.reason }) : t(`lineKinds.${line.kind}`)}</td>
                    <td>{formatChinaDateTime(line.postedAt)}</td>
                    <td className="num"><Fen fen={line.goodsFen} /></td>
                    <td className="num"><Fen fen={line.commissionFen} /></td>
                    <td className="num"><Fen fen={line.payableFen} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t("statement.totalsTitle")}</h2>
        <table className="money-table money-totals" data-testid="statement-totals">
          <tbody>
            <tr><th scope="row">{t("statement.salesLine")}</th><td className="num"><Fen fen={statement.salesFen} testId="total-sales" /></td></tr>
            <tr><th scope="row">{t("statement.refundsLine")}</th><td className="num"><Fen fen={statement.refundsFen} testId="total-refunds" /></td></tr>
            <tr><th scope="row">{t("statement.adjustmentsLine")}</th><td className="num"><Fen fen={statement.adjustmentsFen} testId="total-adjustments" /></td></tr>
            <tr><th scope="row">{t("statement.commissionLine")}</th><td className="num"><Fen fen={-statement.commissionFen} testId="total-commission" /></td></tr>
            <tr><th scope="row">{t("statement.openingLine")}</th><td className="num"><Fen fen={statement.openingFen} testId="total-opening" /></td></tr>
            <tr className="money-totals__grand"><th scope="row">{t("statement.totalLine")}</th><td className="num"><Fen fen={statement.totalFen} testId="total-payable" /></td></tr>
          </tbody>
        </table>
      </section>

      <p className="money-noprint money-actions">
        <PrintButton label={t("statement.print")} />
        <a href={`/coop/statements/${statement.id}.csv`} download>{t("statement.csv")}</a>
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
