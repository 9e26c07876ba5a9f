// Batching and sending: at most 100 records and 60 KB a request, on a timer or when enough are
// queued, sendBeacon when the page hides, and backing off (never looping) on 429 and failures.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChannel, MAX_ATTEMPTS, MAX_BATCH_BYTES, rateLimited, retryAfterMs, type PostResult, type Transport } from '../../sdk/browser/sender.js';

interface Sent {
  url: string;
  body: string;
  keepalive?: boolean;
  via: 'post' | 'beacon';
}

function fakeTransport(answers: (PostResult | Error)[] = [], beaconOk: () => boolean = () => true) {
  const sent: Sent[] = [];
  const transport: Transport = {
    post: async (url, body, keepalive) => {
      sent.push({ url, body, keepalive, via: 'post' });
      const a = answers.shift() ?? { status: 200, retryAfter: null };
      if (a instanceof Error) throw a;
      return a;
    },
    beacon: (url, body) => {
      if (!beaconOk()) return false;
      sent.push({ url, body, via: 'beacon' });
      return true;
    },
  };
  return { transport, sent };
}

const wrap = (items: string[]) => `{"events":[${items.join(',')}]}`;
const records = (s: Sent) => (JSON.parse(s.body) as { events: { n: number }[] }).events.map((e) => e.n);

function channel(t: Transport, opts: { flushAt?: number; interval?: number; url?: string; onDrop?: (n: number, s: number) => void } = {}) {
  return createChannel({
    url: () => opts.url ?? 'http://collector.test/api/analytics/batch',
    wrap,
    transport: t,
    flushAt: () => opts.flushAt ?? 20,
    interval: () => opts.interval ?? 5_000,
    onDrop: opts.onDrop,
  });
}

