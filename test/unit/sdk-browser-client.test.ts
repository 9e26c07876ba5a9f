// The SDK's wire format and settings, without a browser: what reaches /api/analytics/batch and
// /api/logs, how identify() marks later events, which URLs get the session header, and how the
// script tag and init() configure it.
import { describe, expect, it } from 'vitest';
import { createClient, type WireCall, type WireEvent } from '../../sdk/browser/client.js';
import { DEFAULTS, mergeOptions, optionsFromScript } from '../../sdk/browser/config.js';
import type { Transport } from '../../sdk/browser/sender.js';
import type { KeyValueStore } from '../../sdk/browser/session.js';

const PAGE = 'http://localhost:3000/shop?ref=x';
const T0 = Date.parse('2026-03-01T10:00:00Z');

function setup(opts: Parameters<typeof createClient>[1] = { collector: 'http://127.0.0.1:4318' }) {
  const posts: { url: string; body: string }[] = [];
  const transport: Transport = {
    post: async (url, body) => {
      posts.push({ url, body });
      return { status: 200, retryAfter: null };
    },
    beacon: (url, body) => {
      posts.push({ url, body });
      return true;
    },
  };
  const data = new Map<string, string>();
  const storage: KeyValueStore = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
  let now = T0;
  const warnings: string[] = [];
  const client = createClient({ transport, storage, base: () => PAGE, now: () => now, warn: (m) => warnings.push(m) }, opts);
  return { client, posts, storage, warnings, advance: (ms: number) => (now += ms) };
}

const eventsOf = (body: string) => (JSON.parse(body) as { events: WireEvent[] }).events;

describe('browser SDK client', () => {
  it('carries the collector token in the query, where beacons can send it too', async () => {
    const { client, posts } = setup({ collector: 'http://10.0.0.5:4318', token: 'w k/1' });
    client.emit('page_view', { page: PAGE });
    client.flushBeacon();
    expect(posts.map((p) => p.url)).toEqual(['http://10.0.0.5:4318/api/analytics/batch?token=w%20k%2F1']);
    expect(optionsFromScript({ getAttribute: (n) => (n === 'data-token' ? 'abc' : null), src: 'http://10.0.0.5:4318/sdk.js' })).toMatchObject({ token: 'abc' });
    await client.flush();
  });

  it('sends user events to /api/analytics/batch in the collector format', async () => {
    const { client, posts } = setup();
    client.emit('page_view', { page: PAGE, path: '/shop', title: 'Shop', referrer: '' });
    client.emit('checkout_started', { cart: { items: 2 }, total: 19.5 });
    await client.flush();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.url).toBe('http://127.0.0.1:4318/api/analytics/batch');
    const events = eventsOf(posts[0]!.body);
    expect(events).toHaveLength(2);
    const sid = client.session.id();
    expect(sid).toMatch(/^[0-9a-f]{32}$/);
    expect(events[0]).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      event_type: 'page_view',
      event_data: { page: PAGE, path: '/shop', title: 'Shop', referrer: '' },
      timestamp: '2026-03-01T10:00:00.000Z',
      session_id: sid,
    });
    expect(events[1]!.event_data).toEqual({ cart: { items: 2 }, total: 19.5 });
  });

  it('sends API calls to /api/logs as an array of records', async () => {
    const { client, posts } = setup();
    client.recordCall({ method: 'GET', url: 'http://localhost:3000/api/cart', status: 200, duration_ms: 12.5, time: T0 });
    client.recordCall({ method: 'POST', url: 'http://localhost:3000/api/pay', duration_ms: 3, time: T0 + 1, error: 'TypeError: Failed to fetch' });
    await client.flush();
    expect(posts[0]!.url).toBe('http://127.0.0.1:4318/api/logs');
    const records = JSON.parse(posts[0]!.body) as WireCall[];
    const sid = client.session.id();
    const id = expect.stringMatching(/^[0-9a-f]{32}$/);
    expect(records).toEqual([
      { event_id: id, method: 'GET', url: 'http://localhost:3000/api/cart', status: 200, duration_ms: 12.5, time: '2026-03-01T10:00:00.000Z', session_id: sid, source: 'browser' },
      { event_id: id, method: 'POST', url: 'http://localhost:3000/api/pay', duration_ms: 3, time: '2026-03-01T10:00:00.001Z', session_id: sid, source: 'browser', error: 'TypeError: Failed to fetch' },
    ]);
  });

  it('puts the identified user on later events and API calls, and remembers it', async () => {
    const { client, posts, storage } = setup();
    client.emit('before', {});
    client.identify('user-7', { plan: 'pro' });
    client.emit('after', {});
    client.recordCall({ method: 'GET', url: 'http://localhost:3000/api/me', status: 200, duration_ms: 1, time: T0 });
    await client.flush();
    const events = eventsOf(posts.find((p) => p.url.endsWith('/batch'))!.body);
    expect(events.map((e) => [e.event_type, e.user_id])).toEqual([
      ['before', undefined],
      ['identify', 'user-7'],
      ['after', 'user-7'],
    ]);
    expect(events[1]!.event_data).toEqual({ plan: 'pro' });
    const call = (JSON.parse(posts.find((p) => p.url.endsWith('/logs'))!.body) as WireCall[])[0]!;
    expect(call.user_id).toBe('user-7');
    // A reload (a new client on the same storage) keeps the user.
    const again = createClient({ transport: { post: async () => ({ status: 200, retryAfter: null }), beacon: () => true }, storage, base: () => PAGE });
    expect(again.session.userId()).toBe('user-7');
  });

  it('refuses an empty user id with a warning', () => {
    const { client, warnings } = setup();
    client.identify('');
    client.identify(null);
    expect(client.session.userId()).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it('starts a new session after 30 idle minutes', async () => {
    const { client, posts, advance } = setup();
    client.emit('one', {});
    advance(31 * 60_000);
    client.emit('two', {});
    await client.flush();
    const [a, b] = eventsOf(posts[0]!.body);
    expect(a!.session_id).not.toBe(b!.session_id);
  });

  it('chooses who gets the session header: the page origin and listed API origins only', () => {
    const { client } = setup({ collector: 'http://127.0.0.1:4318', apiOrigins: ['https://api.example.test/', 'not a url'] });
    expect(client.config().apiOrigins).toEqual(['https://api.example.test']);
    const sid = client.session.id();
    expect(client.headerFor(new URL('http://localhost:3000/api/x'))).toBe(sid);
    expect(client.headerFor(new URL('https://api.example.test/v1'))).toBe(sid);
    expect(client.headerFor(new URL('https://api.example.test:8443/v1'))).toBeNull();
    expect(client.headerFor(new URL('http://localhost:3001/api'))).toBeNull();
    expect(client.headerFor(new URL('https://cdn.example.test/a.js'))).toBeNull();
  });

  it('knows the collector: the whole origin when it is elsewhere, only its endpoints on the page origin', () => {
    const elsewhere = setup().client;
    expect(elsewhere.isCollector(new URL('http://127.0.0.1:4318/api/analytics/batch'))).toBe(true);
    expect(elsewhere.isCollector(new URL('http://127.0.0.1:4318/anything'))).toBe(true);
    expect(elsewhere.isCollector(new URL('http://localhost:3000/api/logs'))).toBe(false);
    const proxied = setup({ collector: 'http://localhost:3000/logbridge/' }).client;
    expect(proxied.config().collector).toBe('http://localhost:3000/logbridge');
    expect(proxied.isCollector(new URL('http://localhost:3000/logbridge/api/logs'))).toBe(true);
    expect(proxied.isCollector(new URL('http://localhost:3000/logbridge/api/analytics/batch?x=1'))).toBe(true);
    expect(proxied.isCollector(new URL('http://localhost:3000/api/logs'))).toBe(false);
  });

  it('queues until init() names a collector, then sends', async () => {
    const { client, posts } = setup({});
    client.emit('early', {});
    await client.flush();
    expect(posts).toHaveLength(0);
    client.configure({ collector: 'http://127.0.0.1:9999' });
    await client.flush();
    expect(posts.map((p) => p.url)).toEqual(['http://127.0.0.1:9999/api/analytics/batch']);
  });

  it('hands everything to the beacon when the page hides', () => {
    const { client, posts } = setup();
    client.emit('a', {});
    client.recordCall({ method: 'GET', url: 'http://localhost:3000/x', status: 200, duration_ms: 1, time: T0 });
    client.flushBeacon();
    expect(posts.map((p) => p.url)).toEqual(['http://127.0.0.1:4318/api/analytics/batch', 'http://127.0.0.1:4318/api/logs']);
  });
});

