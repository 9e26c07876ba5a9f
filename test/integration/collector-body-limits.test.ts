// Each size limit of the collector (README, "Limits"), tested with a body that only that limit
// can refuse, and an answer that names the limit that fired: 1 MB for a request body
// (/api/analytics/collect, PostHog), 500 KB for other batches, 32 KB for one event. Sizes are
// written out rather than taken from limits.ts, so raising a limit there fails these tests.
import http from 'node:http';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startCollector } from '../helpers/collector.js';

const KB = 1024;
const MB = 1024 * KB;

interface Refusal {
  success: false;
  error: string;
}

/** `n` small events (about 300 bytes each as JSON), so no per-event or count limit applies. */
const smallEvents = (n: number) => Array.from({ length: n }, (_, i) => ({ event_type: 'tick', event_data: { i, pad: 'p'.repeat(250) } }));
/** As many small events as make a JSON array of about `bytes`. */
function smallEventsOf(bytes: number) {
  const each = JSON.stringify(smallEvents(1)[0]).length + 1;
  return smallEvents(Math.ceil(bytes / each));
}
const bigEvent = (bytes: number) => ({ event_type: 'big', event_data: { pad: 'x'.repeat(bytes) } });

/** POSTs `body` without a Content-Length (chunked), so the limit is found while reading. */
function postChunked(origin: string, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may answer and close before the whole body is written.
    req.on('error', reject);
    for (let at = 0; at < body.length; at += 64 * KB) req.write(body.slice(at, at + 64 * KB));
    req.end();
  });
}

describe('collector: the 1 MB request body limit', () => {
  it('refuses a 1.5 MB event at /api/analytics/collect by the body limit, not the per-event one', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const res = await post('/api/analytics/collect', bigEvent(1.5 * MB));
    expect(res.status).toBe(413);
    const { error } = (await res.json()) as Refusal;
    expect(error).toMatch(/request body limit of 1048576 bytes \(1 MB\)/);
    expect(error).not.toMatch(/per event/);
    expect(await search('')).toEqual([]);
  });

  it('refuses a 1.5 MB body that is not even JSON: only the body limit can', async () => {
    const { post } = await startCollector();
    const res = await post('/api/analytics/collect', `{${' '.repeat(1.5 * MB)}`);
    expect(res.status).toBe(413);
    expect(((await res.json()) as Refusal).error).toMatch(/request body limit/);
  });

  it('refuses a body sent without a Content-Length once it passes 1 MB', async () => {
    const { server } = await startCollector();
    const res = await postChunked(server.origin, '/api/analytics/collect', JSON.stringify(bigEvent(1.5 * MB)));
    expect(res.status).toBe(413);
    expect((JSON.parse(res.text) as Refusal).error).toMatch(/over the request body limit of 1048576 bytes/);
  });

  it('refuses a small gzip body that inflates past 1 MB, naming the body limit', async () => {
    const { post } = await startCollector();
    const body = zlib.gzipSync(JSON.stringify(bigEvent(1.5 * MB)));
    expect(body.length).toBeLessThan(32 * KB);
    const res = await post('/api/analytics/collect', body, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Refusal).error).toMatch(/request body limit of 1048576 bytes \(1 MB\) once decompressed/);
  });

  it('takes a 600 KB PostHog batch (posthog-js events are large) and refuses 1.2 MB by the body limit', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    // About 2 KB an event, as posthog-js sends them: far below the per-event and count limits.
    const batch = (bytes: number) => ({
      batch: Array.from({ length: Math.ceil(bytes / (2 * KB)) }, (_, i) => ({ event: 'ph', distinct_id: `d${i}`, properties: { pad: 'q'.repeat(2 * KB - 80) } })),
    });
    const ok = await post('/batch/', batch(600 * KB));
    expect(ok.status, await ok.text()).toBe(200);
    expect((await search('type:ph', 1000)).length).toBe(300);
    const tooBig = await post('/batch/', batch(1.2 * MB));
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as Refusal).error).toMatch(/request body limit of 1048576 bytes/);
  });
});

describe('collector: the 500 KB batch limit', () => {
  it('refuses a 600 KB batch of small events at /api/analytics/batch, naming the batch limit', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const events = smallEventsOf(600 * KB);
    // Under the count limit, every event under the per-event limit, the body under 1 MB.
    expect(events.length).toBeLessThan(2500);
    const res = await post('/api/analytics/batch', { events });
    expect(res.status).toBe(413);
    const { error } = (await res.json()) as Refusal;
    expect(error).toMatch(/batch body limit of 512000 bytes \(500 KB\)/);
    expect(await search('')).toEqual([]);
  });

  it('takes a 480 KB batch of the same events', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const events = smallEventsOf(480 * KB);
    const res = await post('/api/analytics/batch', { events });
    expect(res.status, await res.text()).toBe(200);
    expect(await search('type:tick', 5000)).toHaveLength(events.length);
  });

  it('refuses a 600 KB Segment batch and a 600 KB array of API calls by the same limit', async () => {
    const { post } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const n = smallEventsOf(600 * KB).length;
    const segment = { batch: Array.from({ length: n }, (_, i) => ({ type: 'track', event: 'tick', userId: `u${i}`, properties: { pad: 'p'.repeat(250) } })) };
    const calls = Array.from({ length: n }, (_, i) => ({ method: 'GET', url: `/items/${i}?pad=${'p'.repeat(250)}`, status: 200 }));
    for (const [path, body] of [['/v1/batch', segment], ['/api/logs', calls]] as const) {
      const res = await post(path, body);
      expect(res.status, path).toBe(413);
      expect(((await res.json()) as Refusal).error, path).toMatch(/batch body limit of 512000 bytes/);
    }
  });
});

describe('collector: the 32 KB per-event limit', () => {
  it('refuses a 40 KB event at /api/analytics/collect by the per-event limit', async () => {
    const { post, search } = await startCollector();
    const res = await post('/api/analytics/collect', bigEvent(40 * KB));
    expect(res.status).toBe(413);
    const { error } = (await res.json()) as Refusal;
    expect(error).toMatch(/the limit is 32768 bytes per event/);
    expect(error).not.toMatch(/body limit/);
    expect(await search('')).toEqual([]);
  });

  it('rejects a 40 KB event inside a small batch by index and stores the others', async () => {
    const { post, search } = await startCollector();
    const res = await post('/api/analytics/batch', { events: [...smallEvents(2), bigEvent(40 * KB)] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; reason: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toEqual([{ index: 2, reason: expect.stringMatching(/the limit is 32768 bytes per event/) }]);
    expect(await search('type:tick')).toHaveLength(2);
  });
});
