// The dashboard's page: charts of the current search through the port's aggregates
// (stats.aggregate, stats.routes, stats.bridge), one call per chart, over a time range chosen
// here. Every chart element drills down into the explorer with the search narrowed to that
// element's events. Loaded on first use (DashboardView.tsx), so ECharts is not in the explorer's bundle.
import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Client, CallFailed } from '../../api/client.js';
import { debounce } from '../../lib/debounce.js';
import { drillQuery, type DrillTerm } from '../../lib/dashboard-query.js';
import { chartCall } from '../../lib/dashboard-calls.js';
import { summarise } from '../../lib/dashboard-summary.js';
import { DEFAULT_RANGE, RANGE_PRESETS, rangeFor, type RangePreset } from '../../lib/dashboard-range.js';
import { excerptAt } from '../../lib/query-pointer.js';
import { UtcContext } from '../../lib/time-zone.js';
import { LoadDemoButton } from '../LoadDemoButton.js';
import { BridgeChart } from './BridgeChart.js';
import { Segmented } from './ChartCard.js';
import { DashboardEnvContext, usePalette, type DashboardEnv } from './env.js';
import { EventTypesChart, SlowRoutesChart, StatusCodesChart, TopPagesChart, TopRoutesChart } from './RankedCharts.js';
import { RouteTable } from './RouteTable.js';
import { Summary } from './Summary.js';
import { ErrorRateChart, LatencyChart, TrafficChart, UnauthorizedChart } from './TimeCharts.js';
import { UnauthorizedSources } from './UnauthorizedSources.js';
import { useDashboardCall } from './useDashboardCall.js';
import type { DashboardViewProps } from './DashboardView.js';
import '../../styles/dashboard.css';

/** New events redraw the charts at most this often: a burst of collector traffic costs one round of calls. */
const DASHBOARD_REFRESH_MS = 1000;

export default function DashboardPage({ client, query, onDrill, onFatal }: DashboardViewProps) {
  const utc = useContext(UtcContext);
  const [preset, setPreset] = useState<RangePreset>(DEFAULT_RANGE);
  const [refresh, setRefresh] = useState(0);
  const palette = usePalette();
  // "Last hour" ends now: re-anchored whenever the charts ask again.
  const range = useMemo(() => rangeFor(preset, Date.now()), [preset, refresh]);

  useEffect(() => {
    const again = debounce(() => setRefresh((r) => r + 1), DASHBOARD_REFRESH_MS, 5 * DASHBOARD_REFRESH_MS);
    const off = client.subscribe('events.added', () => again());
    return () => {
      again.cancel();
      off();
    };
  }, [client]);

  // The figures count a call the browser and the server both recorded once; the drill-downs
  // leave out the same records, so the explorer lists what was counted.
  const echo = useDashboardCall(client, 'stats.one_record_per_call', {}, refresh, onFatal);
  const leaveOut = echo.value?.query ?? '';
  // A term the language cannot say (a value holding control characters and a literal `*`) is left
  // out by drillQuery, as is an echo filter too long to say: the explorer then shows a superset
  // of the element's events.
  const drill = useCallback(
    (terms: DrillTerm[]) => onDrill([drillQuery(query, range, terms).query, leaveOut].filter((q) => q !== '').join(' ')),
    [onDrill, query, range, leaveOut],
  );
  const env: DashboardEnv = useMemo(
    () => ({ client, query, range, refresh, utc, palette, onFatal, drill }),
    [client, query, range, refresh, utc, palette, onFatal, drill],
  );

  const summaryCall = chartCall('summary', query, range);
  const summary = useDashboardCall(client, summaryCall.call, summaryCall.input, refresh, onFatal);
  const figures = summary.value ? summarise(summary.value) : null;
  const choose = (p: RangePreset) => {
    setPreset(p);
    setRefresh((r) => r + 1);
  };

  return (
    <DashboardEnvContext value={env}>
      <div className="dashboard" data-testid="dashboard">
        <div className="dash-bar">
          <Segmented<RangePreset> options={RANGE_PRESETS} value={preset} onChange={choose} label="Time range" testId="dash-range" />
          {summary.loading && <span className="spinner" aria-label="Loading" />}
        </div>
        {summary.error ? (
          <QueryErrorBanner error={summary.error} query={query} />
        ) : figures === null ? null : figures.events === 0 ? (
          <Empty searching={query.trim() !== '' || preset !== 'all'} client={client} onLoaded={() => setRefresh((r) => r + 1)} />
        ) : (
          <>
            <Summary figures={figures} onDrill={drill} />
            <div className="dash-grid">
              <TrafficChart />
              <ErrorRateChart />
              <LatencyChart />
              <RouteTable />
              <TopRoutesChart />
              <SlowRoutesChart />
              <StatusCodesChart />
              <EventTypesChart />
              <TopPagesChart />
              <UnauthorizedSources />
              <UnauthorizedChart />
              <BridgeChart />
            </div>
          </>
        )}
      </div>
    </DashboardEnvContext>
  );
}

/** The search's error, once for every chart: the message, and where a syntax error points. */
function QueryErrorBanner({ error, query }: { error: CallFailed; query: string }) {
  const column = error.code === 'QUERY_SYNTAX' && error.column !== undefined ? error.column : null;
  const excerpt = column === null ? null : excerptAt(query, column);
  return (
    <div className="dash-error" role="alert" data-testid="dash-query-error">
      <div>{error.message}</div>
      {excerpt && (
        <pre className="dash-error-excerpt" aria-hidden="true">
          {excerpt.clippedStart && '…'}
          {excerpt.before}
          <mark>{excerpt.at}</mark>
          {excerpt.after}
          {excerpt.clippedEnd && '…'}
        </pre>
      )}
    </div>
  );
}

function Empty({ searching, client, onLoaded }: { searching: boolean; client: Client; onLoaded(): void }) {
  if (searching) {
    return (
      <div className="empty" data-testid="dash-empty">
        <div className="empty-title">No events match</div>
        <div className="dim">Nothing matches this search in this time range.</div>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="dash-empty">
      <div className="empty-title">No events yet</div>
      <div className="dim">Open a log file or load the demo data.</div>
      <LoadDemoButton client={client} onLoaded={onLoaded} />
    </div>
  );
}
