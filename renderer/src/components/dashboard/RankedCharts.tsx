// The dashboard's ranked bar charts: status codes, top and slowest routes, top pages, events by
// type. Each is one stats.aggregate call grouped by its field, largest first.
import { barModel, countItems, slowRouteItems, statusItems, topRouteItems } from '../../lib/chart-bars.js';
import { formatCount, formatMs } from '../../lib/chart-base.js';
import type { DrillTerm } from '../../lib/dashboard-query.js';
import { AggregateChart } from './AggregateChart.js';

/** Bars in a ranked chart. */
const TOP = 10;

const API: DrillTerm[] = [{ kind: 'is', field: 'kind', value: 'api' }];
const PAGE_VIEWS: DrillTerm[] = [{ kind: 'is', field: 'type', value: 'page_view' }];
const USER_EVENTS: DrillTerm[] = [{ kind: 'is', field: 'kind', value: 'user' }];
const WITH_STATUS: DrillTerm[] = [{ kind: 'present', field: 'status' }];

export function StatusCodesChart() {
  return (
    <AggregateChart
      title="Status codes"
      note="Events with a status"
      testId="chart-status"
      scope={WITH_STATUS}
      spec={{ group_by: ['status'], metrics: [{ op: 'count' }], order_by: 0, limit: 20 }}
      build={(a, env) => barModel(statusItems(a.rows, env.palette), env.palette, formatCount, true)}
      emptyText="No statuses in this range"
    />
  );
}

export function TopRoutesChart() {
  return (
    <AggregateChart
      title="Top routes"
      note="API calls per route"
      testId="chart-top-routes"
      scope={API}
      spec={{ group_by: ['route', 'method'], metrics: [{ op: 'count' }, { op: 'errors' }], order_by: 0, limit: TOP }}
      build={(a, env) => barModel(topRouteItems(a.rows), env.palette, formatCount, true)}
      emptyText="No API calls in this range"
    />
  );
}

export function SlowRoutesChart() {
  return (
    <AggregateChart
      title="Slowest routes"
      note="p95 duration per route"
      testId="chart-slow-routes"
      scope={API}
      spec={{
        group_by: ['route', 'method'],
        metrics: [{ op: 'p95', field: 'duration_ms' }, { op: 'count' }, { op: 'p50', field: 'duration_ms' }],
        order_by: 0,
        limit: TOP,
      }}
      build={(a, env) => barModel(slowRouteItems(a.rows, env.palette), env.palette, formatMs)}
      emptyText="No API call durations in this range"
    />
  );
}

export function TopPagesChart() {
  return (
    <AggregateChart
      title="Top pages"
      note="Page views per page"
      testId="chart-pages"
      scope={PAGE_VIEWS}
      spec={{ group_by: ['page'], metrics: [{ op: 'count' }], order_by: 0, limit: TOP }}
      build={(a, env) => barModel(countItems(a.rows, 'page', PAGE_VIEWS, 'Views', env.palette.user), env.palette, formatCount, true)}
      emptyText="No page views in this range"
    />
  );
}

export function EventTypesChart() {
  return (
    <AggregateChart
      title="Events by type"
      note="User events"
      testId="chart-types"
      scope={USER_EVENTS}
      spec={{ group_by: ['type'], metrics: [{ op: 'count' }], order_by: 0, limit: TOP }}
      build={(a, env) => barModel(countItems(a.rows, 'type', USER_EVENTS, 'Events', env.palette.user), env.palette, formatCount, true)}
      emptyText="No user events in this range"
    />
  );
}
