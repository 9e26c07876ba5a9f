// The demo shop on its own, against a REAL collector: its pages load the SDK from the collector
// under a strict policy, its API fails and slows down exactly where the plan says (looked up by
// the visit marker), and its middleware stores each call with its route, at the page's clock.
import http from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLOCK_HEADER, VISIT_HEADER } from '../../electron/core/demo/catalogue.js';
import { planVisitors, startShop, type VisitPlan } from '../../electron/core/demo/index.js';
import { startCollector } from '../helpers/collector.js';

const SEED = 7;

async function setup() {
  const collector = await startCollector();
  const shop = await startShop({ collectorUrl: collector.server.origin, seed: SEED });
  onTestFinished(() => shop.close());
  let apiCalls = 0;
  /** One request to the shop; `session` becomes the X-Session-Id the SDK would add. */
  const call = async (method: string, path: string, { session = 'sess-test', ...headers }: Record<string, string> = {}, body?: unknown) => {
    if (path.startsWith('/api/')) apiCalls++;
    const started = performance.now();
    const res = await fetch(`${shop.url}${path}`, {
      method,
      headers: { 'x-session-id': session, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, ms: performance.now() - started };
  };
  return { ...collector, shop, call, apiCalls: () => apiCalls };
}

/** The first planned visit of a persona in a crowd of 60 with the test's seed. */
function visitOf(persona: string): VisitPlan {
  const visitor = planVisitors(SEED, 60).find((v) => v.persona === persona);
  if (!visitor) throw new Error(`no ${persona} in the plan`);
  return visitor.visits[0]!;
}

/** A request naming another host (what a DNS-rebinding page sends); fetch may not set Host. */
function withHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

describe('the demo shop', () => {
  it('answers only this machine’s names, and keeps no session it cannot read', async () => {
    const { shop, call, search } = await setup();
    const port = new URL(shop.url).port;
    expect(await withHost(`${shop.url}/`, `evil.example:${port}`)).toBe(421);
    expect(await withHost(`${shop.url}/api/products`, 'evil.example')).toBe(421);
    expect(await withHost(`${shop.url}/`, `localhost:${port}`)).toBe(200);
    // A cart under an unreadable session id is nobody's: the next call with another one sees none.
    await call('POST', '/api/cart', { session: 'x'.repeat(500) }, { product_id: 1 });
    expect(JSON.parse((await call('GET', '/api/cart', { session: 'y'.repeat(500) })).text).items).toHaveLength(1);
    expect(JSON.parse((await call('GET', '/api/cart', { session: 'sess-ok' })).text).items).toHaveLength(0);
    await shop.flush();
    expect((await search('route:"/api/cart"')).length).toBe(3);
  });

  it('serves its pages under a strict policy, loading the SDK from the collector and its own script', async () => {
    const { shop, call, server } = await setup();
    for (const path of ['/', '/product/3', '/cart', '/checkout', '/thanks']) {
      const page = await call('GET', path);
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`script-src 'self' ${server.origin}`);
      expect(csp).toContain(`connect-src 'self' ${server.origin}`);
      expect(csp).toContain("default-src 'none'");
      expect(page.text).toContain(`<script src="${server.origin}/sdk.js" data-collector="${server.origin}" data-api-origins="${shop.url}"`);
      expect(page.text).toContain('<script src="/shop.js"></script>');
      // Nothing inline for the policy to refuse.
      expect(page.text).not.toMatch(/<script>|<style|\son[a-z]+=/i);
    }
    expect((await call('GET', '/product/999')).status).toBe(404);
    const js = await call('GET', '/shop.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(() => new Function(js.text)).not.toThrow();
  });

  it('fails the checkouts the plan fails, for that visit only, and stores each call with its route', async () => {
    const { shop, call, search, apiCalls } = await setup();
    const leaver = visitOf('checkout-fails-leaves');
    const retrier = visitOf('checkout-fails-retries');
    const plannedStatuses = (v: VisitPlan) => v.steps.flatMap((s) => (s.kind === 'place-order' ? [s.fails ? 500 : 200] : []));

    for (const visit of [leaver, retrier]) {
      const headers = { [VISIT_HEADER]: visit.key, session: `sess-${visit.key}` };
      expect((await call('POST', '/api/cart', headers, { product_id: 3 })).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < plannedStatuses(visit).length; i++) {
        const r = await call('POST', '/api/checkout', headers, {});
        statuses.push(r.status);
        if (r.status === 500) expect(JSON.parse(r.text)).toEqual({ error: 'Payment service unavailable' });
      }
      expect(statuses).toEqual(plannedStatuses(visit));
    }
    // No marker, or one the plan does not know: an ordinary shop whose orders go through.
    for (const headers of [{}, { [VISIT_HEADER]: 'v999.1' }] as Record<string, string>[]) {
      await call('POST', '/api/cart', { ...headers, session: 'sess-plain' }, { product_id: 1 });
      expect((await call('POST', '/api/checkout', { ...headers, session: 'sess-plain' }, {})).status).toBe(200);
    }
    expect((await call('POST', '/api/checkout', { session: 'sess-empty' }, {})).status).toBe(400);
    expect((await call('POST', '/api/cart', {}, { product_id: 'x' })).status).toBe(400);
    expect((await call('GET', '/api/products/7')).status).toBe(200);

    await shop.flush();
    expect(shop.stats()).toMatchObject({ failed: 0, dropped: 0, queued: 0 });
    const failed = plannedStatuses(leaver).filter((s) => s === 500).length + plannedStatuses(retrier).filter((s) => s === 500).length;
    expect(await search('route:"/api/checkout" status:500')).toHaveLength(failed);
    const byId = await search('route:"/api/products/:id"');
    expect(byId.map((e) => ({ url: e.url, session: e.session_id, source: e.attrs?.source }))).toEqual([{ url: '/api/products/7', session: 'sess-test', source: 'node:http' }]);
    // Pages, the script and the icon are not API calls: only the API's calls are stored.
    for (const path of ['/', '/shop.js', '/favicon.ico']) await call('GET', path);
    await shop.flush();
    expect(await search('')).toHaveLength(apiCalls());
  });

  it('answers the planned slow recommendations late, the others at once', async () => {
    const { call } = await setup();
    const slow = visitOf('slow-recommendations-leaves');
    const delays = slow.steps.flatMap((s) => ((s.kind === 'open' || s.kind === 'follow') && s.to.page === 'product' ? [s.to.recsDelayMs] : []));
    expect(Math.max(...delays)).toBeGreaterThanOrEqual(700);
    for (const delay of delays) {
      const r = await call('GET', '/api/recommendations?product=2', { [VISIT_HEADER]: slow.key });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text).products).toHaveLength(4);
      expect(r.ms).toBeGreaterThanOrEqual(delay - 5);
    }
    // Without a planned visit there is no delay to wait for (not timed: a busy machine is slow anyway).
    const plain = await call('GET', '/api/recommendations?product=2');
    expect(plain.status).toBe(200);
  });

  it("stamps the server's records at the clock the page sent (a visit a day ago stays a day ago)", async () => {
    const { shop, call, search } = await setup();
    const dayAgo = Date.now() - 24 * 3_600_000;
    await call('GET', '/api/products', { [CLOCK_HEADER]: String(dayAgo), session: 'sess-yesterday' });
    await call('GET', '/api/products', { session: 'sess-today' });
    await shop.flush();
    const [yesterday] = await search('session:sess-yesterday');
    const [today] = await search('session:sess-today');
    expect(Math.abs(yesterday!.time - dayAgo)).toBeLessThan(5_000);
    expect(Math.abs(today!.time - Date.now())).toBeLessThan(60_000);
  });
});
