import { renderSvg } from './charts';

/** The service desk's charts, drawn on the server as SVG like the risk heatmap (see charts.ts). */

const COLORS = { sla: '#16a34a', fcr: '#1d4ed8', reopen: '#dc2626' };

/** Per month: SLA attainment, first-contact resolution and reopen rate, in % (a gap where none resolved). */
export function serviceTrendSvg(
  rows: Array<{ period: string; sla: number | null; fcr: number | null; reopen: number | null }>,
): string {
  const line = (name: string, color: string, data: Array<number | null>) => ({
    name,
    type: 'line' as const,
    data,
    itemStyle: { color },
    lineStyle: { width: 2 },
    connectNulls: false,
  });
  return renderSvg(
    {
      // Without a canvas ECharts estimates text widths; a wide gap keeps the legend's words apart.
      legend: { data: ['SLA attainment', 'First-contact resolution', 'Reopen rate'], top: 0, itemGap: 90 },
      grid: { left: 64, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: rows.map((r) => r.period) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: [
        line(
          'SLA attainment',
          COLORS.sla,
          rows.map((r) => r.sla),
        ),
        line(
          'First-contact resolution',
          COLORS.fcr,
          rows.map((r) => r.fcr),
        ),
        line(
          'Reopen rate',
          COLORS.reopen,
          rows.map((r) => r.reopen),
        ),
      ],
    },
    760,
    300,
  );
}

/** Open cases by team member, stacked by age band (youngest first). */
export function backlogSvg(
  bands: readonly string[],
  rows: Array<{ name: string; counts: number[] }>,
): string {
  const shades = ['#dcfce7', '#bbf7d0', '#fde68a', '#f97316', '#b91c1c'];
  const longest = Math.max(6, ...rows.map((r) => r.name.length));
  return renderSvg(
    {
      legend: { data: [...bands], top: 0, itemGap: 30 },
      grid: { left: 24 + Math.min(7 * longest, 260), right: 20, top: 36, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
      series: bands.map((band, i) => ({
        name: band,
        type: 'bar' as const,
        stack: 'age',
        data: rows.map((r) => r.counts[i] ?? 0),
        itemStyle: { color: shades[i % shades.length] },
      })),
    },
    760,
    Math.max(160, 80 + 34 * rows.length),
  );
}

/** Causes as bars, most frequent first, with the running share as a line on a 0–100 % axis. */
export function paretoSvg(rows: Array<{ label: string; count: number; cumulativePct: number }>): string {
  return renderSvg(
    {
      grid: { left: 50, right: 60, top: 20, bottom: 70 },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { rotate: 20, interval: 0 } },
      yAxis: [
        { type: 'value', minInterval: 1, name: 'complaints' },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      ],
      series: [
        {
          type: 'bar',
          data: rows.map((r) => r.count),
          itemStyle: { color: '#1d4ed8' },
          label: { show: true },
        },
        {
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((r) => r.cumulativePct),
          itemStyle: { color: '#dc2626' },
          lineStyle: { width: 2 },
        },
      ],
    },
    760,
    320,
  );
}
