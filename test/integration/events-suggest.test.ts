// The search box's value suggestions (events.suggest): a field's top values with counts among the
// events the rest of the query matches (in a time range), narrowed by what was typed after the colon.
import { describe, expect, it } from 'vitest';
import { api } from '../../shared/api.js';
import { makeService } from '../helpers/service.js';

const LINES = [
  ...Array.from({ length: 5 }, (_, i) => ({ method: 'GET', url: `/api/users/${i}`, route: '/api/users/:id', status: 200 })),
  ...Array.from({ length: 3 }, () => ({ method: 'POST', url: '/api/cart', route: '/api/cart', status: 404 })),
  { method: 'GET', url: '/api/upload', route: '/api/upload', status: 500, user_id: '<script>alert(1)</script>\u202E' },
  { method: 'PUT', url: '/static/app.css', route: '/static/app.css', status: 200 },
];

async function storeWithEvents() {
  const service = await makeService();
  const content = LINES.map((l, i) => JSON.stringify({ time: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`, ...l })).join('\n');
  const imported = await service.dispatch('import.file', { name: 'calls.jsonl', content, format: 'jsonl' });
  if (!imported.ok) throw new Error(imported.message);
  const suggest = async (input: Record<string, unknown>) => {
    const r = await service.dispatch('events.suggest', input);
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return api['events.suggest'].output.parse(r.value).values;
  };
  return { service, suggest };
}

describe('events.suggest', () => {
  it('lists a field’s values most frequent first, with their counts', async () => {
    const { suggest } = await storeWithEvents();
    expect(await suggest({ field: 'status' })).toEqual([
      { value: '200', count: 6 },
      { value: '404', count: 3 },
      { value: '500', count: 1 },
    ]);
  });

  it('keeps only the values that start with the prefix, ignoring case for text', async () => {
    const { suggest } = await storeWithEvents();
    expect(await suggest({ field: 'route', prefix: '/API/U' })).toEqual([
      { value: '/api/users/:id', count: 5 },
      { value: '/api/upload', count: 1 },
    ]);
    expect(await suggest({ field: 'status', prefix: '4' })).toEqual([{ value: '404', count: 3 }]);
    // No status starts with a letter: nothing, rather than an error while the user types.
    expect(await suggest({ field: 'status', prefix: 'x' })).toEqual([]);
  });

  it('counts among the events the rest of the query matches, in the time range, assets hidden on request', async () => {
    const { suggest } = await storeWithEvents();
    const at = (second: number) => Date.parse(`2026-01-01T00:00:0${second}Z`);
    expect(await suggest({ field: 'status', range: { from: at(3), to: at(9) } })).toEqual([
      { value: '404', count: 3 },
      { value: '200', count: 2 },
      { value: '500', count: 1 },
    ]);
    expect(await suggest({ field: 'method', query: 'status:200' })).toEqual([{ value: 'GET', count: 5 }, { value: 'PUT', count: 1 }]);
    expect(await suggest({ field: 'method', query: 'status:200', hide_assets: true })).toEqual([{ value: 'GET', count: 5 }]);
    expect(await suggest({ field: 'route', limit: 1 })).toEqual([{ value: '/api/users/:id', count: 5 }]);
  });

  it('gives hostile values back as they are stored', async () => {
    const { suggest } = await storeWithEvents();
    expect(await suggest({ field: 'user_id', prefix: '<sc' })).toEqual([{ value: '<script>alert(1)</script>\u202E', count: 1 }]);
  });

  it('answers a field it cannot list, and a bad query, with a clear error', async () => {
    const { service } = await storeWithEvents();
    const url = await service.dispatch('events.suggest', { field: 'url' });
    expect(url).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(url.ok || url.message).toMatch(/field must be one of kind, session_id.*too many distinct values/);
    const statusClass = await service.dispatch('events.suggest', { field: 'status_class' });
    expect(statusClass).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    const query = await service.dispatch('events.suggest', { field: 'route', query: 'stauts:1' });
    expect(query).toMatchObject({ ok: false, code: 'QUERY_SYNTAX', column: 1 });
  });
});
