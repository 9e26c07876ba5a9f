// The dashboard's chart options built from stats answers: what is drawn, what each drawn element
// drills into, and that log text reaches the canvas escaped and never as HTML.
import { describe, expect, it } from 'vitest';
import type { BridgeRow } from '../../shared/analysis.js';
import { FALLBACK_PALETTE as P, formatMs, formatPercent, type ChartModel, type ChartOption } from '../../renderer/src/lib/chart-base.js';
import { barModel, countItems, slowRouteItems, statusItems, topRouteItems } from '../../renderer/src/lib/chart-bars.js';
import { bridgeModel, sortBridgeRows } from '../../renderer/src/lib/chart-bridge.js';
import {
  errorRateModel, latencyModel, pivotByKey, trafficModel, unauthorizedModel, TOP_SOURCES, type AggregateRow,
} from '../../renderer/src/lib/chart-time-series.js';
import { summarise } from '../../renderer/src/lib/dashboard-summary.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 2, 10, 0, 0);
const HOSTILE = '<img src=x onerror=window.__pwned=1>{a|b}\u202E';
const RICH_RUN = /\{(?!marker)([a-zA-Z0-9_]+)\|([^}]*)\}/;

const row = (keys: AggregateRow['keys'], values: AggregateRow['values'], bucket?: number): AggregateRow => ({ keys, values, ...(bucket === undefined ? {} : { bucket }) });

type Series = { name?: string; data?: unknown[]; type?: string };
const seriesOf = (o: ChartOption): Series[] => (Array.isArray(o.series) ? o.series : o.series ? [o.series] : []) as Series[];
const tooltipOf = (o: ChartOption) => (Array.isArray(o.tooltip) ? o.tooltip[0] : o.tooltip) as { renderMode?: string; formatter?: (p: unknown) => string };
const categories = (o: ChartOption, axis: 'xAxis' | 'yAxis') => ((Array.isArray(o[axis]) ? o[axis][0] : o[axis]) as { data?: string[] }).data ?? [];

function expectCanvasTooltip(model: ChartModel) {
  expect(tooltipOf(model.option).renderMode).toBe('richText');
}

describe('pivotByKey', () => {
  it('lays rows out over the buckets, zeros where missing, largest total first, 404 and "404" apart', () => {
    const rows = [row(['404'], [1], T0), row([404], [5], T0 + MIN), row([null], [2], T0)];
    const out = pivotByKey(rows, [T0, T0 + MIN, T0 + 2 * MIN]);
    expect(out).toEqual([
      { key: 404, values: [0, 5, 0], total: 5 },
      { key: null, values: [2, 0, 0], total: 2 },
      { key: '404', values: [1, 0, 0], total: 1 },
    ]);
  });
});

describe('trafficModel', () => {
  const rows = [row(['5xx'], [2], T0), row(['2xx'], [10], T0), row([null], [4], T0 + 2 * MIN), row(['4xx'], [1], T0 + 2 * MIN)];
  const model = trafficModel({ rows, bucketMs: MIN, utc: true, palette: P });

  it('stacks status classes in order, events without a status last, every bucket on the axis', () => {
    expect(seriesOf(model.option).map((s) => s.name)).toEqual(['2xx', '4xx', '5xx', 'No status']);
    expect(seriesOf(model.option)[0]?.data).toEqual([10, 0, 0]);
    expect(categories(model.option, 'xAxis')).toEqual(['01-02 10:00', '01-02 10:01', '01-02 10:02']);
    expectCanvasTooltip(model);
  });

  it('drills a bar into its class and bucket; no status into the null class', () => {
    expect(model.drill(2, 0)).toEqual([{ kind: 'status_class', value: '5xx' }, { kind: 'time', from: T0, to: T0 + MIN }]);
    expect(model.drill(3, 2)).toEqual([{ kind: 'status_class', value: null }, { kind: 'time', from: T0 + 2 * MIN, to: T0 + 3 * MIN }]);
    expect(model.drill(9, 0)).toBeNull();
  });

  it('totals a bucket in the tooltip', () => {
    const text = tooltipOf(model.option).formatter!([
      { seriesName: '2xx', value: 10, dataIndex: 0, marker: '{marker0|}' },
      { seriesName: '5xx', value: 2, dataIndex: 0, marker: '{marker1|}' },
    ]);
    expect(text).toBe('2026-01-02 10:00:00 – 10:01:00 UTC\n{marker0|}2xx  10\n{marker1|}5xx  2\nTotal  12');
  });

  it('is empty with no rows or no bucket width', () => {
    expect(trafficModel({ rows: [], bucketMs: MIN, utc: true, palette: P }).empty).toBe(true);
    expect(trafficModel({ rows, bucketMs: undefined, utc: true, palette: P }).empty).toBe(true);
  });
});

