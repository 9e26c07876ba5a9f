// HAR files as Chromium and Firefox save them: entries -> api events, pages -> page views, with
// secrets redacted everywhere and bodies capped.
import { describe, expect, it } from 'vitest';
import { detectSample } from '../../electron/core/importers/parse-driver.js';
import { harFormat } from '../../electron/core/importers/formats/har.js';
import { CHROME_UA, chromiumFetch, chromiumPage, FIREFOX_UA, firefoxNotFound, firefoxPage, safari } from '../../electron/core/importers/formats/har-samples.js';
import { pageSessionKey } from '../../electron/core/importers/formats/har-sessions.js';
import { createSessionDeriver } from '../../electron/core/importers/session-deriver.js';
import { parseWith } from '../helpers/parse-format.js';

const pairs = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));
const byName = (headers: readonly { name: string; value: string }[]) => Object.fromEntries(headers.map((h) => [h.name, h.value]));

/** The Chromium sample's fetch, copied, with the changes asked for (`reqHeaders` replace headers of the same name). */
function chromiumEntry(over: { url?: string; method?: string; reqHeaders?: Record<string, string>; response?: Record<string, unknown> } = {}) {
  const base = structuredClone(chromiumFetch);
  const method = over.method ?? base.request.method;
  return {
    ...base,
    request: {
      ...base.request,
      method,
      url: over.url ?? base.request.url,
      headers: pairs({ ...byName(base.request.headers), ':method': method, ...over.reqHeaders }),
    },
    response: { ...base.response, ...over.response },
  };
}

function har(entries: unknown[], pages: unknown[] = [chromiumPage], creator = { name: 'WebInspector', version: '537.36' }, pagesFirst = true) {
  const log = pagesFirst ? { version: '1.2', creator, pages, entries } : { version: '1.2', creator, entries, pages };
  return JSON.stringify({ log }, null, 2);
}

