// No secret reaches the disk, whatever door it comes in by: more than 30 distinct secrets, of
// every kind issue 9 saw stored in clear (a password and CVV inside a body given as JSON text,
// `password=X` after a space, `Authorization: Bearer X` in a message, IP addresses in messages,
// OAuth `?code=`), go through every collector endpoint and every import format; then the
// database file and its write-ahead log are read byte by byte.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumFetch, chromiumPage } from '../../electron/core/importers/formats/har-samples.js';
import { startCollector } from '../helpers/collector.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const iso = (i: number) => new Date(T0 + i * 1000).toISOString();

/** Distinct secrets, recorded as they are made, so the disk can be searched for each. */
class Secrets {
  readonly all: string[] = [];
  private n = 0;
  /** An opaque token nothing else in the database could spell. */
  token(kind: string): string {
    return this.keep(`${kind}Zq${randomBytes(6).toString('hex')}`);
  }
  ipv4(): string {
    this.n++;
    return this.keep(`198.51.${100 + Math.floor(this.n / 250)}.${(this.n % 250) + 1}`);
  }
  ipv6(): string {
    this.n++;
    return this.keep(`2001:db8:${this.n.toString(16)}::${(this.n * 7).toString(16)}`);
  }
  /** A Luhn-valid Visa number, kept as digits; it is written with spaces. */
  card(): string {
    this.n++;
    const body = `4${String(this.n).padStart(6, '0')}${randomBytes(4).readUInt32BE(0).toString().padStart(10, '0').slice(0, 8)}`;
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = Number(body[body.length - 1 - i]);
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    const digits = this.keep(`${body}${(10 - (sum % 10)) % 10}`);
    return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
  }
  /** A Basic credential: only its base64 form is ever written, so that is what is searched for. */
  basic(): string {
    return this.keep(Buffer.from(`user:${randomBytes(6).toString('hex')}`).toString('base64'));
  }
  private keep(s: string): string {
    this.all.push(s);
    return s;
  }
}

/** Sixteen secrets of every kind, as an app would put them in an event's fields. */
function carrier(s: Secrets): Record<string, string> {
  return {
    note: `login failed for bob password=${s.token('pw')} token: ${s.token('tk')} api_key=${s.token('ak')}`,
    upstream: `GET /x sent Authorization: Bearer ${s.token('ab')} and Cookie: sid=${s.token('ck')}; theme=dark`,
    retry: `retrying with bearer ${s.token('bb')}`,
    peer: `client ${s.ipv4()} via ${s.ipv6()} refused`,
    callback: `https://app.test/cb?code=${s.token('oc')}&state=${s.token('os')}&api_key=${s.token('qk')}`,
    dsn: `postgres://app:${s.token('dp')}@db.test/main`,
    body: JSON.stringify({ email: 'a@b.test', password: s.token('jp'), cvv: s.token('cv'), card: s.card() }),
    password: s.token('kp'),
    paid: `paid with ${s.card()}`,
  };
}

/** Every byte SQLite wrote, read as text: the database file and its write-ahead log. */
function leaks(db: string, secrets: readonly string[]): string[] {
  const bytes = ['', '-wal'].map((suffix) => (fs.existsSync(db + suffix) ? fs.readFileSync(db + suffix).toString('latin1') : '')).join('\n');
  return secrets.filter((x) => bytes.includes(x) || bytes.includes(x.replace(/(\d{4})(?=\d)/g, '$1 ')));
}