const push = (c: ReturnType<typeof channel>, from: number, count: number, pad = '') => {
  for (let n = from; n < from + count; n++) c.push(JSON.stringify({ n, pad }));
};

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('browser SDK sending', () => {
  it('sends on the timer, in order, as one batch with keepalive', async () => {
    const { transport, sent } = fakeTransport();
    const c = channel(transport);
    push(c, 0, 3);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('http://collector.test/api/analytics/batch');
    expect(sent[0]!.keepalive).toBe(true);
    expect(records(sent[0]!)).toEqual([0, 1, 2]);
    expect(c.queued).toBe(0);
  });

  it('sends at once when flushAt records are queued', async () => {
    const { transport, sent } = fakeTransport();
    const c = channel(transport, { flushAt: 20 });
    push(c, 0, 19);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(0);
    push(c, 19, 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(records(sent[0]!)).toHaveLength(20);
  });

  it('splits into batches of at most 100 records and 60 KB', async () => {
    const { transport, sent } = fakeTransport();
    const c = channel(transport, { flushAt: 1_000 });
    push(c, 0, 250);
    push(c, 250, 20, 'x'.repeat(10_000));
    await c.flush();
    const counts = sent.map((s) => records(s).length);
    expect(counts.slice(0, 2)).toEqual([100, 100]);
    // The big records fill a batch by bytes long before 100: 20 of 10 KB need at least 4.
    expect(counts.length).toBeGreaterThanOrEqual(6);
    for (const n of counts) expect(n).toBeLessThanOrEqual(100);
    expect(sent.flatMap(records)).toEqual(Array.from({ length: 270 }, (_, i) => i));
    for (const s of sent) expect(new TextEncoder().encode(s.body).length).toBeLessThanOrEqual(MAX_BATCH_BYTES + 20);
  });

  it('backs off on 429 for Retry-After seconds and does not loop', async () => {
    const { transport, sent } = fakeTransport([{ status: 429, retryAfter: '30' }]);
    const c = channel(transport);
    push(c, 0, 5);
    await c.flush();
    expect(sent).toHaveLength(1);
    // More events and explicit flushes during the pause send nothing.
    push(c, 5, 30);
    await c.flush();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(sent).toHaveLength(1);
    // The page hiding during a 429 pause does not hammer the collector either.
    c.flushBeacon();
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(sent).toHaveLength(2);
    expect(records(sent[1]!)).toEqual(Array.from({ length: 35 }, (_, i) => i));
  });

  it('resends only the records a partly stored batch lists as rate-limited, after the pause', async () => {
    const body = JSON.stringify({ success: true, accepted: 2, rejected: [{ index: 2, reason: 'rate limit: over 100 events per minute' }, { index: 3, reason: 'rate limit: over 100 events per minute' }] });
    const { transport, sent } = fakeTransport([{ status: 200, retryAfter: '10', body }]);
    const c = channel(transport);
    push(c, 0, 4);
    await c.flush();
    push(c, 4, 1);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toHaveLength(2);
    expect(records(sent[1]!)).toEqual([2, 3, 4]);
  });

  it('waits a minute on a 429 whose Retry-After it cannot read (not exposed to CORS)', async () => {
    const { transport, sent } = fakeTransport([{ status: 429, retryAfter: null }]);
    const c = channel(transport);
    push(c, 0, 1);
    await c.flush();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toHaveLength(2);
  });

  it('retries network errors and 5xx with growing pauses, then drops the batch', async () => {
    const failures = Array.from({ length: 10 }, (_, i) => (i % 2 ? new TypeError('Failed to fetch') : { status: 503, retryAfter: null }));
    const { transport, sent } = fakeTransport(failures);
    const drops: [number, number][] = [];
    const c = channel(transport, { onDrop: (n, s) => drops.push([n, s]) });
    push(c, 0, 2);
    await c.flush();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(sent).toHaveLength(MAX_ATTEMPTS);
    expect(drops).toEqual([[2, 503]]);
    expect(c.queued).toBe(0);
    // The next records go out normally.
    push(c, 2, 1);
    await c.flush();
    expect(sent).toHaveLength(MAX_ATTEMPTS + 1);
  });

  it('drops a batch the collector refuses as bad (400) instead of resending it', async () => {
    const { transport, sent } = fakeTransport([{ status: 400, retryAfter: null }]);
    const drops: [number, number][] = [];
    const c = channel(transport, { onDrop: (n, s) => drops.push([n, s]) });
    push(c, 0, 3);
    await c.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
    expect(drops).toEqual([[3, 400]]);
  });

  it('hands everything to sendBeacon when the page hides, in chunks', () => {
    const { transport, sent } = fakeTransport();
    const c = channel(transport, { flushAt: 1_000 });
    push(c, 0, 150);
    c.flushBeacon();
    expect(sent.map((s) => s.via)).toEqual(['beacon', 'beacon']);
    expect(sent.flatMap(records)).toHaveLength(150);
    expect(c.queued).toBe(0);
  });

  it('keeps what the browser would not beacon (quota) for a later send', async () => {
    let ok = true;
    const { transport, sent } = fakeTransport([], () => ok);
    const c = channel(transport, { flushAt: 1_000 });
    push(c, 0, 150);
    ok = false;
    c.flushBeacon();
    expect(c.queued).toBe(150);
    ok = true;
    await c.flush();
    expect(sent.flatMap(records)).toHaveLength(150);
  });

  it('sends nothing while the collector is unknown', async () => {
    const { transport, sent } = fakeTransport();
    const c = channel(transport, { url: '' });
    push(c, 0, 30);
    c.flushBeacon();
    await c.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(0);
    expect(c.queued).toBe(30);
  });

  it('keeps one request in flight at a time', async () => {
    let release: (() => void) | null = null;
    let inFlight = 0;
    let most = 0;
    const transport: Transport = {
      post: async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>((r) => (release = r));
        inFlight--;
        return { status: 200, retryAfter: null };
      },
      beacon: () => true,
    };
    const c = channel(transport, { flushAt: 1 });
    push(c, 0, 1);
    push(c, 1, 1);
    const done = c.flush();
    for (let i = 0; i < 5 && release; i++) {
      const r: () => void = release;
      release = null;
      r();
      await vi.advanceTimersByTimeAsync(0);
    }
    await done;
    expect(most).toBe(1);
    expect(c.queued).toBe(0);
  });

  it('reads rate-limited records from an answer, ignoring other refusals and junk', () => {
    const body = JSON.stringify({ rejected: [{ index: 0, reason: 'event is too big' }, { index: 1, reason: 'rate limit: wait' }, { index: 9, reason: 'rate limit' }] });
    expect(rateLimited(['a', 'b', 'c'], body)).toEqual(['b']);
    expect(rateLimited(['a'], 'not json')).toEqual([]);
    expect(rateLimited(['a'], undefined)).toEqual([]);
  });

  it('reads Retry-After as seconds or an HTTP date, within sane bounds', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('12', now)).toBe(12_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:20 GMT', now)).toBe(20_000);
    expect(retryAfterMs(null, now)).toBe(60_000);
    expect(retryAfterMs('0', now)).toBe(1_000);
    expect(retryAfterMs('999999', now)).toBe(600_000);
  });
});
