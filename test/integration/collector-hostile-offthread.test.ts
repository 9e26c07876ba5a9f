// Issue 9: decoding, mapping and redacting a big body does not block the event loop. Big bodies
// are prepared on a decode thread (the reply names the thread); the event loop keeps running
// callbacks meanwhile; small bodies stay on the fast path; redaction on the thread uses the same
// key as on the event loop, so markers still join. Nothing here is timed.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createDecodePool, DecodeBusyError, type DecodePool } from '../../electron/core/collect/decode-pool.js';
import type { DecodeJob } from '../../electron/core/collect/decode-protocol.js';
import { runIngest, type IngestDeps } from '../../electron/core/collect/ingest-route.js';
import { seedBatchFormat, seedCollectFormat } from '../../electron/core/collect/formats/seed.js';
import { createRateLimiter } from '../../electron/core/collect/rate-limit.js';
import { prepareBody } from '../../electron/core/collect/prepare.js';
import { createRedactor, DEFAULT_REDACTION_RULES } from '../../electron/core/privacy/redact.js';
import { startCollector } from '../helpers/collector.js';

const KEY = Buffer.alloc(32, 7);
const now = 1_763_900_000_000;
const pools: DecodePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(opts: { maxQueued?: number } = {}): DecodePool {
  const p = createDecodePool({ redactKey: KEY, redactRules: DEFAULT_REDACTION_RULES, threads: 1, ...opts });
  pools.push(p);
  return p;
}

/** A batch of `n` events of about 200 bytes, each carrying a password to redact. */
function batch(n: number): Buffer {
  const events = Array.from({ length: n }, (_, i) => ({ event_type: 'tick', event_data: { i, page: `/p/${i}`, password: 'hunter2-secret', pad: 'x'.repeat(120) } }));
  return Buffer.from(JSON.stringify({ events }));
}

function job(body: Buffer): DecodeJob {
  return {
    format: seedBatchFormat.name,
    wire: body,
    encoding: 'identity',
    limit: 1024 * 1024,
    req: { method: 'POST', path: '/api/analytics/batch', headers: { 'content-type': 'application/json' }, query: '', ipHash: null, now },
  };
}

/** Runs `work`, counting setImmediate turns of this event loop until it settles. */
async function turnsWhile<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const value = await work.finally(() => (done = true));
  return { value, turns };
}

function request(body: Buffer): IncomingMessage {
  const req = Readable.from([body]) as unknown as IncomingMessage;
  Object.assign(req, { headers: { 'content-type': 'application/json' }, method: 'POST', socket: { remoteAddress: '127.0.0.1' } });
  return req;
}

function deps(offThread: IngestDeps['offThread']): IngestDeps {
  const redactor = createRedactor(KEY, DEFAULT_REDACTION_RULES);
  return {
    authRefusal: () => null,
    hashClientIp: () => 'h',
    redact: (e, p) => redactor.event(e, p),
    limiter: createRateLimiter(0),
    commit: async (events) => events.map((_, i) => String(i + 1)),
    now: () => now,
    offThread,
  };
}

describe('decode threads', () => {
  it('prepare a big body on another thread while this event loop keeps turning', async () => {
    const { value, turns } = await turnsWhile(pool().run(job(batch(2000))));
    expect(value.thread).not.toBe(threadId);
    expect(turns).toBeGreaterThan(0);
    expect(value.prepared).toMatchObject({ ok: true, decoded: 2000, rejected: [] });
  });

  it('redact with the same key as the event loop: the same secret gets the same marker', async () => {
    const { prepared } = await pool().run(job(batch(100)));
    const redactor = createRedactor(KEY, DEFAULT_REDACTION_RULES);
    const inline = prepareBody(seedBatchFormat, batch(1), 'identity', 1024 * 1024, { ...job(batch(1)).req, query: new URLSearchParams() }, (e, p) => redactor.event(e, p));
    if (!prepared.ok || !inline.ok) throw new Error('expected both to decode');
    const marker = (raw: string) => /"password":"(\[redacted:[0-9a-f]{12}\])"/.exec(raw)?.[1];
    expect(marker(prepared.ready[99]!.event.raw)).toBeDefined();
    expect(marker(prepared.ready[99]!.event.raw)).toBe(marker(inline.ready[0]!.event.raw));
    expect(prepared.ready[99]!.event.raw).not.toContain('hunter2');
  });

  it('refuse a body as busy rather than queue past their bound', async () => {
    const p = pool({ maxQueued: 1 });
    const first = p.run(job(batch(500)));
    await expect(p.run(job(batch(1)))).rejects.toBeInstanceOf(DecodeBusyError);
    expect((await first).prepared.ok).toBe(true);
  });
});

describe('the ingest pipeline', () => {
  it('sends a big body to a decode thread and keeps a small one on the fast path', async () => {
    const p = pool();
    const threads: number[] = [];
    const d = deps(async (j) => {
      const r = await p.run(j);
      threads.push(r.thread);
      return r.prepared;
    });
    const big = await runIngest(seedBatchFormat, request(batch(500)), new URL('http://x/api/analytics/batch'), d);
    expect(big.status).toBe(200);
    expect(JSON.parse(String(big.body))).toMatchObject({ accepted: 500 });
    expect(threads).toHaveLength(1);
    expect(threads[0]).not.toBe(threadId);

    const small = await runIngest(seedCollectFormat, request(Buffer.from('{"event_type":"click","event_data":{}}')), new URL('http://x/api/analytics/collect'), d);
    expect(small.status).toBe(200);
    expect(threads).toHaveLength(1);
  });

  it('answers 503 with Retry-After when the decode threads are busy', async () => {
    const d = deps(() => Promise.reject(new DecodeBusyError('The collector is busy decoding other large requests; retry in a moment.')));
    const a = await runIngest(seedBatchFormat, request(batch(500)), new URL('http://x/api/analytics/batch'), d);
    expect(a.status).toBe(503);
    expect(a.headers['retry-after']).toBe('1');
    expect(JSON.parse(String(a.body))).toMatchObject({ success: false, error: expect.stringMatching(/busy/) });
  });
});

describe('the collector under hostile bodies', () => {
  it('refuses 240,000 tiny items with the clear 413, then stores a big batch decoded on a thread', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const tiny = await post('/api/analytics/batch', `{"events":[${new Array(240_000).fill('0').join(',')}]}`);
    expect(tiny.status).toBe(413);
    expect(await tiny.json()).toMatchObject({ error: 'The batch holds 240000 events; the limit is 2500 per request.' });

    const ok = await post('/api/analytics/batch', batch(1000));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ accepted: 1000 });
    const stored = await search('type:tick', 2000);
    expect(stored).toHaveLength(1000);
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(JSON.stringify(stored)).toContain('[redacted:');
  });
});
