import type http from 'node:http';
import zlib from 'node:zlib';
import { PostHog } from 'posthog-node';
import { describe, expect, it } from 'vitest';
import type { DecodedPayload, IngestRequest } from '../../electron/core/collect/ingest-types.js';
import { posthogFormat } from '../../electron/core/collect/formats/posthog.js';
import { MAX_BATCH_EVENTS } from '../../electron/core/collect/limits.js';
import { fakePipeline, ingestRequest, only, payloadError } from '../helpers/ingest-request.js';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');

interface Opts {
  query?: string;
  headers?: http.IncomingHttpHeaders;
  now?: number;
  method?: string;
}

function req(path: string, o: Opts = {}): IngestRequest {
  return ingestRequest(path, { ...o, ipHash: 'iphash-1', now: o.now ?? NOW });
}

function decode(path: string, body: unknown, o?: Opts): DecodedPayload {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return posthogFormat.decode(buf, req(path, o));
}

const iso = (ms: number) => new Date(ms).toISOString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A posthog-js event as it goes on the wire (properties as posthog-js fills them in a browser). */
function browserEvent(event: string, extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return {
    uuid: `0195d3a1-7c00-7000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
    event,
    properties: {
      $os: 'Mac OS X', $os_version: '14.4.0', $browser: 'Chrome', $browser_version: 131, $device_type: 'Desktop',
      $current_url: 'https://shop.test/cart?step=2', $host: 'shop.test', $pathname: '/cart',
      $raw_user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/131.0 Safari/537.36',
      $browser_language: 'en-GB', $screen_height: 1117, $screen_width: 1728, $viewport_height: 980, $viewport_width: 1728,
      $lib: 'web', $lib_version: '1.230.4', $insert_id: 'k3xq9v2m1b7t0w4e', $time: 1773143998.5,
      distinct_id: 'user-7', $device_id: '0195d3a1-0000-7000-8000-0000000000dd', $is_identified: true,
      $referrer: 'https://www.google.com/', $referring_domain: 'www.google.com',
      $session_id: '0195d3a1-6b00-7000-8000-00000000005e', $window_id: '0195d3a1-6b00-7000-8000-00000000003f',
      $lib_custom_api_host: 'https://eu.i.posthog.com', $lib_rate_limit_remaining_tokens: 99,
      $configured_session_timeout_ms: 1800000, $sdk_debug_retry_queue_size: 0, $process_person_profile: true,
      token: 'phc_browser_token',
      ...extra,
    },
    timestamp: '2026-03-10T11:59:58.500Z',
    ...top,
  };
}

const CHAIN =
  'button.btn.btn-primary.hover:bg-blue-700:attr__class="btn btn-primary hover:bg-blue-700"attr__id="buy-now"attr_id="buy-now"nth-child="2"nth-of-type="1"text="Buy \\"now\\"; pay later";' +
  'form.checkout:attr__class="checkout"nth-child="1"nth-of-type="1";body:nth-child="2"nth-of-type="1"';

describe('posthogFormat with posthog-node', () => {
  it('decodes what the real client sends (gzip Content-Encoding) and answers in a way it accepts', async () => {
    const { origin, seen } = await fakePipeline(posthogFormat);
    const posthog = new PostHog('phc_node_token', { host: origin, flushAt: 20, fetchRetryCount: 0 });
    const errors: unknown[] = [];
    posthog.on('error', (e: unknown) => errors.push(e));
    posthog.capture({ distinctId: 'd-1', event: 'report exported', properties: { format: 'csv', $session_id: 'sess-9' } });
    posthog.capture({ distinctId: 'd-1', event: '$pageview', properties: { $current_url: 'https://app.test/reports' } });
    posthog.identify({ distinctId: 'd-1', properties: { email: 'ada@example.test' } });
    posthog.captureException(new TypeError('cannot read properties of undefined'), 'd-1');
    await posthog.shutdown(5000);

    expect(errors).toEqual([]);
    expect(seen).toHaveLength(1);
    const { path, decoded } = seen[0]!;
    expect(path).toBe('/batch/');
    expect(posthogFormat.paths).toContain(path);
    expect(decoded.bodyToken).toBe('phc_node_token');
    expect(decoded.rejected).toEqual([]);
    const events = decoded.accepted.map((a) => a.event);
    expect(events.map((e) => e.type)).toEqual(['report exported', 'page_view', 'identify', 'error_encountered']);
    for (const a of decoded.accepted) {
      const raw = JSON.parse(a.event.raw) as { uuid: string };
      expect(a.dedupKey).toBe(`posthog:${raw.uuid}`);
      expect(a.event).toMatchObject({ kind: 'user', user_id: 'd-1', user_agent: expect.stringMatching(/^posthog-node/) });
      expect(Math.abs(a.event.time - Date.now())).toBeLessThan(10_000);
      expect(a.event.attrs).toMatchObject({ $lib: 'posthog-node' });
    }
    const [custom, pageview, identify, exception] = events;
    expect(custom).toMatchObject({ session_id: 'sess-9', attrs: { format: 'csv' } });
    expect(pageview).toMatchObject({ page: 'https://app.test/reports' });
    expect(identify).toMatchObject({ attrs: { $set: { email: 'ada@example.test' } } });
    expect(exception).toMatchObject({ message: 'cannot read properties of undefined', attrs: { exception_type: 'TypeError' } });
    // The innermost frame (this test file) comes first, as in a JavaScript stack trace.
    const stack = String(exception?.attrs?.stack);
    expect(stack.split('\n')[0]).toBe('TypeError: cannot read properties of undefined');
    expect(stack.split('\n')[1]).toMatch(/collect-posthog\.test\.ts:\d+:\d+\)$/);
    expect(exception?.attrs).not.toHaveProperty('$exception_list');
  });
});

describe('posthogFormat body encodings (as posthog-js sends them)', () => {
  const batch = { api_key: 'phc_browser_token', batch: [browserEvent('$pageview'), browserEvent('signed_up', { plan: 'pro' })], sent_at: '2026-03-10T11:59:59.000Z' };

  it('answers every capture path, with and without the trailing slash', () => {
    for (const p of ['/e/', '/e', '/capture/', '/capture', '/batch/', '/batch', '/i/v0/e/', '/i/v0/e']) {
      expect(posthogFormat.paths).toContain(p);
      expect(decode(p, batch).accepted, p).toHaveLength(2);
    }
  });

  it('reads a gzip body labelled ?compression=gzip-js', () => {
    const body = zlib.gzipSync(JSON.stringify(batch));
    const d = decode('/e/', body, { query: 'ip=0&_=1773143999000&ver=1.230.4&compression=gzip-js', headers: { 'content-type': 'text/plain' } });
    expect(d.bodyToken).toBe('phc_browser_token');
    expect(d.accepted.map((a) => a.event.type)).toEqual(['page_view', 'signed_up']);
  });

  it('reads a base64 form body (compression=base64)', () => {
    const body = `data=${encodeURIComponent(Buffer.from(JSON.stringify(batch.batch)).toString('base64'))}`;
    const d = decode('/e/', body, { query: 'compression=base64&ver=1.230.4', headers: FORM });
    expect(d.bodyToken).toBe('phc_browser_token');
    expect(d.accepted.map((a) => a.event.type)).toEqual(['page_view', 'signed_up']);
  });

  it('reads base64 whose "+" was not escaped (form decoding turns it into a space)', () => {
    const json = JSON.stringify(browserEvent('é~>?', { note: '>>>???' }));
    const b64 = Buffer.from(json).toString('base64');
    expect(b64).toContain('+');
    const d = decode('/e/', `data=${b64}&compression=base64`, { headers: FORM });
    expect(only(d).event.type).toBe('é~>?');
  });

  it('reads the legacy unencoded form body and the GET fallback', () => {
    const ev = browserEvent('legacy_click');
    expect(only(decode('/e/', `data=${encodeURIComponent(JSON.stringify(ev))}`, { headers: FORM })).event.type).toBe('legacy_click');
    const q = `data=${encodeURIComponent(Buffer.from(JSON.stringify(ev)).toString('base64'))}&ip=1&_=1773143999000`;
    expect(only(decode('/e/', Buffer.alloc(0), { method: 'GET', query: q })).event.type).toBe('legacy_click');
  });

  it('reads gzip inside a base64 form field', () => {
    const b64 = zlib.gzipSync(JSON.stringify([browserEvent('zipped')])).toString('base64');
    expect(only(decode('/e/', `data=${encodeURIComponent(b64)}&compression=gzip-js`, { headers: FORM })).event.type).toBe('zipped');
  });

  it('reads plain JSON: one event, an array, or a batch, even when labelled a form', () => {
    expect(only(decode('/capture/', browserEvent('one'))).event.type).toBe('one');
    expect(only(decode('/capture/', browserEvent('labelled'), { headers: FORM })).event.type).toBe('labelled');
    expect(decode('/e/', [browserEvent('a'), browserEvent('b')]).accepted).toHaveLength(2);
    expect(decode('/batch/', batch).accepted).toHaveLength(2);
  });

  it('refuses lz64 with a clear 400', () => {
    for (const [body, o] of [
      ['data=N4IgLgpgtg', { query: 'compression=lz64', headers: FORM }],
      ['data=N4IgLgpgtg&compression=lz64', { headers: FORM }],
    ] as const) {
      const err = payloadError(() => decode('/e/', body, o));
      expect(err.status).toBe(400);
      expect(err.message).toMatch(/lz64.*not supported/);
    }
  });

  it('refuses a gzip bomb with 413, in a gzip-js body and inside a form field', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(posthogFormat.bodyLimit! * 4, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(8 * 1024);
    expect(payloadError(() => decode('/e/', bomb, { query: 'compression=gzip-js' })).status).toBe(413);
    const form = `data=${encodeURIComponent(bomb.toString('base64'))}`;
    expect(payloadError(() => decode('/e/', form, { query: 'compression=base64', headers: FORM })).status).toBe(413);
  });

  it('refuses malformed payloads as a whole with 400', () => {
    const cases: [unknown, Opts?][] = [
      ['{"event": "x", '],
      [''],
      ['"a string"'],
      ['42'],
      [{ api_key: 'k', batch: { event: 'x' } }],
      [Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]), { query: 'compression=gzip-js' }],
      ['not gzip, not json', { query: 'compression=gzip-js' }],
      ['compression=base64', { headers: FORM }],
      ['data=%%%not-base64!!', { headers: FORM, query: 'compression=base64' }],
      [`data=${Buffer.from('{"event": ').toString('base64')}`, { headers: FORM }],
    ];
    for (const [body, o] of cases) {
      const err = payloadError(() => decode('/e/', body, o));
      expect(err.status, String(body)).toBe(400);
    }
  });

  it('refuses more events than the batch limit with 413', () => {
    const many = Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => ({ event: 'e', distinct_id: 'd' }));
    expect(payloadError(() => decode('/batch/', { api_key: 'k', batch: many })).status).toBe(413);
    expect(payloadError(() => decode('/e/', many)).status).toBe(413);
  });

  it('answers 200 {"status":1}', () => {
    expect(posthogFormat.answer!({ ids: [], rejected: [] }, req('/e/'))).toEqual({ status: 200, contentType: 'application/json', body: '{"status":1}' });
  });
});

describe('posthogFormat event mapping', () => {
  it('maps a browser $pageview with its columns and keeps useful properties only', () => {
    const ev = browserEvent('$pageview', { $title: 'Cart' });
    const a = only(decode('/e/', ev));
    expect(a.dedupKey).toBe(`posthog:${ev.uuid}`);
    expect(a.event).toMatchObject({
      kind: 'user',
      type: 'page_view',
      page: 'https://shop.test/cart?step=2',
      user_id: 'user-7',
      session_id: '0195d3a1-6b00-7000-8000-00000000005e',
      referrer: 'https://www.google.com/',
      user_agent: ev.properties.$raw_user_agent,
      ip_hash: 'iphash-1',
      time: Date.parse('2026-03-10T11:59:58.500Z'),
    });
    const attrs = a.event.attrs ?? {};
    expect(attrs).toMatchObject({ $browser: 'Chrome', $os: 'Mac OS X', $current_url: 'https://shop.test/cart?step=2', $referrer: 'https://www.google.com/', $title: 'Cart', $window_id: ev.properties.$window_id });
    for (const k of ['token', '$insert_id', '$time', '$lib_custom_api_host', '$sdk_debug_retry_queue_size', '$raw_user_agent', '$session_id', 'distinct_id']) {
      expect(attrs, k).not.toHaveProperty(k);
    }
    expect(JSON.stringify(attrs)).not.toContain('phc_browser_token');
    expect(a.event.raw).toBe(JSON.stringify(ev));
  });

  it('maps $pageleave, $identify, $screen and keeps other names as sent', () => {
    expect(only(decode('/e/', browserEvent('$pageleave'))).event).toMatchObject({ type: 'page_leave', page: 'https://shop.test/cart?step=2' });
    const id = only(decode('/e/', browserEvent('$identify', { $anon_distinct_id: 'anon-1' }, { $set: { email: 'a@b.test' }, $set_once: { first_seen: '2026-03-01' } })));
    expect(id.event).toMatchObject({ type: 'identify', user_id: 'user-7', attrs: { $anon_distinct_id: 'anon-1', $set: { email: 'a@b.test' }, $set_once: { first_seen: '2026-03-01' } } });
    expect(only(decode('/e/', { event: '$screen', distinct_id: 'd', properties: { $screen_name: 'Settings' } })).event).toMatchObject({ type: 'screen_view', page: 'Settings' });
    expect(only(decode('/e/', browserEvent('$rageclick'))).event.type).toBe('$rageclick');
    expect(only(decode('/e/', browserEvent('Plan Upgraded'))).event.type).toBe('Plan Upgraded');
  });

  it('maps $autocapture clicks, submits and changes with the element as target', () => {
    const click = only(decode('/e/', browserEvent('$autocapture', { $event_type: 'click', $ce_version: 1, $elements_chain: CHAIN })));
    expect(click.event).toMatchObject({ type: 'button_click', target: 'button#buy-now.btn.btn-primary.hover:bg-blue-700' });
    expect(click.event.attrs).toMatchObject({ $el_text: 'Buy "now"; pay later', $elements_chain: CHAIN });

    const submit = only(decode('/e/', browserEvent('$autocapture', { $event_type: 'submit', $elements_chain: 'form.checkout:attr__class="checkout"nth-child="1"nth-of-type="1"' })));
    expect(submit.event).toMatchObject({ type: 'form_submit', target: 'form.checkout' });

    const change = only(decode('/e/', browserEvent('$autocapture', { $event_type: 'change', $elements_chain: 'input:attr__id="qty"nth-child="1"nth-of-type="1"' })));
    expect(change.event).toMatchObject({ type: 'input_change', target: 'input#qty' });
  });

  it('reads the older $elements array and drops it from attrs', () => {
    const elements = [
      { tag_name: 'a', $el_text: 'Docs', attr__href: '/docs', attr__id: 'nav-docs', classes: ['nav', 'link'], nth_child: 3, nth_of_type: 1 },
      { tag_name: 'nav', classes: ['top'], nth_child: 1, nth_of_type: 1 },
    ];
    const a = only(decode('/e/', browserEvent('$autocapture', { $event_type: 'click', $elements: elements })));
    expect(a.event).toMatchObject({ type: 'button_click', target: 'a#nav-docs.nav.link', attrs: { $el_text: 'Docs', href: '/docs' } });
    expect(a.event.attrs).not.toHaveProperty('$elements');
  });

  it('maps $exception from $exception_message or the first $exception_list entry', () => {
    const viaMessage = only(decode('/e/', browserEvent('$exception', { $exception_message: 'Payment failed', $exception_type: 'Error' })));
    expect(viaMessage.event).toMatchObject({ type: 'error_encountered', message: 'Payment failed', attrs: { exception_type: 'Error' } });
    const list = [
      {
        type: 'RangeError',
        value: 'Invalid array length',
        mechanism: { handled: false, type: 'onerror' },
        stacktrace: {
          type: 'raw',
          frames: [
            { filename: 'https://shop.test/assets/vendor.js', function: 'boot', lineno: 1, colno: 200, in_app: true },
            { filename: 'https://shop.test/assets/cart.js', function: 'renderRows', lineno: 88, colno: 17, in_app: true },
          ],
        },
      },
    ];
    const viaList = only(decode('/e/', browserEvent('$exception', { $exception_list: list, $exception_level: 'error' })));
    expect(viaList.event).toMatchObject({ type: 'error_encountered', message: 'Invalid array length', attrs: { exception_type: 'RangeError', $exception_level: 'error' } });
    expect(viaList.event.attrs?.stack).toBe(
      ['RangeError: Invalid array length', '    at renderRows (https://shop.test/assets/cart.js:88:17)', '    at boot (https://shop.test/assets/vendor.js:1:200)'].join('\n'),
    );
  });

  it('takes the session from $session_id, else the headers; the user from distinct_id anywhere', () => {
    const noSession = { event: 'e', properties: { distinct_id: 'from-props' } };
    expect(only(decode('/e/', noSession, { headers: { 'x-posthog-session-id': 'hdr-sess' } })).event).toMatchObject({ session_id: 'hdr-sess', user_id: 'from-props' });
    expect(only(decode('/e/', noSession)).event.session_id).toBeNull();
    expect(only(decode('/e/', { event: 'e', distinct_id: 12345 })).event.user_id).toBe('12345');
  });

  it('reads the token from api_key, token or properties.token', () => {
    expect(decode('/batch/', { api_key: 'k1', batch: [{ event: 'e', distinct_id: 'd' }] }).bodyToken).toBe('k1');
    expect(decode('/e/', { event: 'e', distinct_id: 'd', token: 'k2' }).bodyToken).toBe('k2');
    expect(decode('/e/', { event: 'e', distinct_id: 'd', api_key: 'k3' }).bodyToken).toBe('k3');
    expect(decode('/e/', [{ event: 'e', properties: { token: 'k4', distinct_id: 'd' } }]).bodyToken).toBe('k4');
    expect(decode('/e/', [{ event: 'e', distinct_id: 'd' }]).bodyToken).toBeUndefined();
  });

  it('has a dedupKey only for events with a uuid', () => {
    const d = decode('/e/', [{ event: 'a', distinct_id: 'd', uuid: 'u-1' }, { event: 'b', distinct_id: 'd' }]);
    expect(d.accepted.map((a) => a.dedupKey)).toEqual(['posthog:u-1', undefined]);
  });
});

describe('posthogFormat timestamps', () => {
  it('uses the timestamp, else the offset before receipt, else the receive time', () => {
    const d = decode('/e/', [
      { event: 'a', distinct_id: 'd', timestamp: '2026-03-10T11:00:00+01:00' },
      { event: 'b', distinct_id: 'd', offset: 2500 },
      { event: 'c', distinct_id: 'd' },
    ]);
    expect(d.accepted.map((a) => iso(a.event.time))).toEqual(['2026-03-10T10:00:00.000Z', '2026-03-10T11:59:57.500Z', iso(NOW)]);
    expect(d.accepted[0]!.event.attrs).not.toHaveProperty('client_timestamp');
  });

  it('corrects for client clock skew with the batch’s sent_at and keeps the client’s time', () => {
    // The client's clock is 10 minutes slow: it stamped the send at 11:50:02, we received at 12:00:00.
    const d = decode('/batch/', { api_key: 'k', sent_at: '2026-03-10T11:50:02.000Z', batch: [{ event: 'e', distinct_id: 'd', timestamp: '2026-03-10T11:50:00.000Z' }] });
    const a = only(d);
    expect(iso(a.event.time)).toBe('2026-03-10T11:59:58.000Z');
    expect(a.event.attrs?.client_timestamp).toBe('2026-03-10T11:50:00.000Z');
  });

  it('uses posthog-js’s `_` query (its clock in ms) as sent_at, unless the event asks not to', () => {
    const sent = Date.parse('2026-03-10T12:30:01.000Z');
    const d = decode('/e/', [
      { event: 'a', distinct_id: 'd', timestamp: '2026-03-10T12:30:00.000Z' },
      { event: 'b', distinct_id: 'd', timestamp: '2026-03-10T12:30:00.000Z', properties: { $ignore_sent_at: true } },
    ], { query: `_=${sent}` });
    expect(d.accepted.map((a) => iso(a.event.time))).toEqual(['2026-03-10T11:59:59.000Z', '2026-03-10T12:30:00.000Z']);
  });
});

describe('posthogFormat rejections', () => {
  it('rejects bad events by index and keeps the others', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const d = decode('/batch/', {
      api_key: 'phc_browser_token',
      batch: [
        browserEvent('ok-0'),
        { distinct_id: 'd', properties: {} },
        ['not', 'an', 'object'],
        { event: '', distinct_id: 'd' },
        { event: 'e', distinct_id: 'd', timestamp: 'soon' },
        { event: 'e', distinct_id: 'd', properties: { token: 'phc_someone_else' } },
        { event: 'e', distinct_id: 'd', properties: { deep } },
        { event: 'e', distinct_id: 'd', offset: 'ten' },
        { event: 'ok-8', distinct_id: 'd' },
      ],
    });
    expect(d.accepted.map((a) => [a.index, a.event.type])).toEqual([
      [0, 'ok-0'],
      [8, 'ok-8'],
    ]);
    const reasons = Object.fromEntries(d.rejected.map((r) => [r.index, r.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(reasons[1]).toMatch(/^event: event must be the event name/);
    expect(reasons[2]).toMatch(/JSON object/);
    expect(reasons[3]).toMatch(/must not be empty/);
    expect(reasons[4]).toMatch(/^timestamp: .*ISO 8601/);
    expect(reasons[5]).toMatch(/token differs/);
    expect(reasons[6]).toMatch(/nests more than/);
    expect(reasons[7]).toMatch(/^offset:/);
  });
});
