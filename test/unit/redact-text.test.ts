// Secrets in free text and in bodies sent as JSON text: what reached the disk in clear before
// (issue 9), and the near-miss inputs that made the old patterns backtrack.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { createRedactor } from '../../electron/core/privacy/redact.js';

const KEY = Buffer.alloc(32, 3);
const marker = (secret: string) => `[redacted:${createHmac('sha256', KEY).update(secret).digest('hex').slice(0, 12)}]`;
const r = createRedactor(KEY);
const text = (s: string) => r.value(s);
const event = (over: Partial<NewEvent>): NewEvent => ({ time: 1_700_000_000_000, kind: 'log', raw: '{}', ...over });

describe('bodies given as JSON text', () => {
  it('are parsed and redacted like objects, and stay JSON text', () => {
    const body = JSON.stringify({ email: 'a@b.test', password: 'hunter22', cvv: '123', card: '4111 1111 1111 1111', qty: 2 });
    const out = r.value({ method: 'POST', request_body: body }) as { request_body: string };
    expect(typeof out.request_body).toBe('string');
    expect(JSON.parse(out.request_body)).toEqual({ email: 'a@b.test', password: marker('hunter22'), cvv: marker('123'), card: marker('4111111111111111'), qty: 2 });
  });

  it('are found at any depth: an array, JSON text inside JSON text, a message, raw', () => {
    const inner = JSON.stringify({ token: 'tk-1' });
    const out = r.value({ response_body: JSON.stringify([{ wrapped: inner }]) }) as { response_body: string };
    const outer = JSON.parse(out.response_body) as { wrapped: string }[];
    expect(JSON.parse(outer[0]!.wrapped)).toEqual({ token: marker('tk-1') });
    const e = r.event(event({ message: '{"password":"pw-1"}', raw: JSON.stringify({ body: '{"secret":"s-1"}' }) }));
    expect(JSON.parse(e.message!)).toEqual({ password: marker('pw-1') });
    expect(JSON.parse(JSON.parse(e.raw).body)).toEqual({ secret: marker('s-1') });
  });

  it('are kept byte for byte when nothing in them is secret, and text that only looks like JSON is text', () => {
    const body = '{ "qty" : 2,\n "sku": "A-1" }';
    expect(r.value({ request_body: body })).toEqual({ request_body: body });
    expect(text('[INFO] password=pw-2 rejected')).toBe(`[INFO] password=${marker('pw-2')} rejected`);
    expect(text('{"password": "pw-3", cut')).toBe(`{"password": "${marker('pw-3')}", cut`);
  });
});

describe('named secrets in free text', () => {
  it('hides key=value and key: value after a space, with or without quotes', () => {
    expect(text('login failed for bob password=hunter22 retry')).toBe(`login failed for bob password=${marker('hunter22')} retry`);
    expect(text('token: abc123, user: bob')).toBe(`token: ${marker('abc123')}, user: bob`);
    expect(text('api_key=k-1&x=1 secret = "s p a c e"')).toBe(`api_key=${marker('k-1')}&x=1 secret = "${marker('s p a c e')}"`);
    expect(text("cvv: '987'")).toBe(`cvv: '${marker('987')}'`);
    expect(text('{\\"password\\":\\"pw-4\\"}')).toBe(`{\\"password\\":\\"${marker('pw-4')}\\"}`);
  });

  it('looks inside quoted values under other names: JSON cut short, quoted log fields', () => {
    expect(text('{"error": "login failed password=pw-5 for bob", "more')).toBe(`{"error": "login failed password=${marker('pw-5')} for bob", "more`);
    expect(text("msg='Authorization: Bearer tk-6'")).toBe(`msg='Authorization: Bearer ${marker('tk-6')}'`);
  });

  it('joins: the same secret in text and under a key gives one marker', () => {
    expect(text('password=hunter22')).toBe(`password=${marker('hunter22')}`);
    expect(r.value({ password: 'hunter22' })).toEqual({ password: marker('hunter22') });
  });

  it('hides header-like secrets inside messages, keeping the scheme and cookie names', () => {
    expect(text('sent Authorization: Bearer eyJhbGciOi.x.y to upstream')).toBe(`sent Authorization: Bearer ${marker('eyJhbGciOi.x.y')} to upstream`);
    expect(text('Proxy-Authorization: Basic dXNlcjpwYXNz')).toBe(`Proxy-Authorization: Basic ${marker('dXNlcjpwYXNz')}`);
    expect(text('request had Cookie: sid=abc123; theme=dark\nnext line')).toBe(`request had Cookie: sid=${marker('abc123')}; theme=${marker('dark')}\nnext line`);
    expect(text('X-Api-Key: key-77')).toBe(`X-Api-Key: ${marker('key-77')}`);
  });

  it('hides bare bearer tokens', () => {
    expect(text('curl -H "bearer sk_live_9z" https://x.test')).toBe(`curl -H "bearer ${marker('sk_live_9z')}" https://x.test`);
  });

  it('leaves names that are not secrets, and prose', () => {
    for (const s of ['author=bob tokens_used: 42', 'state: ok, code: E42', 'time: 10:15:00', 'see https://x.test/a?page=2', 'Bearer']) {
      expect(text(s)).toBe(s);
    }
  });
});

