import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import {
  createRedactor,
  luhnValid,
  normalizeKey,
  parseRedactionRules,
} from '../../electron/core/privacy/redact.js';

const KEY = Buffer.alloc(32, 3);
const OTHER_KEY = Buffer.alloc(32, 4);
const MARKER = /^\[redacted:[0-9a-f]{12}\]$/;
const marker = (secret: string, key = KEY) =>
  `[redacted:${createHmac('sha256', key).update(secret).digest('hex').slice(0, 12)}]`;

const r = createRedactor(KEY);

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const c of Object.values(v)) deepFreeze(c);
    Object.freeze(v);
  }
  return v;
}

describe('markers', () => {
  it('are the first 12 hex of HMAC-SHA256(key, secret)', () => {
    expect(r.value({ password: 'hunter2' })).toEqual({ password: marker('hunter2') });
  });

  it('join: the same secret gives the same marker wherever it appears', () => {
    const a = r.value({ access_token: 'tok-123' }) as Record<string, string>;
    const b = r.url('https://api.test/x?token=tok-123');
    const c = r.headers({ authorization: 'Bearer tok-123' });
    expect(a.access_token).toBe(marker('tok-123'));
    expect(b).toBe(`https://api.test/x?token=${marker('tok-123')}`);
    expect(c.authorization).toBe(`Bearer ${marker('tok-123')}`);
  });

  it('differ for a different secret or a different key', () => {
    const one = r.value({ password: 'a' });
    expect(r.value({ password: 'b' })).not.toEqual(one);
    expect(createRedactor(OTHER_KEY).value({ password: 'a' })).not.toEqual(one);
  });

  it('are left alone when redacted again, so redaction is idempotent', () => {
    const e = event({ attrs: { password: 'x', card: '4111 1111 1111 1111' }, url: 'http://u:p@h/?token=t', raw: '{"token":"t"}' });
    const once = r.event(e);
    expect(r.event(once)).toEqual(once);
  });

  it('refuses a key short enough to guess', () => {
    expect(() => createRedactor(Buffer.alloc(8))).toThrow(/at least 16 bytes/);
  });
});

describe('default key rules', () => {
  const secretKeys = [
    'password', 'Password', 'passwd', 'pwd', 'new_password', 'passwordConfirmation', 'passphrase',
    'secret', 'client_secret', 'clientSecret', 'webhook-secret',
    'token', 'access_token', 'accessToken', 'refresh_token', 'id_token', 'csrf_token', 'X-CSRF-Token', 'csrftoken',
    '_csrf', 'authenticity_token', 'next_page_token',
    'api_key', 'apikey', 'apiKey', 'api-key', 'X-API-Key', 'private_key', 'privateKey', 'secret_access_key',
    'credentials', 'credential', 'creds', 'auth', 'authorization', 'basic_auth', 'auth_code', 'jwt', 'otp',
    'cookie', 'cookies', 'set-cookie', 'PHPSESSID', 'JSESSIONID', 'connect.sid', 'ASP.NET_SessionId',
    'card_number', 'cardNumber', 'cc_number', 'creditCard', 'cvv', 'CVC', 'cvv2', 'user[password]',
  ];
  const harmlessKeys = [
    'author', 'authors', 'auth_provider', 'oauth_provider', 'tokens_used', 'max_tokens', 'prompt_tokens',
    'page_token_count', 'token_count', 'token_type', 'tokenizer', 'session_id', 'sessionId', 'session',
    'secretary', 'passwordless', 'public_key', 'publishable_key', 'primary_key', 'sort_key', 'keys',
    'card_brand', 'card_last4', 'cookie_consent', 'user_id', 'button_id', 'email', 'id', 'keyboard',
  ];

  it.each(secretKeys)('hides the value under %s', (k) => {
    expect(r.value({ [k]: 'the-secret' })).toEqual({ [k]: marker('the-secret') });
  });

  it.each(harmlessKeys)('keeps the value under %s', (k) => {
    expect(r.value({ [k]: 'visible' })).toEqual({ [k]: 'visible' });
  });

  it('reads keys in snake_case whatever their spelling', () => {
    expect(normalizeKey('accessToken')).toBe('access_token');
    expect(normalizeKey('X-API-Key')).toBe('x_api_key');
    expect(normalizeKey('APIKey')).toBe('api_key');
    expect(normalizeKey('user[password]')).toBe('user_password');
    expect(normalizeKey('ASP.NET_SessionId')).toBe('asp_net_session_id');
  });

  it('hides the whole value whatever its type, hashed from its JSON', () => {
    const creds = { user: 'bob', pass: 'x' };
    expect(r.value({ credentials: creds, pin_cvv: 123, api_keys: ['a', 'b'] })).toEqual({
      credentials: marker(JSON.stringify(creds)),
      pin_cvv: marker('123'),
      api_keys: [marker('a'), marker('b')],
    });
  });

  it('keeps absent, empty and boolean values: they hide nothing and help debugging', () => {
    const v = { password: null, token: '', withCredentials: true, has_password: false };
    expect(r.value(v)).toEqual(v);
  });

  it('finds secrets at any depth, in arrays too', () => {
    const v = { a: [{ b: { c: [{ refresh_token: 'deep' }] } }], ok: 1 };
    expect(r.value(v)).toEqual({ a: [{ b: { c: [{ refresh_token: marker('deep') }] } }], ok: 1 });
  });

  it('hides a subtree nested past the depth cap instead of recursing further', () => {
    let deep: unknown = { leaf: 'x' };
    for (let i = 0; i < 200; i++) deep = { n: deep };
    const out = r.value(deep);
    let cur = out as Record<string, unknown>;
    let depth = 0;
    while (typeof cur.n === 'object' && cur.n !== null) {
      cur = cur.n as Record<string, unknown>;
      depth++;
    }
    expect(depth).toBeLessThan(200);
    expect(cur.n).toMatch(MARKER);
  });

  it('treats a `__proto__` key from JSON as data', () => {
    const v = JSON.parse('{"__proto__": {"password": "x"}, "a": 1}') as unknown;
    const out = r.value(v) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe(`{"__proto__":{"password":"${marker('x')}"},"a":1}`);
  });
});

