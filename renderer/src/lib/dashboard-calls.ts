// Every call the dashboard makes, one per card, as a pure function of the user's search, the
// range and the two choices a card offers. The cards send exactly these inputs, and the
// benchmark (bench/dashboard) times exactly these, so what is measured is what the UI asks.
// The scopes are exported because a card's drill-downs must narrow by the same terms its call did.
import type { CallInput } from '../../../shared/api.js';
import { composeQuery, type DrillTerm, type Range } from './dashboard-query.js';
import { DEFAULT_BRIDGE_WINDOW, type BridgeWindow } from './dashboard-range.js';
import { SUMMARY_METRICS } from './dashboard-summary.js';

/** About this many bars or points across a time chart. */
const BUCKETS = 60;
/** Bars in a ranked chart. */
const TOP = 10;
/** Rows the route table asks for; it scrolls. */
const ROUTE_ROWS = 100;
/** Groups per bucket in the unauthorized chart; it draws the top few and one "Other". */
const SOURCES_PER_BUCKET = 50;
/** Rows of the top unauthorized sources. */
const SOURCE_ROWS = 10;
/** Routes in the bridge chart: the busiest, as the core picks them. */
const BRIDGE_ROUTES = 10;

export const UNAUTHORIZED_STATUSES = [401, 403] as const;

type ScopeName = 'api' | 'pageViews' | 'userEvents' | 'withStatus' | 'unauthorized';

export const SCOPES: Readonly<Record<ScopeName, DrillTerm[]>> = {
  api: [{ kind: 'is', field: 'kind', value: 'api' }],
  pageViews: [{ kind: 'is', field: 'type', value: 'page_view' }],
  userEvents: [{ kind: 'is', field: 'kind', value: 'user' }],
  withStatus: [{ kind: 'present', field: 'status' }],
  unauthorized: [{ kind: 'status_in', values: UNAUTHORIZED_STATUSES }],
};

/** How the unauthorized chart stacks its bars. */
export type UnauthorizedBy = 'ip_hash' | 'user_id';

/** What a user can switch on a card, and so changes its call. */
export interface DashboardChoices {
  unauthorizedBy: UnauthorizedBy;
  bridgeWindow: BridgeWindow;
}

export const DEFAULT_CHOICES: DashboardChoices = { unauthorizedBy: 'ip_hash', bridgeWindow: DEFAULT_BRIDGE_WINDOW };

type AggregateInput = CallInput<'stats.aggregate'>;

/** A card's call: its name in the contract and the input it sends. */
export type CallOf<C extends 'stats.aggregate' | 'stats.routes' | 'stats.bridge'> = { call: C; input: CallInput<C> };

interface Calls {
  summary: CallOf<'stats.aggregate'>;
  traffic: CallOf<'stats.aggregate'>;
  errorRate: CallOf<'stats.aggregate'>;
  latency: CallOf<'stats.aggregate'>;
  routeTable: CallOf<'stats.routes'>;
  topRoutes: CallOf<'stats.aggregate'>;
  slowRoutes: CallOf<'stats.aggregate'>;
  statusCodes: CallOf<'stats.aggregate'>;
  eventTypes: CallOf<'stats.aggregate'>;
  topPages: CallOf<'stats.aggregate'>;
  unauthorizedSources: CallOf<'stats.aggregate'>;
  unauthorized: CallOf<'stats.aggregate'>;
  bridge: CallOf<'stats.bridge'>;
}

export type ChartName = keyof Calls;
/** Cards whose call is a stats.aggregate (drawn by AggregateChart or read by the summary). */
export type AggregateChartName = { [K in ChartName]: Calls[K]['call'] extends 'stats.aggregate' ? K : never }[ChartName];

/** The cards in the order the dashboard lays them out (the summary first: it decides whether any show). */
export const CHART_NAMES = [
  'summary', 'traffic', 'errorRate', 'latency', 'routeTable', 'topRoutes', 'slowRoutes',
  'statusCodes', 'eventTypes', 'topPages', 'unauthorizedSources', 'unauthorized', 'bridge',
] as const satisfies readonly ChartName[];

interface Asked {
  query: string;
  within: { range?: Range };
  choices: DashboardChoices;
}

