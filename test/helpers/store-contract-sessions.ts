// The store contract's session analyses (electron/core/analysis/): the session list, one
// session's timeline with its browser/server pairs, and the bridge chart, computed through the
// port alone, so every adapter must give the same figures.
import { expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import type { EventStore } from '../../electron/core/store/port.js';
import { listSessions } from '../../electron/core/analysis/sessions.js';
import { sessionTimeline } from '../../electron/core/analysis/timeline.js';
import { bridgeRows } from '../../electron/core/analysis/bridge.js';
import { oneRecordPerCall, oneRecordPerCallText } from '../../electron/core/analysis/call-records.js';
import { fresh, MIN, T0, type Open } from './store-contract-support.js';

const S = 1000;
const page = (time: number, session: string, path: string, user?: string): NewEvent => ({ time, kind: 'user', type: 'page_view', page: path, session_id: session, user_id: user ?? null, raw: '' });
const browser = (time: number, session: string, method: string, path: string, status: number, ms: number): NewEvent => ({
  // The collector derives the route from the URL (shared/route.ts).
  time, kind: 'api', method, url: `http://shop.test${path}`, route: path, status, duration_ms: ms, session_id: session, attrs: { source: 'browser' }, raw: '',
});
const server = (time: number, session: string, method: string, path: string, status: number, ms: number, user?: string): NewEvent => ({
  time, kind: 'api', method, url: path, route: path, status, duration_ms: ms, session_id: session, user_id: user ?? null, attrs: { source: 'node:http' }, raw: '',
});

/**
 * s1: anonymous, logs in as u1 part-way, checkout fails, an error, gone a second later.
 * s2: u2, checkout fails at +11 min but keeps browsing until +19 min.
 * s3: u3, nineteen quick product calls, then one slow one, gone 10 s later.
 */
async function seeded(open: Open): Promise<EventStore> {
  const store = await fresh(open);
  const collector = await store.sources.collectorId();
  const s3: NewEvent[] = [page(T0 + 20 * MIN, 's3', '/', 'u3')];
  for (let i = 0; i < 19; i++) s3.push(server(T0 + 20 * MIN + (i + 1) * S, 's3', 'GET', '/api/products', 200, 50, 'u3'));
  s3.push(server(T0 + 21 * MIN, 's3', 'GET', '/api/products', 200, 900, 'u3'), page(T0 + 21 * MIN + 10 * S, 's3', '/product', 'u3'));
  await store.append(collector, [
    page(T0, 's1', '/'),
    { time: T0 + 1 * S, kind: 'user', type: 'button_click', target: 'button#add', page: '/', session_id: 's1', raw: '' },
    browser(T0 + 2 * S, 's1', 'POST', '/api/cart', 200, 120),
    server(T0 + 2 * S + 10, 's1', 'POST', '/api/cart', 200, 100, 'u1'),
    page(T0 + 5 * S, 's1', '/checkout', 'u1'),
    browser(T0 + 6 * S, 's1', 'POST', '/api/checkout', 500, 300),
    server(T0 + 6 * S + 50, 's1', 'POST', '/api/checkout', 500, 250, 'u1'),
    { time: T0 + 7 * S, kind: 'user', type: 'error_encountered', message: 'Payment failed', page: '/checkout', session_id: 's1', user_id: 'u1', raw: '' },
    page(T0 + 10 * MIN, 's2', '/', 'u2'),
    server(T0 + 10 * MIN + S, 's2', 'GET', '/api/products', 200, 50, 'u2'),
    server(T0 + 11 * MIN, 's2', 'POST', '/api/checkout', 503, 40, 'u2'),
    page(T0 + 19 * MIN, 's2', '/', 'u2'),
    ...s3,
    { time: T0 + 30 * MIN, kind: 'log', level: 'info', message: 'no session', raw: '' },
  ]);
  return store;
}

export function describeSessionAnalyses(open: Open): void {
  it('counts a call the browser and the server both recorded once, whatever the framework named its route', async () => {
    const store = await fresh(open);
    const collector = await store.sources.collectorId();
    const pair = (time: number, path: string, serverRoute: string, browserRoute: string): NewEvent[] => [
      { ...browser(time, 's9', 'GET', path, 200, 30), route: browserRoute },
      { ...server(time + 5, 's9', 'GET', path, 200, 20), route: serverRoute },
    ];
    await store.append(collector, [
      ...pair(T0, '/api/users/7', '/api/users/:userId', '/api/users/:id'),
      ...pair(T0 + S, '/shop/blue-shirt', '/shop/{slug}', '/shop/blue-shirt'),
      ...pair(T0 + 2 * S, '/api/cart', '/api/cart', '/api/cart'),
      // Only the browser saw it (a third-party API): it counts.
      browser(T0 + 3 * S, 's9', 'GET', '/maps/tile/3', 200, 80),
      page(T0 + 4 * S, 's9', '/'),
    ]);
    const calls = await oneRecordPerCall(store, parseQuery('kind:api'));
    expect((await store.count(calls)).count).toBe(4);
    // Said as search text (the dashboard's drill-downs), it leaves out the same records.
    const text = await oneRecordPerCallText(store);
    expect(text).toMatch(/^-\(kind:api attrs\.source:browser \(route:/);
    expect((await store.count(parseQuery(`kind:api ${text}`))).count).toBe(4);
    const [s9] = (await listSessions(store, null, 10)).sessions;
    expect([s9?.api_calls, s9?.slowest_ms]).toEqual([4, 80]);
    // With no server records at all, the browser's are the calls...
    const alone = await fresh(open);
    const aloneCollector = await alone.sources.collectorId();
    await alone.append(aloneCollector, [browser(T0, 's1', 'GET', '/a', 200, 5)]);
    expect((await alone.count(await oneRecordPerCall(alone, parseQuery('kind:api')))).count).toBe(1);
    expect(await oneRecordPerCallText(alone)).toBe('');
    // ...until the server's record of the same call arrives: what was worked out before is not kept.
    await alone.append(aloneCollector, [server(T0 + 5, 's1', 'GET', '/a', 200, 3)]);
    expect((await alone.count(await oneRecordPerCall(alone, parseQuery('kind:api')))).count).toBe(1);
    // Every browser record is an echo now: that is short to say.
    expect(await oneRecordPerCallText(alone)).toBe('-(kind:api attrs.source:browser)');
    // And a new server route the browser already called is recognised at once.
    await alone.append(aloneCollector, [browser(T0 + S, 's1', 'GET', '/b', 200, 5), server(T0 + S + 5, 's1', 'GET', '/b', 200, 3)]);
    expect((await alone.count(await oneRecordPerCall(alone, parseQuery('kind:api')))).count).toBe(2);
  });

  it('lists sessions newest first, each summarised from all its events', async () => {
    const store = await seeded(open);
    const { sessions, truncated } = await listSessions(store, null, 100);
    expect(truncated).toBe(false);
    expect(sessions.map((s) => [s.session_id, s.user_id, s.start, s.duration_ms, s.pages, s.actions, s.api_calls, s.errors, s.slowest_ms, s.ended_after_failure, s.derived])).toEqual([
      ['s3', 'u3', T0 + 20 * MIN, MIN + 10 * S, 2, 2, 20, 0, 900, true, false],
      ['s2', 'u2', T0 + 10 * MIN, 9 * MIN, 2, 2, 2, 1, 50, false, false],
      // The last user named wins; a call the browser and the server both recorded counts once (the
      // server's record, so the slowest is the server's 250 ms), and the failed checkout and the
      // error the page showed for it both count.
      ['s1', 'u1', T0, 7 * S, 2, 4, 2, 2, 250, true, false],
    ]);
  });

  it('lists only sessions with a matching event, and says when there were more than the limit', async () => {
    const store = await seeded(open);
    const failing = await listSessions(store, parseQuery('status>=500'), 100);
    expect(failing.sessions.map((s) => s.session_id)).toEqual(['s2', 's1']);
    // Summaries cover the whole session, not only its matching events.
    expect(failing.sessions[0]!.api_calls).toBe(2);
    const one = await listSessions(store, null, 1);
    expect([one.sessions.length, one.truncated]).toEqual([1, true]);
  });

  it('gives a session’s events oldest first, pairs the browser’s and the server’s record of each call, and its neighbours', async () => {
    const store = await seeded(open);
    const t = await sessionTimeline(store, 's1', null, 1000);
    expect(t.events.map((e) => e.time)).toEqual([0, 1, 2, 2.01, 5, 6, 6.05, 7].map((s) => T0 + s * S));
    const byId = new Map(t.events.map((e) => [e.id, e]));
    expect(t.pairs.map((p) => [byId.get(p.browser_id)?.url, byId.get(p.server_id)?.url]).sort()).toEqual([
      ['http://shop.test/api/cart', '/api/cart'],
      ['http://shop.test/api/checkout', '/api/checkout'],
    ]);
    expect([t.prev, t.next, t.truncated, t.session.errors]).toEqual([null, 's2', false, 2]);
    const middle = await sessionTimeline(store, 's2', null, 2);
    expect([middle.prev, middle.next, middle.truncated, middle.events.length]).toEqual(['s1', 's3', true, 2]);
    // Neighbours among the sessions the list showed: only s1 and s2 had a failure.
    expect((await sessionTimeline(store, 's2', parseQuery('status>=500'), 10)).next).toBeNull();
  });

  it('orders neighbours under a search by the sessions’ own starts, not by their first matching event', async () => {
    const store = await fresh(open);
    const collector = await store.sources.collectorId();
    // A starts first, C second, B third; their failures come in another order.
    await store.append(collector, [
      page(T0, 'A', '/'), server(T0 + 30 * MIN, 'A', 'GET', '/x', 500, 5),
      page(T0 + 5 * MIN, 'C', '/'), server(T0 + 40 * MIN, 'C', 'GET', '/x', 500, 5),
      page(T0 + 10 * MIN, 'B', '/'), server(T0 + 15 * MIN, 'B', 'GET', '/x', 500, 5),
      page(T0 + 12 * MIN, 'D', '/'),
    ]);
    const failing = parseQuery('status>=500');
    expect([(await sessionTimeline(store, 'A', failing, 10)).next, (await sessionTimeline(store, 'C', failing, 10)).next]).toEqual(['C', 'B']);
    // D has no failure: it is not among the neighbours under the search, and is without it.
    expect((await sessionTimeline(store, 'B', failing, 10)).next).toBeNull();
    expect((await sessionTimeline(store, 'B', null, 10)).next).toBe('D');
  });

  it('bridges each route’s failed, slow and normal calls to whether the user left soon after', async () => {
    const store = await seeded(open);
    const rows = await bridgeRows(store, null, 5 * MIN, 20);
    const view = Object.fromEntries(rows.map((r) => [`${r.method} ${r.route}`, [r.calls, r.failed, r.slow, r.normal]]));
    expect(view).toEqual({
      // s1 left 1 s after its failed checkout; s2 browsed on for 8 minutes.
      'POST /api/checkout': [2, { sessions: 2, left: 1 }, { sessions: 0, left: 0 }, { sessions: 0, left: 0 }],
      'POST /api/cart': [1, { sessions: 0, left: 0 }, { sessions: 0, left: 0 }, { sessions: 1, left: 1 }],
      // s3's last call was slow (above the route's p95 of 50 ms) and it left 10 s later, 51 s after its last
      // quick one; s2 browsed on for 18 minutes after its quick one.
      'GET /api/products': [21, { sessions: 0, left: 0 }, { sessions: 1, left: 1 }, { sessions: 2, left: 1 }],
    });
    // The worst failure share first.
    expect(rows[0]!.route).toBe('/api/checkout');
  });
}
