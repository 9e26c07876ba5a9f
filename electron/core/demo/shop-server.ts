// The demo shop: a small multi-page web app on plain node:http, instrumented with our Node
// middleware (every /api call becomes an `api` event in the collector) while its pages load the
// browser SDK from the collector. Which order fails and which recommendations are slow is
// decided by the plan: the page names its planned visit (X-Demo-Visit) and the shop looks it up
// from the seed, so a run's outcome never depends on chance.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createCollectorClient, withLogbridge, type ClientStats } from '../../../sdk/node/index.js';
import { CLOCK_HEADER, PRODUCTS, VISIT_HEADER, productById, recommendationsFor } from './catalogue.js';
import { CHECKOUT_FAILURE_STATUS } from './plan-effects.js';
import { visitByKey } from './plan.js';
import type { VisitPlan } from './plan-types.js';
import { parseClock, shiftingClient } from './shop-clock.js';
import { SHOP_JS } from './shop-client.js';
import { SHOP_CSS, cartPage, checkoutPage, contentSecurityPolicy, homePage, notFoundPage, productPage, thanksPage, type PageContext } from './shop-pages.js';

export interface ShopOptions {
  collectorUrl: string;
  seed: number;
  /** 0 (the default): any free port. */
  port?: number;
  /** The collector's --token, when it listens beyond this machine. */
  token?: string;
}

export interface RunningShop {
  url: string;
  /** Sends what the middleware has queued; resolves once the collector has answered. */
  flush(): Promise<void>;
  /** What the middleware sent, dropped or lost. */
  stats(): ClientStats;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;
const CartBody = z.object({ product_id: z.number().int() });
const CheckoutBody = z.object({}).loose();

/** The route template of an API path, as the middleware's `route` option reports it. */
export function shopRoute(pathname: string): string | undefined {
  if (/^\/api\/products\/\d+$/.test(pathname)) return '/api/products/:id';
  if (['/api/products', '/api/recommendations', '/api/cart', '/api/checkout'].includes(pathname)) return pathname;
  return undefined;
}

/** What the plan says the shop must do for one visit: per order, whether it fails; per product page, the extra delay. */
interface VisitScript {
  orders: boolean[];
  recsDelays: number[];
  ordersSeen: number;
  recsSeen: number;
}

function scriptOf(visit: VisitPlan): VisitScript {
  const orders: boolean[] = [];
  const recsDelays: number[] = [];
  for (const s of visit.steps) {
    if (s.kind === 'place-order') orders.push(s.fails);
    if ((s.kind === 'open' || s.kind === 'follow') && s.to.page === 'product') recsDelays.push(s.to.recsDelayMs);
  }
  return { orders, recsDelays, ordersSeen: 0, recsSeen: 0 };
}

interface Cart {
  items: number[];
}

function cartView(cart: Cart) {
  const items = cart.items.map((id) => productById(id)!).map((p) => ({ id: p.id, name: p.name, price: p.price }));
  return { items, count: items.length, total: items.reduce((n, p) => n + p.price, 0) };
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? {} : (JSON.parse(text) as unknown));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', reject);
  });
}

/** Sessions and visits the shop remembers at most: it keeps serving while the user explores. */
const MAX_REMEMBERED = 5_000;
/** The SDK's session ids; anything else is no session (the header comes from any page). */
const SessionHeader = z.string().regex(/^[\w-]{1,128}$/);

/** Forgets the oldest entries past the cap (a Map iterates in insertion order). */
function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as K);
  return value;
}

const header = (req: http.IncomingMessage, name: string) => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

