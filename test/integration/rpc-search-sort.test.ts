// events.search's `sort` and `offset` through the RPC dispatch: the order and the jump reach
// the store, `next` goes on in the sort, and bad input is refused with a sentence that says why.
import { describe, expect, it } from 'vitest';
import { makeService } from '../helpers/service.js';

const T0 = Date.UTC(2026, 0, 5, 9);

async function seeded() {
  const service = await makeService();
  const collector = await service.store.sources.collectorId();
  await service.store.append(
    collector,
    [404, 200, 500, 302].map((status, i) => ({ time: T0 + i, kind: 'api' as const, raw: '', method: 'GET', url: `/u/${i}`, status })),
  );
  return service;
}

type Page = { events: { status?: number }[]; next: string | null; total: number };
/** The page of a call that must have worked. */
function pageOf(r: { ok: boolean }): Page {
  expect(r).toMatchObject({ ok: true });
  return (r as unknown as { value: Page }).value;
}

describe('events.search sort and offset', () => {
  it('sorts, jumps by offset and pages on in the same sort', async () => {
    const service = await seeded();
    const first = await service.dispatch('events.search', { sort: { field: 'status', dir: 'asc' }, limit: 2 });
    const page = pageOf(first);
    expect(page.events.map((e) => e.status)).toEqual([200, 302]);
    expect(page.total).toBe(4);
    const next = await service.dispatch('events.search', { sort: { field: 'status', dir: 'asc' }, limit: 2, before: page.next });
    expect(pageOf(next).events.map((e) => e.status)).toEqual([404, 500]);
    const last = await service.dispatch('events.search', { sort: { field: 'status', dir: 'desc' }, limit: 5, offset: 3 });
    expect(pageOf(last).events.map((e) => e.status)).toEqual([200]);
  });

  it('refuses an offset with before, an unknown field, a negative offset, and a cursor of another sort', async () => {
    const service = await seeded();
    const first = pageOf(await service.dispatch('events.search', { limit: 1 }));
    expect(await service.dispatch('events.search', { offset: 2, before: first.next })).toEqual({
      ok: false, code: 'BAD_INPUT', message: 'Give offset or before, not both: offset jumps to a row, before goes on from a page.',
    });
    expect(await service.dispatch('events.search', { sort: { field: 'colour', dir: 'asc' } })).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(await service.dispatch('events.search', { offset: -1 })).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(await service.dispatch('events.search', { offset: 100_000_001 })).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(await service.dispatch('events.search', { sort: { field: 'status', dir: 'asc' }, before: first.next })).toEqual({
      ok: false, code: 'BAD_INPUT',
      message: 'The search cursor was made for the sort by time descending, not status ascending; start the search again from its first page.',
    });
  });
});