const aggregate = (a: Asked, scope: readonly DrillTerm[], spec: Omit<AggregateInput, 'query' | 'range'>): CallOf<'stats.aggregate'> => ({
  call: 'stats.aggregate',
  input: { query: composeQuery(a.query, scope).query, ...a.within, ...spec },
});

const BUILDERS: { [K in ChartName]: (a: Asked) => Calls[K] } = {
  // The search as typed: the summary's error is the one the dashboard shows, and its column must point into that text.
  summary: (a) => ({ call: 'stats.aggregate', input: { query: a.query, ...a.within, group_by: ['kind'], metrics: [...SUMMARY_METRICS], limit: 10 } }),
  traffic: (a) => aggregate(a, [], { group_by: ['status_class'], buckets: BUCKETS, metrics: [{ op: 'count' }], limit: 10 }),
  errorRate: (a) => aggregate(a, SCOPES.api, { buckets: BUCKETS, metrics: [{ op: 'count' }, { op: 'errors' }] }),
  latency: (a) =>
    aggregate(a, SCOPES.api, {
      buckets: BUCKETS,
      metrics: [
        { op: 'p50', field: 'duration_ms' },
        { op: 'p95', field: 'duration_ms' },
        { op: 'p99', field: 'duration_ms' },
      ],
    }),
  routeTable: (a) => ({ call: 'stats.routes', input: { query: a.query, by: 'route', limit: ROUTE_ROWS, ...a.within } }),
  topRoutes: (a) => aggregate(a, SCOPES.api, { group_by: ['route', 'method'], metrics: [{ op: 'count' }, { op: 'errors' }], order_by: 0, limit: TOP }),
  slowRoutes: (a) =>
    aggregate(a, SCOPES.api, {
      group_by: ['route', 'method'],
      metrics: [{ op: 'p95', field: 'duration_ms' }, { op: 'count' }, { op: 'p50', field: 'duration_ms' }],
      order_by: 0,
      limit: TOP,
    }),
  statusCodes: (a) => aggregate(a, SCOPES.withStatus, { group_by: ['status'], metrics: [{ op: 'count' }], order_by: 0, limit: 20 }),
  eventTypes: (a) => aggregate(a, SCOPES.userEvents, { group_by: ['type'], metrics: [{ op: 'count' }], order_by: 0, limit: TOP }),
  topPages: (a) => aggregate(a, SCOPES.pageViews, { group_by: ['page'], metrics: [{ op: 'count' }], order_by: 0, limit: TOP }),
  unauthorizedSources: (a) =>
    aggregate(a, SCOPES.unauthorized, {
      group_by: ['ip_hash', 'user_id'],
      metrics: [{ op: 'count' }, { op: 'max', field: 'time' }],
      order_by: 0,
      limit: SOURCE_ROWS,
    }),
  unauthorized: (a) =>
    aggregate(a, SCOPES.unauthorized, { group_by: [a.choices.unauthorizedBy], buckets: BUCKETS, metrics: [{ op: 'count' }], limit: SOURCES_PER_BUCKET }),
  bridge: (a) => ({ call: 'stats.bridge', input: { query: a.query, window_minutes: a.choices.bridgeWindow, limit: BRIDGE_ROUTES, ...a.within } }),
};

/** One card's call for the user's search (as typed), the range and the card's choices. */
export function chartCall<K extends ChartName>(name: K, query: string, range?: Range, choices: Partial<DashboardChoices> = {}): Calls[K] {
  return BUILDERS[name]({ query, within: range ? { range } : {}, choices: { ...DEFAULT_CHOICES, ...choices } });
}

export type DashboardCall = { [K in ChartName]: { name: K } & Calls[K] }[ChartName];

/** The same calls as a list, in layout order: what one load of the dashboard sends. */
export function dashboardCalls(query: string, range?: Range, choices: Partial<DashboardChoices> = {}): DashboardCall[] {
  // TypeScript cannot relate a name to its own call across the union, so the pairing is asserted here, where it is made.
  return CHART_NAMES.map((name) => ({ name, ...chartCall(name, query, range, choices) }) as DashboardCall);
}