describe('HAR: Chromium', () => {
  it('maps a page and an entry with its timings, sizes, headers and DevTools extras', () => {
    const out = parseWith(harFormat, har([chromiumEntry()]));
    expect(out.bad).toEqual([]);
    expect(out.report.notes).toEqual(['saved by WebInspector 537.36']);
    const [page, call] = out.events;
    expect(page).toMatchObject({
      kind: 'user', type: 'page_view', page: 'https://shop.example/cart', time: Date.UTC(2025, 2, 4, 9, 15, 2, 100),
      attrs: { page_id: 'page_1', on_content_load_ms: 412.5, on_load_ms: 980.1 },
    });
    expect(call).toMatchObject({
      kind: 'api', time: Date.UTC(2025, 2, 4, 9, 15, 2, 512), method: 'GET', url: 'https://shop.example/api/cart/8812/items?expand=1',
      route: '/api/cart/:id/items', status: 200, duration_ms: 87.3, resp_bytes: 312, req_bytes: 0, user_agent: CHROME_UA,
      referrer: 'https://shop.example/cart', page: 'https://shop.example/cart', line: call!.at.line,
    });
    // No request names a session: the page is marked for the deriver to number (har-sessions.ts).
    expect(call).toMatchObject({ session_id: pageSessionKey('page_1'), session_derived: true });
    expect(call!.attrs).toMatchObject({
      resource_type: 'fetch', priority: 'High', initiator_type: 'script', mime_type: 'application/json', http_version: 'http/2.0',
      connection: '443', pageref: 'page_1', content_size: 33, response_body: { items: [{ sku: 'A-1', qty: 2 }] },
      response_headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(call!.attrs!['timings']).toEqual({ blocked: 1.2, send: 0.1, wait: 80.4, receive: 5.6 });
    expect(Object.keys(call!.attrs!['request_headers'] as object)).toEqual(['accept', 'referer', 'user-agent']); // no HTTP/2 pseudo-headers
    expect(JSON.parse(call!.raw)).toMatchObject({ _resourceType: 'fetch', request: { method: 'GET' } });
    expect(call!.at.line).toBeGreaterThan(page!.at.line);
  });

  it('keeps status 0 for a failed or blocked request and puts the error beside it', () => {
    const blocked = chromiumEntry({ url: 'https://ads.example/px', response: { status: 0, _error: 'net::ERR_BLOCKED_BY_CLIENT', content: { size: 0, mimeType: 'x-unknown' }, _transferSize: 0 } });
    const out = parseWith(harFormat, har([blocked]));
    expect(out.events[1]).toMatchObject({ status: 0, message: 'net::ERR_BLOCKED_BY_CLIENT', attrs: { error: 'net::ERR_BLOCKED_BY_CLIENT' } });
  });

  it('turns a data: URL into a short url and a data: route', () => {
    const url = `data:image/png;base64,${'iVBORw0KGgo'.repeat(50)}`;
    const entry = { ...chromiumEntry(), request: { ...chromiumEntry().request, url } };
    const e = parseWith(harFormat, har([entry])).events[1]!;
    expect(e).toMatchObject({ route: 'data:image/png' });
    expect(e.url!.length).toBeLessThanOrEqual(101);
  });

  it('reads the trace context of a request that carries traceparent', () => {
    const entry = chromiumEntry({ reqHeaders: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(parseWith(harFormat, har([entry])).events[1]).toMatchObject({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' });
  });
});

describe('HAR: Firefox', () => {
  /** The Firefox sample's entry, copied, with an Authorization header to redact. */
  const firefoxEntry = (over: Record<string, unknown> = {}) => {
    const entry = structuredClone(firefoxNotFound);
    entry.request.headers.push({ name: 'Authorization', value: 'Basic dXNlcjpzM2NyZXQ=' });
    return { ...entry, ...over };
  };
  const creator = { name: 'Firefox', version: '135.0' };

  it('reads zone offsets, -1 for unknown, headers + body sizes and its own extras', () => {
    const out = parseWith(harFormat, har([firefoxEntry()], [firefoxPage], creator));
    expect(out.bad).toEqual([]);
    expect(out.events[0]).toMatchObject({ kind: 'user', page: 'http://localhost:8080/app/', time: Date.UTC(2025, 2, 4, 9, 15, 2), attrs: { page_id: 'page_1' } });
    expect(out.events[0]!.attrs).not.toHaveProperty('on_load_ms');
    expect(out.events[1]).toMatchObject({
      time: Date.UTC(2025, 2, 4, 9, 15, 2, 250), status: 404, req_bytes: 412, resp_bytes: 341, duration_ms: 12, user_agent: FIREFOX_UA,
      page: 'http://localhost:8080/app/', attrs: { security_state: 'insecure', status_text: 'Not Found', http_version: 'HTTP/1.1', timings: { blocked: 0, send: 0, wait: 12, receive: 0 } },
    });
    expect(out.events[1]!.attrs!['request_headers']).toMatchObject({ host: 'localhost:8080', authorization: expect.stringMatching(/^Basic \[redacted:[0-9a-f]{12}\]$/) });
  });

  it('imports an aborted request (status 0, empty timings, no content size) without inventing values', () => {
    const aborted = firefoxEntry({
      response: { status: 0, statusText: '', httpVersion: '', headers: [], cookies: [], content: { mimeType: undefined, size: -1 }, redirectURL: '', headersSize: -1, bodySize: -1 },
      timings: {}, time: 0,
    });
    const e = parseWith(harFormat, har([aborted], [firefoxPage], creator)).events[1]!;
    expect(e).toMatchObject({ status: 0, message: null, resp_bytes: null, duration_ms: 0 });
    expect(e.attrs).not.toHaveProperty('timings');
    expect(e.attrs).not.toHaveProperty('error');
  });
});

describe('HAR: secrets and bodies', () => {
  const SECRETS = ['sk_live_abc123', 'sess-7f3a9', 'dark-theme-v', 'new-session-value', 'key-9c8b7a', 'tok-5d4e3f', 'hunter2-pass', 'form-secret-77', 'resp-token-1a2b'];
  const login = chromiumEntry({
    method: 'POST',
    url: 'https://shop.example/api/login?access_token=tok-5d4e3f',
    reqHeaders: { authorization: 'Bearer sk_live_abc123', cookie: 'sid=sess-7f3a9; theme=dark-theme-v', 'x-api-key': 'key-9c8b7a' },
    response: {
      headers: pairs({ 'set-cookie': 'sid=new-session-value; Path=/; HttpOnly', 'content-type': 'application/json' }),
      cookies: [{ name: 'sid', value: 'new-session-value', path: '/', httpOnly: true, secure: true }],
      content: { size: 52, mimeType: 'application/json', text: '{"token": "resp-token-1a2b", "user": "ann"}' },
    },
  });
  login.request.cookies = [{ name: 'sid', value: 'sess-7f3a9' }, { name: 'theme', value: 'dark-theme-v' }] as never[];
  login.request.queryString = [{ name: 'access_token', value: 'tok-5d4e3f' }] as never[];
  Object.assign(login.request, { postData: { mimeType: 'application/json', text: '{"email":"ann@example.com","password":"hunter2-pass"}' } });
  const form = chromiumEntry({ method: 'POST', url: 'https://shop.example/login' });
  Object.assign(form.request, {
    postData: { mimeType: 'application/x-www-form-urlencoded', text: 'user=ann&password=form-secret-77', params: pairs({ user: 'ann', password: 'form-secret-77' }) },
  });

  it('leaves no Authorization, cookie, API key, token or password value anywhere in the events', () => {
    const out = parseWith(harFormat, har([login, form]));
    expect(out.bad).toEqual([]);
    const all = JSON.stringify(out.events);
    for (const s of SECRETS) expect(all, s).not.toContain(s);
    const e = out.events[1]!;
    expect(e.attrs).toMatchObject({
      request_cookie_names: ['sid', 'theme'],
      response_cookie_names: ['sid'],
      request_headers: { authorization: expect.stringMatching(/^Bearer \[redacted:/), cookie: expect.stringMatching(/^sid=\[redacted:[0-9a-f]+\]; theme=\[redacted:/) },
      request_body: { email: 'ann@example.com', password: expect.stringMatching(/^\[redacted:/) },
      response_body: { user: 'ann', token: expect.stringMatching(/^\[redacted:/) },
    });
    expect(e.url).toMatch(/^https:\/\/shop\.example\/api\/login\?access_token=\[redacted:[0-9a-f]{12}\]$/);
    expect(out.events[2]!.attrs!['request_body']).toMatch(/^user=ann&password=\[redacted:/);
  });

  it('keeps at most 4 KiB of a body, in attrs and in raw, and says so', () => {
    const text = `${'é'.repeat(3000)}${'x'.repeat(10_000)}`;
    const entry = chromiumEntry({ response: { content: { size: text.length, mimeType: 'text/html', text } } });
    const e = parseWith(harFormat, har([entry])).events[1]!;
    const body = e.attrs!['response_body'] as string;
    const [kept, note] = body.split('… [');
    expect(Buffer.byteLength(kept!)).toBeLessThanOrEqual(4096);
    expect(kept).toBe('é'.repeat(2048));
    expect(note).toBe(`${text.length - 2048} more characters cut]`);
    expect(Buffer.byteLength(e.raw)).toBeLessThan(4096 + 3000);
    expect(JSON.parse(e.raw).response.content.text).toBe(body);
  });

  it('redacts a large JSON body before cutting it, and leaves base64 bodies out of attrs', () => {
    const big = JSON.stringify({ password: 'hunter2-pass', rows: Array.from({ length: 500 }, (_, i) => ({ i, name: `row ${i}` })) });
    const json = chromiumEntry({ response: { content: { size: big.length, mimeType: 'application/json', text: big } } });
    const image = chromiumEntry({ response: { content: { size: 9000, mimeType: 'image/png', encoding: 'base64', text: 'iVBORw0KGgo'.repeat(1000) } } });
    const [, a, b] = parseWith(harFormat, har([json, image])).events;
    expect(a!.attrs!['response_body']).toMatch(/^\{"password":"\[redacted:[0-9a-f]{12}\]","rows":\[.*more characters cut\]$/);
    expect(JSON.stringify(a)).not.toContain('hunter2-pass');
    expect(b!.attrs).not.toHaveProperty('response_body');
    expect(b!.raw.length).toBeLessThan(6000);
  });
});

describe('HAR: structure and bad entries', () => {
  it('works with pages after entries: the entry falls back to its Referer and the report says why', () => {
    const out = parseWith(harFormat, har([chromiumEntry({ reqHeaders: { referer: 'https://shop.example/checkout' } })], [chromiumPage], undefined, false));
    expect(out.events.map((e) => e.kind)).toEqual(['api', 'user']);
    expect(out.events[0]).toMatchObject({ page: 'https://shop.example/checkout', attrs: { pageref: 'page_1' } });
    expect(out.report.notes).toContain('1 entry names a page not listed before it; their page is the Referer');
  });

  it('reports each invalid entry with its line and reason; the rest still imports', () => {
    const entries = [
      JSON.stringify(chromiumEntry()),
      JSON.stringify({ ...chromiumEntry(), startedDateTime: undefined }),
      JSON.stringify({ ...chromiumEntry(), startedDateTime: 'yesterday' }),
      JSON.stringify({ ...chromiumEntry(), request: undefined }),
      JSON.stringify(chromiumEntry({ method: 'GE T' })),
      JSON.stringify({ ...chromiumEntry(), request: { ...chromiumEntry().request, url: '' } }),
      '42',
      '{"startedDateTime": "2025-03-04T09:15:02Z", "request": tru}',
      JSON.stringify(chromiumEntry({ url: 'https://shop.example/last' })),
    ];
    const doc = `{"log": {"version": "1.2", "creator": {"name": "WebInspector"}, "pages": [], "entries": [\n${entries.join(',\n')}\n]}}`;
    const out = parseWith(harFormat, doc);
    expect(out.events.map((e) => [e.url, e.line])).toEqual([['https://shop.example/api/cart/8812/items?expand=1', 2], ['https://shop.example/last', 10]]);
    expect(out.bad.map((b) => [b.reason, b.at.line])).toEqual([
      ['the entry has no startedDateTime', 3],
      ['startedDateTime must be an ISO 8601 date-time, not "yesterday"', 4],
      ['the entry has no request object', 5],
      ['request.method must be an HTTP method, not "GE T"', 6],
      ['request.url must be a URL, not ""', 7],
      ['an entry must be a JSON object', 8],
      [expect.stringMatching(/^entry: malformed JSON: /), 9],
    ]);
    expect(out.bad[6]!.text).toBe(entries[7]);
  });

  it('imports what precedes the cut in a truncated file and reports the cut once', () => {
    const doc = har([chromiumEntry(), chromiumEntry({ url: 'https://shop.example/b' }), chromiumEntry({ url: 'https://shop.example/z' })]);
    const out = parseWith(harFormat, doc.slice(0, doc.indexOf('https://shop.example/z')));
    expect(out.events.map((e) => e.url)).toEqual([undefined, 'https://shop.example/api/cart/8812/items?expand=1', 'https://shop.example/b']);
    expect(out.bad.map((b) => b.reason)).toEqual(['the file ends inside this entry: it is cut short']);
  });

  it('says so when the document is not a HAR', () => {
    expect(parseWith(harFormat, '{"entries": []}').bad.map((b) => b.reason)).toEqual(['not a HAR document: expected an object with a "log" object in it']);
  });

  it('is detected from the first bytes of Chromium and Firefox files, and not from other JSON', () => {
    const score = (text: string) => harFormat.detect(detectSample(Buffer.from(text)));
    expect(score(har([chromiumEntry()]))).toBe(0.95);
    expect(score(`\ufeff${JSON.stringify({ log: { version: '1.2', creator: { name: 'Firefox' }, entries: [] } })}`)).toBe(0.95);
    expect(score('{"resourceSpans": []}')).toBe(0);
    expect(score('{"log": "started", "version": 2}\n{"log": "again"}')).toBe(0);
    expect(score('127.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 12')).toBe(0);
  });
});

describe('HAR: sessions', () => {
  it('is one client, so its page views and cached entries (no headers) share the session of its entries', () => {
    const out = parseWith(harFormat, JSON.stringify(safari));
    expect(out.events.map((e) => e.kind)).toEqual(['user', 'api', 'api']);
    const deriver = createSessionDeriver(1, 0, undefined, harFormat.oneClient === true);
    for (const e of out.events) deriver.apply(e);
    expect(out.events.every((e) => typeof e.session_id === 'string' && e.session_derived === true)).toBe(true);
    expect(new Set(out.events.map((e) => e.session_id)).size).toBe(1);
  });
});
