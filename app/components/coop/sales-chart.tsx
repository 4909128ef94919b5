import { useTranslation } from "react-i18next";
import { formatFen } from "~/utils/money";

export interface SalesPoint {
  day: string;
  fen: number;
}

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { top: 10, right: 8, bottom: 22, left: 8 };

/**
 * Thirty days of sales as plain SVG bars drawn on the server: no chart library reaches the
 * phone. Screen readers get a title, a one-line summary and the numbers as a table.
 */
export function SalesChart({ points }: { points: readonly SalesPoint[] }) {
  const { t } = useTranslation("coop");
  if (points.length === 0) return null;
  const max = Math.max(...points.map((p) => p.fen));
  const total = points.reduce((sum, p) => sum + p.fen, 0);
  const first = points[0]!.day;
  const last = points[points.length - 1]!.day;
  const best = points.reduce((top, p) => (p.fen > top.fen ? p : top), points[0]!);
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerWidth / points.length;
  const barWidth = Math.max(2, slot * 0.7);
  return (
    <figure className="coop-chart">
      <p className="coop-chart__total">{t("dashboard.salesTotal", { amount: formatFen(total) })}</p>
      {max === 0 ? (
        <p className="muted">{t("dashboard.chartEmpty")}</p>
      ) : (
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby="sales-chart-title sales-chart-desc"
          className="coop-chart__svg"
          preserveAspectRatio="none"
          data-testid="sales-chart"
        >
          <title id="sales-chart-title">{t("dashboard.chartTitle", { from: first, to: last })}</title>
          <desc id="sales-chart-desc">{t("dashboard.chartDesc", { best: formatFen(best.fen), day: best.day })}</desc>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="coop-chart__axis" />
          {points.map((point, index) => {
            const height = max === 0 ? 0 : Math.round((point.fen / max) * innerHeight);
            const x = PAD.left + index * slot + (slot - barWidth) / 2;
            return (
              <rect key={point.day} x={x.toFixed(1)} y={HEIGHT - PAD.bottom - height} width={barWidth.toFixed(1)} height={height} className="coop-chart__bar">
                <title>{`${point.day}: ${formatFen(point.fen)}`}</title>
              </rect>
            );
          })}
          <text x={PAD.left} y={HEIGHT - 6} className="coop-chart__label">{first.slice(5)}</text>
          <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="coop-chart__label">{last.slice(5)}</text>
        </svg>
      )}
      <details className="coop-chart__data">
        <summary>{t("dashboard.chartTitle", { from: first, to: last })}</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.day")}</th>
              <th scope="col">{t("dashboard.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {points.filter((p) => p.fen > 0).map((p) => (
              <tr key={p.day}>
                <td>{p.day}</td>
                <td>{formatFen(p.fen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
