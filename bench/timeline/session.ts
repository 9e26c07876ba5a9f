// One long shop session of exactly N events as JSON lines, for the timeline benchmark: page views,
// clicks and form submits, each API call recorded by the browser SDK and by the server
// middleware (a pair the timeline draws as one row), a checkout that sometimes fails with the
// page's error after it, and a recommendation call that is sometimes slow. Seeded: the same
// session on every run. Imported through the service, as a user's file would be.
import { pick, seeded } from '../lib/random.js';

export const SESSION_ID = 'bench-session';

type Line = Record<string, unknown>;

const PAGES = ['/', '/product', '/cart', '/checkout', '/account'] as const;
const CALLS = [
  { method: 'GET', url: '/api/products', route: '/api/products', ms: 30 },
  { method: 'GET', url: '/api/recommendations', route: '/api/recommendations', ms: 90 },
  { method: 'GET', url: '/api/products/17', route: '/api/products/:id', ms: 25 },
  { method: 'POST', url: '/api/cart', route: '/api/cart', ms: 50 },
  { method: 'POST', url: '/api/checkout', route: '/api/checkout', ms: 220 },
] as const;

/** `events` lines of one session, starting at `t0` (epoch ms), oldest first. */
export function longSession(events: number, t0: number): string {
  const rnd = seeded(11_2026);
  const base = { session_id: SESSION_ID, user_id: 'u-bench' };
  const out: Line[] = [];
  let t = t0;
  let page: string = '/';
  const put = (line: Line) => {
    if (out.length < events) out.push(line);
  };
  while (out.length < events) {
    const r = rnd();
    if (r < 0.12) {
      page = pick(rnd, PAGES);
      put({ time: (t += 300 + Math.floor(rnd() * 4000)), kind: 'user', type: 'page_view', page, ...base });
    } else if (r < 0.3) {
      const submit = page === '/checkout' && rnd() < 0.5;
      put({ time: (t += 200 + Math.floor(rnd() * 2500)), kind: 'user', type: submit ? 'form_submit' : 'button_click', page, target: submit ? 'form#pay' : `button#b${Math.floor(rnd() * 40)}`, ...base });
    } else {
      const call = pick(rnd, CALLS);
      const fails = call.route === '/api/checkout' && rnd() < 0.15;
      const slow = call.route === '/api/recommendations' && rnd() < 0.1;
      const ms = Math.round(call.ms * (0.5 + rnd()) * (slow ? 15 : 1) * (fails ? 8 : 1));
      const status = fails ? 500 : call.route === '/api/products/:id' && rnd() < 0.03 ? 404 : 200;
      t += 5;
      put({ time: t, kind: 'api', method: call.method, url: `https://shop.example${call.url}`, route: call.route, status, duration_ms: ms + 15, source: 'browser', ...base });
      put({ time: t + 3, kind: 'api', method: call.method, url: call.url, route: call.route, status, duration_ms: ms, source: 'node:http', ip: 'ip-bench', ...base });
      t += ms + 20;
      if (fails) put({ time: (t += 40), kind: 'user', type: 'error_encountered', page, message: 'Payment service unavailable (HTTP 500)', ...base });
    }
  }
  return `${out.map((l) => JSON.stringify(l)).join('\n')}\n`;
}
