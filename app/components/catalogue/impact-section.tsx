import { useTranslation } from "react-i18next";
import { GroupedBarChart } from "~/components/charts/grouped-bar-chart";
import type { CooperativeImpact } from "~/types/impact";
import { formatFen } from "~/utils/money";

/**
 * A cooperative's public impact figures, from the ledger: paid to it and distributed to its
 * member households this year, by month as a server-drawn chart with the same numbers in a
 * table. Household figures appear only when known; no household is ever named.
 */
export function ImpactSection({ impact }: { impact: CooperativeImpact }) {
  const { t } = useTranslation("catalogue");
  const { t: th } = useTranslation("households");
  const { year } = impact;
  const distributedByMonth = new Map(impact.distributedByMonth.map((row) => [row.month, row.fen]));
  const chartTitle = th("impact.chartTitle", { year });
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
      {impact.settledFen > 0 || (impact.distributedFen ?? 0) > 0 ? (
        <>
          <GroupedBarChart
            title={chartTitle}
            description={th("impact.chartDescription", { year, settled: formatFen(impact.settledFen), distributed: formatFen(impact.distributedFen ?? 0) })}
            labels={impact.settledByMonth.map((row) => monthLabel(row.month))}
            series={[
              { key: "settled", name: th("impact.settledSeries"), values: impact.settledByMonth.map((row) => row.fen) },
              { key: "distributed", name: th("impact.distributedSeries"), values: impact.settledByMonth.map((row) => distributedByMonth.get(row.month) ?? 0) },
            ]}
            formatValue={formatFen}
            height={240}
          />
          <table className="table visually-hidden">
            <caption>{chartTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{th("impact.month")}</th>
                <th scope="col">{th("impact.settledSeries")}</th>
                <th scope="col">{th("impact.distributedSeries")}</th>
              </tr>
            </thead>
            <tbody>
              {impact.settledByMonth.map((row) => (
                <tr key={row.month} data-testid="impact-month">
                  <th scope="row">{monthLabel(row.month)}</th>
                  <td>{formatFen(row.fen)}</td>
                  <td>{formatFen(distributedByMonth.get(row.month) ?? 0)}</td>
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
