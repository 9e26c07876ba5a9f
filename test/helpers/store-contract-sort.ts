// The store contract's sorts and offsets (port.ts SearchSpec.sort and offset), run unchanged on
// every adapter: each sort field in both directions, with ties and events lacking the value;
// paging by cursor gives every row once in order; an offset page is the same slice of that
// order; a cursor made for one sort is refused by another.
import { expect, it } from 'vitest';
import type { LogEvent, NewEvent } from '../../shared/events.js';
import { compareCodePoints, SORT_FIELDS, sortValueOf, type SortSpec } from '../../shared/sort.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import { StoreInputError, type EventStore } from '../../electron/core/store/port.js';
import { file, fresh, T0, type Open } from './store-contract-support.js';

// Texts that JavaScript's `<` and code-point order put differently (U+E000 against a character
// past U+FFFF), case, accents, and a user target's joiner inside a plain text.
const TEXTS = ['GET', 'POST', 'delete', 'Zeta', 'é', '\uE000x', '𝒜b', 'a · b', 'a'];
const pick = <T>(pool: readonly T[], i: number, every: number): T | undefined => (i % every === every - 1 ? undefined : pool[i % pool.length]);

/** 40 events of every kind, with values missing now and then and many ties (of value, of time). */
export function sortEvents(): NewEvent[] {
  return Array.from({ length: 40 }, (_, i): NewEvent => {
    const kind = (['api', 'user', 'log'] as const)[i % 3]!;
    return {
      time: T0 + (i % 7) * 1000,
      kind,
      raw: `row ${i}`,
      method: pick(TEXTS, i, 5),
      route: pick(TEXTS, i + 1, 4),
      url: pick(TEXTS, i + 2, 3),
      page: pick(TEXTS, i + 3, 4),
      type: pick(TEXTS, i + 4, 5),
      target: pick(TEXTS, i + 5, 6),
      message: pick(TEXTS, i + 6, 3),
      level: pick(['info', 'warn', 'ERROR'], i, 4),
      user_id: pick(['u1', 'u2', 'U3'], i, 3),
      session_id: pick(['s-b', 's-a', 's-c'], i, 4),
      status: pick([200, 404, 500, 302], i, 5),
      duration_ms: pick([12, 0.5, 12, 1e6, 3.25], i, 4),
      req_bytes: pick([10, 0, 7], i, 3),
      resp_bytes: pick([2048, 10, 10, 99], i, 5),
    };
  });
}

/** The order the contract promises, worked out from the events themselves. */
export function expectedOrder(events: readonly LogEvent[], sort: SortSpec): LogEvent[] {
  const s = sort.dir === 'asc' ? 1 : -1;
  const id = (e: LogEvent) => BigInt(e.id);
  return [...events].sort((a, b) => {
    const va = sort.field === 'time' ? a.time : sortValueOf(a, sort.field);
    const vb = sort.field === 'time' ? b.time : sortValueOf(b, sort.field);
    if (va === undefined || vb === undefined) {
      if (va !== vb) return va === undefined ? 1 : -1;
    } else if (va !== vb) {
      return s * (typeof va === 'number' && typeof vb === 'number' ? va - vb : compareCodePoints(String(va), String(vb)));
    }
    if (a.time !== b.time) return s * (a.time - b.time);
    return id(a) === id(b) ? 0 : s * (id(a) < id(b) ? -1 : 1);
  });
}

async function seeded(open: Open): Promise<{ store: EventStore; all: LogEvent[] }> {
  const store = await fresh(open);
  const collector = await store.sources.collectorId();
  const other = await store.sources.createFile('b-file.log', 'jsonl', file('/logs/b-file.log'), null);
  const events = sortEvents();
  await store.append(collector, events.slice(0, 25));
  await store.append(other, events.slice(25));
  const all = (await store.search({ filter: null, limit: 1000 })).events;
  expect(all).toHaveLength(40);
  return { store, all };
}

/** Every page of a sorted search, by cursor. */
async function pages(store: EventStore, sort: SortSpec, limit: number, query: string | null = null): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await store.search({ filter: query === null ? null : parseQuery(query), limit, sort, ...(after ? { after } : {}) });
    out.push(...page.events);
    if (page.next === null) return out;
    after = page.next;
  }
  throw new Error('paging did not end');
}

const ids = (events: readonly LogEvent[]) => events.map((e) => e.id);
const EVERY_SORT: SortSpec[] = SORT_FIELDS.flatMap((field) => (['asc', 'desc'] as const).map((dir) => ({ field, dir })));

