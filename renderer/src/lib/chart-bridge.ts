// The bridge chart's option: per route, the share of sessions that ended within N minutes after
// a failed, a slow and a normal call, as three bars side by side with the counts beside them,
// routes sorted so the worst failure share is at the top. Pure.
import type { BridgeRow } from '../../../shared/analysis.js';
import type { DrillTerm } from './dashboard-query.js';
import { routeLabel } from './chart-bars.js';
import { axisStyle, BAR_GRID, emptyModel, formatCount, formatMs, formatPercent, tooltipBase, type ChartModel, type ChartPalette } from './chart-base.js';

const BRIDGE_CLASSES = [
  { id: 'failed', label: 'After a failed call' },
  { id: 'slow', label: 'After a slow call' },
  { id: 'normal', label: 'After a normal call' },
] as const;

type ClassId = (typeof BRIDGE_CLASSES)[number]['id'];

/** left / sessions; null when no session had such a call. */
const share = (o: { sessions: number; left: number }): number | null => (o.sessions > 0 ? o.left / o.sessions : null);

/** Worst failure share first; routes without failed calls after those with, by failed sessions, then calls. */
export function sortBridgeRows(rows: readonly BridgeRow[]): BridgeRow[] {
  return [...rows].sort((a, b) => {
    const sa = share(a.failed);
    const sb = share(b.failed);
    if (sa !== sb) {
      if (sa === null) return 1;
      if (sb === null) return -1;
      return sb - sa;
    }
    return b.failed.sessions - a.failed.sessions || b.calls - a.calls;
  });
}

/** `3/7` beside a bar: sessions that left of sessions with such a call. */
const countLabel = (o: { sessions: number; left: number }): string => (o.sessions > 0 ? `${formatCount(o.left)}/${formatCount(o.sessions)}` : '');

function classTerms(row: BridgeRow, id: ClassId): DrillTerm[] | null {
  const base: DrillTerm[] = [
    { kind: 'is', field: 'kind', value: 'api' },
    { kind: 'is', field: 'route', value: row.route },
    { kind: 'is', field: 'method', value: row.method },
    // The chart counts calls made in a session only.
    { kind: 'present', field: 'session_id' },
  ];
  switch (id) {
    case 'failed':
      return [...base, { kind: 'failed' }];
    case 'slow':
      return row.p95_ms === null ? null : [...base, { kind: 'slow', than: row.p95_ms }];
    case 'normal':
      return [...base, { kind: 'normal', slowerThan: row.p95_ms }];
  }
}

export function bridgeModel(rows: readonly BridgeRow[], windowMinutes: number, palette: ChartPalette): ChartModel {
  const sorted = sortBridgeRows(rows);
  if (sorted.length === 0) return emptyModel();
  const colours: Record<ClassId, string> = { failed: palette.serverError, slow: palette.clientError, normal: palette.ok };
  const axis = axisStyle(palette);
  const within = `within ${formatCount(windowMinutes)} min`;
  return {
    empty: false,
    option: {
      animation: false,
      grid: { ...BAR_GRID, top: 28, outerBoundsMode: 'none' },
      legend: { top: 0, left: 0, textStyle: { color: palette.textDim, fontSize: 11 }, itemWidth: 12, itemHeight: 8 },
      tooltip: {
        ...tooltipBase(palette, 'axis'),
        formatter: (raw: unknown) => {
          const params = (Array.isArray(raw) ? raw : [raw]) as { dataIndex?: number; marker?: unknown }[];
          const row = sorted[params[0]?.dataIndex ?? -1];
          if (!row) return '';
          const lines = [routeLabel(row.route, row.method, 120), `p95 ${formatMs(row.p95_ms)} · ${formatCount(row.calls)} calls`];
          BRIDGE_CLASSES.forEach((c, k) => {
            const o = row[c.id];
            const marker = typeof params[k]?.marker === 'string' ? params[k].marker : '';
            lines.push(
              o.sessions > 0
                ? `${marker}${c.label}: ${formatPercent(share(o))} ended ${within} (${formatCount(o.left)} of ${formatCount(o.sessions)} sessions)`
                : `${marker}${c.label}: no sessions`,
            );
          });
          return lines.join('\n');
        },
      },
      xAxis: { type: 'value', min: 0, max: 100, ...axis, axisLabel: { ...axis.axisLabel, formatter: (v: number) => `${v}%` } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: sorted.map((r) => routeLabel(r.route, r.method, 36)),
        ...axis,
        axisLabel: { ...axis.axisLabel, width: BAR_GRID.left - 12, overflow: 'truncate' },
        splitLine: { show: false },
      },
      series: BRIDGE_CLASSES.map((c) => ({
        type: 'bar',
        name: c.label,
        data: sorted.map((r) => {
          const s = share(r[c.id]);
          return s === null ? null : s * 100;
        }),
        itemStyle: { color: colours[c.id] },
        barMaxWidth: 10,
        barGap: '10%',
        label: {
          show: true,
          position: 'right',
          color: palette.textDim,
          fontSize: 10,
          formatter: (p: { dataIndex: number }) => {
            const row = sorted[p.dataIndex];
            return row ? countLabel(row[c.id]) : '';
          },
        },
      })),
    },
    drill: (seriesIndex, dataIndex) => {
      const row = sorted[dataIndex];
      const c = BRIDGE_CLASSES[seriesIndex];
      return row && c ? classTerms(row, c.id) : null;
    },
  };
}
