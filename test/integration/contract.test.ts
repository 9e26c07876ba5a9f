// Every call of the contract through both adapters: Electron IPC (a fake ipcMain that only
// has `handle`) and HTTP (POST /rpc/<name> on a real server). Same inputs, same results.
import { describe, expect, it, onTestFinished } from 'vitest';
import { CALL_NAMES, type CallName } from '../../shared/api.js';
import { registerIpc } from '../../electron/core/rpc/ipc-adapter.js';
import { IPC_CHANNELS } from '../../shared/ipc.js';
import { startServer } from '../../electron/core/http/server.js';
import type { Service } from '../../electron/core/service.js';
import { makeService } from '../helpers/service.js';

const LOG = [
  '10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /api/users/12 HTTP/1.1" 200 512 "-" "curl/8"',
  '10.0.0.2 - - [17/May/2015:10:05:04 +0000] "POST /api/cart HTTP/1.1" 404 0 "-" "curl/8"',
  'not a log line at all',
  '10.0.0.1 - - [17/May/2015:10:05:05 +0000] "GET /api/users/13 HTTP/1.1" 500 12 "-" "Mozilla/5.0"',
].join('\n');

/** The same scenario, call by call; valid and invalid inputs for every call in the contract. */
const SCENARIO: [CallName, unknown][] = [
  ['import.file', { name: 'a.log', content: LOG }],
  ['import.file', { name: 'empty.log', content: '' }],
  ['import.file', { name: 'x', content: 5 }],
  ['app.info', {}],
  ['sources.list', {}],
  ['events.search', { query: 'status>=400', limit: 10 }],
  ['events.search', { query: '' , limit: 1 }],
  ['events.search', { query: 'status:(' }],
  ['events.search', { query: 'nosuchfield:1' }],
  ['events.search', { limit: -1 }],
  ['events.suggest', { field: 'route', prefix: '/api/u' }],
  ['events.suggest', { field: 'url' }],
  ['events.get', { id: '1' }],
  ['events.get', { id: '424242' }],
  ['events.get', { id: 'one' }],
  ['events.get', { id: 1 }],
  ['events.facets', { query: 'status>=400', fields: ['route', 'status'], limit: 3 }],
  ['events.facets', { fields: ['url'] }],
  ['stats.routes', { by: 'route' }],
  ['stats.routes', { query: 'status>=500', by: 'all' }],
  ['stats.routes', { by: 'nope' }],
  ['stats.routes', { by: 'status', range: { from: 0, to: 1 } }],
  ['stats.aggregate', { group_by: ['status_class'], buckets: 10, metrics: [{ op: 'count' }, { op: 'p95', field: 'duration_ms' }] }],
  ['stats.aggregate', { group_by: ['route'], metrics: [{ op: 'p95', field: 'route' }] }],
  ['stats.aggregate', { range: { from: 5, to: 1 }, metrics: [{ op: 'count' }] }],
  ['stats.bridge', { window_minutes: 1 }],
  ['stats.bridge', { window_minutes: 0 }],
  ['stats.one_record_per_call', {}],
  ['sessions.list', { query: 'status>=500' }],
  ['sessions.list', { query: 'status:(' }],
  ['sessions.timeline', { session_id: 'd1-1' }],
  ['sessions.timeline', { session_id: 'no-such-session' }],
  ['sessions.timeline', { session_id: '' }],
  ['demo.load', { visitors: 0 }],
  ['import.upload', { name: 'b.log', data_base64: Buffer.from(LOG).toString('base64'), done: true }],
  ['import.upload', { name: 'b.log', upload_id: 'f'.repeat(32), data_base64: '' }],
  ['import.upload', { name: 'b.log', upload_id: 'not-an-id', data_base64: '' }],
  ['import.cancel', { job_id: 'no-such-job' }],
  ['sources.remove', { source_id: 2 }],
  ['sources.remove', { source_id: 999 }],
  ['sources.reimport', { source_id: 1, format: 'access' }],
  ['sources.reimport', { source_id: 999 }],
  ['sources.follow', { source_id: 1 }],
  ['sources.follow', { source_id: 999 }],
  ['sources.follow', { source_id: 'one' }],
  ['sources.unfollow', { source_id: 1 }],
  ['sources.unfollow', { source_id: 999 }],
  ['sources.list', {}],
  ['views.list', {}],
  ['views.save', { view: { name: 'Errors', query: 'status>=500' } }],
  ['views.save', { view: { name: 'errors', query: 'status:404' } }],
  ['views.save', { view: { name: '', query: '' } }],
  ['views.remove', { name: 'Errors' }],
  ['views.remove', { name: 'Errors' }],
  ['export.start', { query: 'status>=400', format: 'csv' }],
  ['export.start', { query: 'status:(', format: 'har' }],
  ['export.start', { format: 'xlsx' }],
];

