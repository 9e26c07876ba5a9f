import type http from 'node:http';
import { Analytics } from '@segment/analytics-node';
import { describe, expect, it } from 'vitest';
import type { DecodedPayload, IngestRequest } from '../../electron/core/collect/ingest-types.js';
import { segmentFormat } from '../../electron/core/collect/formats/segment.js';
import { MAX_BATCH_EVENTS } from '../../electron/core/collect/limits.js';
import { fakePipeline, ingestRequest, only, payloadError } from '../helpers/ingest-request.js';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');

function req(path: string, headers: http.IncomingHttpHeaders = {}, now = NOW): IngestRequest {
  return ingestRequest(path, { headers, ipHash: 'iphash-1', now });
}

function decode(path: string, body: unknown, headers?: http.IncomingHttpHeaders, now?: number): DecodedPayload {
  const buf = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return segmentFormat.decode(buf, req(path, headers, now));
}

/** What analytics.js (the browser library) posts to /v1/t for analytics.track(). */
const browserTrack = {
  timestamp: '2026-03-10T11:59:58.000Z',
  integrations: {},
  type: 'track',
  event: 'Checkout Started',
  properties: { cart_id: 'c-9', total: 42.5, currency: 'EUR' },
  context: {
    page: {
      path: '/cart',
      referrer: 'https://shop.test/products/7',
      search: '',
      title: 'Your cart',
      url: 'https://shop.test/cart',
    },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36',
    locale: 'en-GB',
    library: { name: 'analytics.js', version: 'next-1.70.0' },
    timezone: 'Europe/Berlin',
  },
  messageId: 'ajs-next-1773143998000-1e4b0d6c-0a43-4a0e-b4ea-1c7dbd1f2b50',
  anonymousId: 'c6b6bd4f-6a1d-4f43-9d53-0b8f2f1b3e21',
  writeKey: 'wk_browser_123',
  userId: null,
  sentAt: '2026-03-10T11:59:58.100Z',
  _metadata: { bundled: ['Segment.io'], unbundled: [], bundledIds: [] },
};

describe('segmentFormat with @segment/analytics-node', () => {
  it('decodes what the real client sends and answers in a way it accepts', async () => {
    const { origin, seen } = await fakePipeline(segmentFormat);
    const analytics = new Analytics({ writeKey: 'wk_node_456', host: origin, flushAt: 10, maxRetries: 0 });
    const errors: unknown[] = [];
    const cb = (err?: unknown) => {
      if (err) errors.push(err);
    };
    analytics.track({ userId: 'u-17', event: 'Order Completed', properties: { order_id: 'o-1', revenue: 99 } }, cb);
    analytics.page({ anonymousId: 'anon-3', name: 'Pricing', properties: { url: 'https://app.test/pricing', title: 'Pricing' } }, cb);
    analytics.identify({ userId: 'u-17', traits: { email: 'ada@example.test', plan: 'pro' } }, cb);
    analytics.screen({ userId: 'u-17', name: 'Settings' }, cb);
    analytics.group({ userId: 'u-17', groupId: 'acme', traits: { employees: 40 } }, cb);
    await analytics.closeAndFlush({ timeout: 5000 });

    expect(errors).toEqual([]);
    expect(seen).toHaveLength(1);
    const { path, headers, decoded } = seen[0]!;
    expect(path).toBe('/v1/batch');
    expect(segmentFormat.paths).toContain(path);
    // The pipeline checks this header itself; the body carries the same key.
    expect(headers.authorization).toBe(`Basic ${Buffer.from('wk_node_456:').toString('base64')}`);
    expect(decoded.bodyToken).toBe('wk_node_456');
    expect(decoded.rejected).toEqual([]);
    expect(decoded.accepted.map((a) => a.event.type)).toEqual(['Order Completed', 'page_view', 'identify', 'screen_view', 'group']);
    for (const a of decoded.accepted) {
      expect(a.dedupKey).toMatch(/^segment:node-next-\d+-/);
      const raw = JSON.parse(a.event.raw) as { messageId: string };
      expect(a.dedupKey).toBe(`segment:${raw.messageId}`);
      expect(a.event.kind).toBe('user');
      // The library's own clock is the test's clock: the skew correction moves nothing far.
      expect(Math.abs(a.event.time - Date.now())).toBeLessThan(10_000);
      expect(a.event.attrs?.client_timestamp).toEqual(expect.any(String));
    }
    const [track, page, identify, screen, group] = decoded.accepted.map((a) => a.event);
    expect(track).toMatchObject({ user_id: 'u-17', attrs: { order_id: 'o-1', revenue: 99 } });
    // Not identified yet: the visitor's anonymousId is the user, as in Segment's own tools.
    expect(page).toMatchObject({ user_id: 'anon-3', page: 'https://app.test/pricing', attrs: { anonymous_id: 'anon-3', name: 'Pricing', title: 'Pricing' } });
    expect(identify).toMatchObject({ user_id: 'u-17', attrs: { email: 'ada@example.test', plan: 'pro' } });
    expect(screen).toMatchObject({ page: 'Settings', attrs: { name: 'Settings' } });
    expect(group).toMatchObject({ attrs: { group_id: 'acme', employees: 40 } });
  });
});

