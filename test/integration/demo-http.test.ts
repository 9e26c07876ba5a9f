// The demo's small fixed run (seed 7, 12 visitors) with the http driver, through a REAL
// collector over a real store: what is stored must be exactly what the plan says, per kind,
// type, route, status and side, each session at its planned time, and the leavers' sessions
// ending on the error their checkout page threw.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkoutErrorMessage } from '../../electron/core/demo/catalogue.js';
import { DEMO_BRIDGE_WINDOW_MINUTES, expectedBridge, expectedCounts, expectedFigures, figuresOf, runDemo, visitByKey, type VisitorPlan } from '../../electron/core/demo/index.js';
import type { Service } from '../../electron/core/service.js';
import { CALL_PAIR_TOLERANCE_MS } from '../../shared/analysis.js';
import type { LogEvent } from '../../shared/events.js';
import { startCollector } from '../helpers/collector.js';
import { listen } from '../helpers/fake-collector.js';

const SEED = 7;
const VISITORS = 12;

async function allEvents(service: Service): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  let before: string | undefined;
  for (;;) {
    const r = await service.dispatch('events.search', { query: '', limit: 5000, before });
    if (!r.ok) throw new Error(r.message);
    out.push(...r.value.events);
    if (!r.value.next) return out;
    before = r.value.next;
  }
}

async function total(service: Service, query: string): Promise<number> {
  const r = await service.dispatch('events.search', { query, limit: 1 });
  if (!r.ok) throw new Error(r.message);
  return r.value.total;
}

async function run() {
  const { server, service } = await startCollector();
  const before = Date.now();
  const result = await runDemo({ collectorUrl: server.origin, seed: SEED, visitors: VISITORS, driver: 'http' });
  const after = Date.now();
  return { service, result, before, after, events: await allEvents(service) };
}

/** Each session's planned visit, read from the server's records (the page sends its visit marker). */
function visitsBySession(events: readonly LogEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    const headers = e.attrs?.request_headers as Record<string, unknown> | undefined;
    const key = headers?.['x-demo-visit'];
    if (e.session_id && typeof key === 'string') out.set(e.session_id, key);
  }
  return out;
}

function bySessionId(events: readonly LogEvent[]): Map<string, LogEvent[]> {
  const out = new Map<string, LogEvent[]>();
  for (const e of events) out.set(e.session_id ?? '', [...(out.get(e.session_id ?? '') ?? []), e]);
  return out;
}

const personaOf = (plan: readonly VisitorPlan[], key: string) => plan.find((v) => v.visits.some((x) => x.key === key))!;