describe('errorRateModel', () => {
  const rows = [row([], [40, 5], T0), row([], [10, 0], T0 + 2 * MIN)];
  const model = errorRateModel({ rows, bucketMs: MIN, utc: true, palette: P });

  it('draws errors per call as a percentage, a gap where there were no calls', () => {
    expect(seriesOf(model.option)[0]?.data).toEqual([12.5, null, 0]);
    expectCanvasTooltip(model);
    expect(tooltipOf(model.option).formatter!([{ dataIndex: 0, value: 12.5 }])).toContain(`${formatPercent(5 / 40)}  (5 of 40 calls)`);
  });

  it('drills into the failed API calls of the bucket', () => {
    expect(model.drill(0, 2)).toEqual([{ kind: 'is', field: 'kind', value: 'api' }, { kind: 'failed' }, { kind: 'time', from: T0 + 2 * MIN, to: T0 + 3 * MIN }]);
  });
});

describe('latencyModel', () => {
  it('draws p50, p95 and p99 with gaps, and drills into the API calls of the bucket', () => {
    const model = latencyModel({ rows: [row([], [10, 50, 90], T0), row([], [12, 40, 80.5], T0 + 2 * MIN)], bucketMs: MIN, utc: true, palette: P });
    expect(seriesOf(model.option).map((s) => [s.name, s.data])).toEqual([
      ['p50', [10, null, 12]],
      ['p95', [50, null, 40]],
      ['p99', [90, null, 80.5]],
    ]);
    expect(model.drill(1, 0)).toEqual([{ kind: 'is', field: 'kind', value: 'api' }, { kind: 'time', from: T0, to: T0 + MIN }]);
    expect(tooltipOf(model.option).formatter!([{ seriesName: 'p99', value: 80.5, dataIndex: 2 }])).toContain(`p99  ${formatMs(80.5)}`);
  });
});

describe('unauthorizedModel', () => {
  const users = Array.from({ length: TOP_SOURCES + 2 }, (_, i) => `user-${i}`);
  // user-0 has the most attempts, user-9 the fewest; a hostile name among the top.
  const rows = [...users.map((u, i) => row([u], [100 - i], T0)), row([HOSTILE], [99.5], T0 + MIN)];
  const model = unauthorizedModel({ rows, bucketMs: MIN, utc: true, palette: P, field: 'user_id', statuses: [401, 403] });
  const names = seriesOf(model.option).map((s) => s.name ?? '');

  it('gives the top sources a series each and the rest one "Other"', () => {
    expect(names).toHaveLength(TOP_SOURCES + 1);
    expect(names.at(-1)).toBe('Other');
    expectCanvasTooltip(model);
  });

  it('names a hostile source as escaped text', () => {
    const hostile = names.find((n) => n.includes('<img'));
    // Cut to 40 characters for the legend, after the markers are in and before the escape.
    expect(hostile).toBe('<img src=x onerror=window.__pwned=1>{\u200Ba|…');
    expect(names.some((n) => RICH_RUN.test(n))).toBe(false);
  });

  it('drills a source into its attempts, and Other into none of the top sources', () => {
    expect(model.drill(0, 0)).toEqual([
      { kind: 'status_in', values: [401, 403] },
      { kind: 'is', field: 'user_id', value: 'user-0' },
      { kind: 'time', from: T0, to: T0 + MIN },
    ]);
    const other = model.drill(TOP_SOURCES, 0);
    expect(other?.[1]).toMatchObject({ kind: 'none_of', field: 'user_id' });
    expect(other?.[1]?.kind === 'none_of' ? other[1].values : []).toHaveLength(TOP_SOURCES);
  });
});

