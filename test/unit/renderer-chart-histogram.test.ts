// The explorer's histogram option: stacks by status class or kind over every bucket of the range,
// totals that add up to what the rows count, local or UTC labels, canvas-only tooltips, the drag
// brush, and dragged buckets turned back into a time range.
import { describe, expect, it } from 'vitest';
import { FALLBACK_PALETTE as P, type ChartOption } from '../../renderer/src/lib/chart-base.js';
import { histogramModel } from '../../renderer/src/lib/chart-histogram.js';
import type { AggregateRow, TimeInput } from '../../renderer/src/lib/chart-time-series.js';
import { bucketLabel } from '../../renderer/src/lib/chart-time.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 2, 10, 0, 0);
const HOSTILE = '<img src=x onerror=window.__pwned=1>{a|b}\u202E';

const row = (key: string | number | null, count: number, bucket: number): AggregateRow => ({ keys: [key], values: [count], bucket });

type Series = { name?: string; data?: number[]; stack?: string; itemStyle?: { color?: string } };
const seriesOf = (o: ChartOption): Series[] => (Array.isArray(o.series) ? o.series : o.series ? [o.series] : []) as Series[];
const categories = (o: ChartOption) => ((Array.isArray(o.xAxis) ? o.xAxis[0] : o.xAxis) as { data?: string[] }).data ?? [];
const tooltipOf = (o: ChartOption) => (Array.isArray(o.tooltip) ? o.tooltip[0] : o.tooltip) as { renderMode?: string; formatter?: (p: unknown) => string };

const input = (rows: AggregateRow[], extra: Partial<TimeInput> = {}): TimeInput => ({ rows, bucketMs: MIN, utc: true, palette: P, ...extra });

describe('histogramModel by status class', () => {
  const rows = [row('2xx', 5, T0), row('5xx', 2, T0), row('4xx', 1, T0 + 2 * MIN), row(null, 3, T0 + MIN)];

  it('stacks one series per class, in class order, with a bar per bucket and empty buckets as zeros', () => {
    const m = histogramModel(input(rows), 'status_class');
    const series = seriesOf(m.option);
    expect(series.map((s) => s.name)).toEqual(['2xx', '4xx', '5xx', 'No status']);
    expect(new Set(series.map((s) => s.stack)).size).toBe(1);
    expect(series.map((s) => s.data)).toEqual([[5, 0, 0], [0, 0, 1], [2, 0, 0], [0, 3, 0]]);
    expect(series[0]?.itemStyle?.color).toBe(P.ok);
    expect(series[2]?.itemStyle?.color).toBe(P.serverError);
  });

  it('totals every bar of every series', () => {
    expect(histogramModel(input(rows), 'status_class').total).toBe(11);
  });

  it('lays the axis over the whole range asked, so the bars line up with the range', () => {
    const range = { from: T0 - 2 * MIN, to: T0 + 4 * MIN };
    const m = histogramModel(input(rows, { range }), 'status_class');
    expect(categories(m.option)).toHaveLength(6);
    expect(seriesOf(m.option)[0]?.data).toEqual([0, 0, 5, 0, 0, 0]);
  });
});

describe('histogramModel by kind', () => {
  it('stacks API calls, user events and logs in a fixed order and colours, whatever their counts', () => {
    const m = histogramModel(input([row('log', 9, T0), row('user', 1, T0), row('api', 4, T0 + MIN)]), 'kind');
    const series = seriesOf(m.option);
    expect(series.map((s) => s.name)).toEqual(['API calls', 'User events', 'Logs']);
    expect(series.map((s) => s.itemStyle?.color)).toEqual([P.accent, P.user, P.log]);
    expect(series.map((s) => s.data)).toEqual([[0, 4], [1, 0], [9, 0]]);
    expect(m.total).toBe(14);
  });

  it('tooltips on the canvas, the bucket and its total first, with hostile keys escaped', () => {
    const m = histogramModel(input([row(HOSTILE, 2, T0), row('api', 1, T0)]), 'kind');
    const tip = tooltipOf(m.option);
    expect(tip.renderMode).toBe('richText');
    const text = tip.formatter?.([{ seriesName: seriesOf(m.option)[1]?.name, value: 2, dataIndex: 0 }]) ?? '';
    expect(text).toContain('Total  3');
    expect(text).not.toMatch(/\{a\|b\}/);
    expect(text).not.toContain('\u202E');
  });
});

describe('labels follow the zone shown', () => {
  it('labels buckets in UTC or in local time', () => {
    const rows = [row('2xx', 1, T0)];
    expect(categories(histogramModel(input(rows, { utc: true }), 'status_class').option)).toEqual(['01-02 10:00']);
    expect(categories(histogramModel(input(rows, { utc: false }), 'kind').option)).toEqual([bucketLabel(T0, MIN, false)]);
    const tip = tooltipOf(histogramModel(input(rows, { utc: true }), 'status_class').option).formatter?.([{ value: 1, dataIndex: 0 }]) ?? '';
    expect(tip).toMatch(/^2026-01-02 10:00:00 – 10:01:00 UTC/);
  });
});

describe('dragging to zoom', () => {
  it('arms a single lineX brush on the time axis', () => {
    const m = histogramModel(input([row('2xx', 1, T0)]), 'status_class');
    expect(m.option.brush).toMatchObject({ xAxisIndex: 0, brushType: 'lineX', brushMode: 'single' });
  });

  it('turns the dragged buckets into their time span, either direction, clipped to the range shown', () => {
    const rows = [row('2xx', 1, T0), row('2xx', 1, T0 + 5 * MIN)];
    const m = histogramModel(input(rows), 'status_class');
    expect(m.zoom(1, 3)).toEqual({ from: T0 + MIN, to: T0 + 4 * MIN });
    expect(m.zoom(3, 1)).toEqual({ from: T0 + MIN, to: T0 + 4 * MIN });
    expect(m.zoom(-4, 99)).toEqual({ from: T0, to: T0 + 6 * MIN });
    const clipped = histogramModel(input(rows, { range: { from: T0 + 30_000, to: T0 + 5 * MIN + 10 } }), 'status_class');
    expect(clipped.zoom(0, 5)).toEqual({ from: T0 + 30_000, to: T0 + 5 * MIN + 10 });
  });
});

describe('nothing to draw', () => {
  it('is empty without rows, without buckets, or with only zeros', () => {
    expect(histogramModel(input([]), 'status_class')).toMatchObject({ empty: true, total: 0 });
    expect(histogramModel(input([row('2xx', 1, T0)], { bucketMs: undefined }), 'kind').empty).toBe(true);
    expect(histogramModel(input([row('2xx', 0, T0)]), 'kind').empty).toBe(true);
    expect(histogramModel(input([]), 'kind').zoom(0, 1)).toBeNull();
  });
});
