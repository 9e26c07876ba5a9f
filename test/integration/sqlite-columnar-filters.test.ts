// The columnar index's filters mean what the SQL compiler's mean (event-filter.ts): many queries,
// hand-picked and generated, run through both on one store and must find the same events.
import fc from 'fast-check';
import { DEFAULT_SORT } from '../../shared/sort.js';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/core/store/sqlite/open.js';
import { compileFilter } from '../../electron/core/store/sqlite/event-filter.js';
import { createColumnarIndex, type ColumnarIndex } from '../../electron/core/store/sqlite/columnar/index.js';
import { createBatchEncoder } from '../../electron/core/importers/batch-encoder.js';
import { sessionsIn } from '../../electron/core/analysis/filters.js';
import { derivedSessionRef } from '../../electron/core/store/derived-sessions.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import type { QueryNode } from '../../electron/core/query/ast.js';
import type { EventKind, NewEvent } from '../../shared/events.js';
import { tempDbPath } from '../helpers/temp.js';

const T0 = Date.UTC(2026, 0, 1);
const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]!;

const METHODS = ['GET', 'get', 'POST', 'Put', null];
const ROUTES = ['/api/users/:id', '/API/Cart', '/login', null, '/a_b%c', '/x\\y'];
const STATUSES = [200, 201, 404, 500, 503, null, 99, 600, 302];
const DURATIONS = [0.5, 12, 12.25, null, 1000.125, 3, 0.1 + 0.2];
const IPS = ['ab12', 'AB12', 'cd34', null];
const AGENTS = ['Mozilla/5.0 Firefox/128.0', 'curl/8.0', 'Googlebot/2.1', null];
const TYPES = ['click', 'page_view', null];
const PAGES = ['/home', '/Checkout', null];
const LEVELS = ['info', 'ERROR', 'warn', null];
const MESSAGES = ['upstream failed', 'request handled', 'Café crème brûlée', null, 'disk 90% full'];
const USERS = ['alice', 'Alice', 'bob@example.com', null];
// 'd2-3' is also a derived session of the import (source 2): `session:d2-3` finds both.
const SESSIONS = ['s1', 'S1', 'd1-2', 'd2-3', null, null];
const TRACES = ['abc123', 'ABC123', null, null];
const ATTRS: (Record<string, unknown> | null)[] = [
  { n: 7 }, { n: '7' }, { flag: true }, { nested: { k: 'v' } }, { s: 'Hello World' }, { x: null }, null, { 'a.b': 1 }, { n: 12.5, s: 'hello' },
];

function event(i: number, kind: EventKind): NewEvent {
  const route = pick(ROUTES, i);
  return {
    time: T0 + (i % 37) * 3_600_000 + (i % 5) * 1000,
    kind,
    method: pick(METHODS, i),
    route,
    url: route === null ? (i % 3 ? null : `/free/${i}`) : `${route.replace(':id', String(i % 11))}?q=${i % 4}`,
    status: pick(STATUSES, i + 1),
    duration_ms: pick(DURATIONS, i + 2),
    req_bytes: i % 4 === 0 ? null : i * 10,
    resp_bytes: i % 3 === 0 ? null : i * 100,
    ip_hash: pick(IPS, i + 3),
    user_agent: pick(AGENTS, i + 1),
    referrer: i % 2 ? 'https://example.com/page' : null,
    type: kind === 'user' ? pick(TYPES, i) : null,
    page: kind === 'user' ? pick(PAGES, i) : null,
    target: kind === 'user' && i % 2 ? 'button#buy' : null,
    level: kind === 'log' ? pick(LEVELS, i) : null,
    message: kind === 'log' ? pick(MESSAGES, i) : null,
    user_id: pick(USERS, i + 2),
    session_id: pick(SESSIONS, i),
    trace_id: pick(TRACES, i),
    span_id: i % 5 === 0 ? `span${i % 3}` : null,
    line: i % 6 === 0 ? null : i,
    attrs: pick(ATTRS, i),
    raw: `raw ${i}`,
  };
}

/** A store with every kind of event, missing values, given and derived sessions, three sources. */
function fixture(): { store: Store; index: ColumnarIndex } {
  const store = openStore({ path: tempDbPath() });
  const kinds: EventKind[] = ['api', 'user', 'log'];
  const collected = store.sources.collectorId();
  store.append(collected, Array.from({ length: 150 }, (_, i) => event(i, pick(kinds, i))));
  // An import: derived sessions are negative refs, written by the bulk loader.
  const file = store.sources.create('file', 'Access.LOG', 'access');
  const enc = createBatchEncoder(1000);
  for (let i = 150; i < 300; i++) {
    const e = event(i, 'api');
    enc.add({ ...e, session_id: null }, { offset: i * 100, length: 99, line: i }, false, derivedSessionRef(file, 1 + (i % 7)));
  }
  const load = store.bulkLoad({ sourceId: file, dropIndexes: false });
  load.append(enc.take(30_000, 300), 0);
  load.finish();
  const other = store.sources.create('file', 'other_file.log', 'ndjson');
  store.append(other, Array.from({ length: 60 }, (_, i) => event(300 + i, pick(kinds, i + 1))));
  return { store, index: createColumnarIndex(store.db) };
}

