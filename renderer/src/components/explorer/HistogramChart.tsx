// The histogram's ECharts instance: like the dashboard's charts (useEChart), plus a drag across
// the plot (ECharts' brush, always armed) that zooms to the dragged buckets, and a double-click
// that zooms back out.
import { useEffect, useRef } from 'react';
import type { HistogramModel } from '../../lib/chart-histogram.js';
import { useEChart, type KeptChart } from '../dashboard/useEChart.js';

interface Props {
  model: HistogramModel;
  /** The buckets from `first` to `last` (axis indexes) were dragged across. */
  onZoom(first: number, last: number): void;
  onZoomOut(): void;
}

const KEPT: KeptChart = {
  replace: ['series', 'xAxis', 'yAxis', 'legend', 'tooltip', 'grid'],
  // Armed without a toolbox button: a drag anywhere on the plot draws the brush. Counted on the
  // element (data-armed), so a test sees it is armed once, not at every draw.
  setUp: (instance) => {
    instance.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: 'lineX', brushMode: 'single' } });
    const dom = instance.getDom();
    dom.setAttribute('data-armed', String(Number(dom.getAttribute('data-armed') ?? 0) + 1));
  },
};

/** A drag narrower than this many pixels is a click, not a range. */
const MIN_DRAG_PX = 4;

const pair = (v: unknown): [number, number] | null =>
  Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number' ? [v[0], v[1]] : null;

export function HistogramChart({ model, onZoom, onZoomOut }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef({ onZoom, onZoomOut });
  latest.current = { onZoom, onZoomOut };
  // Drawn as soon as its data is in: the histogram asks only once the table's rows for the same
  // search are in (useHeld), so it no longer waits for an idle moment to let them go first.
  const option = model.option;

  useEChart(
    box,
    option,
    (instance) => {
      instance.on('brushEnd', (raw) => {
        const areas: unknown = (raw as { areas?: unknown }).areas;
        const area = (Array.isArray(areas) ? areas[0] : undefined) as { range?: unknown; coordRange?: unknown } | undefined;
        instance.dispatchAction({ type: 'brush', areas: [] });
        const px = pair(area?.range);
        const buckets = pair(area?.coordRange);
        if (!px || !buckets || Math.abs(px[1] - px[0]) < MIN_DRAG_PX) return;
        latest.current.onZoom(Math.round(buckets[0]), Math.round(buckets[1]));
      });
      instance.getZr().on('dblclick', () => latest.current.onZoomOut());
    },
    // The plot's parts change with each search; the brush and its armed cursor stay.
    KEPT,
  );
  // Counts the options drawn, so a test or a benchmark can wait for the chart, not only its data.
  const drawn = useRef(0);
  useEffect(() => {
    box.current?.setAttribute('data-drawn', String(++drawn.current));
  }, [option]);

  return (
    <div
      ref={box}
      className="histogram-chart"
      role="img"
      aria-label="Matched events over time; drag across to zoom into a time range, double-click to zoom out"
      data-testid="histogram-chart"
    />
  );
}
