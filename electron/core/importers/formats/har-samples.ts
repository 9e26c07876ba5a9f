// HAR samples that double as tests (test/unit/format-samples.test.ts), shaped like what
// Chromium's "Save all as HAR" and Firefox's "Save All As HAR" write, cut down to a few entries.
// Their pages and entries are exported for the HAR tests to vary, so a browser's layout is written
// down once; those tests change copies, never these.
import type { FormatSample } from '../format-types.js';

export const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36';
export const FIREFOX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0';

/** The page Chromium's samples belong to. */
export const chromiumPage = {
  startedDateTime: '2025-03-04T09:15:02.100Z',
  id: 'page_1',
  title: 'https://shop.example/cart',
  pageTimings: { onContentLoad: 412.5, onLoad: 980.1 },
};

/** A fetch as Chromium saves it, HTTP/2, with the extras DevTools adds. */
export const chromiumFetch = {
  _initiator: { type: 'script', stack: { callFrames: [{ functionName: 'load', url: 'https://shop.example/app.js', lineNumber: 10, columnNumber: 4 }] } },
  _priority: 'High',
  _resourceType: 'fetch',
  cache: {},
  connection: '443',
  pageref: 'page_1',
  request: {
    method: 'GET',
    url: 'https://shop.example/api/cart/8812/items?expand=1',
    httpVersion: 'http/2.0',
    headers: [
      { name: ':method', value: 'GET' },
      { name: 'accept', value: 'application/json' },
      { name: 'referer', value: 'https://shop.example/cart' },
      { name: 'user-agent', value: CHROME_UA },
    ],
    queryString: [{ name: 'expand', value: '1' }],
    cookies: [],
    headersSize: -1,
    bodySize: 0,
  },
  response: {
    status: 200,
    statusText: '',
    httpVersion: 'http/2.0',
    headers: [{ name: 'content-type', value: 'application/json; charset=utf-8' }],
    cookies: [],
    content: { size: 33, mimeType: 'application/json', text: '{"items":[{"sku":"A-1","qty":2}]}' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
    _transferSize: 312,
    _error: null,
  },
  serverIPAddress: '203.0.113.7',
  startedDateTime: '2025-03-04T09:15:02.512Z',
  time: 87.3,
  timings: { blocked: 1.2, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 80.4, receive: 5.6, _blocked_queueing: 0.9 },
};

const chromium = {
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    pages: [chromiumPage],
    entries: [
      chromiumFetch,
      {
        _initiator: { type: 'script' },
        _priority: 'High',
        _resourceType: 'xhr',
        cache: {},
        pageref: 'page_1',
        request: {
          method: 'POST',
          url: 'https://metrics.example/collect',
          httpVersion: '',
          headers: [{ name: 'user-agent', value: CHROME_UA }],
          queryString: [],
          cookies: [],
          headersSize: -1,
          bodySize: 0,
        },
        response: {
          status: 0,
          statusText: '',
          httpVersion: '',
          headers: [],
          cookies: [],
          content: { size: 0, mimeType: 'x-unknown' },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
          _transferSize: 0,
          _error: 'net::ERR_BLOCKED_BY_CLIENT',
        },
        serverIPAddress: '',
        startedDateTime: '2025-03-04T09:15:02.700Z',
        time: 1.4,
        timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
      },
    ],
  },
};

/** The page Firefox's samples belong to. */
export const firefoxPage = { id: 'page_1', pageTimings: { onContentLoad: -1, onLoad: -1 }, startedDateTime: '2025-03-04T10:15:02.000+01:00', title: 'http://localhost:8080/app/' };

/** A GET answered 404, as Firefox saves it. */
export const firefoxNotFound = {
  startedDateTime: '2025-03-04T10:15:02.250+01:00',
  request: {
    bodySize: 0,
    method: 'GET',
    url: 'http://localhost:8080/api/users/42',
    httpVersion: 'HTTP/1.1',
    headers: [
      { name: 'Host', value: 'localhost:8080' },
      { name: 'User-Agent', value: FIREFOX_UA },
      { name: 'Referer', value: 'http://localhost:8080/app/' },
    ],
    cookies: [],
    queryString: [],
    headersSize: 412,
  },
  response: {
    status: 404,
    statusText: 'Not Found',
    httpVersion: 'HTTP/1.1',
    headers: [{ name: 'Content-Type', value: 'application/json' }],
    cookies: [],
    content: { mimeType: 'application/json', size: 21, text: '{"error":"not found"}' },
    redirectURL: '',
    headersSize: 160,
    bodySize: 181,
  },
  cache: {},
  timings: { blocked: 0, dns: 0, connect: 0, ssl: 0, send: 0, wait: 12, receive: 0 },
  time: 12,
  _securityState: 'insecure',
  serverIPAddress: '127.0.0.1',
  connection: '8080',
  pageref: 'page_1',
};

