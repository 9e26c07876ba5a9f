// The explorer's time range and histogram through the RPC contract: events.search ANDs the range
// with the query, and stats.aggregate, asked as the histogram asks (every record, assets hidden
// as the table hides them, buckets over the range), counts what the table counts.
import { describe, expect, it } from 'vitest';
import { api, type CallInput } from '../../shared/api.js';
import { makeService } from '../helpers/service.js';
import type { Service } from '../../electron/core/service.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 2, 10, 0, 0);
const STATUSES = [200, 404, 500];

/** One API call a minute for an hour; every fourth asks for an image. */
const LINES = Array.from({ length: 60 }, (_, i) =>
  JSON.stringify({ time: new Date(T0 + i * MIN).toISOString(), method: 'GET', url: i % 4 === 0 ? `/img/${i}.png` : `/api/items/${i}`, status: STATUSES[i % 3], duration_ms: 5 }),
);

async function loaded(): Promise<Service> {
  const service = await makeService();
  const r = await service.dispatch('import.file', { name: 'calls.jsonl', format: 'jsonl', content: `${LINES.join('\n')}\n` });
  if (!r.ok) throw new Error(r.message);
  return service;
}

async function search(service: Service, input: CallInput<'events.search'>) {
  const r = await service.dispatch('events.search', { limit: 5000, ...input });
  if (!r.ok) throw new Error(r.message);
  return api['events.search'].output.parse(r.value);
}

async function histogramTotal(service: Service, input: Partial<CallInput<'stats.aggregate'>>) {
  const r = await service.dispatch('stats.aggregate', { group_by: ['status_class'], buckets: 80, metrics: [{ op: 'count' }], limit: 10_000, every_record: true, ...input });
  if (!r.ok) throw new Error(r.message);
  const out = api['stats.aggregate'].output.parse(r.value);
  expect(out.bucket_ms).toBeGreaterThan(0);
  return out.rows.reduce((sum, row) => sum + (row.values[0] ?? 0), 0);
}

describe('the explorer time range', () => {
  it('narrows the search to the range, start inclusive and end exclusive, together with the query', async () => {
    const service = await loaded();
    expect((await search(service, {})).total).toBe(60);
    const range = { from: T0 + 10 * MIN, to: T0 + 20 * MIN };
    const inRange = await search(service, { range });
    expect(inRange.total).toBe(10);
    expect(inRange.events.every((e) => e.time >= range.from && e.time < range.to)).toBe(true);
    const errors = await search(service, { range, query: 'status:500' });
    expect(errors.total).toBe(Array.from({ length: 10 }, (_, k) => 10 + k).filter((i) => i % 3 === 2).length);
    expect((await search(service, { range: { from: T0 + 50 * MIN } })).total).toBe(10);
  });

  it('refuses a range that ends before it starts', async () => {
    const service = await loaded();
    const r = await service.dispatch('events.search', { range: { from: T0 + MIN, to: T0 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('BAD_INPUT');
  });

  it('histogram totals equal the search totals, for the range, the query and hidden assets', async () => {
    const service = await loaded();
    const range = { from: T0 + 7 * MIN, to: T0 + 31 * MIN };
    for (const input of [{}, { range }, { query: 'status>=400' }, { hide_assets: true }, { range, query: 'status:200', hide_assets: true }]) {
      const table = await search(service, input);
      expect(await histogramTotal(service, input), JSON.stringify(input)).toBe(table.total);
    }
    // The assets really were left out (not a coincidence of equal totals).
    expect(await histogramTotal(service, { hide_assets: true })).toBe(45);
  });

  it('counts both records of a call the browser and the server recorded, as the table lists them', async () => {
    const service = await makeService();
    // Each call twice: the server's record, then the browser's (attrs.source browser) 5 ms later.
    const lines = [0, 1, 2].flatMap((i) => [
      JSON.stringify({ time: new Date(T0 + i * MIN).toISOString(), method: 'GET', url: '/api/cart', route: '/api/cart', status: 200 }),
      JSON.stringify({ time: new Date(T0 + i * MIN + 5).toISOString(), method: 'GET', url: '/api/cart', status: 200, source: 'browser' }),
    ]);
    const r = await service.dispatch('import.file', { name: 'pairs.jsonl', format: 'jsonl', content: `${lines.join('\n')}\n` });
    expect(r.ok).toBe(true);
    expect((await search(service, {})).total).toBe(6);
    expect(await histogramTotal(service, {})).toBe(6);
    // The dashboard's default, one record per call, is unchanged.
    expect(await histogramTotal(service, { every_record: false })).toBe(3);
  });
});
