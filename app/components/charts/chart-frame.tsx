import { useId, type ReactNode } from "react";
import { niceTicks } from "~/components/charts/scale";

export interface ChartDatum {
  label: string;
  value: number;
}

export interface ChartProps {
  title: string;
  description: string;
  data: readonly ChartDatum[];
  /** How a value is written on the axis and in tooltips (e.g. formatFen). */
  formatValue: (value: number) => string;
  width?: number;
  height?: number;
}

export type ChartMargin = { top: number; right: number; bottom: number; left: number };

/** The accessible SVG every chart draws into: a title and description name the image. */
export function ChartSvg({ title, description, width, height, className, preserveAspectRatio, children }: {
  title: string;
  description: string;
  width: number;
  height: number;
  className: string;
  preserveAspectRatio?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className={className} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio={preserveAspectRatio}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

/** A value axis from zero to a "nice" maximum above the largest datum. */
export function valueScale(data: readonly ChartDatum[], height: number, margin: ChartMargin) {
  const innerHeight = height - margin.top - margin.bottom;
  const ticks = niceTicks(Math.max(0, ...data.map((d) => d.value)));
  const top = ticks[ticks.length - 1] ?? 1;
  const y = (value: number) => margin.top + innerHeight - (value / top) * innerHeight;
  return { innerHeight, ticks, y };
}

/** Horizontal grid lines at each tick, with the tick's value written at the left. */
export function ValueGrid({ ticks, y, width, margin, formatValue }: {
  ticks: readonly number[];
  y: (value: number) => number;
  width: number;
  margin: ChartMargin;
  formatValue: (value: number) => string;
}) {
  return (
    <g className="chart__grid" aria-hidden="true">
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
          <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">{formatValue(tick)}</text>
        </g>
      ))}
    </g>
  );
}

/** The baseline and every `labelEvery`-th datum's label centred under `x(index)`. */
export function LabelAxis({ data, x, labelEvery, width, height, margin, innerHeight }: {
  data: readonly ChartDatum[];
  x: (index: number) => number;
  labelEvery: number;
  width: number;
  height: number;
  margin: ChartMargin;
  innerHeight: number;
}) {
  return (
    <g className="chart__axis" aria-hidden="true">
      <line x1={margin.left} x2={width - margin.right} y1={margin.top + innerHeight} y2={margin.top + innerHeight} />
      {data.map((d, index) =>
        index % labelEvery === 0 ? (
          <text key={`${d.label}-${index}`} x={x(index)} y={height - margin.bottom + 16} textAnchor="middle">{d.label}</text>
        ) : null,
      )}
    </g>
  );
}