const otlpAttrs = (c: Record<string, string>) => Object.entries(c).map(([key, v]) => ({ key, value: { stringValue: v } }));
const otlpTraces = (c: Record<string, string>, i: number) => ({
  resourceSpans: [{ resource: { attributes: otlpAttrs({ 'service.name': 'shop' }) }, scopeSpans: [{ spans: [{
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: `b7ad6b71692033${String(10 + i)}`, name: 'GET /cb', kind: 2,
    startTimeUnixNano: String(BigInt(T0 + i) * 1_000_000n), endTimeUnixNano: String(BigInt(T0 + i + 5) * 1_000_000n),
    attributes: [...otlpAttrs(c), { key: 'url.full', value: { stringValue: c.callback } }],
    events: [{ name: 'exception', timeUnixNano: String(BigInt(T0 + i) * 1_000_000n), attributes: otlpAttrs({ 'exception.message': c.note! }) }],
  }] }] }],
});
const otlpLogs = (c: Record<string, string>, i: number) => ({
  resourceLogs: [{ scopeLogs: [{ logRecords: [{
    timeUnixNano: String(BigInt(T0 + i) * 1_000_000n), severityText: 'ERROR', body: { stringValue: `${c.upstream} ${c.peer}` }, attributes: otlpAttrs(c),
  }] }] }],
});
const segment = (c: Record<string, string>, i: number, type = 'track') => ({
  type, event: 'Checkout', messageId: `m-${randomBytes(4).toString('hex')}`, userId: 'u1', timestamp: iso(i),
  properties: c, context: { page: { url: c.callback }, ip: c.peer },
});
const posthog = (c: Record<string, string>, i: number) => ({
  uuid: `01890c1e-0000-7000-8000-${randomBytes(6).toString('hex')}`, event: 'checkout', distinct_id: 'u1', timestamp: iso(i),
  properties: { ...c, $current_url: c.callback, $session_id: 's-1' },
});
const apiLog = (c: Record<string, string>, i: number) => ({
  method: 'POST', url: c.callback, status: 500, duration_ms: 12, time: iso(i), session_id: 's-1',
  request_headers: { Authorization: `Bearer ${c.password}`, Cookie: `sid=${c.password}`, 'X-Forwarded-For': c.peer },
  request_body: c.body, response_body: JSON.stringify({ error: c.note, detail: c.upstream }), error: c.retry,
});