export function describeSortAndOffset(open: Open): void {
  it('pages every sort field in both directions by cursor: every row once, blanks last, ties by time then id', async () => {
    const { store, all } = await seeded(open);
    for (const sort of EVERY_SORT) {
      const want = ids(expectedOrder(all, sort));
      expect({ sort, got: ids(await pages(store, sort, 7)) }).toEqual({ sort, got: want });
    }
  });

  it('sorts the matches of a filter, and pages them by cursor', async () => {
    const { store, all } = await seeded(open);
    const apis = all.filter((e) => e.kind === 'api');
    for (const sort of [{ field: 'status', dir: 'asc' }, { field: 'target', dir: 'desc' }, { field: 'time', dir: 'asc' }] as const) {
      expect(ids(await pages(store, sort, 4, 'kind:api'))).toEqual(ids(expectedOrder(apis, sort)));
    }
  });

  it('an offset page is the same slice of the order, the last row is reachable, and past the end is empty', async () => {
    const { store, all } = await seeded(open);
    for (const sort of EVERY_SORT) {
      const want = ids(expectedOrder(all, sort));
      for (const offset of [0, 1, 13, 33, 39]) {
        const page = await store.search({ filter: null, limit: 5, sort, offset });
        expect({ sort, offset, got: ids(page.events) }).toEqual({ sort, offset, got: want.slice(offset, offset + 5) });
      }
      const last = await store.search({ filter: null, limit: 1, sort, offset: all.length - 1 });
      expect(ids(last.events)).toEqual([want[want.length - 1]]);
      expect((await store.search({ filter: null, limit: 5, sort, offset: all.length })).events).toEqual([]);
    }
  });

  it("an offset page's cursor goes on in the same sort", async () => {
    const { store, all } = await seeded(open);
    const sort: SortSpec = { field: 'duration_ms', dir: 'desc' };
    const want = ids(expectedOrder(all, sort));
    const first = await store.search({ filter: null, limit: 6, sort, offset: 20 });
    const next = await store.search({ filter: null, limit: 6, sort, after: first.next! });
    expect([...ids(first.events), ...ids(next.events)]).toEqual(want.slice(20, 32));
  });

  it('a cursor made for one sort is refused by another, and an offset with a cursor is refused', async () => {
    const { store } = await seeded(open);
    const byStatus = await store.search({ filter: null, limit: 3, sort: { field: 'status', dir: 'asc' } });
    const byTime = await store.search({ filter: null, limit: 3 });
    const refused = [
      store.search({ filter: null, limit: 3, sort: { field: 'status', dir: 'desc' }, after: byStatus.next! }),
      store.search({ filter: null, limit: 3, sort: { field: 'route', dir: 'asc' }, after: byStatus.next! }),
      store.search({ filter: null, limit: 3, after: byStatus.next! }),
      store.search({ filter: null, limit: 3, sort: { field: 'status', dir: 'asc' }, after: byTime.next! }),
      store.search({ filter: null, limit: 3, sort: { field: 'status', dir: 'asc' }, after: byStatus.next!, offset: 3 }),
    ];
    for (const call of refused) await expect(call).rejects.toBeInstanceOf(StoreInputError);
    await expect(store.search({ filter: null, limit: 3, sort: { field: 'status', dir: 'desc' }, after: byStatus.next! })).rejects.toThrow(
      /made for the sort by status ascending, not status descending/,
    );
  });

  it('pages on from a row whose sort text is too long to carry in the cursor', async () => {
    const store = await fresh(open);
    const collector = await store.sources.collectorId();
    const long = (c: string) => c.repeat(5000);
    await store.append(collector, ['b', 'a', 'c', 'a'].map((c, i) => ({ time: T0 + i, kind: 'log' as const, raw: c, message: long(c) })));
    const sort: SortSpec = { field: 'target', dir: 'asc' };
    const got: string[] = [];
    let after: string | undefined;
    do {
      const page = await store.search({ filter: null, limit: 1, sort, ...(after ? { after } : {}) });
      got.push(...page.events.map((e) => `${e.message![0]}${e.time - T0}`));
      after = page.next ?? undefined;
      if (after) expect(after.length).toBeLessThanOrEqual(200);
    } while (after);
    expect(got).toEqual(['a1', 'a3', 'b0', 'c2']);
  });
}