describe('segmentFormat endpoints', () => {
  it('answers every documented path and the short ones analytics.js uses', () => {
    for (const p of ['/v1/track', '/v1/page', '/v1/screen', '/v1/identify', '/v1/batch', '/v1/t', '/v1/p', '/v1/i', '/v1/b']) {
      expect(segmentFormat.paths).toContain(p);
    }
  });

  it('takes the call type from a single-call path', () => {
    const cases: [string, string][] = [
      ['/v1/track', 'Signed Up'],
      ['/v1/t', 'Signed Up'],
      ['/v1/page', 'page_view'],
      ['/v1/p', 'page_view'],
      ['/v1/screen', 'screen_view'],
      ['/v1/s', 'screen_view'],
      ['/v1/identify', 'identify'],
      ['/v1/i', 'identify'],
      ['/v1/group', 'group'],
      ['/v1/alias', 'alias'],
    ];
    for (const [path, type] of cases) {
      const a = only(decode(path, { userId: 'u1', event: 'Signed Up', name: 'Home', messageId: `m-${path}` }));
      expect(a.event.type, path).toBe(type);
      expect(a.dedupKey).toBe(`segment:m-${path}`);
    }
  });

  it('maps a browser track call sent to /v1/t', () => {
    const d = decode('/v1/t', browserTrack, { 'user-agent': 'curl/8' });
    expect(d.bodyToken).toBe('wk_browser_123');
    const a = only(d);
    expect(a.dedupKey).toBe(`segment:${browserTrack.messageId}`);
    expect(a.event).toMatchObject({
      kind: 'user',
      type: 'Checkout Started',
      user_id: browserTrack.anonymousId,
      page: 'https://shop.test/cart',
      referrer: 'https://shop.test/products/7',
      user_agent: browserTrack.context.userAgent,
      ip_hash: 'iphash-1',
    });
    expect(a.event.attrs).toMatchObject({
      cart_id: 'c-9',
      total: 42.5,
      currency: 'EUR',
      anonymous_id: browserTrack.anonymousId,
      message_id: browserTrack.messageId,
      context: { locale: 'en-GB', timezone: 'Europe/Berlin', library: { name: 'analytics.js', version: 'next-1.70.0' } },
    });
    // The writeKey is a credential: it must not be copied into searchable attributes.
    expect(JSON.stringify(a.event.attrs)).not.toContain('wk_browser_123');
    expect(a.event.raw).toBe(JSON.stringify(browserTrack));
  });

  it('finds a page call’s page in properties.url, then context.page.url, then the name', () => {
    const p1 = only(decode('/v1/page', { anonymousId: 'a', name: 'Docs', properties: { url: 'https://x.test/a' }, context: { page: { url: 'https://x.test/b' } } }));
    expect(p1.event.page).toBe('https://x.test/a');
    expect(p1.event.attrs).not.toHaveProperty('url');
    const p2 = only(decode('/v1/page', { anonymousId: 'a', name: 'Docs', context: { page: { url: 'https://x.test/b' } } }));
    expect(p2.event.page).toBe('https://x.test/b');
    const p3 = only(decode('/v1/page', { anonymousId: 'a', name: 'Docs' }));
    expect(p3.event.page).toBe('Docs');
  });

  it('fills target and message for click and error events tracked by name', () => {
    const click = only(decode('/v1/track', { userId: 'u', event: 'button_click', properties: { target: '#buy', label: 'Buy' } }));
    expect(click.event).toMatchObject({ type: 'button_click', target: '#buy', attrs: { label: 'Buy' } });
    const err = only(decode('/v1/track', { userId: 'u', event: 'error_encountered', properties: { message: 'Card declined' } }));
    expect(err.event).toMatchObject({ type: 'error_encountered', message: 'Card declined' });
  });

  it('reads the session from context.sessionId, properties.session_id, then the headers', () => {
    expect(only(decode('/v1/track', { userId: 'u', event: 'e', context: { sessionId: 's-ctx' }, properties: { session_id: 's-prop' } })).event.session_id).toBe('s-ctx');
    const fromProps = only(decode('/v1/track', { userId: 'u', event: 'e', properties: { session_id: 's-prop', x: 1 } }));
    expect(fromProps.event.session_id).toBe('s-prop');
    expect(fromProps.event.attrs).toEqual({ x: 1 });
    expect(only(decode('/v1/track', { userId: 'u', event: 'e' }, { 'x-session-id': 's-hdr' })).event.session_id).toBe('s-hdr');
    expect(only(decode('/v1/track', { userId: 'u', event: 'e' })).event.session_id).toBeNull();
  });

  it('prefers userId and keeps anonymousId in attrs', () => {
    const a = only(decode('/v1/track', { userId: 42, anonymousId: 'anon', event: 'e' }));
    expect(a.event.user_id).toBe('42');
    expect(a.event.attrs?.anonymous_id).toBe('anon');
  });

  it('keeps identify traits and alias ids in attrs', () => {
    const id = only(decode('/v1/identify', { userId: 'u-1', traits: { name: 'Ada', company: { name: 'Acme' } } }));
    expect(id.event).toMatchObject({ type: 'identify', user_id: 'u-1', attrs: { name: 'Ada', company: { name: 'Acme' } } });
    const alias = only(decode('/v1/alias', { userId: 'u-1', previousId: 'anon-9' }));
    expect(alias.event).toMatchObject({ type: 'alias', user_id: 'u-1', attrs: { previous_id: 'anon-9' } });
  });

  it('answers 200 {"success":true}', () => {
    const ans = segmentFormat.answer!({ ids: [{ index: 0, id: '1' }], rejected: [] }, req('/v1/batch'));
    expect(ans).toEqual({ status: 200, contentType: 'application/json', body: '{"success":true}' });
  });
});

