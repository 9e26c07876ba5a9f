// The store port's contract (electron/core/store/port.ts), as one suite every adapter runs
// unchanged: `describeStoreContract('sqlite', open)` in a test file registers the tests, and
// `open` hands each test a fresh, empty store (its own file or database). What an adapter may
// do its own way (id and cursor text, the order of list(), how a percentile is computed) is not
// asserted; what the UI, the CLI and the collector rely on is. The filter table and the
// aggregates are in store-contract-filters.ts and store-contract-aggregates.ts, what they share
// in store-contract-support.ts.
import { describe, expect, it } from 'vitest';
import type { LogEvent, NewEvent } from '../../shared/events.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import { createBatchEncoder } from '../../electron/core/importers/batch-encoder.js';
import { derivedSessionRef } from '../../electron/core/store/derived-sessions.js';
import { describeAggregates } from './store-contract-aggregates.js';
import { describeFilters } from './store-contract-filters.js';
import { describeSessionAnalyses } from './store-contract-sessions.js';
import { describeSortAndOffset } from './store-contract-sort.js';
import { everything, file, fresh, MIN, T0, type Open } from './store-contract-support.js';

export function describeStoreContract(name: string, open: Open): void {
  describe(`store contract: ${name}`, () => {
    describeEvents(open);
    describeFilters(open);
    describe('sort and offset', () => describeSortAndOffset(open));
    describeAggregates(open);
    describeSessionAnalyses(open);
    describeSources(open);
    describeBulkLoad(open);
    describeHousekeeping(open);
  });
}

// ---- Events in and out ----

