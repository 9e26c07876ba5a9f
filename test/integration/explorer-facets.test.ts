// events.facets: the sidebar's figures, on a real store, for a search, hidden assets and a time
// range, checked against counts worked out from the lines written here.
import { describe, expect, it } from 'vitest';
import { api, type CallInput } from '../../shared/api.js';
import { FACET_FIELDS } from '../../shared/facets.js';
import { makeService } from '../helpers/service.js';

const HOSTILE_ROUTE = '/x/<img src=x onerror=alert(1)>\u202Egnp.exe';
const T0 = Date.UTC(2026, 0, 1);

/** 6 calls to /api/cart (2 of them 500s), 3 to the hostile route (404), 2 to /logo.png (an asset), 4 user events. */
function lines(): string {
  const out: object[] = [];
  let t = T0;
  const call = (method: string, url: string, status: number, user?: string) =>
    out.push({ time: new Date((t += 1000)).toISOString(), method, url, status, ...(user ? { user_id: user } : {}) });
  for (let i = 0; i < 4; i++) call('GET', '/api/cart', 200, 'ann');
  for (let i = 0; i < 2; i++) call('POST', '/api/cart', 500, 'bob');
  for (let i = 0; i < 3; i++) call('GET', HOSTILE_ROUTE, 404);
  for (let i = 0; i < 2; i++) call('GET', '/logo.png', 200);
  for (let i = 0; i < 4; i++) out.push({ time: new Date((t += 1000)).toISOString(), type: i < 3 ? 'click' : 'page_view', page: '/shop', session_id: 's-1', user_id: 'ann' });
  return out.map((o) => JSON.stringify(o)).join('\n');
}

/** `oneByOne`: the store has no countEach (as ClickHouse), so the handler asks a count per field. */
async function setup(oneByOne: boolean) {
  const service = await makeService();
  if (oneByOne) delete (service.store as { countEach?: unknown }).countEach;
  const imported = await service.dispatch('import.file', { name: 'mixed events.jsonl', content: lines(), format: 'jsonl' });
  if (!imported.ok) throw new Error(imported.message);
  const facets = async (input: CallInput<'events.facets'>) => {
    const r = await service.dispatch('events.facets', input);
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return api['events.facets'].output.parse(r.value);
  };
  return { service, facets };
}

describe.each([false, true])('events.facets (fields asked one by one: %s)', (oneByOne) => {
  it("answers every field's top values with counts, missing and distinct, for the whole store", async () => {
    const { facets } = await setup(oneByOne);
    const r = await facets({});
    expect(r.total).toBe(15);
    expect(r.facets.map((f) => f.field)).toEqual([...FACET_FIELDS]);
    const by = Object.fromEntries(r.facets.map((f) => [f.field, f]));
    expect(by.kind!.values).toEqual([{ value: 'api', count: 11 }, { value: 'user', count: 4 }]);
    expect(by.route!.values).toEqual([{ value: '/api/cart', count: 6 }, { value: HOSTILE_ROUTE, count: 3 }, { value: '/logo.png', count: 2 }]);
    expect(by.route!.missing).toBe(4);
    expect(by.route!.distinct).toBe(3);
    // Statuses are numbers, as the table shows them.
    expect(by.status!.values).toEqual([{ value: 200, count: 6 }, { value: 404, count: 3 }, { value: 500, count: 2 }]);
    expect(by.user_id!.values).toEqual([{ value: 'ann', count: 8 }, { value: 'bob', count: 2 }]);
    expect(by.user_id!.missing).toBe(5);
    expect(by.type!.values).toEqual([{ value: 'click', count: 3 }, { value: 'page_view', count: 1 }]);
    expect(by.session_id!.values).toEqual([{ value: 's-1', count: 4 }]);
    // The source is named as the user named the file, not by its number.
    expect(by.source!.values).toEqual([{ value: 'mixed events.jsonl', count: 15 }]);
    expect(by.source!.missing).toBe(0);
  });

  it('counts only what the search matches, leaves out hidden assets and keeps to the range', async () => {
    const { facets } = await setup(oneByOne);
    const errors = await facets({ query: 'status>=400', fields: ['route', 'status'] });
    expect(errors.total).toBe(5);
    expect(errors.facets.map((f) => f.field)).toEqual(['route', 'status']);
    expect(errors.facets[0]!.values).toEqual([{ value: HOSTILE_ROUTE, count: 3 }, { value: '/api/cart', count: 2 }]);

    const noAssets = await facets({ hide_assets: true, fields: ['route'] });
    expect(noAssets.total).toBe(13);
    expect(noAssets.facets[0]!.values.map((v) => v.value)).not.toContain('/logo.png');

    // The first four calls only: [T0 + 1 s, T0 + 5 s).
    const early = await facets({ range: { from: T0 + 1000, to: T0 + 5000 }, fields: ['user_id'] });
    expect(early.total).toBe(4);
    expect(early.facets[0]!.values).toEqual([{ value: 'ann', count: 4 }]);
  });

  it('keeps to the limit, says how many events the list leaves out, and how many have no value when that is known', async () => {
    const { facets } = await setup(oneByOne);
    const r = await facets({ fields: ['route'], limit: 1 });
    const route = r.facets[0]!;
    expect(route.values).toEqual([{ value: '/api/cart', count: 6 }]);
    expect(route.unlisted).toBe(15 - 6);
    // The events without a route are among the most frequent groups: counted.
    expect(route.missing).toBe(4);
    // Not counted when the list does not hold every value.
    expect(route.distinct).toBeNull();
    // Neither is known when the events without a value are too few to be among the first.
    const users = (await facets({ query: 'kind:api', fields: ['user_id'], limit: 1 })).facets[0]!;
    expect(users.values).toEqual([{ value: 'ann', count: 4 }]);
    expect(users.missing).toBe(5);
    const methods = (await facets({ query: 'kind:api', fields: ['method'], limit: 1 })).facets[0]!;
    expect(methods.values).toEqual([{ value: 'GET', count: 9 }]);
    expect(methods).toMatchObject({ missing: null, distinct: null, unlisted: 11 - 9 });
  });

  it('refuses a bad query or an unknown field with a clear error', async () => {
    const { service } = await setup(oneByOne);
    const syntax = await service.dispatch('events.facets', { query: 'status:(' });
    expect(syntax).toMatchObject({ ok: false, code: 'QUERY_SYNTAX' });
    const field = await service.dispatch('events.facets', { fields: ['url'] });
    expect(field).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    if (!field.ok) expect(field.message).toMatch(/kind.*method.*route/);
  });
});