function sqlIds(store: Store, filter: QueryNode | null): number[] {
  const { where, params } = compileFilter(filter);
  return store.db.prepare(`SELECT e.id FROM events e WHERE (${where}) ORDER BY e.id`).pluck().all(...params) as number[];
}

function columnarIds(index: ColumnarIndex, filter: QueryNode | null): number[] {
  return index.sortedPage(filter, DEFAULT_SORT, 1_000_000, 0).ids.sort((a, b) => a - b);
}

/** Runs one query both ways: the same ids, the same count, or the same error. */
function expectSame(store: Store, index: ColumnarIndex, query: string | QueryNode): void {
  let filter: QueryNode | null;
  try {
    filter = typeof query === 'string' ? parseQuery(query) : query;
  } catch {
    return; // not a query; the parser's own tests cover what it refuses
  }
  const label = typeof query === 'string' ? query : JSON.stringify(query).slice(0, 200);
  let expected: number[] | Error;
  try {
    expected = sqlIds(store, filter);
  } catch (err) {
    expected = err as Error;
  }
  if (expected instanceof Error) {
    expect(() => index.count(filter), label).toThrow(expected.message);
    return;
  }
  expect(columnarIds(index, filter), label).toEqual(expected);
  expect(index.count(filter), label).toBe(expected.length);
}

const HAND_PICKED = [
  '', 'method:get', 'method:GET', 'method:Put', '-method:GET', 'NOT method:*', 'method:*', 'method:G*',
  'route:/api/cart', 'route:/API/*', 'route:*_b%*', 'route:/a_b%c', 'route:/a?b%c', 'route:"/x\\\\y"', 'route:*\\\\*', 'url:*q=1*', 'path:/free/*',
  'status:500', 'status>=500', 'status<200', 'status:5*', 'status:*', '-status:*', 'status>99 status<=302', 'status_code:(200 404)',
  'duration>12', 'duration:12', 'duration:0.30000000000000004', 'latency<=3', 'duration:*', 'duration:1*', '-duration>1',
  'bytes>1000', 'req_bytes:*', 'request_bytes<100', 'line>100', 'line:*', '-line:*', 'line:1*',
  'id:5', 'id>200', 'id:evt_12', 'id<=3', 'id:1*',
  'time:2026-01-01', 'time>2026-01-01T10:00', 'time>=2026-01-01T10:00', 'time<2026-01-02', 'time<=2026-01-01T05:00:00Z', `time:${T0 + 1000}`, 'time:*',
  'kind:api', 'kind:USER', 'kind:l*', '-kind:api', 'kind:*',
  'session:s1', 'session:S1', 'session:d1-2', 'session:d2-3', 'session:d2-*', 'session:*1', 'session:*', '-session:*', 'session:d9-99999999999',
  'user:alice', 'user:ALICE', 'user:*@example.com', '-user:alice', 'user_id:*',
  'source:collector', 'source:access.log', 'file:*file*', 'source:other_file.log', 'source:*', 'source:nothing',
  'ip:ab12', 'ip:AB12', 'ip:ab*', '-ip:ab12', 'ua:*firefox*', 'agent:curl/8.0', 'referer:*example*',
  'type:click', 'event:PAGE_VIEW', 'page:/checkout', 'target:button*', 'level:error', 'severity:WARN', '-level:*',
  'msg:"upstream failed"', 'message:café*', 'message:*90%*', 'trace:abc123', 'trace:ABC*', 'trace:*', '-trace:abc123', 'span:span1', 'span:*',
  'attrs.n:7', 'attrs.n>5', 'attrs.n<=7', 'attrs.n:*', '-attrs.n:*', 'attrs.flag:true', 'attrs.flag:TRUE', 'attrs.x:null', 'attrs.nested.k:v',
  'attrs.nested.k:V', 'attrs.s:hello*', 'attrs.s:"hello world"', 'attrs."a.b":1', 'attrs.missing:1', 'attrs.n>=12.5',
  'firefox', 'FIREFOX', 'moz*', '"request handled"', 'upstream OR curl', 'cart login', 'café', 'zzzz', 'api -firefox', 'hello', '7',
  '(status>=500 OR level:error) -kind:user', 'method:(GET POST) route:/login', 'NOT (user:alice OR ip:cd34)', 'api OR status:404 OR zzzz',
  // Lists of sessions (as the session list asks) answer in one pass: the same events as one term each.
  'session:s1 OR session:d2-3 OR session:nope OR session:d1-2', 'session:(s1 d9-9 S1) OR status:404', 'NOT (session:s1 OR session:d1-2)',
  '(session:s1 OR session:d2-3) kind:api', 'session:s1 OR session:d2-* OR session:d1-2',
  'NOT NOT status:200', '-(-method:*)', 'status:abc', 'time:yesterday', 'duration>x', 'route>5', 'attrs.n>x',
];

