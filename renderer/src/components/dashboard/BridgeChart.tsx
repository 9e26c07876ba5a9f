// Which endpoint's failures drive users away: per route, the share of sessions that ended within
// N minutes after a failed, a slow and a normal call (one stats.bridge call), N chosen here.
import { useMemo, useState } from 'react';
import { bridgeModel } from '../../lib/chart-bridge.js';
import { chartCall } from '../../lib/dashboard-calls.js';
import { BRIDGE_WINDOWS, DEFAULT_BRIDGE_WINDOW, type BridgeWindow } from '../../lib/dashboard-range.js';
import { ChartCard, Segmented } from './ChartCard.js';
import { EChart } from './EChart.js';
import { useDashboardEnv } from './env.js';
import { useDashboardCall } from './useDashboardCall.js';

const WINDOW_OPTIONS = BRIDGE_WINDOWS.map((m) => ({ id: m, label: `${m} min` }));

export function BridgeChart() {
  const env = useDashboardEnv();
  const [windowMinutes, setWindow] = useState<BridgeWindow>(DEFAULT_BRIDGE_WINDOW);
  // The busiest routes, as the core picks them (lib/dashboard-calls.ts), sorted by failure share in the chart.
  const asked = chartCall('bridge', env.query, env.range, { bridgeWindow: windowMinutes });
  const call = useDashboardCall(env.client, asked.call, asked.input, env.refresh, env.onFatal);
  const { value } = call;
  const { palette } = env;
  const model = useMemo(() => (value ? bridgeModel(value.rows, value.window_minutes, palette) : null), [value, palette]);
  return (
    <ChartCard
      title="Did failures drive users away?"
      note={`Per route, sessions that ended within ${value?.window_minutes ?? windowMinutes} min after a failed, a slow (above the route's p95) or a normal call`}
      testId="chart-bridge"
      loading={call.loading}
      error={call.error}
      empty={!model || model.empty}
      emptyText="No API calls in sessions in this range"
      controls={<Segmented<BridgeWindow> options={WINDOW_OPTIONS} value={windowMinutes} onChange={setWindow} label="Window" testId="bridge-window" />}
      wide
    >
      {model && <EChart model={model} onDrill={env.drill} label="Sessions that ended after failed, slow and normal calls, per route" testId="chart-bridge-chart" size="tall" />}
    </ChartCard>
  );
}
