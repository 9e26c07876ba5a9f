// The strip above the explorer's table: the time-range picker, then the histogram of what the
// search matches in that range, stacked by status class or kind. Dragging across the bars zooms
// to them (an absolute range in the URL, a new history entry); the zoom-out button or a
// double-click steps back. Refreshes with the table (the `refresh` tick of live updates).
import { Suspense, lazy, useContext, useMemo, useRef, memo } from 'react';
import type { CallFailed, Client } from '../../api/client.js';
import { histogramModel, HISTOGRAM_BUCKETS, type HistogramBy } from '../../lib/chart-histogram.js';
import { rangeKey, resolveRange, zoomOut, type ExplorerRange } from '../../lib/explorer-range.js';
import { formatCount } from '../../lib/chart-base.js';
import { UtcContext } from '../../lib/time-zone.js';
import { useStoredFlag } from '../../hooks/useStoredFlag.js';
import { useHeld } from '../../hooks/useHeld.js';
import { useDashboardCall } from '../dashboard/useDashboardCall.js';
import { usePalette } from '../dashboard/env.js';
import { Segmented } from '../dashboard/ChartCard.js';
import { TimeRangePicker } from './TimeRangePicker.js';
import '../../styles/dashboard.css';
import '../../styles/explorer-histogram.css';

interface Props {
  client: Client;
  /** The search, as in the URL (the table shows the same). */
  query: string;
  range: ExplorerRange | undefined;
  hideAssets: boolean;
  /** Changes when new events arrived (live updates): ask again, and re-evaluate a relative range. */
  refresh: number;
  /** The table's search for what is shown here has not ended: ask once it has (its rows are in). */
  hold: boolean;
  /** A new range, picked or zoomed to (a history entry of its own, so back returns to the one before). */
  onRange(range: ExplorerRange | undefined): void;
  onFatal(err: CallFailed): void;
}

// ECharts loads after the table's first rows, as for the dashboard: it is most of the bundle.
const HistogramChart = lazy(() => import('./HistogramChart.js').then((m) => ({ default: m.HistogramChart })));

const BY_OPTIONS: readonly { id: HistogramBy; label: string }[] = [
  { id: 'status_class', label: 'Status' },
  { id: 'kind', label: 'Kind' },
];

/** A zoom made here, and the range it zoomed from: zooming out returns to it while the zoomed range is still shown. */
interface Zoomed {
  key: string;
  previous: ExplorerRange | undefined;
}

// Memoised: a table answer re-renders the App; this re-renders only when its hold or search changes.
export const ExplorerHistogram = memo(function ExplorerHistogram({ client, query, range, hideAssets, refresh, hold, onRange, onFatal }: Props) {
  const [hidden, setHidden] = useStoredFlag('logbridge.histogram.hidden');
  const [byKind, setByKind] = useStoredFlag('logbridge.histogram.byKind');
  const by: HistogramBy = byKind ? 'kind' : 'status_class';
  const zooms = useRef<Zoomed[]>([]);

  const zoomTo = (next: ExplorerRange) => {
    zooms.current.push({ key: rangeKey(next), previous: range });
    onRange(next);
  };
  const back = () => {
    const top = zooms.current.at(-1);
    const mine = top?.key === rangeKey(range);
    if (mine) zooms.current.pop();
    else zooms.current = [];
    const out = zoomOut(range, mine && top ? top.previous : null);
    if (rangeKey(out) !== rangeKey(range)) onRange(out);
  };
  const canZoomOut = range !== undefined && !('preset' in range);

  return (
    <section className={`histogram${hidden ? ' collapsed' : ''}`} data-testid="histogram-strip">
      <div className="histogram-bar">
        <button
          type="button"
          className="button histogram-toggle"
          aria-expanded={!hidden}
          data-testid="histogram-toggle"
          title={hidden ? 'Show the histogram' : 'Hide the histogram'}
          onClick={() => setHidden(!hidden)}
        >
          {hidden ? '▸' : '▾'} Histogram
        </button>
        <TimeRangePicker range={range} onChange={onRange} />
        <button type="button" className="button" data-testid="zoom-out" disabled={!canZoomOut} onClick={back} title="Zoom out (or double-click the chart)">
          Zoom out
        </button>
        {!hidden && <Segmented<HistogramBy> options={BY_OPTIONS} value={by} onChange={(id) => setByKind(id === 'kind')} label="Stack by" testId="histogram-by" />}
      </div>
      {!hidden && <HistogramBody client={client} query={query} range={range} hideAssets={hideAssets} refresh={refresh} hold={hold} by={by} onZoom={zoomTo} onZoomOut={back} onFatal={onFatal} />}
    </section>
  );
});

interface BodyProps extends Omit<Props, 'onRange'> {
  by: HistogramBy;
  onZoom(range: ExplorerRange): void;
  onZoomOut(): void;
}

/** Only mounted while shown, so a hidden histogram asks nothing of the store. */
function HistogramBody({ client, hold, by, onZoom, onZoomOut, onFatal, ...search }: BodyProps) {
  const utc = useContext(UtcContext);
  const palette = usePalette();
  const held = useHeld(search, hold);
  const { query: asked, range, hideAssets, refresh } = held ?? search;
  const key = rangeKey(range);
  // A relative range ends at the moment of asking: re-evaluated on each refresh, not each render.
  // `range` is a new object on every parse of the URL; its key says when it really changed.
  const resolved = useMemo(() => resolveRange(range, Date.now()), [key, refresh]);
  const input = {
    query: asked,
    ...(resolved ? { range: resolved } : {}),
    group_by: [by],
    buckets: HISTOGRAM_BUCKETS,
    metrics: [{ op: 'count' as const }],
    limit: 10_000,
    hide_assets: hideAssets,
    every_record: true,
  };
  const call = useDashboardCall(client, 'stats.aggregate', input, refresh, onFatal, held !== null);
  const model = useMemo(
    () => (call.value ? histogramModel({ rows: call.value.rows, bucketMs: call.value.bucket_ms, ...(resolved ? { range: resolved } : {}), utc, palette }, by) : null),
    [call.value, resolved, utc, palette, by],
  );

  const state = call.error ? 'error' : !model ? 'loading' : model.empty ? 'empty' : 'ready';
  return (
    <div className="histogram-body" data-testid="histogram" data-state={call.loading ? 'loading' : state} data-total={model?.total ?? ''} aria-busy={call.loading}>
      {call.error ? (
        <div className="histogram-message error" role="alert">
          {call.error.code === 'QUERY_SYNTAX' ? 'The search has an error (shown above): fix it to see the histogram.' : call.error.message}
        </div>
      ) : !model ? (
        <div className="histogram-message">Loading…</div>
      ) : model.empty ? (
        <div className="histogram-message" data-testid="histogram-empty">
          {range ? 'No events match in this time range: pick a wider range, or All time.' : asked.trim() ? 'No events match this search: try fewer terms.' : 'No events yet: open a log file or send events to the collector.'}
        </div>
      ) : (
        <>
          <Suspense fallback={<div className="histogram-chart" />}>
            <HistogramChart
              model={model}
              onZoom={(first, last) => {
                const zoomed = model.zoom(first, last);
                if (zoomed) onZoom(zoomed);
              }}
              onZoomOut={onZoomOut}
            />
          </Suspense>
          <div className="histogram-note dim">
            {formatCount(model.total)} {model.total === 1 ? 'event' : 'events'} · drag across the bars to zoom in
          </div>
        </>
      )}
    </div>
  );
}
