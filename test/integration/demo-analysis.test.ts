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
    const visits = visitOf(await everything(service));
    const flagged = new Set(sessions.filter((s) => s.ended_after_failure).map((s) => visits.get(s.session_id)));
    // Ending after a slow call counts too, so the planned leavers are among the flagged.
    for (const key of expected.endedAfterFailure) expect(flagged.has(key), key).toBe(true);
  });

  it('shows a leaver’s timeline oldest first, each call once as a browser/server pair, ending on the error the page threw', async () => {
    const service = await loaded(spec());
    const events = await everything(service);
    const visits = visitOf(events);
    const leaver = [...visits].find(([, key]) => key === expected.endedAfterFailure[0])![0];
    const t = await call(service, 'sessions.timeline', { session_id: leaver });
    const own = events.filter((e) => e.session_id === leaver);
    expect(t.events.map((e) => e.id)).toEqual([...own].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1)).map((e) => e.id));
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
    for (const want of expectedBridge(plan)) {
      expect(byKey.get(want.key)?.failed, want.key).toEqual(want.failed);
      const ok = byKey.get(want.key)!;
      // Sessions with a call that did not fail, split by the route's p95 into slow and normal.
      expect(ok.slow.sessions + ok.normal.sessions, want.key).toBeGreaterThanOrEqual(want.ok.sessions);
    }
    const top = bridge.rows[0]!;
    expect(`${top.method} ${top.route}`).toBe('POST /api/checkout');
    expect(top.failed.left / top.failed.sessions).toBeGreaterThan(Math.max(top.normal.left / Math.max(1, top.normal.sessions), 0));
  });
});