describe('columnar filters: the same events as SQL', () => {
  it('hand-picked queries, every field, operator and wildcard', () => {
    const { store, index } = fixture();
    for (const q of HAND_PICKED) {
      expectSame(store, index, q);
      // And on an index that holds no column yet: each query loads exactly what it reads.
      expectSame(store, createColumnarIndex(store.db), q);
    }
    store.close();
  });

  it('a word held by every text column, each in an event of its own, finds each of those events and no other', () => {
    const store = openStore({ path: tempDbPath() });
    const base: NewEvent = { time: T0, kind: 'api', raw: 'r' };
    const holders: NewEvent[] = [
      { ...base, method: 'OMNI' }, { ...base, url: '/x/omni?a=1' }, { ...base, route: '/omni/:id' }, { ...base, kind: 'user', type: 'omni_click' },
      { ...base, kind: 'user', page: '/omni' }, { ...base, kind: 'user', target: 'a#omni' }, { ...base, kind: 'log', level: 'omni' },
      { ...base, kind: 'log', message: 'the omni service' }, { ...base, user_agent: 'omni/1.0' }, { ...base, referrer: 'https://omni.example' },
      { ...base, user_id: 'omni' }, { ...base, attrs: { where: 'omni' } },
      // Two columns hold `pair`; five hold `penta` (a pass of three, then one of two).
      { ...base, url: '/pair' }, { ...base, kind: 'log', message: 'a pair' },
      { ...base, route: '/penta' }, { ...base, kind: 'user', page: '/penta' }, { ...base, kind: 'log', level: 'penta' }, { ...base, user_agent: 'penta' }, { ...base, user_id: 'penta' },
    ];
    const others = Array.from({ length: 40 }, (_, i): NewEvent => ({ ...base, time: T0 + i, method: 'GET', url: `/y/${i}`, route: '/y/:id', message: 'other', user_agent: 'curl' }));
    const collected = store.sources.collectorId();
    store.append(collected, others.slice(0, 20));
    store.append(collected, holders);
    store.append(collected, others.slice(20));
    const index = createColumnarIndex(store.db);
    // Every text column holds the word: the columns are or'ed three to a pass, in four passes.
    expect(columnarIds(index, parseQuery('omni'))).toHaveLength(12);
    expect(columnarIds(index, parseQuery('pair'))).toHaveLength(2);
    expect(columnarIds(index, parseQuery('penta'))).toHaveLength(5);
    for (const q of ['omni', 'omni*', '"omni"', '-omni', 'omni OR other', 'omni kind:user', 'pair', '-pair', 'penta', 'penta OR pair', '-penta']) expectSame(store, index, q);
    store.close();
  });

  it('long lists of sessions in nested ORs (the session list’s filters), alone and beside other terms', () => {
    const { store, index } = fixture();
    const ids = [...Array.from({ length: 250 }, (_, i) => `x${i}`), 's1', 'd1-2', 'd2-3', 'S1'];
    const list = sessionsIn(ids);
    expect(list.type === 'or' && list.children.every((c) => c.type === 'or')).toBe(true);
    for (const q of [list, { type: 'or', children: [list, parseQuery('status:404')!] }, { type: 'and', children: [list, parseQuery('kind:api')!] }, { type: 'not', child: list }] satisfies QueryNode[]) {
      expectSame(store, index, q);
    }
    store.close();
  });

  it('generated queries: nested AND / OR / NOT over every kind of term', () => {
    const { store, index } = fixture();
    const terms = [
      ...HAND_PICKED.filter((q) => q !== '' && !q.includes('(')),
      'status:200', 'status:404', 'status:503', 'method:post', 'route:/login', 'ip:cd34', 'user:bob*', 'kind:log', 'level:info', 'session:s*',
    ];
    const term = fc.constantFrom(...terms);
    const query: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
      q: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        term,
        fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a}) (${b})`),
        fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a}) OR (${b})`),
        tie('q').map((a) => `-(${a})`),
        tie('q').map((a) => `NOT (${a})`),
      ),
    })).q;
    fc.assert(
      fc.property(query, (q) => expectSame(store, index, q)),
      { numRuns: 400 },
    );
    store.close();
  });
});
