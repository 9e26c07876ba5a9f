// The clients and users with the most 401 and 403 answers (one stats.aggregate call grouped by
// both), with their last attempt; a row drills into that source's attempts.
import { formatCount } from '../../lib/chart-base.js';
import { Time } from '../../lib/time-zone.js';
import { VisibleText } from '../../lib/visible-text.js';
import { activateOnKey, ChartCard } from './ChartCard.js';
import { useDashboardEnv } from './env.js';
import { useDashboardCall } from './useDashboardCall.js';
import { chartCall, SCOPES } from '../../lib/dashboard-calls.js';
import type { DrillTerm } from '../../lib/dashboard-query.js';

const asText = (k: string | number | null | undefined): string | null => (k === null || k === undefined ? null : String(k));

function Key({ value, missing }: { value: string | null; missing: string }) {
  return value === null ? <span className="dim">{missing}</span> : <VisibleText text={value} />;
}

export function UnauthorizedSources() {
  const env = useDashboardEnv();
  const asked = chartCall('unauthorizedSources', env.query, env.range);
  const call = useDashboardCall(env.client, asked.call, asked.input, env.refresh, env.onFatal);
  const rows = call.value?.rows ?? [];
  return (
    <ChartCard
      title="Top unauthorized sources"
      note="Clients and users answered 401 or 403"
      testId="unauthorized-sources"
      loading={call.loading}
      error={call.error}
      empty={rows.length === 0}
      emptyText="No 401 or 403 answers in this range"
    >
      <div className="dash-table-scroll">
        <table className="dash-table">
          <thead>
            <tr>
              <th>Client</th>
              <th>User</th>
              <th className="num">Attempts</th>
              <th>Last</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const client = asText(row.keys[0]);
              const user = asText(row.keys[1]);
              const last = row.values[1];
              const terms: DrillTerm[] = [...SCOPES.unauthorized, { kind: 'is', field: 'ip_hash', value: client }, { kind: 'is', field: 'user_id', value: user }];
              const go = () => env.drill(terms);
              return (
                <tr key={i} tabIndex={0} data-testid="unauthorized-row" title="Show these attempts in the explorer" onClick={go} onKeyDown={(e) => activateOnKey(e, go)}>
                  <td className="mono dash-clip">
                    <Key value={client} missing="(none)" />
                  </td>
                  <td className="dash-clip">
                    <Key value={user} missing="(none)" />
                  </td>
                  <td className="num">{formatCount(row.values[0])}</td>
                  <td className="mono dash-time">{last === null || last === undefined ? '–' : <Time ms={last} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </ChartCard>
  );
}
