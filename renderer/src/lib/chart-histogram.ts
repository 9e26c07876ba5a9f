// The explorer's histogram: the matched events per time bucket, stacked by status class or by
// kind, over the explorer's range (or the matches' own span when the range is open). It reuses
// the dashboard's time axis, tooltips and colours, adds a brush to drag across buckets, and
// turns a dragged span of buckets back into a time range to zoom to. Pure.
import type { ComposeOption } from 'echarts/core';
import type { BrushComponentOption } from 'echarts/components';
import type { Range } from './dashboard-query.js';
import { keyLabel } from './chart-text.js';
import { emptyModel, type ChartModel, type ChartOption, type ChartPalette } from './chart-base.js';
import { axisFor, pivotByKey, stackedCounts, trafficModel, type KeySeries, type TimeInput } from './chart-time-series.js';

export type HistogramBy = 'status_class' | 'kind';

export type HistogramOption = ChartOption & ComposeOption<BrushComponentOption>;

export interface HistogramModel extends Omit<ChartModel, 'option'> {
  option: HistogramOption;
  /** The events drawn, all buckets and series together (what the table counts, when nothing is cut off). */
  total: number;
  /** The time range of the buckets from `first` to `last` (indexes on the axis), clipped to the range shown. */
  zoom(first: number, last: number): { from: number; to: number } | null;
}

/** About this many buckets: enough to see a burst, few enough that each bar stays a few pixels wide. */
export const HISTOGRAM_BUCKETS = 80;

const KIND_ORDER = ['api', 'user', 'log'];
const KIND_NAMES: Record<string, string> = { api: 'API calls', user: 'User events', log: 'Logs' };

function kindColour(key: string | number | null, palette: ChartPalette): string {
  if (key === 'api') return palette.accent;
  if (key === 'user') return palette.user;
  return palette.log;
}

const kindRank = (s: KeySeries): number => {
  const i = KIND_ORDER.indexOf(String(s.key));
  return i === -1 ? KIND_ORDER.length : i;
};

/** The stacked histogram of stats.aggregate rows with buckets, grouped by `by`, metric [count]. */
export function histogramModel(input: TimeInput, by: HistogramBy): HistogramModel {
  const axis = axisFor(input);
  const none = { ...emptyModel(), option: {}, total: 0, zoom: () => null };
  if (!axis) return none;
  const { buckets, bucketMs } = axis;
  const series = pivotByKey(input.rows, buckets);
  const total = series.reduce((sum, s) => sum + s.total, 0);
  if (total === 0) return none;
  const base =
    by === 'status_class'
      ? trafficModel(input).option
      : stackedCounts(input, buckets, bucketMs, series.sort((a, b) => kindRank(a) - kindRank(b)), {
          stack: 'kind',
          name: (key) => (typeof key === 'string' && KIND_NAMES[key] ? KIND_NAMES[key] : keyLabel(key, 'No kind')),
          colour: (key) => kindColour(key, input.palette),
        });
  const option: HistogramOption = {
    ...base,
    // The canvas tooltip cannot leave this short chart: compact, so a bucket's every class and its total fit.
    tooltip: { ...(base.tooltip as object), padding: 4, textStyle: { color: input.palette.text, fontSize: 11 } },
    grid: { left: 56, right: 16, top: 28, bottom: 22, outerBoundsMode: 'none' },
    // Drawn on the canvas like the rest; the chart starts a drag as a brush (components/explorer/Histogram.tsx).
    brush: {
      xAxisIndex: 0,
      brushType: 'lineX',
      brushMode: 'single',
      transformable: false,
      brushStyle: { color: `${input.palette.accent}33`, borderColor: input.palette.accent, borderWidth: 1 },
      outOfBrush: { colorAlpha: 0.35 },
    },
  };
  return {
    empty: false,
    option,
    total,
    drill: () => null,
    zoom: (first, last) => {
      const lo = Math.max(0, Math.min(first, last));
      const hi = Math.min(buckets.length - 1, Math.max(first, last));
      const start = buckets[lo];
      const end = buckets[hi];
      if (start === undefined || end === undefined) return null;
      const from = Math.max(start, input.range?.from ?? start);
      const to = Math.min(end + bucketMs, input.range?.to ?? end + bucketMs);
      return to > from ? { from, to } : null;
    },
  };
}