describe('the demo with the http driver, into the real collector', () => {
  it('stores exactly the figures the plan gives: sessions, users, events by type, API records by side, route and status', async () => {
    const { service, result, events } = await run();
    const expected = expectedCounts(result.plan);
    expect(figuresOf(events)).toEqual(expectedFigures(result.plan));
    expect(events).toHaveLength(expected.events);
    expect(result).toMatchObject({ sessions: expected.sessions, events: expected.events });

    // The same figures through the search language and the per-route statistics the UI shows.
    expect(await total(service, 'kind:user')).toBe(expected.userEvents);
    expect(await total(service, 'type:error_encountered')).toBe(expected.errors);
    expect(await total(service, 'route:"/api/checkout" status:500 attrs.source:browser')).toBe(expected.failedCalls);
    const stats = await service.dispatch('stats.routes', { by: 'route' });
    if (!stats.ok) throw new Error(stats.message);
    const rows = Object.fromEntries(stats.value.rows.map((r) => [`${r.method} ${r.route}`, { count: r.count, errors: r.errors }]));
    // Each call is stored twice (browser and server) and counted once (analysis/call-records.ts).
    expect(rows).toEqual(Object.fromEntries(expected.routes.map((r) => [r.key, { count: r.calls, errors: r.failed }])));
  });

  it("puts each session at its planned time, the server's record of a call beside the browser's, and a returning visitor days apart", async () => {
    const { result, events, before, after } = await run();
    const sessionVisit = visitsBySession(events);
    expect(sessionVisit.size).toBe(expectedCounts(result.plan).sessions);
    const bySession = bySessionId(events);
    for (const [session, key] of sessionVisit) {
      const visit = visitByKey(SEED, key)!;
      const own = bySession.get(session)!;
      const first = Math.min(...own.map((e) => e.time));
      const last = Math.max(...own.map((e) => e.time));
      // The run's clock starts between `before` and `after`; the visit at its planned offset.
      expect(first).toBeGreaterThanOrEqual(before + visit.startMs);
      expect(first).toBeLessThanOrEqual(after + visit.startMs);
      expect(last - first).toBeGreaterThanOrEqual(visit.steps.at(-1)!.atMs);
      expect(last).toBeLessThan(after);
      const browser = own.filter((e) => e.kind === 'api' && e.attrs?.source === 'browser');
      const server = own.filter((e) => e.kind === 'api' && e.attrs?.source === 'node:http');
      expect(server).toHaveLength(browser.length);
      for (const b of browser) {
        const paired = server.some((s) => s.method === b.method && s.route === b.route && Math.abs(s.time - b.time) <= CALL_PAIR_TOLERANCE_MS);
        expect(paired, `${key}: ${b.method} ${b.url} at ${new Date(b.time).toISOString()} has no server record beside it`).toBe(true);
      }
    }
    // The bridge chart's "left soon after a failed call", from the stored times: the leavers, and only they.
    const windowMs = DEMO_BRIDGE_WINDOW_MINUTES * 60_000;
    const leftAfterFailure = [...sessionVisit].flatMap(([session, key]) => {
      const own = bySession.get(session)!;
      const failed = own.filter((e) => e.kind === 'api' && (e.status ?? 0) >= 500).map((e) => e.time);
      const lastUser = Math.max(...own.filter((e) => e.kind === 'user').map((e) => e.time));
      return failed.length > 0 && lastUser <= Math.max(...failed) + windowMs ? [key] : [];
    });
    expect(leftAfterFailure.sort()).toEqual(expectedCounts(result.plan).endedAfterFailure.sort());
    const checkout = expectedBridge(result.plan).find((r) => r.key === 'POST /api/checkout')!;
    expect(leftAfterFailure).toHaveLength(checkout.failed.left);

    const returning = result.plan.filter((v) => v.persona === 'returning');
    expect(returning.length).toBeGreaterThan(0);
    for (const visitor of returning) {
      const starts = [...sessionVisit]
        .filter(([, key]) => key.startsWith(`${visitor.id}.`))
        .map(([session]) => Math.min(...bySession.get(session)!.map((e) => e.time)));
      expect(starts).toHaveLength(2);
      expect(Math.abs(starts[1]! - starts[0]!)).toBeGreaterThanOrEqual(24 * 3_600_000);
      const users = new Set(events.filter((e) => e.user_id === visitor.userId).map((e) => e.session_id));
      expect(users.size).toBe(2);
    }
  });

  it("names the user on everything after sign-in, and ends the leavers' sessions on the error their page showed", async () => {
    const { result, events } = await run();
    const sessionVisit = visitsBySession(events);
    const bySession = bySessionId(events);
    for (const [session, key] of sessionVisit) {
      const visitor = personaOf(result.plan, key);
      const own = bySession.get(session)!.slice().sort((a, b) => a.time - b.time);
      const named = own.filter((e) => e.user_id !== undefined);
      if (visitor.userId === null) expect(named).toEqual([]);
      else {
        expect(new Set(named.map((e) => e.user_id))).toEqual(new Set([visitor.userId]));
        const signedIn = own.find((e) => e.kind === 'user' && e.type === 'identify')!;
        expect(own.filter((e) => e.time > signedIn.time && e.user_id === undefined)).toEqual([]);
      }
      const lastUser = own.filter((e) => e.kind === 'user').at(-1)!;
      const leaver = expectedCounts(result.plan).endedAfterFailure.includes(key);
      expect(lastUser.type === 'error_encountered').toBe(leaver);
    }
    const errors = events.filter((e) => e.type === 'error_encountered');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.message).toContain(checkoutErrorMessage(500));
  });

  it("waits out the collector's rate limit and sends the refused events again, as the SDK does", async () => {
    const { server, service } = await startCollector();
    // In front of the real collector: the first batch of user events is refused whole (429), the
    // second is stored in half with the rest named as rate-limited; everything else passes.
    let batches = 0;
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const forward = (text: string) =>
          fetch(`${server.origin}${req.url}`, { method: req.method, headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') }, body: text });
        const n = req.url?.startsWith('/api/analytics/batch') ? batches++ : -1;
        const reason = 'rate limit: over 100 events per minute for this sender; retry after 1 s';
        if (n === 0) {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ success: false, error: reason }));
          return;
        }
        if (n === 1) {
          const events = (JSON.parse(body) as { events: unknown[] }).events;
          const half = Math.ceil(events.length / 2);
          const stored = (await (await forward(JSON.stringify({ events: events.slice(0, half) }))).json()) as { accepted: number };
          const rejected = events.slice(half).map((_, i) => ({ index: half + i, reason }));
          res.writeHead(200, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ success: true, accepted: stored.accepted, rejected }));
          return;
        }
        const answer = await forward(body);
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
    const collectorUrl = await listen(proxy);
    const started = Date.now();
    const result = await runDemo({ collectorUrl, seed: SEED, visitors: 2, driver: 'http' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(batches).toBeGreaterThan(3);
    expect(figuresOf(await allEvents(service))).toEqual(expectedFigures(result.plan));
  });
});
