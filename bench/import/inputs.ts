// Benchmark inputs, made once and cached beside the checkout (never committed): access logs
// built from the repository's 10k-line Apache sample (test/fixtures), and NDJSON, HAR and CSV from a seeded
// generator. Each is regenerated when its recipe changes (the name carries a version).
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../lib/processes.js';
import { pick, seeded } from '../lib/random.js';

import { SAMPLE_ACCESS_LOG as SAMPLE } from '../../test/fixtures/samples.js';
const DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'logbridge', 'bench-inputs');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const STAMP = /\[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]/;

function cached(name: string, write: (out: fs.WriteStream) => Promise<void> | void): Promise<string> {
  const file = path.join(DIR, name);
  if (fs.existsSync(file)) return Promise.resolve(file);
  fs.mkdirSync(DIR, { recursive: true });
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial);
  return (async () => {
    await write(out);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    fs.renameSync(partial, file);
    return file;
  })();
}

/** Writes with backpressure so a gigabyte never sits in memory. */
async function put(out: fs.WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

function fmtStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * The sample repeated `copies` times, each copy four days after the previous (the sample spans
 * four days), so the result reads as one long, time-ordered log like a real server's.
 */
export function accessLog(copies: number): Promise<string> {
  return cached(`access-${copies}x-v1.log`, async (out) => {
    const lines = fs.readFileSync(SAMPLE, 'utf8').split('\n').filter(Boolean);
    const parsed = lines.map((line) => {
      const m = STAMP.exec(line)!;
      const ms = Date.UTC(+m[3]!, MONTHS.indexOf(m[2]!), +m[1]!, +m[4]!, +m[5]!, +m[6]!);
      return { before: line.slice(0, m.index + 1), after: line.slice(m.index + m[0].length - 1), ms };
    });
    for (let c = 0; c < copies; c++) {
      const shift = c * 4 * 86_400_000;
      let chunk = '';
      for (const l of parsed) chunk += `${l.before}${fmtStamp(l.ms + shift)}${l.after}\n`;
      await put(out, chunk);
    }
  });
}

const ROUTES = ['/api/users/:id', '/api/orders', '/api/orders/:id', '/api/cart', '/api/search', '/login', '/checkout', '/api/products/:id'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 404, 500, 502, 503];
const LEVELS = ['debug', 'info', 'info', 'info', 'warn', 'error'];

interface Gen {
  time: number;
  method: string;
  url: string;
  status: number;
  duration: number;
  session: string;
  user: string;
  level: string;
  message: string;
}

function* events(n: number, seed: number): Generator<Gen> {
  const rnd = seeded(seed);
  let time = Date.UTC(2026, 10, 1);
  for (let i = 0; i < n; i++) {
    time += Math.floor(rnd() * 400);
    const route = pick(rnd, ROUTES);
    const status = pick(rnd, STATUSES);
    yield {
      time,
      method: pick(rnd, METHODS),
      url: route.replace(':id', String(Math.floor(rnd() * 100_000))) + (rnd() < 0.2 ? `?page=${Math.floor(rnd() * 9)}` : ''),
      status,
      duration: Math.round(rnd() * rnd() * 3000 * 10) / 10,
      session: `s-${Math.floor(rnd() * 20_000)}`,
      user: `u-${Math.floor(rnd() * 5_000)}`,
      level: status >= 500 ? 'error' : pick(rnd, LEVELS),
      message: status >= 500 ? 'upstream failed' : 'request handled',
    };
  }
}

/** Writes one line per generated event, in 1 MB chunks. */
async function writeEvents(out: fs.WriteStream, seed: number, n: number, line: (e: Gen) => string, head = ''): Promise<void> {
  let chunk = head;
  for (const e of events(n, seed)) {
    chunk += `${line(e)}\n`;
    if (chunk.length > 1 << 20) {
      await put(out, chunk);
      chunk = '';
    }
  }
  await put(out, chunk);
}

export function ndjson(n: number): Promise<string> {
  return cached(`events-${n}-v1.ndjson`, (out) =>
    writeEvents(out, 1, n, (e) =>
      JSON.stringify({ ts: new Date(e.time).toISOString(), level: e.level, msg: e.message, method: e.method, path: e.url, status: e.status, latency_ms: e.duration, session_id: e.session, user_id: e.user }),
    ),
  );
}

export function csv(n: number): Promise<string> {
  return cached(`events-${n}-v1.csv`, (out) =>
    writeEvents(
      out,
      2,
      n,
      (e) => `${new Date(e.time).toISOString()},${e.level},${e.method},${e.url},${e.status},${e.duration},${e.session},${e.user},"${e.message}"`,
      'timestamp,level,method,url,status,duration_ms,session_id,user_id,message\n',
    ),
  );
}

/**
 * A HAR 1.2 file like the ones Chromium saves, one entry per event (one page per 1,000
 * entries), one entry per line: browsers indent theirs, so no real HAR is a single line.
 */
export function har(n: number): Promise<string> {
  return cached(`events-${n}-v2.har`, async (out) => {
    await put(out, '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[');
    const pages = Math.ceil(n / 1000);
    for (let p = 0; p < pages; p++) {
      await put(out, `${p ? ',' : ''}\n{"startedDateTime":"${new Date(Date.UTC(2026, 10, 1) + p * 60_000).toISOString()}","id":"page_${p}","title":"http://localhost:3000/page/${p}","pageTimings":{"onContentLoad":120,"onLoad":340}}`);
    }
    await put(out, '\n],"entries":[');
    let i = 0;
    let chunk = '';
    for (const e of events(n, 3)) {
      const entry = {
        pageref: `page_${Math.floor(i / 1000)}`,
        startedDateTime: new Date(e.time).toISOString(),
        time: e.duration,
        request: { method: e.method, url: `http://localhost:3000${e.url}`, httpVersion: 'HTTP/1.1', headers: [{ name: 'X-Session-Id', value: e.session }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
        response: { status: e.status, statusText: '', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 512, mimeType: 'application/json' }, redirectURL: '', headersSize: -1, bodySize: 512 },
        cache: {},
        timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: e.duration * 0.9, receive: e.duration * 0.1 },
      };
      chunk += `${i ? ',' : ''}\n${JSON.stringify(entry)}`;
      i++;
      if (chunk.length > 1 << 20) {
        await put(out, chunk);
        chunk = '';
      }
    }
    await put(out, `${chunk}\n]}}\n`);
  });
}

/** Apache's combined layout with the request's duration in microseconds (`%D`) at the end. */
export const TIMED_ACCESS_FORMAT = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D';

/**
 * The access log of `copies` copies with a duration on every line (`TIMED_ACCESS_FORMAT`), so
 * percentiles have something to rank: the combined layout alone has no duration. Durations are
 * seeded, long-tailed, and slower for a few paths, as real servers are.
 */
export function timedAccessLog(copies: number): Promise<string> {
  return accessLog(copies).then((plain) =>
    cached(`access-${copies}x-timed-v1.log`, async (out) => {
      const rnd = seeded(7);
      const text = fs.readFileSync(plain, 'utf8');
      let chunk = '';
      for (let start = 0; start < text.length; ) {
        const end = text.indexOf('\n', start);
        const line = text.slice(start, end < 0 ? text.length : end);
        start = end < 0 ? text.length : end + 1;
        if (line === '') continue;
        const slow = line.includes('.php') || line.includes('/search') ? 8 : 1;
        chunk += `${line} ${Math.round(Math.exp(rnd() * 9) * 40 * slow)}\n`;
        if (chunk.length > 1 << 20) {
          await put(out, chunk);
          chunk = '';
        }
      }
      await put(out, chunk);
    }),
  );
}