describe('browser SDK configuration', () => {
  const tag = (attrs: Record<string, string>, src = 'http://127.0.0.1:4318/sdk.js') => ({ src, getAttribute: (n: string) => attrs[n] ?? null });

  it('defaults the collector to where the script came from', () => {
    expect(optionsFromScript(tag({}))).toEqual({ collector: 'http://127.0.0.1:4318' });
  });

  it('reads data-* attributes', () => {
    const opts = optionsFromScript(
      tag({
        'data-collector': 'http://127.0.0.1:5000',
        'data-api-origins': 'https://api.example.test http://localhost:3000,http://localhost:8080',
        'data-flush-interval': '2000',
        'data-flush-at': '5',
        'data-session-timeout': '10',
        'data-autocapture': 'false',
        'data-capture-network': 'true',
      }),
    );
    expect(opts).toEqual({
      collector: 'http://127.0.0.1:5000',
      apiOrigins: ['https://api.example.test', 'http://localhost:3000', 'http://localhost:8080'],
      flushInterval: 2000,
      flushAt: 5,
      sessionTimeout: 600_000,
      autocapture: false,
      captureNetwork: true,
    });
  });

  it('keeps defaults over malformed values and caps flushAt at the batch size', () => {
    const cfg = mergeOptions(DEFAULTS, { flushInterval: -1, flushAt: 5_000, sessionTimeout: NaN, collector: 'ftp://x' }, PAGE);
    expect(cfg.flushInterval).toBe(DEFAULTS.flushInterval);
    expect(cfg.flushAt).toBe(100);
    expect(cfg.sessionTimeout).toBe(30 * 60_000);
    expect(cfg.collector).toBe('');
    expect(mergeOptions(DEFAULTS, { collector: '/collector' }, PAGE).collector).toBe('http://localhost:3000/collector');
  });
});