function describeEvents(open: Open): void {
  it('stores every field of a collected event and gives it back by id and in search', async () => {
    const store = await fresh(open);
    const collector = await store.sources.collectorId();
    const hostile = `it's a "quote"\\ with\ttab\nnewline, ünïcödé 🙂 and \u0001`;
    const full: NewEvent = {
      time: T0, kind: 'api', session_id: 'sess-1', session_derived: true, user_id: 'alice', line: 7, method: 'POST',
      url: '/api/cart?x=1', route: '/api/cart', status: 502, duration_ms: 12.5, req_bytes: 10, resp_bytes: 2048,
      ip_hash: 'iphash', user_agent: 'curl/8', referrer: 'https://example.test/', type: 'call', page: '/checkout',
      target: '#pay', level: 'error', message: hostile, trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331', attrs: { custom: { nested: [1, 'two', null] }, flag: false }, raw: `{"raw":${JSON.stringify(hostile)}}`,
    };
    const [id, bare] = await store.append(collector, [full, { time: T0 + 1, kind: 'log', raw: 'plain line' }]);
    expect(typeof id).toBe('string');
    expect(id).not.toBe(bare);
    const expected: LogEvent = {
      id: id!, time: T0, kind: 'api', source: 'collector', session_id: 'sess-1', user_id: 'alice', line: 7, method: 'POST',
      url: '/api/cart?x=1', route: '/api/cart', status: 502, duration_ms: 12.5, type: 'call', page: '/checkout',
      target: '#pay', level: 'error', message: hostile, trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331',
      attrs: {
        custom: { nested: [1, 'two', null] }, flag: false, req_bytes: 10, resp_bytes: 2048, ip_hash: 'iphash',
        user_agent: 'curl/8', referrer: 'https://example.test/',
      },
    };
    // A collected session is stored as given, even one marked derived: deriving belongs to imports.
    const got = await store.get(id!);
    expect(got).toEqual({ event: expected, sourceId: collector, raw: full.raw, byteOffset: null, byteLength: null });
    expect(await store.get(bare!)).toEqual({
      event: { id: bare, time: T0 + 1, kind: 'log', source: 'collector' }, sourceId: collector, raw: 'plain line', byteOffset: null, byteLength: null,
    });
    const page = await store.search({ filter: null, limit: 10 });
    expect(page.events).toEqual([{ id: bare, time: T0 + 1, kind: 'log', source: 'collector' }, expected]);
  });

  it('answers undefined for an id it never handed out', async () => {
    const store = await fresh(open);
    await store.append(await store.sources.collectorId(), [{ time: T0, kind: 'log', raw: 'x' }]);
    for (const id of ['0', '999999999', '18446744073709551615', 'evt_1', '', '-1', '1.5', "1' OR 1=1"]) {
      expect(await store.get(id), id).toBeUndefined();
    }
  });

  it('stores an event with a known dedup_key once and answers with the stored id', async () => {
    const store = await fresh(open);
    const collector = await store.sources.collectorId();
    const ids = await store.append(collector, [
      { time: T0, kind: 'user', type: 'a', dedup_key: 'k1', raw: '1' },
      { time: T0 + 1, kind: 'user', type: 'b', dedup_key: 'k1', raw: '2' },
      { time: T0 + 2, kind: 'user', type: 'c', dedup_key: 'k2', raw: '3' },
    ]);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    const again = await store.append(collector, [
      { time: T0 + 3, kind: 'user', type: 'd', dedup_key: 'k2', raw: '4' },
      { time: T0 + 4, kind: 'user', type: 'e', raw: '5' },
    ]);
    expect(again[0]).toBe(ids[2]);
    expect((await everything(store)).map((e) => e.type)).toEqual(['e', 'c', 'a']);
    expect((await store.get(ids[0]!))?.event.type).toBe('a');
    const [source] = (await store.sources.list()).filter((s) => s.id === collector);
    expect(source?.imported).toBe(3);
  });

  it('pages newest first with cursors, without duplicates or gaps, ties on time included', async () => {
    const store = await fresh(open);
    const collector = await store.sources.collectorId();
    // 30 events on 8 distinct times, most pages ending inside a run of equal times, and a third
    // of them years older than the rest (a store may look for the newest in windows of time).
    const timeOf = (i: number) => (i < 20 ? T0 : T0 - 3 * 365 * 86_400_000) + Math.floor(i / 4) * 1000;
    const events: NewEvent[] = Array.from({ length: 30 }, (_, i) => ({ time: timeOf(i), kind: 'api', status: i % 2 ? 200 : 500, url: `/u/${i}`, raw: String(i) }));
    // Inserted in two groups, out of order.
    await store.append(collector, events.slice(15));
    await store.append(collector, events.slice(0, 15));
    for (const [query, size, want] of [[null, 4, 30], ['status:500', 3, 15], [null, 30, 30], [null, 1, 30]] as const) {
      const seen: LogEvent[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await store.search({ filter: query === null ? null : parseQuery(query), limit: size, after });
        expect(page.events.length).toBeLessThanOrEqual(size);
        seen.push(...page.events);
        if (page.next === null) break;
        after = page.next;
        expect(++pages).toBeLessThan(100);
      }
      expect(seen.length, `${query} by ${size}`).toBe(want);
      expect(new Set(seen.map((e) => e.id)).size).toBe(want);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.time).toBeLessThanOrEqual(seen[i - 1]!.time);
      // The same order every time: paging again gives the same sequence.
      const all = await everything(store, query);
      expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
    }
    expect(await store.search({ filter: parseQuery('status:404'), limit: 5 })).toEqual({ events: [], next: null });
    await expect(store.search({ filter: null, limit: 5, after: 'not a cursor' })).rejects.toThrow(/cursor/);
  });

  it('counts what a filter matches', async () => {
    const store = await fresh(open);
    expect(await store.count(null)).toEqual({ count: 0, approximate: false });
    const collector = await store.sources.collectorId();
    await store.append(collector, Array.from({ length: 12 }, (_, i) => ({ time: T0 + i, kind: 'api' as const, status: 200 + (i % 3) * 100, raw: '' })));
    expect((await store.count(null)).count).toBe(12);
    expect((await store.count(parseQuery('status>=300'))).count).toBe(8);
    expect((await store.count(parseQuery('status:404'))).count).toBe(0);
    // A search asked to count gives the same totals, whichever way the page is found.
    for (const [query, count] of [['', 12], ['status>=300', 8], ['status:404', 0]] as const) {
      for (const spec of [{}, { offset: 3 }, { sort: { field: 'status', dir: 'asc' } as const }]) {
        const page = await store.search({ filter: parseQuery(query), limit: 2, count: true, ...spec });
        expect({ query, spec, total: page.total }).toEqual({ query, spec, total: { count, approximate: false } });
      }
    }
    expect((await store.search({ filter: null, limit: 2 })).total).toBeUndefined();
  });

  it('describes how it differs, and classifies ordinary errors as no store fault', async () => {
    const store = await fresh(open);
    expect(Array.isArray(store.notes)).toBe(true);
    for (const n of store.notes) expect(typeof n).toBe('string');
    expect(store.fault(new Error('a bug'))).toBeNull();
    expect(store.fault('text')).toBeNull();
  });
}

// ---- Sources ----

