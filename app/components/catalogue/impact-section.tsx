import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/charts/bar-chart";
import type { CooperativeImpact } from "~/types/impact";
import { formatFen } from "~/utils/money";

/**
 * A cooperative's public impact figures, from the ledger: paid to it this year, by month as a
 * server-drawn chart with the same numbers in a table. Household figures appear only when known.
 */
export function ImpactSection({ impact }: { impact: CooperativeImpact }) {
  const { t } = useTranslation("catalogue");
  const { year } = impact;
  const monthLabel = (month: string) => t("transparency.month", { month: Number(month.slice(5, 7)) });
  return (
    <section className="coop-profile__impact card" aria-labelledby="impact-title" data-testid="impact">
      <h2 id="impact-title">{t("transparency.impactTitle")}</h2>
      <p className="muted">{t("transparency.impactIntro")}</p>
      <dl className="facts facts--inline">
        <div>
          <dt>{t("transparency.settled", { year })}</dt>
          <dd data-testid="impact-settled">{formatFen(impact.settledFen)}</dd>
        </div>
        <div>
          <dt>{t("transparency.stated", { year })}</dt>
          <dd data-testid="impact-stated">{formatFen(impact.statedFen)}</dd>
        </div>
        {impact.households !== null ? (
          <div>
            <dt>{t("transparency.households")}</dt>
            <dd data-testid="impact-households">{t("transparency.householdsValue", { count: impact.households })}</dd>
          </div>
        ) : null}
        {impact.distributedFen !== null ? (
          <div>
            <dt>{t("transparency.distributed", { year })}</dt>
            <dd data-testid="impact-distributed">{formatFen(impact.distributedFen)}</dd>
          </div>
        ) : null}
      </dl>
      {impact.settledFen > 0 ? (
        <>
          <BarChart
            title={t("transparency.chartTitle", { year })}
            description={t("transparency.chartDescription", { year, total: formatFen(impact.settledFen) })}
            data={impact.settledByMonth.map((row) => ({ label: monthLabel(row.month), value: row.fen }))}
            formatValue={formatFen}
            height={220}
          />
          <table className="table visually-hidden">
            <caption>{t("transparency.chartTitle", { year })}</caption>
            <tbody>
              {impact.settledByMonth.map((row) => (
                <tr key={row.month} data-testid="impact-month">
                  <th scope="row">{monthLabel(row.month)}</th>
                  <td>{formatFen(row.fen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="muted">{t("transparency.noSettlement")}</p>
      )}
    </section>
  );
}
