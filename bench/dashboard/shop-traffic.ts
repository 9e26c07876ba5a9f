// A seeded month of shop traffic as JSON lines, for the dashboard's benchmark: sessions of page
// views, clicks and submits, each API call recorded twice (the browser SDK's record and the
// server middleware's), a checkout that sometimes fails and a recommendation call that is
// sometimes slow, users who leave after a failure, and a scanner knocking on admin routes.
// Cached beside the checkout like the other inputs; never committed.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../lib/processes.js';
import { pick, seeded } from '../lib/random.js';

const DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'logbridge', 'bench-inputs');
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

type Line = Record<string, unknown>;

function* session(rnd: () => number, n: number): Generator<Line> {
  const id = `s${n}`;
  const user = rnd() < 0.6 ? `u${Math.floor(rnd() * 5000)}` : undefined;
  let t = T0 + Math.floor(rnd() * 30 * DAY);
  const ip = `ip${Math.floor(rnd() * 3000)}`;
  const base = { session_id: id, ...(user ? { user_id: user } : {}) };
  const page = (p: string): Line => ({ time: t, kind: 'user', type: 'page_view', page: p, ...base });
  const click = (p: string, target: string): Line => ({ time: (t += 400 + Math.floor(rnd() * 3000)), kind: 'user', type: 'button_click', page: p, target, ...base });
  function* call(method: string, url: string, route: string, status: number, ms: number): Generator<Line> {
    t += 5;
    yield { time: t, kind: 'api', method, url: `https://shop.example${url}`, route, status, duration_ms: ms + 15, source: 'browser', ...base };
    yield { time: t + 3, kind: 'api', method, url, route, status, duration_ms: ms, ip, source: 'node:http', ...base };
    t += ms + 20;
  }
  const browsing = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < browsing; i++) {
    yield page(i === 0 ? '/' : '/product');
    yield* call('GET', '/api/products', '/api/products', 200, 20 + Math.floor(rnd() * 40));
    const slow = rnd() < 0.1;
    yield* call('GET', '/api/recommendations', '/api/recommendations', 200, slow ? 800 + Math.floor(rnd() * 1200) : 60 + Math.floor(rnd() * 60));
    if (slow && rnd() < 0.4) return;
    const product = Math.floor(rnd() * 500);
    yield click('/', `a.product-${product}`);
    yield page('/product');
    yield* call('GET', `/api/products/${product}`, '/api/products/:id', rnd() < 0.02 ? 404 : 200, 15 + Math.floor(rnd() * 30));
  }
  if (rnd() < 0.5) return;
  yield click('/product', 'button#add-to-cart');
  yield* call('POST', '/api/cart', '/api/cart', 200, 30 + Math.floor(rnd() * 50));
  yield page('/cart');
  yield page('/checkout');
  for (let attempt = 0; attempt < 3; attempt++) {
    yield { ...click('/checkout', 'form#pay'), type: 'form_submit' };
    const fails = rnd() < 0.15;
    yield* call('POST', '/api/checkout', '/api/checkout', fails ? 500 : 200, fails ? 2000 + Math.floor(rnd() * 1000) : 150 + Math.floor(rnd() * 150));
    if (!fails) {
      yield page('/thanks');
      return;
    }
    yield { time: (t += 50), kind: 'user', type: 'error_encountered', page: '/checkout', message: 'Payment service unavailable (HTTP 500)', ...base };
    if (rnd() < 0.6) return;
  }
}

function* scanner(rnd: () => number): Generator<Line> {
  const t = T0 + Math.floor(rnd() * 30 * DAY);
  const url = pick(rnd, ['/admin', '/api/admin/users', '/wp-login.php', '/api/orders/export']);
  yield { time: t, kind: 'api', method: 'GET', url, status: rnd() < 0.5 ? 401 : 403, duration_ms: 2 + Math.floor(rnd() * 5), ip: `scan${Math.floor(rnd() * 40)}`, user_agent: 'sqlmap/1.7' };
}

/** About `events` events in a file (cached by size); resolves with its path. */
export async function shopTraffic(events: number): Promise<string> {
  const file = path.join(DIR, `shop-traffic-${events}-v1.jsonl`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(DIR, { recursive: true });
  const rnd = seeded(20261207);
  const out = fs.createWriteStream(`${file}.partial`);
  const put = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  let written = 0;
  let chunk = '';
  for (let n = 0; written < events; n++) {
    const lines = rnd() < 0.05 ? scanner(rnd) : session(rnd, n);
    for (const line of lines) {
      chunk += `${JSON.stringify(line)}\n`;
      written++;
    }
    if (chunk.length > 1 << 20) {
      await put(chunk);
      chunk = '';
    }
  }
  await put(chunk);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  fs.renameSync(`${file}.partial`, file);
  return file;
}

