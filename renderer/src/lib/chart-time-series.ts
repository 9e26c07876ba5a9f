// Options for the dashboard's charts over time (traffic by status class, error rate, latency
// percentiles, unauthorized attempts): stats.aggregate rows with buckets, laid out on a time axis
// of every bucket in the range, each drawn element drilling into its bucket. Pure.
import type { CallOutput } from '../../../shared/api.js';
import type { TermField, DrillTerm, Range } from './dashboard-query.js';
import { bucketLabel, bucketSpan, bucketStarts } from './chart-time.js';
import { keyLabel } from './chart-text.js';
import {
  axisStyle, COUNT_AXIS, emptyModel, formatCount, formatMs, formatPercent, TIME_GRID, tooltipBase, type ChartModel, type ChartOption, type ChartPalette,
} from './chart-base.js';

export type AggregateRow = CallOutput<'stats.aggregate'>['rows'][number];
export type Key = string | number | null;

export interface TimeInput {
  rows: readonly AggregateRow[];
  /** The width the store chose; absent when it answered without buckets. */
  bucketMs: number | undefined;
  range?: Range;
  utc: boolean;
  palette: ChartPalette;
}

/** Group keys are compared by type and value: status 404 and the text "404" are two keys. */
const keyId = (key: Key): string => (key === null ? 'null' : `${typeof key}:${key}`);

export interface KeySeries {
  key: Key;
  /** One per bucket of the axis; 0 where the store had no row. */
  values: number[];
  total: number;
}

/** Rows of (key, bucket) -> one series per key over the axis' buckets, largest total first. */
export function pivotByKey(rows: readonly AggregateRow[], buckets: readonly number[], valueIndex = 0, keyIndex = 0): KeySeries[] {
  const at = new Map(buckets.map((b, i) => [b, i]));
  const byKey = new Map<string, KeySeries>();
  for (const row of rows) {
    const i = row.bucket === undefined ? undefined : at.get(row.bucket);
    if (i === undefined) continue;
    const key = row.keys[keyIndex] ?? null;
    const id = keyId(key);
    let series = byKey.get(id);
    if (!series) {
      series = { key, values: buckets.map(() => 0), total: 0 };
      byKey.set(id, series);
    }
    const v = row.values[valueIndex] ?? 0;
    series.values[i] = (series.values[i] ?? 0) + v;
    series.total += v;
  }
  return [...byKey.values()].sort((a, b) => b.total - a.total);
}

/** One value per bucket of the axis from rows without group keys; null where there is none. */
function valuesByBucket(rows: readonly AggregateRow[], buckets: readonly number[], valueIndex: number): (number | null)[] {
  const byBucket = new Map<number, number | null>();
  for (const row of rows) if (row.bucket !== undefined) byBucket.set(row.bucket, row.values[valueIndex] ?? null);
  return buckets.map((b) => byBucket.get(b) ?? null);
}

export function axisFor(input: TimeInput): { buckets: number[]; bucketMs: number } | null {
  if (input.bucketMs === undefined) return null;
  const buckets = bucketStarts(
    input.rows.flatMap((r) => (r.bucket === undefined ? [] : [r.bucket])),
    input.bucketMs,
    input.range,
  );
  return buckets.length === 0 ? null : { buckets, bucketMs: input.bucketMs };
}

const timeTerm = (bucket: number | undefined, bucketMs: number): DrillTerm | null =>
  bucket === undefined ? null : { kind: 'time', from: bucket, to: bucket + bucketMs };

/** The option parts every time chart has: a category axis of bucket labels and a value axis. */
function timeFrame(input: TimeInput, buckets: number[], bucketMs: number, valueLabel: (v: number) => string, legend: boolean, counts = false): ChartOption {
  const axis = axisStyle(input.palette);
  return {
    animation: false,
    grid: { ...TIME_GRID, top: legend ? TIME_GRID.top : 12, outerBoundsMode: 'none' },
    legend: legend ? { top: 0, left: 0, type: 'plain', textStyle: { color: input.palette.textDim, fontSize: 11 }, itemWidth: 12, itemHeight: 8 } : { show: false },
    xAxis: {
      type: 'category',
      data: buckets.map((b) => bucketLabel(b, bucketMs, input.utc)),
      ...axis,
      splitLine: { show: false },
    },
    yAxis: { type: 'value', ...(counts ? COUNT_AXIS : {}), ...axis, axisLabel: { ...axis.axisLabel, formatter: valueLabel } },
  };
}

type AxisParam = { seriesName?: string; marker?: unknown; value?: unknown; dataIndex: number };
const asParams = (p: unknown): AxisParam[] => (Array.isArray(p) ? p : [p]) as AxisParam[];
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const marker = (p: AxisParam): string => (typeof p.marker === 'string' ? p.marker : '');

