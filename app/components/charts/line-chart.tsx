import { ChartSvg, LabelAxis, ValueGrid, valueScale, type ChartProps } from "~/components/charts/chart-frame";

/** A line over time (or any ordered labels), server-rendered SVG with a title and description. */
export function LineChart({ title, description, data, formatValue, width = 720, height = 260 }: ChartProps) {
  const margin = { top: 12, right: 16, bottom: 44, left: 72 };
  const innerWidth = width - margin.left - margin.right;
  const { innerHeight, ticks, y } = valueScale(data, height, margin);
  const x = (index: number) => margin.left + (data.length <= 1 ? innerWidth / 2 : (index / (data.length - 1)) * innerWidth);
  const points = data.map((d, index) => `${x(index).toFixed(1)},${y(d.value).toFixed(1)}`).join(" ");
  const labelEvery = Math.max(1, Math.ceil(data.length / 8));
  return (
    <ChartSvg title={title} description={description} width={width} height={height} className="chart chart--line">
      <ValueGrid ticks={ticks} y={y} width={width} margin={margin} formatValue={formatValue} />
      {data.length > 0 ? <polyline points={points} className="chart__line" fill="none" /> : null}
      {data.map((d, index) => (
        <circle key={`${d.label}-${index}`} cx={x(index)} cy={y(d.value)} r={3} className="chart__point">
          <title>{`${d.label}: ${formatValue(d.value)}`}</title>
        </circle>
      ))}
      <LabelAxis data={data} x={x} labelEvery={labelEvery} width={width} height={height} margin={margin} innerHeight={innerHeight} />
    </ChartSvg>
  );
}
