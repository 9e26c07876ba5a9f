// One record per API call. The browser SDK and the server middleware both record a call the page
// made to its own backend; counted as they are stored, such a call would count twice and mix two
// clocks (the browser's duration includes the network). The figures of the dashboard, `stats` and
// the bridge chart count a route's calls from the server's records when the server recorded that
// route, and from the browser's only for routes no server record names (third-party APIs, a
// backend without the middleware). The explorer still lists every record.
import type { QueryNode } from '../query/ast.js';
import type { EventStore } from '../store/port.js';
import { API_CALLS, BROWSER_RECORDS, and, chunks, field, not, or } from './filters.js';

/** More routes than this with both sides recorded: the echo filter gives up (it would be slow) and counts both. */
const MAX_ECHOED_ROUTES = 2000;

/** `filter` without the browser's records of calls the server recorded too. */
export async function oneRecordPerCall(store: EventStore, filter: QueryNode | null): Promise<QueryNode | null> {
  const echo = await echoFilter(store);
  return echo === null ? filter : and(filter, echo);
}

interface Echo {
  /** How many events were stored when it was worked out. */
  stored: number;
  node: Promise<QueryNode | null>;
}

/**
 * The echo filter of each store, kept while its events stay the same: every dashboard card,
 * the session list and the bridge need it, and working it out reads every call (on ClickHouse
 * 18.16 ~50 ms of attribute arrays). An append, an import, a removal or a retention purge
 * changes the count, which both stores answer at once, and it is worked out again. (A source
 * removed and re-imported to exactly the same count keeps the old one: its routes are the same
 * file's.)
 */
const echoes = new WeakMap<EventStore, Echo>();

async function echoFilter(store: EventStore): Promise<QueryNode | null> {
  const { count: stored } = await store.count(null);
  const kept = echoes.get(store);
  if (kept?.stored === stored) return kept.node;
  const node = workOutEcho(store);
  echoes.set(store, { stored, node });
  // A failed answer is not kept: the next question asks again.
  node.catch(() => {
    if (echoes.get(store)?.node === node) echoes.delete(store);
  });
  return node;
}

/** NOT (a browser record of a route the server recorded), or null when nothing needs leaving out. */
async function workOutEcho(store: EventStore): Promise<QueryNode | null> {
  const browser = and(API_CALLS, BROWSER_RECORDS)!;
  // Asked together: on a server store each question is a round trip.
  const [browserRecords, served] = await Promise.all([
    store.count(browser),
    store.aggregate({ filter: and(API_CALLS, not(BROWSER_RECORDS)), groupBy: ['route'], metrics: [{ op: 'count' }], limit: MAX_ECHOED_ROUTES + 1 }),
  ]);
  if (browserRecords.count === 0) return null;
  const routes = served.rows.map((r) => r.keys[0]).filter((k): k is string => typeof k === 'string');
  if (routes.length === 0 || routes.length > MAX_ECHOED_ROUTES) return null;
  const echoed = or(chunks(routes.flatMap(routeTerms), 100).map(or));
  return not(and(browser, echoed)!);
}

/**
 * The browser's routes that name a server route. The browser's route is guessed from its URL
 * (shared/route.ts: `/users/12` -> `/users/:id`), the server's comes from its framework
 * (`/users/:userId`, `/products/:slug`): a parameter segment of the server's template matches
 * any one segment of the browser's.
 */
export function routeTerms(route: string): QueryNode[] {
  const exact = field('route', ':', route);
  const segments = route.split('/');
  if (!segments.some(isParam) || route.includes('*')) return [exact];
  const pattern = segments.map((s) => (isParam(s) ? '*' : s)).join('/');
  return [exact, { type: 'field', field: 'route', op: ':', value: pattern, wildcard: true, column: 0 }];
}

/** `:id`, `:userId`, `{id}`, `<int:id>`: a template's parameter segment. */
const isParam = (segment: string): boolean => /^(:[A-Za-z_]\w*|\{[^/{}]+\}|<[^/<>]+>)$/.test(segment);
