// The demo's small fixed run (seed 7, 6 visitors: every persona, a returning visitor's two
// sessions) in Debian's Chromium: real pages, real clicks,
// the real browser SDK loaded from a REAL collector. What is stored must be exactly what the plan
// says, at the planned times, and the same events (bar ids, times and durations) as the http
// driver sends for the same plan, which is what the app's "Load demo data" runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import { checkoutErrorMessage } from '../../electron/core/demo/catalogue.js';
import { expectedCounts, expectedFigures, figuresOf, runDemo, visitByKey, type CrowdDriver } from '../../electron/core/demo/index.js';
import type { Service } from '../../electron/core/service.js';
import { CALL_PAIR_TOLERANCE_MS } from '../../shared/analysis.js';
import type { LogEvent } from '../../shared/events.js';
import { makeService } from '../helpers/service.js';
import { REPO_ROOT, tempDbPath } from '../helpers/temp.js';
import { chromiumPath } from './chromium.js';

const SEED = 7;
// Chromium costs about a tenth of a core-second per page and a quarter per new context here:
// the smallest crowd that shows every persona keeps this run short.
const VISITORS = 6;

let sdkDir: string;
let sdkFile: string;

beforeAll(async () => {
  sdkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-demo-e2e-'));
  const { buildSdk } = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'build-sdk.mjs')).href)) as {
    buildSdk(o: { outDir: string; logLevel?: string }): Promise<{ file: string }>;
  };
  sdkFile = (await buildSdk({ outDir: sdkDir, logLevel: 'silent' })).file;
});
afterAll(() => {
  if (sdkDir) fs.rmSync(sdkDir, { recursive: true, force: true });
});

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

async function run(driver: CrowdDriver) {
  const service = await makeService(tempDbPath());
  const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null, collector: { sdkFile } });
  onTestFinished(() => server.close());
  const before = Date.now();
  const result = await runDemo({ collectorUrl: server.origin, seed: SEED, visitors: VISITORS, driver, chromiumPath: chromiumPath() });
  const after = Date.now();
  return { result, before, after, events: await allEvents(service) };
}

/** Each session's planned visit, from the server's records of the page's calls (they carry the visit marker). */
function visitsBySession(events: readonly LogEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    const key = (e.attrs?.request_headers as Record<string, unknown> | undefined)?.['x-demo-visit'];
    if (e.session_id && typeof key === 'string') out.set(e.session_id, key);
  }
  return out;
}

/** An event as both drivers must store it: without ids, times, durations, sizes and the run's own ports. */
function comparable(e: LogEvent, visit: string): string {
  const local = (v: unknown) => (typeof v === 'string' ? v.replace(/^http:\/\/127\.0\.0\.1:\d+/, '') : v);
  const attrs = e.attrs ?? {};
  return JSON.stringify({
    visit,
    kind: e.kind,
    type: e.type,
    user: e.user_id,
    page: local(e.page),
    target: e.target,
    message: e.message,
    method: e.method,
    url: local(e.url),
    route: e.route,
    status: e.status,
    source: local(attrs.source),
    href: local(attrs.href),
    text: attrs.text,
    tag: attrs.tag,
    fields: attrs.fields,
    form: attrs.form,
    path: attrs.path,
    title: attrs.title,
  });
}

describe('the demo in Chromium, into the real collector', () => {
  it('stores exactly what the plan gives, at the planned times, and the same events as the http driver', async () => {
    const { result, events, before, after } = await run('chromium');
    const expected = expectedCounts(result.plan);
    expect(new Set(result.plan.map((v) => v.persona)).size).toBe(6);
    expect(figuresOf(events)).toEqual(expectedFigures(result.plan));
    expect(events).toHaveLength(expected.events);

    const sessionVisit = visitsBySession(events);
    expect(sessionVisit.size).toBe(expected.sessions);
    for (const [session, key] of sessionVisit) {
      const visit = visitByKey(SEED, key)!;
      const own = events.filter((e) => e.session_id === session);
      const first = Math.min(...own.map((e) => e.time));
      // The browser's clock started at the visit's planned time, and skipped each think time.
      expect(first).toBeGreaterThanOrEqual(before + visit.startMs);
      expect(first).toBeLessThanOrEqual(after + visit.startMs);
      expect(Math.max(...own.map((e) => e.time)) - first).toBeGreaterThanOrEqual(visit.steps.at(-1)!.atMs);
      // The server's records follow the page's clock: each call's two records lie together.
      const server = own.filter((e) => e.kind === 'api' && e.attrs?.source === 'node:http');
      for (const b of own.filter((e) => e.kind === 'api' && e.attrs?.source === 'browser')) {
        const paired = server.some((s) => s.method === b.method && s.route === b.route && Math.abs(s.time - b.time) <= CALL_PAIR_TOLERANCE_MS);
        expect(paired, `${key}: ${b.method} ${b.url} has no server record beside it`).toBe(true);
      }
    }
    const errors = events.filter((e) => e.type === 'error_encountered');
    expect(errors).toHaveLength(expected.errors);
    for (const e of errors) expect(e.message).toBe(`Uncaught Error: ${checkoutErrorMessage(500)}`);

    // What the app's "Load demo data" stores for the same plan, without a browser.
    const http = await run('http');
    const normalised = (stored: readonly LogEvent[]) => {
      const visits = visitsBySession(stored);
      return stored.map((e) => comparable(e, visits.get(e.session_id ?? '') ?? '?')).sort();
    };
    expect(normalised(http.events)).toEqual(normalised(events));
  });
});
