// Per route: calls, errors, error rate and percentiles of the API calls matched (stats.routes),
// sortable by any column; a row drills into that route's calls.
import { useMemo, useState } from 'react';
import type { RouteStatsRow } from '../../../../shared/api.js';
import { formatCount, formatMs, formatPercent } from '../../lib/chart-base.js';
import { chartCall } from '../../lib/dashboard-calls.js';
import type { DrillTerm } from '../../lib/dashboard-query.js';
import { errorRate, nextSort, ROUTE_COLUMNS, sortRouteRows, type RouteSort } from '../../lib/dashboard-table.js';
import { VisibleText } from '../../lib/visible-text.js';
import { activateOnKey, ChartCard } from './ChartCard.js';
import { useDashboardEnv } from './env.js';
import { useDashboardCall } from './useDashboardCall.js';

function routeTerms(row: Pick<RouteStatsRow, 'route' | 'method'>): DrillTerm[] {
  return [
    { kind: 'is', field: 'kind', value: 'api' },
    { kind: 'is', field: 'route', value: row.route },
    { kind: 'is', field: 'method', value: row.method },
  ];
}

export function RouteTable() {
  const env = useDashboardEnv();
  const asked = chartCall('routeTable', env.query, env.range);
  const call = useDashboardCall(env.client, asked.call, asked.input, env.refresh, env.onFatal);
  const [sort, setSort] = useState<RouteSort>({ column: 'count', dir: 'desc' });
  const rows = useMemo(() => sortRouteRows(call.value?.rows ?? [], sort), [call.value, sort]);
  const approximate = call.value?.approximate ?? false;

  return (
    <ChartCard
      title="Routes"
      note={`API calls per route${approximate ? ' (percentiles estimated by the store)' : ''}`}
      testId="route-table"
      loading={call.loading}
      error={call.error}
      empty={rows.length === 0}
      emptyText="No API calls in this range"
      wide
    >
      <div className="dash-table-scroll">
        <table className="dash-table">
          <thead>
            <tr>
              {ROUTE_COLUMNS.map((c) => (
                <th
                  key={c.id}
                  className={`sortable${c.numeric ? ' num' : ''}`}
                  aria-sort={sort.column === c.id ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="dash-sort" data-testid={`route-sort-${c.id}`} onClick={() => setSort((s) => nextSort(s, c.id))}>
                    {c.label}
                    <span className="dash-sort-mark" aria-hidden="true">
                      {sort.column === c.id ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const go = () => env.drill(routeTerms(row));
              return (
                <tr
                  key={`${i} ${row.method ?? ''} ${row.route ?? ''}`}
                  tabIndex={0}
                  data-testid="route-row"
                  title="Show these calls in the explorer"
                  onClick={go}
                  onKeyDown={(e) => activateOnKey(e, go)}
                >
                  <td className="dash-route">
                    {row.method !== null && (
                      <span className="dash-method">
                        <VisibleText text={row.method} />
                      </span>
                    )}
                    {row.method !== null && ' '}
                    {row.route === null ? <span className="dim">(no route)</span> : <VisibleText text={row.route} />}
                  </td>
                  <td className="num">{formatCount(row.count)}</td>
                  <td className="num">{formatCount(row.errors)}</td>
                  <td className="num">{formatPercent(errorRate(row))}</td>
                  <td className="num">{formatMs(row.p50)}</td>
                  <td className="num">{formatMs(row.p95)}</td>
                  <td className="num">{formatMs(row.p99)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </ChartCard>
  );
}
