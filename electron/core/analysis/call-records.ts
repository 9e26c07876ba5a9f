// One record per API call. The browser SDK and the server middleware both record a call the page
// made to its own backend; counted as they are stored, such a call would count twice and mix two
// clocks (the browser's duration includes the network). The figures of the dashboard, `stats` and
// the bridge chart count a route's calls from the server's records when the server recorded that
// route, and from the browser's only for routes no server record names (third-party APIs, a
// backend without the middleware). The explorer still lists every record.
import type { QueryNode } from '../query/ast.js';
import type { EventStore } from '../store/port.js';
import { fieldValueText, patternText } from '../../../shared/query-text.js';
import { API_CALLS, BROWSER_RECORDS, and, chunks, field, not, or } from './filters.js';

/** More routes than this with both sides recorded: the echo filter gives up (it would be slow) and counts both. */
const MAX_ECHOED_ROUTES = 2000;

/** `filter` without the browser's records of calls the server recorded too. */
export async function oneRecordPerCall(store: EventStore, filter: QueryNode | null): Promise<QueryNode | null> {
  const { node } = await echoFilter(store);
  return node === null ? filter : and(filter, node);
}

/**
 * The same filter as search text, for the dashboard's drill-downs to list what its figures
 * counted: '' when nothing is left out, null when it cannot be said in a query of reasonable
 * length (then the explorer lists both records of a call).
 */
export async function oneRecordPerCallText(store: EventStore): Promise<string | null> {
  return (await echoFilter(store)).text;
}

interface WorkedOut {
  node: QueryNode | null;
  text: string | null;
}

interface Echo {
  /** How many events were stored when it was worked out. */
  stored: number;
  echo: Promise<WorkedOut>;
}

/** Past this many routes, the echo filter's text would bury the user's own search. */
const MAX_TEXT_ROUTES = 40;

/**
 * The echo filter of each store, kept while its events stay the same: every dashboard card,
 * the session list and the bridge need it, and working it out reads every call (on ClickHouse
 * 18.16 ~50 ms of attribute arrays). An append, an import, a removal or a retention purge
 * changes the count, which both stores answer at once, and it is worked out again. (A source
 * removed and re-imported to exactly the same count keeps the old one: its routes are the same
 * file's.)
 */
const echoes = new WeakMap<EventStore, Echo>();

async function echoFilter(store: EventStore): Promise<WorkedOut> {
  const { count: stored } = await store.count(null);
  const kept = echoes.get(store);
  if (kept?.stored === stored) return kept.echo;
  const echo = workOutEcho(store);
  echoes.set(store, { stored, echo });
  // A failed answer is not kept: the next question asks again.
  echo.catch(() => {
    if (echoes.get(store)?.echo === echo) echoes.delete(store);
  });
  return echo;
}

/** NOT (a browser record of a route the server recorded), or null when nothing needs leaving out. */
async function workOutEcho(store: EventStore): Promise<WorkedOut> {
  const browser = and(API_CALLS, BROWSER_RECORDS)!;
  // Asked together: on a server store each question is a round trip.
  const [browserRecords, served] = await Promise.all([
    store.count(browser),
    store.aggregate({ filter: and(API_CALLS, not(BROWSER_RECORDS)), groupBy: ['route'], metrics: [{ op: 'count' }], limit: MAX_ECHOED_ROUTES + 1 }),
  ]);
  const nothing: WorkedOut = { node: null, text: '' };
  if (browserRecords.count === 0) return nothing;
  const routes = served.rows.map((r) => r.keys[0]).filter((k): k is string => typeof k === 'string');
  if (routes.length === 0 || routes.length > MAX_ECHOED_ROUTES) return nothing;
  const terms = routes.flatMap(routeTerms);
  const echoed = or(chunks(terms, 100).map(or));
  // Most pages call only their own backend: then every browser record is left out, which is
  // quicker to test and shorter to say.
  const { count: elsewhere } = await store.count(and(browser, not(echoed)));
  const BROWSER_TEXT = 'kind:api attrs.source:browser';
  if (elsewhere === 0) return { node: not(browser), text: `-(${BROWSER_TEXT})` };
  const node = not(and(browser, echoed)!);
  const said = terms.length <= MAX_TEXT_ROUTES ? terms.map(termText) : [null];
  return { node, text: said.every((t) => t !== null) ? `-(${BROWSER_TEXT} (${said.join(' OR ')}))` : null };
}

/** A route term of routeTerms as search text. */
function termText(node: QueryNode): string | null {
  if (node.type !== 'field') return null;
  const value = node.wildcard ? patternText(node.value) : fieldValueText('route', node.value);
  return value === null ? null : `route:${value}`;
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
  if (!route.startsWith('/') || !segments.some(isParam) || route.includes('*')) return [exact];
  // A catch-all (`/<path:rest>`) would make every browser record an echo: only templates with a
  // literal segment to hold on to widen.
  if (!segments.some((s) => s !== '' && !isParam(s))) return [exact];
  const pattern = segments.map((s) => (isParam(s) ? '*' : s)).join('/');
  return [exact, { type: 'field', field: 'route', op: ':', value: pattern, wildcard: true, column: 0 }];
}

/** `:id`, `:userId`, `{id}`, `<int:id>`: a template's parameter segment. */
const isParam = (segment: string): boolean => /^(:[A-Za-z_]\w*|\{[^/{}]+\}|<[^/<>]+>)$/.test(segment);