export async function startShop(opts: ShopOptions): Promise<RunningShop> {
  const client = shiftingClient(createCollectorClient({ collector: opts.collectorUrl, token: opts.token, flushIntervalMs: 200 }));
  const scripts = new Map<string, VisitScript>();
  const carts = new Map<string, Cart>();
  let orders = 0;
  const ctx: PageContext = { collectorUrl: opts.collectorUrl, shopOrigin: '', token: opts.token };

  const scriptFor = (req: http.IncomingMessage): VisitScript | null => {
    const key = header(req, VISIT_HEADER);
    if (!key || key.length > 20) return null;
    const known = scripts.get(key);
    if (known) return known;
    const visit = visitByKey(opts.seed, key);
    return visit ? remember(scripts, key, scriptOf(visit)) : null;
  };

  const send = (res: http.ServerResponse, status: number, type: string, body: string, extra: http.OutgoingHttpHeaders = {}) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...extra });
    res.end(body);
  };
  const json = (res: http.ServerResponse, status: number, value: unknown) => send(res, status, 'application/json', JSON.stringify(value));
  const html = (res: http.ServerResponse, status: number, body: string) =>
    send(res, status, 'text/html; charset=utf-8', body, { 'content-security-policy': contentSecurityPolicy(opts.collectorUrl) });

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const given = SessionHeader.safeParse(header(req, 'x-session-id'));
    const session = given.success ? given.data : 'no-session';
    const clock = parseClock(req.headers[CLOCK_HEADER.toLowerCase()]);
    if (clock !== null && session !== 'no-session') client.observe(session, clock);
    const route = shopRoute(url.pathname);
    const script = scriptFor(req);
    const cart = remember(carts, session, carts.get(session) ?? { items: [] });
    const key = `${req.method} ${route}`;
    if (key === 'GET /api/products') return json(res, 200, { products: PRODUCTS });
    if (key === 'GET /api/products/:id') {
      const p = productById(Number(url.pathname.split('/').pop()));
      return p ? json(res, 200, p) : json(res, 404, { error: 'No such product' });
    }
    if (key === 'GET /api/recommendations') {
      const delay = script ? (script.recsDelays[script.recsSeen++] ?? 0) : 0;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      return json(res, 200, { products: recommendationsFor(Number(url.searchParams.get('product'))) });
    }
    if (key === 'GET /api/cart') return json(res, 200, cartView(cart));
    if (key === 'POST /api/cart') {
      const body = CartBody.safeParse(await readBody(req));
      if (!body.success || !productById(body.data.product_id)) return json(res, 400, { error: 'product_id must name a product' });
      cart.items.push(body.data.product_id);
      return json(res, 200, cartView(cart));
    }
    if (key === 'POST /api/checkout') {
      if (!CheckoutBody.safeParse(await readBody(req)).success) return json(res, 400, { error: 'send a JSON object' });
      if (cart.items.length === 0) return json(res, 400, { error: 'Your cart is empty' });
      const fails = script ? (script.orders[script.ordersSeen++] ?? false) : false;
      if (fails) return json(res, CHECKOUT_FAILURE_STATUS, { error: 'Payment service unavailable' });
      const order = { order_id: ++orders, ...cartView(cart) };
      cart.items = [];
      return json(res, 200, order);
    }
    req.resume();
    return json(res, 404, { error: 'Not found' });
  }

  function pages(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    req.resume();
    const p = url.pathname;
    if (p === '/shop.js') return send(res, 200, 'text/javascript; charset=utf-8', SHOP_JS);
    if (p === '/shop.css') return send(res, 200, 'text/css; charset=utf-8', SHOP_CSS);
    if (p === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (p === '/') return html(res, 200, homePage(ctx));
    const product = /^\/product\/(\d+)$/.exec(p);
    if (product) {
      const page = productPage(ctx, Number(product[1]));
      return page ? html(res, 200, page) : html(res, 404, notFoundPage(ctx));
    }
    if (p === '/cart') return html(res, 200, cartPage(ctx));
    if (p === '/checkout') return html(res, 200, checkoutPage(ctx));
    if (p === '/thanks') return html(res, 200, thanksPage(ctx));
    return html(res, 404, notFoundPage(ctx));
  }

  const listener = withLogbridge(
    (req: http.IncomingMessage, res: http.ServerResponse) => {
      // Only this machine's names: a page elsewhere that rebinds its DNS name to 127.0.0.1 gets nothing.
      if (!isLocalHost(req.headers.host, port)) {
        req.resume();
        return send(res, 421, 'text/plain; charset=utf-8', 'This demo shop answers only on 127.0.0.1 and localhost.');
      }
      const url = new URL(req.url ?? '/', 'http://shop.invalid');
      if (!url.pathname.startsWith('/api/')) return pages(req, res, url);
      api(req, res, url).catch(() => {
        if (!res.headersSent) json(res, 500, { error: 'The shop broke' });
        else res.destroy();
      });
    },
    {
      client,
      headers: true,
      route: (req) => shopRoute(new URL(req.url ?? '/', 'http://shop.invalid').pathname),
      // Pages, the script and the icon are not API calls.
      ignore: (req) => !(req.url ?? '').startsWith('/api/'),
    },
  );
  let port = 0;
  const server = http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  ctx.shopOrigin = url;
  return {
    url,
    flush: () => client.flush(),
    stats: () => client.stats(),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await client.close();
    },
  };
}

function isLocalHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
