// Issue 11's figures against the demo's seeded run (seed 7, 12 visitors, "Load demo data"'s
// http driver through the real collector), on SQLite and on ClickHouse: the session list, the
// timeline of a visitor who left after a failed checkout, the per-route table and the bridge
// chart must say what the plan says. Every expected figure comes from the plan, none is typed in.
import { describe, expect, it, onTestFinished } from 'vitest';
import { openCore, StoreSpecSchema, type StoreSpec } from '../../electron/core/compose.js';
import { startServer } from '../../electron/core/http/server.js';
import { DEMO_BRIDGE_WINDOW_MINUTES, expectedBridge, expectedCounts, planVisitors } from '../../electron/core/demo/index.js';
import type { Service } from '../../electron/core/service.js';
import type { CallName, CallInput, CallOutput } from '../../shared/api.js';
import type { LogEvent } from '../../shared/events.js';
import { uniqueDatabase } from '../helpers/clickhouse-server.js';
import { useClickHouseServer } from '../helpers/clickhouse-per-file.js';
import { tempDbPath } from '../helpers/temp.js';

const SEED = 7;
const VISITORS = 12;
const plan = planVisitors(SEED, VISITORS);
const expected = expectedCounts(plan);
const clickHouse = useClickHouseServer();

async function call<N extends CallName>(service: Service, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const r = await service.dispatch(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r.value as CallOutput<N>;
}

/** A core with its collector on port 0, loaded the way the app's "Load demo data" loads it. */
async function loaded(spec: StoreSpec): Promise<Service> {
  const core = await openCore({ store: spec, version: 'test', collectorUrl: null, log: () => {} });
  onTestFinished(() => core.close());
  const server = await startServer({ service: core.service, host: '127.0.0.1', port: 0, uiDir: null });
  onTestFinished(() => server.close());
  const run = await call(core.service, 'demo.load', { seed: SEED, visitors: VISITORS });
  expect([run.sessions, run.events]).toEqual([expected.sessions, expected.events]);
  return core.service;
}

async function everything(service: Service): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await call(service, 'events.search', { limit: 5000, ...(before ? { before } : {}) });
    out.push(...page.events);
    if (page.next === null) return out;
    before = page.next;
  }
}

/** Each session's planned visit, from the visit marker the shop's pages send with their calls. */
function visitOf(events: readonly LogEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    const key = (e.attrs?.request_headers as Record<string, unknown> | undefined)?.['x-demo-visit'];
    if (e.session_id && typeof key === 'string') out.set(e.session_id, key);
  }
  return out;
}

/**
 * What the session list and the bridge chart must say, worked out here from the stored events
 * themselves (the slow/normal split depends on the durations the run measured): the server's
 * record stands for each call, slow is above its route's nearest-rank p95.
 */
function oracle(events: readonly LogEvent[], windowMs: number) {
  const calls = events.filter((e) => e.kind === 'api' && e.attrs?.source !== 'browser');
  const byRoute = new Map<string, number[]>();
  for (const c of calls) byRoute.set(`${c.method} ${c.route}`, [...(byRoute.get(`${c.method} ${c.route}`) ?? []), c.duration_ms ?? NaN]);
  const p95 = new Map([...byRoute].map(([k, ds]) => {
    const sorted = ds.filter((d) => !Number.isNaN(d)).sort((a, b) => a - b);
    return [k, sorted[Math.ceil(0.95 * sorted.length) - 1]!];
  }));
  const outcome = (c: LogEvent) => ((c.status ?? 0) >= 500 ? 'failed' : (c.duration_ms ?? 0) > p95.get(`${c.method} ${c.route}`)! ? 'slow' : 'normal');
  const end = new Map<string, number>();
  const lastAction = new Map<string, number>();
  for (const e of events) {
    if (!e.session_id) continue;
    end.set(e.session_id, Math.max(end.get(e.session_id) ?? -Infinity, e.time));
    if (e.kind === 'user') lastAction.set(e.session_id, Math.max(lastAction.get(e.session_id) ?? -Infinity, e.time));
  }
  const lastTrouble = new Map<string, number>();
  const last = new Map<string, number>(); // route|outcome|session -> time
  for (const c of calls) {
    const o = outcome(c);
    if (o !== 'normal') lastTrouble.set(c.session_id!, Math.max(lastTrouble.get(c.session_id!) ?? -Infinity, c.time));
    const k = `${c.method} ${c.route}|${o}|${c.session_id}`;
    last.set(k, Math.max(last.get(k) ?? -Infinity, c.time));
  }
  const flagged = new Set([...end].filter(([s, t]) => lastTrouble.has(s) && t - lastTrouble.get(s)! <= 60_000).map(([s]) => s));
  const bridge = new Map<string, { sessions: number; left: number }>();
  for (const [k, t] of last) {
    const [route, o, session] = k.split('|') as [string, string, string];
    const b = bridge.get(`${route}|${o}`) ?? { sessions: 0, left: 0 };
    b.sessions++;
    if ((lastAction.get(session) ?? end.get(session)!) <= t + windowMs) b.left++;
    bridge.set(`${route}|${o}`, b);
  }
  return { flagged, bridge };
}