describe('secrets at rest', () => {
  it('keeps every secret sent to every collector endpoint off the disk', async () => {
    const { db, post, search } = await startCollector();
    const s = new Secrets();
    // Each endpoint gets two carriers of its own: 32 secrets that no other request holds.
    const two = () => [carrier(s), carrier(s)] as const;
    const sends: [string, unknown][] = [];
    const [a1, a2] = two();
    sends.push(['/api/analytics/collect', { event_type: 'checkout', event_data: a1, timestamp: iso(1) }]);
    sends.push(['/api/analytics/collect', { event_type: 'checkout', event_data: { ...a2, page: a2.callback }, timestamp: iso(2) }]);
    const b = two();
    sends.push(['/api/analytics/batch', { events: b.map((c, i) => ({ event_type: 'error', event_data: c, timestamp: iso(i) })) }]);
    const l = two();
    sends.push(['/api/logs', apiLog(l[0], 1)], ['/api/logs', [apiLog(l[1], 2)]]);
    for (const p of ['/v1/track', '/v1/page', '/v1/screen', '/v1/identify']) {
      const [x, y] = two();
      sends.push([p, { ...segment(x, 1, p.slice(4)), traits: y }]);
    }
    const sb = two();
    sends.push(['/v1/batch', { batch: sb.map((c, i) => segment(c, i)) }]);
    const pb = two();
    sends.push(['/batch/', { api_key: 'phc_test', batch: pb.map((c, i) => posthog(c, i)) }]);
    for (const p of ['/e/', '/capture/', '/i/v0/e/']) {
      const [x, y] = two();
      sends.push([p, { ...posthog(x, 1), properties: { ...posthog(x, 1).properties, nested: y } }]);
    }
    const t = two();
    sends.push(['/v1/traces', otlpTraces(t[0], 1)], ['/v1/traces', otlpTraces(t[1], 2)]);
    const g = two();
    sends.push(['/v1/logs', otlpLogs(g[0], 1)], ['/v1/logs', otlpLogs(g[1], 2)]);

    for (const [p, body] of sends) {
      const res = await post(p, body);
      expect(res.status, `${p}: ${await res.clone().text()}`).toBeLessThan(300);
      // Each request's events must have been stored, or the check below would prove nothing.
      expect(await res.text()).not.toMatch(/"rejected":\s*[1-9]|invalid/i);
    }
    expect((await search('')).length).toBeGreaterThanOrEqual(sends.length);
    // 14 endpoints (the two OTLP requests and the two /api/logs shapes count once), each with 2 x 17 secrets of its own.
    expect(s.all.length).toBe(14 * 34);
    expect(leaks(db, s.all)).toEqual([]);
  });

  it('keeps every secret in every imported file format off the disk', async () => {
    const { db, service } = await startCollector();
    const s = new Secrets();
    const dir = tempDir();
    const files: [name: string, content: string, format: string][] = [];
    /** Each file holds at least 30 secrets no other file holds. */
    const add = (name: string, format: string, make: () => string) => {
      const before = s.all.length;
      const content = make();
      expect(s.all.length - before, name).toBeGreaterThanOrEqual(30);
      files.push([name, content, format]);
    };
    const lines = <T>(make: (c: Record<string, string>, i: number) => T) => [0, 1, 2].map((i) => JSON.stringify(make(carrier(s), i))).join('\n') + '\n';

    // Access logs carry secrets in the query, the referrer and the client address only.
    add('access.log', 'access', () => Array.from({ length: 8 }, (_, i) => {
      const q = `code=${s.token('ac')}&state=${s.token('as')}&access_token=${s.token('at')}`;
      return `${s.ipv4()} - - [23/Nov/2026:10:00:0${i} +0000] "GET /cb?${q} HTTP/1.1" 200 5 "https://ref.test/?token=${s.token('rt')}" "Mozilla/5.0 (X11) Chrome/120.0.0.0"\n`;
    }).join(''));
    add('app.jsonl', 'jsonl', () => lines((c, i) => ({ ts: iso(i), level: 'error', msg: c.note, ...c })));
    add('app.csv', 'csv', () => {
      const rows = [0, 1, 2].map((i) => {
        const c = carrier(s);
        return [iso(i), c.note, c.callback, c.upstream, c.peer, c.body, c.password, c.paid, c.retry, c.dsn].map((v) => `"${v!.replace(/"/g, '""')}"`).join(',');
      });
      return `time,message,url,upstream,peer,body,password,paid,retry,dsn\n${rows.join('\n')}\n`;
    });
    add('session.har', 'har', () => JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [chromiumPage], entries: [0, 1, 2].map((i) => {
      const c = carrier(s);
      return {
        ...chromiumFetch,
        startedDateTime: iso(i),
        request: {
          ...chromiumFetch.request, method: 'POST', url: c.callback,
          headers: [...chromiumFetch.request.headers, { name: 'authorization', value: `Bearer ${c.password}` }, { name: 'x-note', value: c.note! }],
          queryString: [{ name: 'code', value: c.password }],
          postData: { mimeType: 'application/json', text: c.body },
        },
        response: { ...(chromiumFetch as { response: object }).response, content: { mimeType: 'text/plain', size: 10, text: `${c.upstream} ${c.peer} ${c.paid} ${c.dsn} ${c.retry}` } },
      };
    }) } }));
    add('traces.json', 'otlp', () => lines((c, i) => (i === 0 ? otlpTraces(c, i) : otlpLogs(c, i))));
    add('segment.jsonl', 'segment', () => lines((c, i) => segment(c, i)));
    add('posthog.jsonl', 'posthog', () => lines((c, i) => posthog(c, i)));

    for (const [name, content, format] of files) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const summary = await service.importPath(file, { format });
      expect(summary, name).toMatchObject({ state: 'done', skipped: 0 });
      expect(summary.imported, name).toBeGreaterThan(0);
    }
    expect(leaks(db, s.all)).toEqual([]);
  });

  it('keeps every secret in the described log formats off the disk, carried where each format carries it', async () => {
    const { db, service } = await startCollector();
    const s = new Secrets();
    const dir = tempDir();
    const query = () => `code=${s.token('qc')}&state=${s.token('qs')}&access_token=${s.token('qa')}`;
    const n = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('');
    // Header-less captures and messages carry credentials in every shape the text rules know.
    const auth = (i: number) => [
      () => `Basic ${s.basic()}`,
      () => `Bearer ${s.token('hb')}`,
      () => `Digest username="bob", realm="api", nonce="dcd98b71", uri="/x", response="${s.token('hd')}"`,
    ][i % 3]!();
    const makers: Record<string, [format: string, make: () => string]> = {
      'iis.log': ['w3c', () => '#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) cs(Cookie) cs(X-Api-Key) sc-status time-taken\n' +
        n(5, (i) => `2026-11-23 10:00:0${i} 10.0.0.5 GET /cb ${query()} 443 alice ${i % 2 ? s.ipv6() : s.ipv4()} Mozilla/5.0+(Windows+NT+10.0)+Chrome/120.0.0.0 ` +
          `https://ref.test/?token=${s.token('wr')} PHPSESSID=${s.token('wc')};+session_token=${s.token('ws')} ${s.token('wk')} 200 15\n`)],
      'cloudfront.log': ['cloudfront', () => n(4, (i) => [`2026-11-23`, `10:00:0${i}`, 'LAX1-C3', '392', s.ipv4(), 'GET', 'd1.cloudfront.net', '/cb', '200',
        `https://ref.test/p?token=${s.token('cr')}`, 'Mozilla/5.0%20(X11)', query(), `PHPSESSID=${s.token('cc')}`, 'Hit', 'rid==', 'www.example.com', 'https', '23', '0.001',
        `${s.ipv4()},%20${s.ipv6()}`, 'TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256', 'Hit', 'HTTP/2.0', '-', '-', '11040', '0.001', 'Hit', 'text/html', '78', '-', '-'].join('\t') + '\n')],
      'alb.log': ['alb', () => n(6, (i) => `https 2026-11-23T10:00:0${i}.186641Z app/lb/50dc ${s.ipv4()}:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 ` +
        `"GET https://app:${s.token('lp')}@www.example.com:443/cb?${query()} HTTP/1.1" "curl/7.46.0" - - arn:aws:elb "Root=1-5833-36d2" "-" "-" 0 2026-11-23T10:00:00.000000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"\n`)],
      'haproxy.log': ['haproxy', () => n(5, (i) => `Nov 23 10:00:0${i} lb haproxy[14389]: ${s.ipv4()}:33317 [23/Nov/2026:10:00:0${i}.655] http-in static/srv1 10/0/30/69/109 200 2750 ` +
        `PHPSESSID=${s.token('hc')} - ---- 1/1/1/1/0 0/0 {${auth(i)}|${s.ipv4()}|https://ref.test/?token=${s.token('hr')}} {} "GET /cb?${query()} HTTP/1.1"\n`)],
      'apache-error.log': ['apache-error', () => n(5, (i) => `[Mon Nov 23 10:00:0${i}.902022 2026] [auth_basic:error] [pid 35708:tid 4328636416] [client ${s.ipv4()}:54321] ` +
        `AH01617: user bob: authentication failure for "/admin": password=${s.token('ap')} sent Authorization: Bearer ${s.token('ab')} via ${s.ipv6()}, referer: https://ref.test/cb?${query()}\n`)],
      'nginx-error.log': ['nginx-error', () => n(4, (i) => `2026/11/23 10:00:0${i} [error] 123#0: *5 auth failed password=${s.token('np')} api_key: ${s.token('nk')}, client: ${s.ipv4()}, server: localhost, ` +
        `request: "GET /cb?${query()} HTTP/1.1", upstream: "http://app:${s.token('nu')}@10.0.0.9:8080/cb?token=${s.token('nt')}", host: "localhost", referrer: "https://ref.test/?state=${s.token('nr')}"\n`)],
      'app.logfmt': ['logfmt', () => n(4, (i) => `time=2026-11-23T10:00:0${i}Z level=error msg="login failed password=${s.token('fm')} for bob" password=${s.token('fp')} ` +
        `authorization="Bearer ${s.token('fb')}" api_key=${s.token('fk')} path="/cb?${query()}" fwd="${s.ipv4()}" client_ip=${s.ipv6()} ` +
        `cookie="sid=${s.token('fc')}; theme=dark" passphrase="two ${s.token('fw')}" status=401\n`)],
    };
    for (const [name, [format, make]] of Object.entries(makers)) {
      const before = s.all.length;
      const content = make();
      // Each file holds at least 30 secrets no other file holds.
      expect(s.all.length - before, name).toBeGreaterThanOrEqual(30);
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const summary = await service.importPath(file, { format });
      expect(summary, name).toMatchObject({ state: 'done', skipped: 0 });
      expect(summary.imported, name).toBe(content.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length);
    }
    expect(leaks(db, s.all)).toEqual([]);
  });
});