const firefox = {
  log: {
    version: '1.2',
    creator: { name: 'Firefox', version: '135.0' },
    browser: { name: 'Firefox', version: '135.0' },
    pages: [firefoxPage],
    entries: [firefoxNotFound],
  },
};

const broken = {
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    pages: [],
    entries: [
      { request: { method: 'GET', url: 'https://shop.example/' }, response: { status: 200 } },
      { startedDateTime: '2025-03-04T09:15:03Z', request: { method: 'GET', url: 'https://shop.example/health' }, response: { status: 204 }, time: 3 },
    ],
  },
};

export const SAFARI_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15';

/** Safari's Web Inspector: a page, a loaded document, and a memory-cached script with no request headers. */
export const safari = {
  log: {
    version: '1.2',
    creator: { name: 'WebKit Web Inspector', version: '1.0' },
    pages: [{ startedDateTime: '2025-03-04T09:15:02.000Z', id: 'page_0', title: 'https://shop.example/', pageTimings: { onContentLoad: 210, onLoad: 480 } }],
    entries: [
      {
        pageref: 'page_0', startedDateTime: '2025-03-04T09:15:02.010Z',
        request: { method: 'GET', url: 'https://shop.example/', httpVersion: 'HTTP/2', cookies: [], headers: [{ name: 'User-Agent', value: SAFARI_UA }], queryString: [], headersSize: 180, bodySize: 0 },
        response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/2', cookies: [], headers: [], content: { size: 1024, mimeType: 'text/html' }, redirectURL: '', headersSize: 90, bodySize: 1024 },
        cache: {}, timings: { blocked: 0, dns: 0, connect: 0, ssl: 0, send: 0, wait: 40, receive: 2 }, time: 42, _fetchType: 'Network Load',
      },
      {
        pageref: 'page_0', startedDateTime: '2025-03-04T09:15:02.300Z',
        request: { method: 'GET', url: 'https://shop.example/app.js', httpVersion: '', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0 },
        response: { status: 200, statusText: 'OK', httpVersion: '', cookies: [], headers: [], content: { size: 5120, mimeType: 'text/javascript' }, redirectURL: '', headersSize: -1, bodySize: 0 },
        cache: {}, timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0 }, time: 0, _fetchType: 'Memory Cache',
      },
    ],
  },
};

export const HAR_SAMPLES: readonly FormatSample[] = [
  {
    title: 'Chromium: a page, a fetch and a request blocked by an extension (status 0)',
    input: JSON.stringify(chromium, null, 2),
    events: [
      { kind: 'user', type: 'page_view', page: 'https://shop.example/cart', time: Date.UTC(2025, 2, 4, 9, 15, 2, 100) },
      {
        kind: 'api',
        time: Date.UTC(2025, 2, 4, 9, 15, 2, 512),
        method: 'GET',
        url: 'https://shop.example/api/cart/8812/items?expand=1',
        route: '/api/cart/:id/items',
        status: 200,
        duration_ms: 87.3,
        resp_bytes: 312,
        page: 'https://shop.example/cart',
        referrer: 'https://shop.example/cart',
        user_agent: CHROME_UA,
      },
      { kind: 'api', method: 'POST', route: '/collect', status: 0, message: 'net::ERR_BLOCKED_BY_CLIENT', page: 'https://shop.example/cart' },
    ],
  },
  {
    title: 'Firefox: times with a zone offset, -1 page timings, sizes as headers + body',
    input: JSON.stringify(firefox, null, 2),
    events: [
      { kind: 'user', type: 'page_view', page: 'http://localhost:8080/app/', time: Date.UTC(2025, 2, 4, 9, 15, 2, 0) },
      {
        kind: 'api',
        time: Date.UTC(2025, 2, 4, 9, 15, 2, 250),
        method: 'GET',
        route: '/api/users/:id',
        status: 404,
        duration_ms: 12,
        req_bytes: 412,
        resp_bytes: 341,
        user_agent: FIREFOX_UA,
        page: 'http://localhost:8080/app/',
      },
    ],
  },
  {
    title: 'Safari: a cached entry with no request headers still imports, marked as from the cache',
    input: JSON.stringify(safari, null, 2),
    events: [
      { kind: 'user', type: 'page_view', page: 'https://shop.example/' },
      { kind: 'api', url: 'https://shop.example/', status: 200, duration_ms: 42, user_agent: SAFARI_UA, page: 'https://shop.example/' },
      { kind: 'api', url: 'https://shop.example/app.js', status: 200, user_agent: null, page: 'https://shop.example/', attrs: { from_cache: 'memory' } },
    ],
  },
  {
    title: 'An entry without startedDateTime is reported; the next one still imports',
    input: JSON.stringify(broken),
    events: [{ kind: 'api', url: 'https://shop.example/health', status: 204, duration_ms: 3 }],
    bad: [/startedDateTime/],
  },
];
