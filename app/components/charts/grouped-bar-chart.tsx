import { ChartSvg, LabelAxis, ValueGrid, valueScale, type ChartProps } from "~/components/charts/chart-frame";

export interface ChartSeries {
  name: string;
  /** Styles the series' bars and its legend swatch (`chart__series--<key>`). */
  key: string;
  /** One value per label, in the labels' order. */
  values: readonly number[];
}

type GroupedBarChartProps = Omit<ChartProps, "data"> & { labels: readonly string[]; series: readonly ChartSeries[] };

/**
 * Bars of several series side by side under each label, drawn on the server as plain SVG with
 * a title, a description and a legend; pages show the numbers in a table too.
 */
export function GroupedBarChart({ title, description, labels, series, formatValue, width = 720, height = 260 }: GroupedBarChartProps) {
  const margin = { top: 12, right: 12, bottom: 64, left: 72 };
  const innerWidth = width - margin.left - margin.right;
  const { innerHeight, ticks, y } = valueScale(series.flatMap((s) => s.values.map((value) => ({ label: s.name, value }))), height, margin);
  const band = labels.length > 0 ? innerWidth / labels.length : innerWidth;
  const barWidth = Math.max(1, (band * 0.8) / Math.max(1, series.length));
  const groupStart = (index: number) => margin.left + index * band + (band - barWidth * series.length) / 2;
  const axisLabels = labels.map((label) => ({ label, value: 0 }));
  return (
    <ChartSvg title={title} description={description} width={width} height={height} className="chart chart--grouped" preserveAspectRatio="xMidYMid meet">
      <ValueGrid ticks={ticks} y={y} width={width} margin={margin} formatValue={formatValue} />
      {series.map((s, seriesIndex) => (
        <g key={s.key} className={`chart__series chart__series--${s.key}`}>
          {labels.map((label, index) => {
            const value = s.values[index] ?? 0;
            const barTop = y(value);
            return (
              <rect key={label} x={groupStart(index) + seriesIndex * barWidth} y={barTop} width={barWidth} height={Math.max(0, margin.top + innerHeight - barTop)}>
                <title>{`${label} · ${s.name}: ${formatValue(value)}`}</title>
              </rect>
            );
          })}
        </g>
      ))}
      <LabelAxis data={axisLabels} x={(index) => margin.left + index * band + band / 2} labelEvery={Math.max(1, Math.ceil(labels.length / 12))} width={width} height={height} margin={margin} innerHeight={innerHeight} />
      <g className="chart__legend" aria-hidden="true">
        {series.map((s, seriesIndex) => {
          const x = margin.left + seriesIndex * (innerWidth / Math.max(1, series.length));
          return (
            <g key={s.key} className={`chart__series chart__series--${s.key}`}>
              <rect x={x} y={height - 18} width={12} height={12} />
              <text x={x + 18} y={height - 12} dy="0.32em">{s.name}</text>
            </g>
          );
        })}
      </g>
    </ChartSvg>
  );
}