function describeSources(open: Open): void {
  it('keeps one collector source, file sources with what they were read from, and their state', async () => {
    const store = await fresh(open);
    const collector = await store.sources.collectorId();
    expect(await store.sources.collectorId()).toBe(collector);
    expect(Number.isSafeInteger(collector)).toBe(true);
    expect(await store.sources.getFile(collector)).toBeUndefined();

    const before = Date.now();
    const a = await store.sources.createFile('a.log', 'access', file('/logs/a.log', 100, 'h1'), '{"x":1}');
    expect(await store.sources.getFile(a)).toEqual({
      id: a, kind: 'file', name: 'a.log', format: 'access', imported: 0, skipped: 0, created_at: expect.any(Number), path: '/logs/a.log',
      state: 'importing', size: 100, mtime_ms: 1_700_000_000_123.5, head_hash: 'h1', read_bytes: 0, read_lines: 0, options: '{"x":1}', report: null,
    });
    expect((await store.sources.getFile(a))!.created_at).toBeGreaterThanOrEqual(before - 1000);

    await store.sources.finish(a, 'done', { size: 150, mtimeMs: 5, headHash: 'h2' }, '{"notes":[]}');
    expect(await store.sources.getFile(a)).toMatchObject({ state: 'done', size: 150, mtime_ms: 5, head_hash: 'h2', report: '{"notes":[]}' });
    // Without a file or report, the ones recorded stay.
    await store.sources.finish(a, 'failed', null, null);
    expect(await store.sources.getFile(a)).toMatchObject({ state: 'failed', size: 150, head_hash: 'h2', report: '{"notes":[]}' });
    await store.sources.finish(a, 'done', null, null);

    // The newest source read from a path; an upload is found again only once finished.
    const b = await store.sources.createFile('a.log', 'access', file('/logs/a.log', 150, 'h2'), null);
    expect((await store.sources.findByPath('/logs/a.log'))?.id).toBe(b);
    expect(await store.sources.findByPath('/logs/none.log')).toBeUndefined();
    expect((await store.sources.findUpload('a.log', 150, 'h2'))?.id).toBe(a);
    await store.sources.finish(b, 'done', null, null);
    expect((await store.sources.findUpload('a.log', 150, 'h2'))?.id).toBe(b);
    expect(await store.sources.findUpload('a.log', 151, 'h2')).toBeUndefined();
    // The same content under any name or path: the newest.
    const c = await store.sources.createFile('renamed.log', 'access', file('/elsewhere/renamed.log', 150, 'h2'), null);
    expect((await store.sources.findSameContent(150, 'h2'))?.id).toBe(c);
    expect(await store.sources.findSameContent(150, 'h3')).toBeUndefined();
    expect(await store.sources.findSameContent(149, 'h2')).toBeUndefined();
    await store.sources.remove(c);

    const listed = await store.sources.list();
    expect(listed.map((s) => s.id).sort((x, y) => x - y)).toEqual([collector, a, b].sort((x, y) => x - y));
    expect(listed.find((s) => s.id === collector)).toMatchObject({ kind: 'collector', name: 'collector', path: null, imported: 0 });
  });

  it('forgets events past a line, and removes a source with its events', async () => {
    const store = await fresh(open);
    const f = await store.sources.createFile('lines.log', 'access', file('/logs/lines.log'), null);
    const g = await store.sources.createFile('keep.log', 'access', file('/logs/keep.log'), null);
    const ids = await store.append(f, Array.from({ length: 5 }, (_, i) => ({ time: T0 + i, kind: 'api' as const, line: i + 1, url: `/l${i + 1}`, raw: '' })));
    await store.append(g, [{ time: T0, kind: 'api', line: 9, raw: '' }]);
    expect((await store.sources.getFile(f))?.imported).toBe(5);
    expect(await store.sources.forgetAfterLine(f, 3)).toBe(2);
    expect((await everything(store, 'source:lines.log')).map((e) => e.line)).toEqual([3, 2, 1]);
    expect((await store.sources.getFile(f))?.imported).toBe(3);
    expect(await store.sources.forgetAfterLine(f, 3)).toBe(0);

    expect(await store.sources.remove(f)).toBe(3);
    expect(await store.get(ids[0]!)).toBeUndefined();
    expect(await store.sources.getFile(f)).toBeUndefined();
    expect((await store.sources.list()).map((s) => s.id)).toEqual([g]);
    expect((await store.count(null)).count).toBe(1);
    expect(await store.sources.remove(f)).toBe(0);
  });
}

// ---- Bulk loads ----