describe('headers', () => {
  it.each(['authorization', 'Proxy-Authorization', 'cookie', 'Set-Cookie', 'X-API-KEY'])('hides %s, whatever its case', (h) => {
    const out = r.headers({ [h]: 'v1', host: 'example.test', 'content-type': 'application/json' });
    expect(out[h]).toMatch(/\[redacted:[0-9a-f]{12}\]/);
    expect(out.host).toBe('example.test');
    expect(out['content-type']).toBe('application/json');
  });

  it('keeps the auth scheme and cookie names, which are not secret and help debugging', () => {
    const out = r.headers({
      Authorization: 'Basic dXNlcjpwYXNz',
      cookie: 'sid=abc; theme=dark',
      'set-cookie': ['sid=abc; Path=/; HttpOnly', 'theme=dark'],
    });
    expect(out.Authorization).toBe(`Basic ${marker('dXNlcjpwYXNz')}`);
    expect(out.cookie).toBe(`sid=${marker('abc')}; theme=${marker('dark')}`);
    expect(out['set-cookie']).toEqual([`sid=${marker('abc')}; Path=/; HttpOnly`, `theme=${marker('dark')}`]);
  });

  it('hides an unknown auth scheme whole and applies the URL rules to referer', () => {
    const out = r.headers({ authorization: 'sk_live_123', referer: 'https://a.test/cb?page=1&token=t', 'x-auth-token': 'tt' });
    expect(out.authorization).toBe(marker('sk_live_123'));
    expect(out.referer).toBe(`https://a.test/cb?page=1&token=${marker('t')}`);
    expect(out['x-auth-token']).toBe(marker('tt'));
  });

  it('finds header objects and header lists inside values', () => {
    const v = {
      request_headers: { Authorization: 'Bearer t1', Accept: '*/*' },
      response: { headers: { 'Set-Cookie': 'a=1' } },
      fetchHeaders: [['authorization', 'Bearer t2'], ['accept', 'text/html']],
      har: { headers: [{ name: 'Cookie', value: 'a=1' }, { name: 'Accept', value: '*/*' }] },
    };
    expect(r.value(v)).toEqual({
      request_headers: { Authorization: `Bearer ${marker('t1')}`, Accept: '*/*' },
      response: { headers: { 'Set-Cookie': `a=${marker('1')}` } },
      fetchHeaders: [['authorization', `Bearer ${marker('t2')}`], ['accept', 'text/html']],
      har: { headers: [{ name: 'Cookie', value: `a=${marker('1')}` }, { name: 'Accept', value: '*/*' }] },
    });
  });

  it('hides {name, value} and {key, value} pairs named like secrets (HAR query strings, Postman)', () => {
    const v = { queryString: [{ name: 'api_key', value: 'k' }, { name: 'page', value: '2' }], vars: [{ key: 'password', value: 'p' }] };
    expect(r.value(v)).toEqual({
      queryString: [{ name: 'api_key', value: marker('k') }, { name: 'page', value: '2' }],
      vars: [{ key: 'password', value: marker('p') }],
    });
  });
});