describe('bar charts', () => {
  it('top routes: one bar per route and method, largest first as the store ordered them, drilling into its calls', () => {
    const model = barModel(topRouteItems([row(['/api/cart', 'POST'], [30, 3]), row([null, 'GET'], [2, 0])]), P, String);
    expect(categories(model.option, 'yAxis')).toEqual(['POST /api/cart', 'GET (no route)']);
    expect(model.drill(0, 1)).toEqual([
      { kind: 'is', field: 'kind', value: 'api' },
      { kind: 'is', field: 'route', value: null },
      { kind: 'is', field: 'method', value: 'GET' },
    ]);
    expect(tooltipOf(model.option).formatter!({ dataIndex: 0 })).toBe(`POST /api/cart\nCalls  30\nErrors  3 (${formatPercent(0.1)})`);
    expectCanvasTooltip(model);
  });

  it('slowest routes: routes without durations are left out, so indexes match the drawn bars', () => {
    const model = barModel(slowRouteItems([row(['/a', 'GET'], [null, 3, null]), row(['/b', 'GET'], [250, 9, 80])], P), P, String);
    expect(categories(model.option, 'yAxis')).toEqual(['GET /b']);
    expect(model.drill(0, 0)?.[1]).toEqual({ kind: 'is', field: 'route', value: '/b' });
  });

  it('status codes: numbers as keys, drilling into the status', () => {
    const model = barModel(statusItems([row([200], [8]), row([503], [2])], P), P, String);
    expect(categories(model.option, 'yAxis')).toEqual(['200', '503']);
    expect(model.drill(0, 1)).toEqual([{ kind: 'is', field: 'status', value: 503 }]);
  });

  it('pages: hostile names escaped on the axis and in the tooltip; the drill keeps the raw value', () => {
    const scope = [{ kind: 'is' as const, field: 'type' as const, value: 'page_view' }];
    const model = barModel(countItems([row([HOSTILE], [4])], 'page', scope, 'Views'), P, String);
    const label = categories(model.option, 'yAxis')[0] ?? '';
    expect(RICH_RUN.test(label)).toBe(false);
    expect(label).toBe('<img src=x onerror=window.__pwned=1…');
    const tip = tooltipOf(model.option).formatter!({ dataIndex: 0 });
    expect(RICH_RUN.test(tip)).toBe(false);
    expect(tip.split('\n')[0]).toBe('<img src=x onerror=window.__pwned=1>{\u200Ba|b}⟨U+202E⟩');
    expect(model.drill(0, 0)).toEqual([...scope, { kind: 'is', field: 'page', value: HOSTILE }]);
  });

  it('is empty when nothing has a value', () => {
    expect(barModel([], P, String).empty).toBe(true);
  });
});

describe('bridgeModel', () => {
  const outcome = (sessions: number, left: number) => ({ sessions, left });
  const bridge = (route: string, failed: [number, number], slow: [number, number], normal: [number, number], calls = 10, p95: number | null = 300): BridgeRow => ({
    route,
    method: 'GET',
    calls,
    p95_ms: p95,
    failed: outcome(...failed),
    slow: outcome(...slow),
    normal: outcome(...normal),
  });
  const rows = [bridge('/calm', [0, 0], [2, 0], [8, 1], 50), bridge('/bad', [4, 3], [1, 0], [10, 1]), bridge('/meh', [10, 3], [0, 0], [9, 2], 20, null)];

  it('puts the worst failure share first, routes without failed calls last', () => {
    for (const order of [rows, [...rows].reverse(), [rows[1]!, rows[0]!, rows[2]!]]) {
      expect(sortBridgeRows(order).map((r) => r.route)).toEqual(['/bad', '/meh', '/calm']);
    }
  });

  it('draws each class as its share in percent with the counts as labels', () => {
    const model = bridgeModel(rows, 5, P);
    expect(seriesOf(model.option).map((s) => s.data)).toEqual([
      [75, 30, null],
      [0, null, 0],
      [10, (2 / 9) * 100, 12.5],
    ]);
    const text = tooltipOf(model.option).formatter!([{ dataIndex: 0 }, { dataIndex: 0 }, { dataIndex: 0 }]);
    expect(text).toContain('After a failed call: 75.0% ended within 5 min (3 of 4 sessions)');
    expectCanvasTooltip(model);
  });

  it('drills a bar into that class of calls on its route, in sessions', () => {
    const model = bridgeModel(rows, 5, P);
    const base = [
      { kind: 'is', field: 'kind', value: 'api' },
      { kind: 'is', field: 'route', value: '/bad' },
      { kind: 'is', field: 'method', value: 'GET' },
      { kind: 'present', field: 'session_id' },
    ];
    expect(model.drill(0, 0)).toEqual([...base, { kind: 'failed' }]);
    expect(model.drill(1, 0)).toEqual([...base, { kind: 'slow', than: 300 }]);
    expect(model.drill(2, 0)).toEqual([...base, { kind: 'normal', slowerThan: 300 }]);
    // No p95 on /meh: no call there is slow.
    expect(model.drill(1, 1)).toBeNull();
  });
});

describe('summarise', () => {
  it('adds up every kind and takes the API figures from the api row', () => {
    const figures = summarise({ rows: [row(['user'], [7, 0, null]), row(['api'], [20, 3, 120])], approximate: false });
    expect(figures).toEqual({ events: 27, calls: 20, errors: 3, p95: 120 });
  });
});
