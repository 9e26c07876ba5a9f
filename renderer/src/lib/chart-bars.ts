// Options for the dashboard's ranked bar charts (top routes, slowest routes, top pages, events
// by type, status codes): one horizontal bar per group, largest at the top, each drilling into
// its group's events. Rows of stats.aggregate become items here. Pure.
import { keyText } from '../../../shared/analysis.js';
import type { DrillTerm } from './dashboard-query.js';
import { keyLabel } from './chart-text.js';
import { statusClass } from '../../../shared/fields.js';
import {
  axisStyle, BAR_GRID, COUNT_AXIS, emptyModel, formatCount, formatMs, formatPercent, tooltipBase, type ChartModel, type ChartPalette,
} from './chart-base.js';
import type { AggregateRow } from './chart-time-series.js';

export interface BarItem {
  /** The group as drawn on the axis (already made safe: chart-text.ts). */
  label: string;
  /** The group in full for the tooltip's first line (made safe too). */
  title: string;
  value: number | null;
  /** More lines for the tooltip. */
  details: string[];
  colour?: string;
  terms: DrillTerm[];
}

/** Labels on the axis are cut to about this many characters; the tooltip has the whole (or 120). */
const AXIS_LABEL_CHARS = 36;

/** `counts`: a value axis of whole numbers. */
export function barModel(items: readonly BarItem[], palette: ChartPalette, valueLabel: (v: number) => string, counts = false): ChartModel {
  // Items without a value get no bar; the axis, the tooltip and the drill all index the drawn ones.
  const drawn = items.filter((i) => i.value !== null);
  if (drawn.length === 0) return emptyModel();
  const axis = axisStyle(palette);
  return {
    empty: false,
    option: {
      animation: false,
      grid: { ...BAR_GRID, outerBoundsMode: 'none' },
      tooltip: {
        ...tooltipBase(palette, 'item'),
        formatter: (raw: unknown) => {
          const i = (raw as { dataIndex?: number }).dataIndex ?? -1;
          const item = drawn[i];
          return item ? [item.title, ...item.details].join('\n') : '';
        },
      },
      xAxis: { type: 'value', ...(counts ? COUNT_AXIS : {}), ...axis, axisLabel: { ...axis.axisLabel, formatter: valueLabel, hideOverlap: true } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: drawn.map((i) => i.label),
        ...axis,
        axisLabel: { ...axis.axisLabel, width: BAR_GRID.left - 12, overflow: 'truncate' },
        splitLine: { show: false },
      },
      series: [
        {
          type: 'bar',
          data: drawn.map((i) => ({ value: i.value ?? 0, itemStyle: { color: i.colour ?? palette.accent } })),
          barMaxWidth: 18,
          label: { show: true, position: 'right', color: palette.textDim, fontSize: 11, formatter: (p: { value?: unknown }) => valueLabel(typeof p.value === 'number' ? p.value : 0) },
        },
      ],
    },
    drill: (seriesIndex, dataIndex) => (seriesIndex === 0 ? (drawn[dataIndex]?.terms ?? null) : null),
  };
}

const API: DrillTerm = { kind: 'is', field: 'kind', value: 'api' };

/** `POST /api/cart`; a missing part is named. */
export function routeLabel(route: string | number | null | undefined, method: string | number | null | undefined, max: number): string {
  const r = keyText(route);
  const m = keyText(method);
  return `${m === null ? '' : `${keyLabel(m, '', 10)} `}${keyLabel(r, '(no route)', max)}`;
}

function routeTerms(row: AggregateRow): DrillTerm[] {
  return [API, { kind: 'is', field: 'route', value: keyText(row.keys[0]) }, { kind: 'is', field: 'method', value: keyText(row.keys[1]) }];
}

/** group_by [route, method], metrics [count, errors]. */
export function topRouteItems(rows: readonly AggregateRow[]): BarItem[] {
  return rows.map((row) => {
    const count = row.values[0] ?? 0;
    const errors = row.values[1] ?? 0;
    return {
      label: routeLabel(row.keys[0], row.keys[1], AXIS_LABEL_CHARS),
      title: routeLabel(row.keys[0], row.keys[1], 120),
      value: count,
      details: [`Calls  ${formatCount(count)}`, `Errors  ${formatCount(errors)} (${formatPercent(count ? errors / count : null)})`],
      terms: routeTerms(row),
    };
  });
}

/** group_by [route, method], metrics [p95, count, p50]; routes without durations have no bar (barModel). */
export function slowRouteItems(rows: readonly AggregateRow[], palette: ChartPalette): BarItem[] {
  return rows.map((row) => ({
    label: routeLabel(row.keys[0], row.keys[1], AXIS_LABEL_CHARS),
    title: routeLabel(row.keys[0], row.keys[1], 120),
    value: row.values[0] ?? null,
    details: [`p95  ${formatMs(row.values[0])}`, `p50  ${formatMs(row.values[2])}`, `Calls  ${formatCount(row.values[1])}`],
    colour: palette.clientError,
    terms: routeTerms(row),
  }));
}

/**
 * One group key per row (group_by [field]), metric [count]: top pages, events by type.
 * `scope` is what the chart's call narrowed to (type:page_view, kind:user).
 */
export function countItems(rows: readonly AggregateRow[], field: 'page' | 'type', scope: DrillTerm[], noun: string, colour?: string): BarItem[] {
  return rows.map((row) => {
    const key = keyText(row.keys[0]);
    return {
      label: keyLabel(key, `(no ${field})`, AXIS_LABEL_CHARS),
      title: keyLabel(key, `(no ${field})`, 120),
      value: row.values[0] ?? 0,
      details: [`${noun}  ${formatCount(row.values[0])}`],
      ...(colour ? { colour } : {}),
      terms: [...scope, { kind: 'is', field, value: key }],
    };
  });
}

function statusColour(status: number, palette: ChartPalette): string {
  switch (statusClass(status)) {
    case '2xx':
      return palette.ok;
    case '3xx':
      return palette.redirect;
    case '4xx':
      return palette.clientError;
    case '5xx':
      return palette.serverError;
    default:
      return palette.log;
  }
}

/** group_by [status], metric [count], of events that have a status. */
export function statusItems(rows: readonly AggregateRow[], palette: ChartPalette): BarItem[] {
  const total = rows.reduce((sum, r) => sum + (r.values[0] ?? 0), 0);
  return rows.flatMap((row): BarItem[] => {
    const status = Number(row.keys[0]);
    if (row.keys[0] === null || !Number.isInteger(status)) return [];
    const count = row.values[0] ?? 0;
    return [
      {
        label: String(status),
        title: `Status ${status}`,
        value: count,
        details: [`Events  ${formatCount(count)} (${formatPercent(total ? count / total : null)})`],
        colour: statusColour(status, palette),
        terms: [{ kind: 'is', field: 'status', value: status }],
      },
    ];
  });
}
