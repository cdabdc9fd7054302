import * as echarts from 'echarts';

/**
 * Charts rendered on the server as SVG by Apache ECharts' server-side renderer: the page carries
 * the picture itself, with no script and no canvas, so it prints, works without JavaScript and
 * reads the same in every browser. Each chart has a fixed drawing size; its SVG scales to the page
 * by its viewBox (see .chart in app.css).
 */
export type Option = Parameters<echarts.ECharts['setOption']>[0];

export function renderSvg(option: Option, width: number, height: number): string {
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