function describeBulkLoad(open: Open): void {
  it('loads column batches: fields, dictionary reuse, derived sessions, progress and merges', async () => {
    const store = await fresh(open);
    const src = await store.sources.createFile('access.log', 'access', file('/logs/access.log'), null);
    const enc = createBatchEncoder(8);
    const at = (line: number, offset = line * 100) => ({ offset, length: 99, line });
    const api = (i: number, extra: Partial<NewEvent> = {}): NewEvent => ({
      time: T0 + i * MIN, kind: 'api', method: 'GET', url: `/p/${i % 2}`, route: '/p/:n', status: i === 3 ? 500 : 200,
      duration_ms: i, resp_bytes: 100 + i, ip_hash: 'ip-a', user_agent: 'Agent/1', attrs: { proto: 'HTTP/1.1' }, raw: '', ...extra,
    });
    enc.add(api(1), at(1), false, derivedSessionRef(src, 1));
    enc.add(api(2), at(2), false, derivedSessionRef(src, 1));
    enc.add(api(3, { session_id: 'given-session', message: 'boom' }), { ...at(3), spansLines: true }, false, null);
    const first = enc.take(400, 3);
    // The second batch reuses the first one's strings and brings a kept raw text.
    enc.add(api(4, { raw: '{"kept":true}' }), at(4), true, derivedSessionRef(src, 2));
    enc.add({ time: T0 + 5 * MIN, kind: 'user', type: 'click', page: '/p/0', raw: '' }, at(5), false, null);
    const second = enc.take(600, 5);

    const sink = await store.bulkLoad({ sourceId: src, expectedEvents: 5, inline: true });
    expect(await sink.append(first, 1)).toEqual({ inserted: 3 });
    expect(await sink.append(second, 2)).toEqual({ inserted: 2 });
    expect(await store.sources.lastDerivedSession(src)).toBe(2);
    await sink.finish([[derivedSessionRef(src, 2), derivedSessionRef(src, 1)]]);

    const events = await everything(store);
    expect(events.map((e) => e.time)).toEqual([5, 4, 3, 2, 1].map((i) => T0 + i * MIN));
    const byLine = new Map(events.map((e) => [e.line, e]));
    expect(byLine.get(1)).toEqual({
      id: expect.any(String), time: T0 + MIN, kind: 'api', source: 'access.log', line: 1, method: 'GET', url: '/p/1', route: '/p/:n',
      status: 200, duration_ms: 1, session_id: `d${src}-1`, session_derived: true,
      attrs: { proto: 'HTTP/1.1', resp_bytes: 101, ip_hash: 'ip-a', user_agent: 'Agent/1' },
    });
    // Session 2 was merged into 1 when the load finished.
    expect(byLine.get(4)).toMatchObject({ session_id: `d${src}-1`, session_derived: true });
    expect(byLine.get(3)).toMatchObject({ session_id: 'given-session', message: 'boom', status: 500 });
    expect(byLine.get(3)!.session_derived).toBeUndefined();
    expect(byLine.get(5)).toEqual({ id: expect.any(String), time: T0 + 5 * MIN, kind: 'user', source: 'access.log', line: 5, type: 'click', page: '/p/0' });

    expect(await store.get(byLine.get(1)!.id)).toMatchObject({ sourceId: src, raw: null, byteOffset: 100, byteLength: null });
    expect(await store.get(byLine.get(3)!.id)).toMatchObject({ raw: null, byteOffset: 300, byteLength: 99 });
    expect(await store.get(byLine.get(4)!.id)).toMatchObject({ raw: '{"kept":true}', byteOffset: 400 });
    expect(await store.sources.getFile(src)).toMatchObject({ imported: 5, skipped: 3, read_bytes: 600, read_lines: 5 });
    expect(await store.sources.lastDerivedSession(src)).toBe(1);
    expect((await everything(store, `session:d${src}-1`)).length).toBe(3);
    expect((await everything(store, 'agent')).length).toBe(4);
  });

  it('stores a rotated file’s events in the sessions of the file before it, without counting them as its own', async () => {
    const store = await fresh(open);
    const older = await store.sources.createFile('access.log.1', 'access', file('/logs/access.log.1'), null);
    const src = await store.sources.createFile('access.log', 'access', file('/logs/access.log'), null);
    const enc = createBatchEncoder(8);
    const api = (i: number): NewEvent => ({ time: T0 + i * MIN, kind: 'api', method: 'GET', url: '/', status: 200, raw: '' });
    enc.add(api(1), { offset: 0, length: 10, line: 1 }, false, derivedSessionRef(older, 99));
    enc.add(api(2), { offset: 10, length: 10, line: 2 }, false, derivedSessionRef(src, 3));
    const sink = await store.bulkLoad({ sourceId: src, expectedEvents: 2, inline: true });
    await sink.append(enc.take(20, 2), 0);
    await sink.finish();
    expect(await store.sources.lastDerivedSession(src)).toBe(3);
    expect((await everything(store, `session:d${older}-99`)).map((e) => [e.source, e.session_derived])).toEqual([['access.log', true]]);
  });

  it('starts its dictionary over when a batch says so', async () => {
    const store = await fresh(open);
    const src = await store.sources.createFile('big.log', 'access', file('/logs/big.log'), null);
    // A dictionary of 2 strings: it starts over after nearly every batch.
    const enc = createBatchEncoder(2, 2);
    const sink = await store.bulkLoad({ sourceId: src, expectedEvents: 6, inline: true });
    for (let b = 0; b < 3; b++) {
      for (let i = 0; i < 2; i++) {
        const n = b * 2 + i;
        enc.add({ time: T0 + n, kind: 'api', url: `/u/${n}`, route: `/r/${n % 3}`, method: 'GET', raw: '' }, { offset: n * 10, length: 9, line: n + 1 }, false, null);
      }
      await sink.append(enc.take((b + 1) * 20, (b + 1) * 2), 0);
    }
    await sink.finish();
    const events = await everything(store);
    expect(events.map((e) => [e.line, e.url, e.route])).toEqual([5, 4, 3, 2, 1, 0].map((n) => [n + 1, `/u/${n}`, `/r/${n % 3}`]));
  });

  it('keeps what was committed when a load is aborted', async () => {
    const store = await fresh(open);
    const src = await store.sources.createFile('cut.log', 'access', file('/logs/cut.log'), null);
    const enc = createBatchEncoder(4);
    enc.add({ time: T0, kind: 'log', message: 'kept', raw: '' }, { offset: 0, length: 5, line: 1 }, false, null);
    const sink = await store.bulkLoad({ sourceId: src, expectedEvents: 100, inline: true });
    await sink.append(enc.take(6, 1), 0);
    await sink.abort();
    expect((await everything(store)).map((e) => e.message)).toEqual(['kept']);
    expect(await store.sources.getFile(src)).toMatchObject({ imported: 1, read_bytes: 6, read_lines: 1 });
  });
}

