// The dashboard's ranked bar charts: status codes, top and slowest routes, top pages, events by
// type. Each is one stats.aggregate call grouped by its field, largest first (lib/dashboard-calls.ts).
import { barModel, countItems, slowRouteItems, statusItems, topRouteItems } from '../../lib/chart-bars.js';
import { formatCount, formatMs } from '../../lib/chart-base.js';
import { SCOPES } from '../../lib/dashboard-calls.js';
import { AggregateChart } from './AggregateChart.js';

export function StatusCodesChart() {
  return (
    <AggregateChart
      title="Status codes"
      note="Events with a status"
      testId="chart-status"
      chart="statusCodes"
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
      chart="topRoutes"
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
      chart="slowRoutes"
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
      chart="topPages"
      build={(a, env) => barModel(countItems(a.rows, 'page', SCOPES.pageViews, 'Views', env.palette.user), env.palette, formatCount, true)}
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
      chart="eventTypes"
      build={(a, env) => barModel(countItems(a.rows, 'type', SCOPES.userEvents, 'Events', env.palette.user), env.palette, formatCount, true)}
      emptyText="No user events in this range"
    />
  );
}