/** An axis tooltip: the bucket's span, then one line per series. */
function axisTooltip(buckets: number[], bucketMs: number, utc: boolean, line: (p: AxisParam) => string | null, footer?: (i: number) => string | null) {
  return (raw: unknown): string => {
    const params = asParams(raw);
    const i = params[0]?.dataIndex ?? 0;
    const bucket = buckets[i];
    const lines = bucket === undefined ? [] : [bucketSpan(bucket, bucketMs, utc)];
    for (const p of params) {
      const text = line(p);
      if (text !== null) lines.push(`${marker(p)}${text}`);
    }
    const foot = footer?.(i);
    if (foot) lines.push(foot);
    return lines.join('\n');
  };
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];

function classColour(key: Key, palette: ChartPalette): string {
  switch (key) {
    case '2xx':
      return palette.ok;
    case '3xx':
      return palette.redirect;
    case '4xx':
      return palette.clientError;
    case '5xx':
      return palette.serverError;
    case null:
      return palette.user;
    default:
      return palette.log;
  }
}

const classRank = (key: Key): number => (key === null ? STATUS_CLASSES.length : typeof key === 'string' && STATUS_CLASSES.includes(key) ? STATUS_CLASSES.indexOf(key) : STATUS_CLASSES.length - 0.5);

/** How a stack of counts names and colours its series. */
export interface StackLook {
  stack: string;
  name(key: Key): string;
  colour(key: Key): string;
}

/** Counts per bucket, one bar series per key stacked in the order given, tooltips with each bucket's total. */
export function stackedCounts(input: TimeInput, buckets: number[], bucketMs: number, series: readonly KeySeries[], look: StackLook): ChartOption {
  const totals = buckets.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  return {
    ...timeFrame(input, buckets, bucketMs, formatCount, true, true),
    tooltip: {
      ...tooltipBase(input.palette, 'axis'),
      formatter: axisTooltip(buckets, bucketMs, input.utc, (p) => (num(p.value) ? `${p.seriesName ?? ''}  ${formatCount(num(p.value))}` : null), (i) => `Total  ${formatCount(totals[i])}`),
    },
    series: series.map((s) => ({
      type: 'bar',
      name: look.name(s.key),
      stack: look.stack,
      data: s.values,
      itemStyle: { color: look.colour(s.key) },
      barCategoryGap: '20%',
    })),
  };
}

/** Events per bucket stacked by status class (group_by status_class); events without a status on top. */
export function trafficModel(input: TimeInput): ChartModel {
  const axis = axisFor(input);
  if (!axis) return emptyModel();
  const { buckets, bucketMs } = axis;
  const series = pivotByKey(input.rows, buckets).sort((a, b) => classRank(a.key) - classRank(b.key));
  if (series.every((s) => s.total === 0)) return emptyModel();
  return {
    empty: false,
    option: stackedCounts(input, buckets, bucketMs, series, { stack: 'traffic', name: (key) => keyLabel(key, 'No status'), colour: (key) => classColour(key, input.palette) }),
    drill: (seriesIndex, dataIndex) => {
      const s = series[seriesIndex];
      const time = timeTerm(buckets[dataIndex], bucketMs);
      if (!s || !time) return null;
      return [{ kind: 'status_class', value: s.key === null ? null : String(s.key) }, time];
    },
  };
}

const API: DrillTerm = { kind: 'is', field: 'kind', value: 'api' };

/** Failed API calls per call, per bucket (metrics [count, errors]); empty buckets are gaps. */
export function errorRateModel(input: TimeInput): ChartModel {
  const axis = axisFor(input);
  if (!axis) return emptyModel();
  const { buckets, bucketMs } = axis;
  const counts = valuesByBucket(input.rows, buckets, 0);
  const errors = valuesByBucket(input.rows, buckets, 1);
  if (counts.every((c) => !c)) return emptyModel();
  const rates = counts.map((c, i) => (c ? ((errors[i] ?? 0) / c) * 100 : null));
  return {
    empty: false,
    option: {
      ...timeFrame(input, buckets, bucketMs, (v) => `${v}%`, false),
      yAxis: { type: 'value', min: 0, max: (e: { max: number }) => Math.max(1, Math.ceil(e.max)), ...axisStyle(input.palette), axisLabel: { ...axisStyle(input.palette).axisLabel, formatter: (v: number) => `${v}%` } },
      tooltip: {
        ...tooltipBase(input.palette, 'axis'),
        axisPointer: { type: 'line' },
        formatter: axisTooltip(buckets, bucketMs, input.utc, (p) => {
          const c = counts[p.dataIndex];
          if (!c) return 'No API calls';
          return `Error rate  ${formatPercent((errors[p.dataIndex] ?? 0) / c)}  (${formatCount(errors[p.dataIndex])} of ${formatCount(c)} calls)`;
        }),
      },
      series: [
        {
          type: 'line',
          name: 'Error rate',
          data: rates,
          showSymbol: true,
          symbolSize: 6,
          connectNulls: false,
          itemStyle: { color: input.palette.serverError },
          lineStyle: { color: input.palette.serverError, width: 2 },
          areaStyle: { color: input.palette.serverError, opacity: 0.08 },
        },
      ],
    },
    drill: (_seriesIndex, dataIndex) => {
      const time = timeTerm(buckets[dataIndex], bucketMs);
      return time ? [API, { kind: 'failed' }, time] : null;
    },
  };
}