type Caller = (name: string, input: unknown) => Promise<unknown>;

function viaIpc(service: Service): Caller {
  const handlers = new Map<string, (event: { trusted: boolean }, ...args: unknown[]) => unknown>();
  registerIpc({ handle: (ch, fn) => void handlers.set(ch, fn) }, service, (e: { trusted: boolean }) => e.trusted);
  return async (name, input) => handlers.get(IPC_CHANNELS.call)!({ trusted: true }, name, input);
}

async function viaHttp(service: Service): Promise<Caller> {
  const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null, uiSecret: 'contract-secret' });
  onTestFinished(() => server.close());
  return async (name, input) => {
    const res = await fetch(`${server.origin}/rpc/${name}`, {
      method: 'POST',
      headers: { authorization: 'Bearer contract-secret', 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(200);
    return res.json();
  };
}

/** Differ between two databases by design: timings, paths, and the per-database IP-hash key. */
const PER_RUN = new Set(['elapsed_ms', 'created_at', 'dbPath', 'collectorUrl', 'ip_hash', 'session_id', 'job_id', 'upload_id', 'path', 'message', 'url', 'file_name']);
/** Redaction markers are keyed per run too (privacy/redact.ts). */
const MARKER = /\[redacted:[0-9a-f]{12}\]/g;
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (k, v: unknown) => (PER_RUN.has(k) ? k : typeof v === 'string' ? v.replace(MARKER, '[redacted]') : v));
}

describe('contract: one dispatch, two transports', () => {
  it('the scenario exercises every call in shared/api.ts', () => {
    expect(new Set(SCENARIO.map(([n]) => n))).toEqual(new Set(CALL_NAMES));
  });

  it('IPC and HTTP return identical results for every call, valid or not', async () => {
    const ipc = viaIpc(await makeService());
    const http = await viaHttp(await makeService());
    for (const [name, input] of SCENARIO) {
      const a = normalise(await ipc(name, input));
      const b = normalise(await http(name, input));
      expect(b, `${name} ${JSON.stringify(input)}`).toEqual(a);
    }
    // And the results are the right ones, not just equal.
    const search = (await ipc('events.search', { query: 'status>=400' })) as { ok: true; value: { total: number } };
    expect(search.value.total).toBe(2);
    const bad = (await ipc('events.search', { query: 'nosuchfield:1' })) as { ok: false; code: string; column: number };
    expect(bad).toMatchObject({ ok: false, code: 'QUERY_SYNTAX', column: 1 });
    expect(await ipc('no.such.call', {})).toMatchObject({ ok: false, code: 'UNKNOWN_CALL' });
    expect(await http('no.such.call', {})).toEqual(await ipc('no.such.call', {}));
  });

  it('IPC refuses calls from senders that are not our window', async () => {
    const service = await makeService();
    const handlers = new Map<string, (event: { trusted: boolean }, ...args: unknown[]) => unknown>();
    registerIpc({ handle: (ch, fn) => void handlers.set(ch, fn) }, service, (e: { trusted: boolean }) => e.trusted);
    expect(await handlers.get(IPC_CHANNELS.call)!({ trusted: false }, 'app.info', {})).toMatchObject({ ok: false });
  });
});
