import * as echarts from 'echarts';

/**
 * Charts rendered on the server as SVG by Apache ECharts' server-side renderer: the page carries
 * the picture itself, with no script and no canvas, so it prints, works without JavaScript and
 * reads the same in every browser. Each chart has a fixed drawing size; its SVG scales to the page
 * by its viewBox (see .chart in app.css).
 */
type Option = Parameters<echarts.ECharts['setOption']>[0];

function renderSvg(option: Option, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Risk by week (of the promised date) and family: each cell the worst score, coloured low to late. */
export function riskHeatmapSvg(map: {
  weeks: string[];
  families: string[];
  cells: Array<{ week: string; family: string; score: number }>;
}): string {
  const height = Math.max(160, 70 + 34 * map.families.length);
  return renderSvg(
    {
      // Family names are as long as the ERP makes them; without a canvas ECharts cannot measure
      // text, so the grid leaves about 9 px per character of the longest (8 cut CENTRIFUGAL-PUMP's C).
      grid: {
        left: 24 + 9 * Math.max(4, ...map.families.map((f) => f.length)),
        right: 20,
        top: 10,
        bottom: 60,
      },
      xAxis: { type: 'category', data: map.weeks, name: 'week of', nameLocation: 'middle', nameGap: 40 },
      yAxis: { type: 'category', data: map.families },
      visualMap: {
        min: 0,
        max: 100,
        show: false,
        inRange: { color: ['#dcfce7', '#fde68a', '#f97316', '#b91c1c'] },
      },
      series: [
        {
          type: 'heatmap',
          data: map.cells.map((c) => [map.weeks.indexOf(c.week), map.families.indexOf(c.family), c.score]),
          label: { show: true },
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
        },
      ],
    },
    Math.max(480, 130 + 70 * map.weeks.length),
    height,
  );
}

/** An item's availability over time: receipts and demand per day as bars, ATP as a step line. */
export function availabilitySvg(
  buckets: Array<{ date: string; receipts: number; demand: number; atp: number }>,
): string {
  return renderSvg(
    {
      // Without a canvas ECharts estimates text widths; a wide gap keeps the legend's words apart.
      legend: { data: ['Receipts', 'Demand', 'ATP'], top: 0, itemGap: 40 },
      grid: { left: 60, right: 20, top: 36, bottom: 50 },
      xAxis: { type: 'category', data: buckets.map((b) => b.date) },
      yAxis: { type: 'value' },
      series: [
        {
          name: 'Receipts',
          type: 'bar',
          data: buckets.map((b) => b.receipts),
          itemStyle: { color: '#16a34a' },
        },
        { name: 'Demand', type: 'bar', data: buckets.map((b) => -b.demand), itemStyle: { color: '#dc2626' } },
        {
          name: 'ATP',
          type: 'line',
          step: 'end',
          data: buckets.map((b) => b.atp),
          itemStyle: { color: '#1d4ed8' },
          lineStyle: { width: 2 },
        },
      ],
    },
    760,
    300,
  );
}

const BASIS_COLOURS = ['#1d4ed8', '#16a34a', '#f97316'];

interface MonthlySeries {
  name: string;
  type: 'line' | 'bar';
  values: Array<number | null>;
  color: string;
}

/** Percentages (0–100) by month; a month without a figure is a gap. */
function monthlyPercentSvg(periods: string[], series: MonthlySeries[]): string {
  return renderSvg(
    {
      // Under the plot, where the y axis's labels cannot collide with it; ECharts guesses text widths.
      legend: { data: series.map((s) => s.name), bottom: 0, itemGap: 44 },
      grid: { left: 56, right: 20, top: 16, bottom: 60 },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: series.map((s) => ({
        name: s.name,
        type: s.type,
        data: s.values,
        itemStyle: { color: s.color },
        ...(s.type === 'line' && { connectNulls: false, symbolSize: 8, lineStyle: { width: 2 } }),
      })),
    },
    Math.max(520, 80 + 60 * periods.length),
    300,
  );
}

/** OTIF % by month, one line per basis (requested, first and last confirmed). */
export function otifTrendSvg(
  periods: string[],
  series: Array<{ name: string; values: Array<number | null> }>,
): string {
  return monthlyPercentSvg(
    periods,
    series.map((s, i) => ({ ...s, type: 'line', color: BASIS_COLOURS[i % BASIS_COLOURS.length]! })),
  );
}

/** Quote hit rate by month, by count and by value, as bars. */
export function hitRateSvg(
  periods: string[],
  byCount: Array<number | null>,
  byValue: Array<number | null>,
): string {
  return monthlyPercentSvg(periods, [
    { name: 'By count', type: 'bar', values: byCount, color: '#1d4ed8' },
    { name: 'By value', type: 'bar', values: byValue, color: '#93c5fd' },
  ]);
}

/** Mean quoted against actual lead time in days, per family, as bars side by side. */
export function leadTimeSvg(
  families: string[],
  quoted: Array<number | null>,
  actual: Array<number | null>,
): string {
  return renderSvg(
    {
      legend: { data: ['Quoted', 'Actual'], top: 0, itemGap: 40 },
      // Family names as long as the ERP makes them, on the vertical axis (see riskHeatmapSvg).
      grid: { left: 24 + 9 * Math.max(4, ...families.map((f) => f.length)), right: 30, top: 36, bottom: 40 },
      xAxis: { type: 'value', name: 'days', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: families },
      series: [
        { name: 'Quoted', type: 'bar', data: quoted, itemStyle: { color: '#a855f7' } },
        { name: 'Actual', type: 'bar', data: actual, itemStyle: { color: '#f97316' } },
      ],
    },
    640,
    Math.max(180, 80 + 46 * families.length),
  );
}
