import { useId } from "react";
import type { ChartDatum } from "~/components/charts/bar-chart";
import { niceTicks } from "~/components/charts/scale";

/** A line over time (or any ordered labels), server-rendered SVG with a title and description. */
export function LineChart({
  title,
  description,
  data,
  formatValue,
  width = 720,
  height = 260,
}: {
  title: string;
  description: string;
  data: readonly ChartDatum[];
  formatValue: (value: number) => string;
  width?: number;
  height?: number;
}) {
  const id = useId();
  const margin = { top: 12, right: 16, bottom: 44, left: 72 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const max = Math.max(0, ...data.map((d) => d.value));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const x = (index: number) => margin.left + (data.length <= 1 ? innerWidth / 2 : (index / (data.length - 1)) * innerWidth);
  const y = (value: number) => margin.top + innerHeight - (value / top) * innerHeight;
  const points = data.map((d, index) => `${x(index).toFixed(1)},${y(d.value).toFixed(1)}`).join(" ");
  const labelEvery = Math.max(1, Math.ceil(data.length / 8));
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="chart chart--line" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <g className="chart__grid" aria-hidden="true">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
            <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">{formatValue(tick)}</text>
          </g>
        ))}
      </g>
      {data.length > 0 ? <polyline points={points} className="chart__line" fill="none" /> : null}
      {data.map((d, index) => (
        <circle key={`${d.label}-${index}`} cx={x(index)} cy={y(d.value)} r={3} className="chart__point">
          <title>{`${d.label}: ${formatValue(d.value)}`}</title>
        </circle>
      ))}
      <g className="chart__axis" aria-hidden="true">
        <line x1={margin.left} x2={width - margin.right} y1={margin.top + innerHeight} y2={margin.top + innerHeight} />
        {data.map((d, index) =>
          index % labelEvery === 0 ? (
            <text key={`${d.label}-${index}`} x={x(index)} y={height - margin.bottom + 16} textAnchor="middle">{d.label}</text>
          ) : null,
        )}
      </g>
    </svg>
  );
}