describe('card numbers', () => {
  const valid = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '2223003122003222', '4222222222222'];

  it('check the Luhn sum', () => {
    for (const c of valid) expect(luhnValid(c)).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it.each(valid)('hides %s inside any string', (card) => {
    expect(r.value({ note: `paid with ${card}.` })).toEqual({ note: `paid with ${marker(card)}.` });
  });

  it('accepts spaces or dashes and joins the spellings of one card', () => {
    const out = r.value(['4111 1111 1111 1111', '4111-1111-1111-1111', 'x 4111111111111111 y']);
    expect(out).toEqual([marker('4111111111111111'), marker('4111111111111111'), `x ${marker('4111111111111111')} y`]);
  });

  it('leaves numbers that fail Luhn, longer digit runs, timestamps and JSON numbers', () => {
    const v = {
      a: 'order 4111111111111112',
      b: 'id 41111111111111110000',
      c: 'at 1700000000004 ms, 1700000000004000 µs',
      d: 'phone +1 555-123-4567',
      e: 5555555555554444,
      f: 'non-Visa 13 digits 5555555555554',
    };
    expect(luhnValid('5555555555554')).toBe(true);
    expect(luhnValid('1700000000004')).toBe(true);
    expect(r.value(v)).toEqual(v);
  });

  it('can be turned off', () => {
    const off = createRedactor(KEY, parseRedactionRules({ cardNumbers: false }));
    expect(off.value({ note: '4111111111111111' })).toEqual({ note: '4111111111111111' });
    expect(off.value({ card_number: '4111111111111111' })).toEqual({ card_number: marker('4111111111111111') });
  });
});

describe('urls', () => {
  it('hides secret query parameters and keeps the rest', () => {
    expect(r.url('/api/items?token=abc&page=2')).toBe(`/api/items?token=${marker('abc')}&page=2`);
    expect(r.url('https://x.test/?a=1&API_KEY=k&b=2#top')).toBe(`https://x.test/?a=1&API_KEY=${marker('k')}&b=2#top`);
  });

  it('hides fragment tokens, matrix session ids and bracketed names', () => {
    expect(r.url('https://app.test/cb#access_token=t&expires_in=3600')).toBe(`https://app.test/cb#access_token=${marker('t')}&expires_in=3600`);
    expect(r.url('/shop;jsessionid=ABC?x=1')).toBe(`/shop;jsessionid=${marker('ABC')}?x=1`);
    expect(r.url('/sso?next=/a?token=t')).toBe(`/sso?next=/a?token=${marker('t')}`);
    expect(r.url('/login?user%5Bpassword%5D=p%40ss')).toBe(`/login?user%5Bpassword%5D=${marker('p@ss')}`);
  });

  it('hides the password of user:password@', () => {
    expect(r.url('postgres://app:s3cret@db.test:5432/main')).toBe(`postgres://app:${marker('s3cret')}@db.test:5432/main`);
    expect(r.url('https://bob@host.test/')).toBe('https://bob@host.test/');
  });

  it('returns an ordinary URL unchanged', () => {
    for (const u of ['/api/users/123?page=2&sort=name', 'https://x.test/a#b', 'mailto:a@b.test', 'https://x.test/?q=author%3Dme']) {
      expect(r.url(u)).toBe(u);
    }
  });

  it('applies to URLs and to query-style parameters anywhere in a value, prose included', () => {
    const v = {
      next: 'https://x.test/?refresh_token=r',
      path: '/a?pwd=1',
      java: '/a;jsessionid=J',
      search: '?reset_token=z',
      text: 'use ?token=abc here',
      plain: 'a=b and c=d',
    };
    expect(r.value(v)).toEqual({
      next: `https://x.test/?refresh_token=${marker('r')}`,
      path: `/a?pwd=${marker('1')}`,
      java: `/a;jsessionid=${marker('J')}`,
      search: `?reset_token=${marker('z')}`,
      text: `use ?token=${marker('abc')} here`,
      plain: v.plain,
    });
  });

  it('hides any value that is an IP address, whatever its key, but not version numbers', () => {
    const v = { 'client.address': '203.0.113.9', peer: '2001:db8::1', note: '[::1]', version: '1.2.3', ua: 'Chrome/120.0.6099.109' };
    expect(r.value(v)).toEqual({ 'client.address': marker('203.0.113.9'), peer: marker('2001:db8::1'), note: marker('[::1]'), version: '1.2.3', ua: v.ua });
  });
});

function event(over: Partial<NewEvent>): NewEvent {
  return { time: 1_700_000_000_000, kind: 'api', raw: '{}', ...over };
}

describe('event', () => {
  it('redacts attrs, url, route, page, referrer and the message', () => {
    const e = event({
      attrs: { headers: { authorization: 'Bearer t' }, plan: 'pro' },
      url: '/pay?api_key=k',
      page: '/checkout?token=p',
      referrer: 'https://a:b@ref.test/',
      message: 'charged 4111 1111 1111 1111 for ?token=abc',
      route: '/login;jsessionid=J',
      session_id: 'sess-1',
      user_agent: 'curl/8',
    });
    expect(r.event(e)).toEqual({
      ...e,
      attrs: { headers: { authorization: `Bearer ${marker('t')}` }, plan: 'pro' },
      url: `/pay?api_key=${marker('k')}`,
      page: `/checkout?token=${marker('p')}`,
      referrer: `https://a:${marker('b')}@ref.test/`,
      message: `charged ${marker('4111111111111111')} for ?token=${marker('abc')}`,
      route: `/login;jsessionid=${marker('J')}`,
    });
  });

  it('gives the same raw from an already parsed payload, and keeps raw as received when nothing is hidden', () => {
    const item = { event_type: 'login', event_data: { email: 'a@b.test', password: 'pw' } };
    const raw = JSON.stringify(item);
    expect(r.event(event({ raw }), item).raw).toBe(r.event(event({ raw })).raw);
    const clean = { event_type: 'view', event_data: { page: '/' } };
    const asReceived = '{ "event_type": "view", "event_data": { "page": "/" } }';
    expect(r.event(event({ raw: asReceived }), clean).raw).toBe(asReceived);
  });

  it('parses, redacts and re-serialises a JSON raw payload', () => {
    const raw = JSON.stringify({ event_type: 'login', event_data: { email: 'a@b.test', password: 'pw' } });
    const out = r.event(event({ raw }));
    expect(JSON.parse(out.raw)).toEqual({ event_type: 'login', event_data: { email: 'a@b.test', password: marker('pw') } });
  });

  it('keeps a raw payload byte for byte when nothing in it is secret', () => {
    const raw = '{ "event_type" : "click",\n  "event_data": {"x": 1.50} }';
    expect(r.event(event({ raw })).raw).toBe(raw);
  });

  it('applies the URL and card rules to raw text that is not JSON', () => {
    const line = '1.2.3.4 - - [10/Oct/2026] "GET /login?user=a&password=p HTTP/1.1" 200 5 "https://r.test/?token=t" "curl"';
    expect(r.event(event({ raw: line })).raw).toBe(
      line.replace('1.2.3.4', marker('1.2.3.4')).replace('password=p', `password=${marker('p')}`).replace('token=t', `token=${marker('t')}`),
    );
    const broken = '{"password": "p", truncated';
    expect(r.event(event({ raw: `${broken} 4111111111111111` })).raw).toBe(`{"password": "${marker('p')}", truncated ${marker('4111111111111111')}`);
  });

  it('returns a new event and never mutates its input', () => {
    const e = deepFreeze(
      event({ attrs: { nested: { token: 't' }, list: [{ password: 'p' }], keep: { a: 1 } }, url: '/x?token=t', raw: '{"token":"t"}' }),
    );
    const before = JSON.stringify(e);
    const out = r.event(e);
    expect(out).not.toBe(e);
    expect(JSON.stringify(e)).toBe(before);
    expect(out.attrs).toEqual({ nested: { token: marker('t') }, list: [{ password: marker('p') }], keep: { a: 1 } });
    const plain = event({ attrs: { a: 1 } });
    expect(r.event(plain)).not.toBe(plain);
    expect(r.event(plain)).toEqual(plain);
  });

  it('adds no fields that the input did not have', () => {
    const e = event({ kind: 'log', message: 'hello', attrs: null });
    expect(r.event(e)).toEqual(e);
  });

  it('is fast: a typical 300-byte event takes microseconds', () => {
    const data = { button_id: 'checkout-submit', plan: 'pro-annual', position: 3, referrer_section: 'pricing-table', experiment: 'exp_42_b', visible_ms: 5230, agent: 'Mozilla/5.0 (X11; Linux x86_64)' };
    const raw = JSON.stringify({ event_type: 'button_click', event_data: { ...data, page: '/checkout/payment?step=2' }, timestamp: '2026-01-01T00:00:00Z', session_id: 'sess_8f2a9c1d', user_id: 'user_1234' });
    expect(raw.length).toBeGreaterThan(280);
    const e = event({ kind: 'user', type: 'button_click', page: '/checkout/payment?step=2', session_id: 'sess_8f2a9c1d', attrs: data, raw });
    for (let i = 0; i < 5_000; i++) r.event(e);
    const n = 20_000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) r.event(e);
    const microsEach = Number(process.hrtime.bigint() - start) / n / 1000;
    // About 4 µs on a build machine; the bound leaves room for a loaded CI runner.
    expect(microsEach).toBeLessThan(40);
  });
});