// ---- Retention and secrets ----

function describeHousekeeping(open: Open): void {
  it('purges collected events older than the cutoff, oldest first, until a call deletes fewer than `limit`, never imported ones', async () => {
    const store = await fresh(open);
    const collector = await store.sources.collectorId();
    const f = await store.sources.createFile('old.log', 'access', file('/logs/old.log'), null);
    await store.append(collector, [0, 1, 2, 10].map((m) => ({ time: T0 + m * MIN, kind: 'api' as const, url: `/c${m}`, raw: 'x' })));
    await store.append(f, [{ time: T0, kind: 'api', url: '/file', raw: '' }]);
    const enc = createBatchEncoder(2);
    enc.add({ time: T0 - MIN, kind: 'api', url: '/imported', raw: '' }, { offset: 0, length: 1, line: 1 }, false, null);
    const sink = await store.bulkLoad({ sourceId: f, expectedEvents: 1, inline: true });
    await sink.append(enc.take(2, 1), 0);
    await sink.finish();

    const cutoff = T0 + 5 * MIN;
    // SQLite deletes at most `limit` a call (its chunks keep the collector's event loop free);
    // ClickHouse deletes them all in one mutation. Either way a call that deletes fewer than
    // `limit` has left nothing older, which is how the retention purge knows it is done.
    const first = await store.purgeCollectedBefore(cutoff, 2);
    expect([2, 3]).toContain(first);
    expect((await everything(store, 'source:collector')).map((e) => e.url)).toEqual(first === 2 ? ['/c10', '/c2'] : ['/c10']);
    let total = first;
    for (let n = first; n >= 2; total += n) n = await store.purgeCollectedBefore(cutoff, 2);
    expect(total).toBe(3);
    expect(await store.purgeCollectedBefore(cutoff, 2)).toBe(0);
    expect((await everything(store)).map((e) => e.url)).toEqual(['/c10', '/file', '/imported']);
    expect((await store.sources.list()).find((s) => s.id === collector)?.imported).toBe(1);
    await expect(store.purgeCollectedBefore(cutoff, 0)).rejects.toThrow(RangeError);
  });

  it('makes a secret once and gives the same one back', async () => {
    const store = await fresh(open);
    const a = await store.secret('ip-key');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.secret('ip-key')).toBe(a);
    expect(await store.secret('other')).not.toBe(a);
  });
}