const stores: [string, () => StoreSpec][] = [
  ['SQLite', () => ({ kind: 'sqlite', path: tempDbPath() })],
  ['ClickHouse', () => StoreSpecSchema.parse(clickHouse().url(uniqueDatabase()))],
];

describe.each(stores)('the demo’s seeded run, on %s', (_name, spec) => {
  it('lists every session with the plan’s pages, actions, calls and errors, and flags those that left after a failure', async () => {
    const service = await loaded(spec());
    const { sessions, truncated } = await call(service, 'sessions.list', {});
    expect([sessions.length, truncated]).toEqual([expected.sessions, false]);
    const sum = (f: (s: (typeof sessions)[number]) => number) => sessions.reduce((n, s) => n + f(s), 0);
    // A call recorded by the browser and by the server is one call.
    expect([sum((s) => s.pages), sum((s) => s.actions), sum((s) => s.api_calls), sum((s) => s.errors)]).toEqual([
      expected.pageViews, expected.userEvents, expected.calls, expected.failedCalls + expected.errors,
    ]);
    expect(new Set(sessions.map((s) => s.user_id).filter((u) => u !== null)).size).toBe(expected.users);
    expect(sessions.filter((s) => s.user_id === null)).toHaveLength(expected.anonymousSessions);
    const events = await everything(service);
    const visits = visitOf(events);
    const flagged = sessions.filter((s) => s.ended_after_failure).map((s) => s.session_id);
    expect(new Set(flagged)).toEqual(oracle(events, 0).flagged);
    // The planned leavers are among them (ending after a slow call counts too).
    const flaggedVisits = new Set(flagged.map((s) => visits.get(s)));
    for (const key of expected.endedAfterFailure) expect(flaggedVisits.has(key), key).toBe(true);
  });

  it('shows a leaver’s timeline oldest first, each call once as a browser/server pair, ending on the error the page threw', async () => {
    const service = await loaded(spec());
    const events = await everything(service);
    const visits = visitOf(events);
    const leaver = [...visits].find(([, key]) => key === expected.endedAfterFailure[0])![0];
    const t = await call(service, 'sessions.timeline', { session_id: leaver });
    const own = events.filter((e) => e.session_id === leaver);
    // Oldest first (ids are opaque: events of one millisecond may come in either order).
    expect(t.events.map((e) => e.time)).toEqual(own.map((e) => e.time).sort((a, b) => a - b));
    expect(new Set(t.events.map((e) => e.id))).toEqual(new Set(own.map((e) => e.id)));
    const calls = own.filter((e) => e.kind === 'api');
    expect(t.pairs).toHaveLength(calls.length / 2);
    expect(t.session).toMatchObject({ session_id: leaver, api_calls: calls.length / 2, ended_after_failure: true });
    const lastAction = t.events.filter((e) => e.kind === 'user').at(-1)!;
    expect([lastAction.type, lastAction.message]).toEqual(['error_encountered', expect.stringMatching(/HTTP 500/)]);
  });

  it('gives the per-route table the plan’s calls and failures, and makes the failing route stand out in the bridge chart', async () => {
    const service = await loaded(spec());
    const routes = await call(service, 'stats.routes', { by: 'route', exact: true });
    expect(Object.fromEntries(routes.rows.map((r) => [`${r.method} ${r.route}`, [r.count, r.errors]]))).toEqual(
      Object.fromEntries(expected.routes.map((r) => [r.key, [r.calls, r.failed]])),
    );
    const bridge = await call(service, 'stats.bridge', { window_minutes: DEMO_BRIDGE_WINDOW_MINUTES });
    const byKey = new Map(bridge.rows.map((r) => [`${r.method} ${r.route}`, r]));
    const { bridge: want } = oracle(await everything(service), DEMO_BRIDGE_WINDOW_MINUTES * 60_000);
    const none = { sessions: 0, left: 0 };
    for (const planned of expectedBridge(plan)) {
      const row = byKey.get(planned.key)!;
      // The failed class is the plan's own; slow and normal depend on the durations measured.
      expect(row.failed, planned.key).toEqual(planned.failed);
      expect([row.slow, row.normal], planned.key).toEqual([want.get(`${planned.key}|slow`) ?? none, want.get(`${planned.key}|normal`) ?? none]);
    }
    const top = bridge.rows[0]!;
    expect(`${top.method} ${top.route}`).toBe('POST /api/checkout');
    expect(top.failed.left / top.failed.sessions).toBeGreaterThan(Math.max(top.normal.left / Math.max(1, top.normal.sessions), 0));
  });
});