describe('secret values longer than a word', () => {
  const msg = (m: string) => r.event(event({ message: m, raw: m }));

  it('takes a header-like value to the end of the line or to , or ;, while key=value stays one token', () => {
    const out = msg('password: my long passphrase here\nnext line');
    expect(out.message).toBe(`password: ${marker('my long passphrase here')}\nnext line`);
    expect(out.raw).toBe(out.message);
    expect(text('passphrase: correct horse battery, user: bob')).toBe(`passphrase: ${marker('correct horse battery')}, user: bob`);
    expect(text('password=X user=bob')).toBe(`password=${marker('X')} user=bob`);
    expect(text('user: bob password=pw-9 retry')).toBe(`user: bob password=${marker('pw-9')} retry`);
    // The word after another name can itself be a secret key=value.
    expect(text('failure for "/admin": password=pw-10 sent')).toBe(`failure for "/admin": password=${marker('pw-10')} sent`);
    expect(text('note=token=tk-11')).toBe(`note=token=${marker('tk-11')}`);
  });

  it('hides the whole of a PEM private key, on one line or across lines, with or without its END line', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC+/x=';
    expect(msg(`private_key: -----BEGIN PRIVATE KEY-----${body}`).message).not.toContain('MIIE');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\nAbCd/EF==\n-----END RSA PRIVATE KEY-----`;
    const out = msg(`loaded key\n${pem}\nthen started`).message!;
    expect(out).toBe(`loaded key\n-----BEGIN RSA PRIVATE KEY-----${marker(`\n${body}\nAbCd/EF==\n`)}-----END RSA PRIVATE KEY-----\nthen started`);
    expect(text(`key: "-----BEGIN EC PRIVATE KEY-----\\n${body}\\n-----END EC PRIVATE KEY-----"`)).not.toContain(body);
    const cut = msg(`dump -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nAAAA`).message!;
    expect(cut).toBe(`dump -----BEGIN OPENSSH PRIVATE KEY-----${marker('\nb3BlbnNzaC1rZXk\nAAAA')}`);
    expect(text('-----BEGIN PUBLIC KEY-----MIIBIjAN')).toBe('-----BEGIN PUBLIC KEY-----MIIBIjAN');
  });

  it('hides Basic and Digest credentials without a header name, as HAProxy captures them', () => {
    expect(text('{Basic dXNlcjpTRUNSRVRIQVBST1hZ|example.test}')).toBe(`{Basic ${marker('dXNlcjpTRUNSRVRIQVBST1hZ')}|example.test}`);
    const digest = 'username="bob", realm="api", nonce="dcd98b71", uri="/x", response="6629fae49393a05397450978507c4ef1"';
    expect(text(`{Digest ${digest}|example.test}`)).toBe(`{Digest ${marker(digest)}|example.test}`);
    expect(text(`Authorization: Digest ${digest}`)).toBe(`Authorization: Digest ${marker(digest)}`);
    // A word after "Basic" in prose is not base64 of user:password.
    for (const s of ['Basic setup done', 'Basic auth is off', 'the Basic Auth plan', 'digest sent to bob']) expect(text(s)).toBe(s);
  });
});

describe('addresses in free text', () => {
  it('hides IPv4 and IPv6 addresses, in prose, URLs and brackets', () => {
    expect(text('connect from 203.0.113.9 port 22.')).toBe(`connect from ${marker('203.0.113.9')} port 22.`);
    expect(text('via 2001:db8::7, then 2001:db8::1')).toBe(`via ${marker('2001:db8::7')}, then ${marker('2001:db8::1')}`);
    expect(text('GET http://10.0.0.5:8080/x')).toBe(`GET http://${marker('10.0.0.5')}:8080/x`);
    expect(text('[fe80::1%eth0] and [2001:db8::9]:443')).toContain(`[${marker('2001:db8::9')}]:443`);
  });

  it('leaves loopback and unspecified addresses, which name no one and fill every dev URL', () => {
    for (const s of ['GET http://127.0.0.1:3000/cart', 'bound to 0.0.0.0:80', 'http://[::1]:8080/', 'listening on :: port 9', 'via 127.8.9.10']) {
      expect(text(s)).toBe(s);
    }
    expect(text('from 128.0.0.1')).toBe(`from ${marker('128.0.0.1')}`);
  });

  it('leaves version numbers in user agents, times, MAC addresses and C++ names', () => {
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    for (const s of [ua, 'Chrome/120.0.6099.109', 'at 10:15:00.123', 'mac 00:1a:2b:3c:4d:5e', 'std::vector Foo::bar', 'v1.2.3.4', '1.2.3.4.5']) {
      expect(text(s)).toBe(s);
    }
    expect(r.value({ user_agent: ua })).toEqual({ user_agent: ua });
  });
});