/** p50, p95 and p99 of API calls' durations per bucket (metrics [p50, p95, p99]). */
export function latencyModel(input: TimeInput): ChartModel {
  const axis = axisFor(input);
  if (!axis) return emptyModel();
  const { buckets, bucketMs } = axis;
  const lines = (['p50', 'p95', 'p99'] as const).map((name, k) => ({ name, values: valuesByBucket(input.rows, buckets, k) }));
  if (lines.every((l) => l.values.every((v) => v === null))) return emptyModel();
  const colours = [input.palette.ok, input.palette.clientError, input.palette.serverError];
  return {
    empty: false,
    option: {
      ...timeFrame(input, buckets, bucketMs, (v) => formatMs(v), true),
      tooltip: {
        ...tooltipBase(input.palette, 'axis'),
        axisPointer: { type: 'line' },
        formatter: axisTooltip(buckets, bucketMs, input.utc, (p) => `${p.seriesName ?? ''}  ${formatMs(num(p.value))}`),
      },
      series: lines.map((l, k) => ({
        type: 'line',
        name: l.name,
        data: l.values,
        showSymbol: true,
        symbolSize: 5,
        connectNulls: false,
        itemStyle: { color: colours[k] },
        lineStyle: { color: colours[k], width: 2 },
      })),
    },
    drill: (_seriesIndex, dataIndex) => {
      const time = timeTerm(buckets[dataIndex], bucketMs);
      return time ? [API, time] : null;
    },
  };
}

/** Series of their own for this many sources; the rest are one "Other" series. */
export const TOP_SOURCES = 8;

/**
 * 401 and 403 answers per bucket stacked by client or user (group_by [field]); sources outside
 * the top ones share one series, which drills to the attempts of none of the top ones.
 */
export function unauthorizedModel(input: TimeInput & { field: Extract<TermField, 'ip_hash' | 'user_id'>; statuses: readonly number[] }): ChartModel {
  const axis = axisFor(input);
  if (!axis) return emptyModel();
  const { buckets, bucketMs } = axis;
  const all = pivotByKey(input.rows, buckets);
  if (all.every((s) => s.total === 0)) return emptyModel();
  const top = all.slice(0, TOP_SOURCES);
  const rest = all.slice(TOP_SOURCES);
  const series = rest.length === 0 ? top : [...top, { key: null, values: buckets.map((_, i) => rest.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)), total: 0 }];
  const missing = input.field === 'user_id' ? 'No user' : 'No client';
  const names = series.map((s, i) => (i >= top.length ? 'Other' : keyLabel(s.key, missing, 40)));
  return {
    empty: false,
    option: {
      ...timeFrame(input, buckets, bucketMs, formatCount, true, true),
      legend: { top: 0, left: 0, type: 'plain', textStyle: { color: input.palette.textDim, fontSize: 11 }, itemWidth: 12, itemHeight: 8 },
      tooltip: {
        ...tooltipBase(input.palette, 'axis'),
        formatter: axisTooltip(buckets, bucketMs, input.utc, (p) => (num(p.value) ? `${p.seriesName ?? ''}  ${formatCount(num(p.value))}` : null)),
      },
      series: series.map((s, i) => ({
        type: 'bar',
        name: names[i],
        stack: 'unauthorized',
        data: s.values,
        itemStyle: { color: input.palette.series[i % input.palette.series.length] },
      })),
    },
    drill: (seriesIndex, dataIndex) => {
      const time = timeTerm(buckets[dataIndex], bucketMs);
      if (!time || seriesIndex >= series.length) return null;
      const statuses: DrillTerm = { kind: 'status_in', values: input.statuses };
      if (seriesIndex < top.length) return [statuses, { kind: 'is', field: input.field, value: top[seriesIndex]?.key ?? null }, time];
      return [statuses, { kind: 'none_of', field: input.field, values: top.map((s) => s.key) }, time];
    },
  };
}
