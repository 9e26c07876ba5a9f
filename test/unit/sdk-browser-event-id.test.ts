// Every user event and API call the SDK records gets an id when it is recorded, and keeps it
// through every resend: a fetch reported failed (a page that navigated away mid-send sees
// ERR_ABORTED even when the collector stored the batch) is sent again, by fetch or by beacon,
// and the collector must be able to recognise the same events.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, type WireCall, type WireEvent } from '../../sdk/browser/client.js';
import type { PostResult, Transport } from '../../sdk/browser/sender.js';
import { MAX_EVENT_BYTES } from '../../sdk/browser/sanitize.js';

const PAGE = 'http://localhost:3000/shop';
const T0 = Date.parse('2026-03-01T10:00:00Z');

interface Sent {
  path: string;
  via: 'post' | 'beacon';
  ids: string[];
  body: string;
}

const idsOf = (body: string): string[] => {
  const json = JSON.parse(body) as { events: WireEvent[] } | WireCall[];
  return (Array.isArray(json) ? json : json.events).map((e) => e.event_id);
};

/** Posts to each path answer in turn from its list (an Error is a rejected fetch), then 200. */
function setup(answers: Record<string, (PostResult | Error)[]> = {}) {
  const sent: Sent[] = [];
  const transport: Transport = {
    post: async (url, body) => {
      const path = new URL(url).pathname;
      sent.push({ path, via: 'post', ids: idsOf(body), body });
      const a = answers[path]?.shift() ?? { status: 200, retryAfter: null };
      if (a instanceof Error) throw a;
      return a;
    },
    beacon: (url, body) => {
      sent.push({ path: new URL(url).pathname, via: 'beacon', ids: idsOf(body), body });
      return true;
    },
  };
  const made: string[] = [];
  const newId = () => {
    const id = `id${String(made.length).padStart(30, '0')}`;
    made.push(id);
    return id;
  };
  const client = createClient({ transport, storage: null, base: () => PAGE, now: () => T0, newId }, { collector: 'http://127.0.0.1:4318' });
  const record = () => {
    client.emit('page_view', { page: PAGE });
    client.emit('button_click', { target: 'a#next' });
    client.recordCall({ method: 'GET', url: `${PAGE}/api/cart`, status: 200, duration_ms: 3, time: T0 });
  };
  const sentTo = (path: string) => sent.filter((s) => s.path === path);
  return { client, sent, made, record, sentTo };
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('browser SDK event ids', () => {
  it('gives each event and API call an id of its own when it is recorded, not when it is sent', async () => {
    const { client, sent, made, record } = setup();
    record();
    expect(made).toHaveLength(3);
    await client.flush();
    await client.flush();
    expect(made).toHaveLength(3);
    expect(sent.map((s) => [s.path, s.ids])).toEqual([
      ['/api/analytics/batch', [made[0], made[1]]],
      ['/api/logs', [made[2]]],
    ]);
  });

  it('sends a batch whose fetch failed again by beacon with the same ids (the page is being left)', async () => {
    const aborted = () => [new TypeError('Failed to fetch')];
    const { client, sent, made, record, sentTo } = setup({ '/api/analytics/batch': aborted(), '/api/logs': aborted() });
    record();
    await client.flush();
    expect(sent.map((s) => s.via)).toEqual(['post', 'post']);
    client.flushBeacon();
    for (const path of ['/api/analytics/batch', '/api/logs']) {
      const [fetched, beaconed] = sentTo(path);
      expect(beaconed?.via).toBe('beacon');
      expect(beaconed?.ids).toEqual(fetched?.ids);
      expect(fetched?.ids).toEqual(made.filter((id) => fetched?.ids.includes(id)));
      expect(fetched?.ids.length).toBeGreaterThan(0);
    }
  });

  it('retries a failed fetch, or a 5xx, with the same ids', async () => {
    const failing = () => [new TypeError('Failed to fetch'), { status: 503, retryAfter: null }];
    const { client, made, record, sentTo } = setup({ '/api/analytics/batch': failing(), '/api/logs': failing() });
    record();
    await client.flush();
    // The pauses after a failure grow from 2 s; the timer sends again.
    await vi.advanceTimersByTimeAsync(10_000);
    for (const path of ['/api/analytics/batch', '/api/logs']) {
      const sends = sentTo(path);
      expect(sends.map((b) => b.via)).toEqual(['post', 'post', 'post']);
      expect(sends[0]!.ids).toEqual(made.filter((id) => sends[0]!.ids.includes(id)));
      expect(sends[0]!.ids.length).toBeGreaterThan(0);
      for (const b of sends) expect(b.ids).toEqual(sends[0]!.ids);
    }
  });

  it('keeps the id of an event cut down to fit the size limit', async () => {
    const { client, sent, made } = setup();
    const text = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(900, 'x'));
    expect(JSON.stringify(text).length).toBeGreaterThan(MAX_EVENT_BYTES);
    client.emit('big', { text });
    await client.flush();
    expect(made).toHaveLength(1);
    expect(sent[0]?.ids).toEqual(made);
    expect(sent[0]!.body.length).toBeLessThan(MAX_EVENT_BYTES);
  });

  it('makes 128-bit hex ids without crypto too (old or locked-down browsers)', () => {
    vi.stubGlobal('crypto', undefined);
    const sent: string[] = [];
    const transport: Transport = {
      post: async (_u, body) => (sent.push(...idsOf(body)), { status: 200, retryAfter: null }),
      beacon: (_u, body) => (sent.push(...idsOf(body)), true),
    };
    const client = createClient({ transport, storage: null, base: () => PAGE, now: () => T0 }, { collector: 'http://127.0.0.1:4318' });
    for (let i = 0; i < 50; i++) client.emit('tick', { i });
    client.flushBeacon();
    expect(sent).toHaveLength(50);
    expect(new Set(sent).size).toBe(50);
    for (const id of sent) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