describe('OAuth in URLs', () => {
  it('hides code= and state= query parameters, not keys of that name', () => {
    expect(r.url('https://app.test/cb?code=4/0AX-c0de&state=xyz42')).toBe(`https://app.test/cb?code=${marker('4/0AX-c0de')}&state=${marker('xyz42')}`);
    expect(r.value({ code: 'E42', state: 'open' })).toEqual({ code: 'E42', state: 'open' });
    // HAR's queryString is the query as {name, value} pairs.
    const har = { queryString: [{ name: 'code', value: 'c-1' }, { name: 'page', value: '2' }], params: [{ name: 'code', value: 'E42' }] };
    expect(r.value(har)).toEqual({ queryString: [{ name: 'code', value: marker('c-1') }, { name: 'page', value: '2' }], params: har.params });
  });
});

describe('hostile text', () => {
  // Near misses for each rule: long runs that start a match and never finish it. With the old
  // user-info pattern, 15 messages of the first kind took 17 s; the ReDoS analyser in
  // regex-safety.test.ts proves every pattern linear, and these show the rules still answer.
  const n = 31_000;
  const misses: Record<string, string> = {
    'user info': `${'a'.repeat(n)}@`,
    'user info after a scheme': `x://${'b'.repeat(n)}:${'c'.repeat(n)} @`,
    'query parameters': `${'?a'.repeat(n / 2)}=`,
    'key=value': `${'k'.repeat(n)}=v ${'password'.repeat(n / 8)}`,
    'unterminated quoted value': `password: "${'x'.repeat(n)}`,
    'cookie line': `${'cookie'.repeat(n / 6)}: `,
    'bearer': 'Bearer\t'.repeat(n / 7),
    'basic': 'Basic QUJD'.repeat(n / 10),
    'digest': `Digest ${'a'.repeat(n)}`,
    'pem without an end': `-----BEGIN PRIVATE KEY-----${'-----END PRIVATE'.repeat(n / 16)}`,
    'header-like value': `password: ${'a '.repeat(n / 2)}`,
    'chained key=value': 'a='.repeat(n),
    'chained names': `x=${'k:'.repeat(n / 2)}`,
    'ipv4': '1.'.repeat(n / 2),
    'ipv6': `${'a:'.repeat(n / 2)}::`,
    'card': '4 '.repeat(n / 2),
    'json text': `{${'"a":{'.repeat(n / 5)}`,
  };
  for (const [name, s] of Object.entries(misses)) {
    it(`answers on a near miss for ${name}`, () => {
      const out = r.event(event({ message: s, attrs: { [s.slice(0, 20_000)]: s }, raw: s }));
      expect(out.message).toBeDefined();
      expect(out.raw.length).toBeGreaterThan(0);
    });
  }

  it('keeps 15 messages of 31000 a and one @ as they are', () => {
    const s = `${'a'.repeat(31_000)}@`;
    for (let i = 0; i < 15; i++) expect(r.event(event({ message: s, raw: JSON.stringify({ message: s }) })).message).toBe(s);
  });

  it('reads keys that are long runs of capitals or underscores', () => {
    const keys = [`${'A'.repeat(n)}b`, `${'_'.repeat(n)}x`, `password${'_'.repeat(n)}`];
    const out = r.value(Object.fromEntries(keys.map((k) => [k, 'v']))) as Record<string, string>;
    expect(keys.map((k) => out[k])).toEqual(['v', 'v', marker('v')]);
  });
});