describe('segmentFormat timestamps', () => {
  it('corrects for client clock skew with sentAt and keeps the client’s time', () => {
    // The client's clock runs 1 hour fast: it sent at 13:00:05 by its clock, we received at 12:00:00.
    const d = decode('/v1/track', { userId: 'u', event: 'e', timestamp: '2026-03-10T13:00:00.000Z', sentAt: '2026-03-10T13:00:05.000Z' });
    const a = only(d);
    expect(new Date(a.event.time).toISOString()).toBe('2026-03-10T11:59:55.000Z');
    expect(a.event.attrs?.client_timestamp).toBe('2026-03-10T13:00:00.000Z');
  });

  it('uses the batch’s sentAt for every call in it, and a call’s own sentAt first', () => {
    const d = decode('/v1/batch', {
      sentAt: '2026-03-10T12:10:00.000Z',
      batch: [
        { type: 'track', userId: 'u', event: 'a', timestamp: '2026-03-10T12:09:00.000Z' },
        { type: 'track', userId: 'u', event: 'b', timestamp: '2026-03-10T12:09:00.000Z', sentAt: '2026-03-10T12:09:30.000Z' },
      ],
    });
    expect(d.accepted.map((a) => new Date(a.event.time).toISOString())).toEqual(['2026-03-10T11:59:00.000Z', '2026-03-10T11:59:30.000Z']);
  });

  it('trusts the timestamp without sentAt, falls back to originalTimestamp, then to receipt', () => {
    const t = only(decode('/v1/track', { userId: 'u', event: 'e', timestamp: '2026-03-01T08:00:00+02:00' }));
    expect(new Date(t.event.time).toISOString()).toBe('2026-03-01T06:00:00.000Z');
    expect(t.event.attrs).not.toHaveProperty('client_timestamp');
    const o = only(decode('/v1/track', { userId: 'u', event: 'e', originalTimestamp: '2026-03-01T06:00:00Z' }));
    expect(new Date(o.event.time).toISOString()).toBe('2026-03-01T06:00:00.000Z');
    expect(only(decode('/v1/track', { userId: 'u', event: 'e' })).event.time).toBe(NOW);
  });

  it('does not correct an event Segment already processed (it carries receivedAt)', () => {
    const a = only(
      decode('/v1/track', {
        userId: 'u',
        event: 'e',
        timestamp: '2026-01-01T00:00:00.000Z',
        sentAt: '2026-01-01T00:00:01.000Z',
        receivedAt: '2026-01-01T00:00:01.500Z',
      }),
    );
    expect(new Date(a.event.time).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('segmentFormat rejections', () => {
  it('rejects bad calls in a batch by index and keeps the others', () => {
    const d = decode('/v1/batch', {
      writeKey: 'wk',
      batch: [
        { type: 'track', userId: 'u', event: 'ok-0', messageId: 'm0' },
        { type: 'track', userId: 'u' },
        'not an object',
        { userId: 'u', event: 'no type' },
        { type: 'purchase', userId: 'u' },
        { type: 'track', userId: 'u', event: 'e', timestamp: 'yesterday' },
        { type: 'page', anonymousId: 'a', properties: 'nope' },
        { type: 'track', userId: 'u', event: 'x'.repeat(201) },
        { type: 'identify', userId: 'u', traits: { plan: 'free' }, messageId: 'm8' },
      ],
    });
    expect(d.accepted.map((a) => a.index)).toEqual([0, 8]);
    expect(d.accepted.map((a) => a.dedupKey)).toEqual(['segment:m0', 'segment:m8']);
    const reasons = Object.fromEntries(d.rejected.map((r) => [r.index, r.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(reasons[1]).toMatch(/event name/);
    expect(reasons[2]).toMatch(/JSON object/);
    expect(reasons[3]).toMatch(/type is missing/);
    expect(reasons[4]).toMatch(/"purchase" is not one of/);
    expect(reasons[5]).toMatch(/^timestamp: .*ISO 8601/);
    expect(reasons[6]).toMatch(/^properties:/);
    expect(reasons[7]).toMatch(/200 characters/);
  });

  it('rejects a call whose writeKey differs from the batch’s', () => {
    const d = decode('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u', event: 'a', writeKey: 'wk-1' },
        { type: 'track', userId: 'u', event: 'b', writeKey: 'wk-2' },
        { type: 'track', userId: 'u', event: 'c' },
      ],
    });
    expect(d.bodyToken).toBe('wk-1');
    expect(d.accepted.map((a) => a.index)).toEqual([0, 2]);
    expect(d.rejected).toEqual([{ index: 1, reason: expect.stringMatching(/writeKey differs/) }]);
  });

  it('rejects a call nested deeper than the limit', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const d = decode('/v1/batch', { batch: [{ type: 'track', userId: 'u', event: 'e', properties: { deep } }, { type: 'track', userId: 'u', event: 'f' }] });
    expect(d.accepted.map((a) => a.index)).toEqual([1]);
    expect(d.rejected[0]?.reason).toMatch(/nests more than/);
  });

  it('merges the batch context under each call’s own', () => {
    const d = decode('/v1/batch', {
      context: { app: { version: '2.1' }, locale: 'de-DE', userAgent: 'App/2.1' },
      batch: [{ type: 'track', userId: 'u', event: 'e', context: { locale: 'fr-FR' } }],
    });
    const a = only(d);
    expect(a.event.user_agent).toBe('App/2.1');
    expect(a.event.attrs?.context).toEqual({ app: { version: '2.1' }, locale: 'fr-FR' });
    expect(a.event.raw).toBe(JSON.stringify({ type: 'track', userId: 'u', event: 'e', context: { locale: 'fr-FR' } }));
  });

  it('drops the end user’s IP address from attrs', () => {
    const a = only(decode('/v1/track', { userId: 'u', event: 'e', context: { ip: '203.0.113.9', locale: 'en' } }));
    expect(JSON.stringify(a.event.attrs)).not.toContain('203.0.113.9');
  });

  it('refuses malformed payloads as a whole with 400', () => {
    const cases: [string, string][] = [
      ['/v1/track', '{"userId": "u", "event": '],
      ['/v1/track', ''],
      ['/v1/track', '[{"userId": "u", "event": "e"}]'],
      ['/v1/track', '"just a string"'],
      ['/v1/batch', '{"batch": {"type": "track"}}'],
      ['/v1/batch', '{"writeKey": "wk"}'],
      ['/v1/batch', '{"batch": [], "sentAt": "last tuesday"}'],
    ];
    for (const [path, body] of cases) {
      const err = payloadError(() => decode(path, body));
      expect(err.status, `${path} ${body}`).toBe(400);
      expect(err.message.length).toBeGreaterThan(10);
    }
  });

  it('refuses a batch with more calls than the limit with 413', () => {
    const batch = Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => ({ type: 'track', userId: 'u', event: 'e' }));
    expect(payloadError(() => decode('/v1/batch', { batch })).status).toBe(413);
  });
});
