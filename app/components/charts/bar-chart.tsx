import { ChartSvg, LabelAxis, ValueGrid, valueScale, type ChartDatum, type ChartProps } from "~/components/charts/chart-frame";

export type { ChartDatum };

/**
 * Vertical bars, drawn on the server as plain SVG (no script, no library). The SVG carries
 * a title and description for assistive technology; pages show the numbers in a table too.
 */
export function BarChart({ title, description, data, formatValue, width = 720, height = 260 }: ChartProps) {
  const margin = { top: 12, right: 12, bottom: 44, left: 72 };
  const innerWidth = width - margin.left - margin.right;
  const { innerHeight, ticks, y } = valueScale(data, height, margin);
  const band = data.length > 0 ? innerWidth / data.length : innerWidth;
  const barWidth = Math.max(1, band * 0.7);
  const labelEvery = Math.max(1, Math.ceil(data.length / 10));
  return (
    <ChartSvg title={title} description={description} width={width} height={height} className="chart" preserveAspectRatio="xMidYMid meet">
      <ValueGrid ticks={ticks} y={y} width={width} margin={margin} formatValue={formatValue} />
      <g className="chart__bars">
        {data.map((d, index) => {
          const x = margin.left + index * band + (band - barWidth) / 2;
          const barTop = y(d.value);
          return (
            <rect key={`${d.label}-${index}`} x={x} y={barTop} width={barWidth} height={Math.max(0, margin.top + innerHeight - barTop)}>
              <title>{`${d.label}: ${formatValue(d.value)}`}</title>
            </rect>
          );
        })}
      </g>
      <LabelAxis data={data} x={(index) => margin.left + index * band + band / 2} labelEvery={labelEvery} width={width} height={height} margin={margin} innerHeight={innerHeight} />
    </ChartSvg>
  );
}

/** Horizontal bars with their labels, for rankings (cooperatives, products). */
export function HorizontalBarChart({ title, description, data, formatValue, width = 720 }: Omit<ChartProps, "height">) {
  const row = 28;
  const margin = { top: 8, right: 96, bottom: 8, left: 200 };
  const height = margin.top + margin.bottom + Math.max(1, data.length) * row;
  const innerWidth = width - margin.left - margin.right;
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <ChartSvg title={title} description={description} width={width} height={height} className="chart chart--horizontal">
      {data.map((d, index) => {
        const yTop = margin.top + index * row;
        const barWidth = Math.max(0, (d.value / max) * innerWidth);
        return (
          <g key={`${d.label}-${index}`}>
            <text x={margin.left - 8} y={yTop + row / 2} dy="0.32em" textAnchor="end" className="chart__label">
              {d.label.length > 18 ? `${d.label.slice(0, 17)}…` : d.label}
            </text>
            <rect x={margin.left} y={yTop + 4} width={barWidth} height={row - 8} className="chart__bar">
              <title>{`${d.label}: ${formatValue(d.value)}`}</title>
            </rect>
            <text x={margin.left + barWidth + 6} y={yTop + row / 2} dy="0.32em" className="chart__value">{formatValue(d.value)}</text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
