// The timeline's one time axis: which span of time the track shows, how a time maps to a
// pixel, and how zooming, panning and centring change the span. Pure numbers, no DOM.

/** A span of time in epoch ms; `end` is after `start`. */
export interface Span {
  start: number;
  end: number;
}

/** The deepest zoom: this many ms across the whole track. */
export const MIN_SPAN_MS = 5;
/** The span shown around an event the view is centred on ("open in session"). */
export const FOCUS_SPAN_MS = 20_000;
/** Air on each side of a session's events at the widest zoom, as a share of its length. */
const PAD_SHARE = 0.02;

export const spanOf = (v: Span): number => v.end - v.start;

/** The widest view of events from `first` to `last`: a little air on both sides, never empty. */
export function extentOf(first: number, last: number): Span {
  const length = Math.max(last - first, 0);
  if (length < MIN_SPAN_MS * 20) {
    // One event, or a burst within 100 ms: a second around it reads better than 5 ms.
    const half = 500;
    const mid = (first + last) / 2;
    return { start: mid - half, end: mid + half };
  }
  const pad = length * PAD_SHARE;
  return { start: first - pad, end: last + pad };
}

export function xOf(t: number, view: Span, width: number): number {
  return ((t - view.start) / spanOf(view)) * width;
}

export function timeAt(x: number, view: Span, width: number): number {
  return width <= 0 ? view.start : view.start + (x / width) * spanOf(view);
}

/**
 * Keeps a view sensible: no narrower than MIN_SPAN_MS, no wider than the extent, and its middle
 * inside the extent (so any event can be centred, even the first, and panning cannot lose the
 * session off screen).
 */
export function clampView(view: Span, extent: Span): Span {
  const maxSpan = spanOf(extent);
  const span = Math.min(Math.max(spanOf(view), MIN_SPAN_MS), Math.max(maxSpan, MIN_SPAN_MS));
  if (span >= maxSpan) return { start: extent.start, end: extent.start + span };
  const mid = Math.min(Math.max((view.start + view.end) / 2, extent.start), extent.end);
  return { start: mid - span / 2, end: mid + span / 2 };
}

/** Zooms by `factor` (below 1 zooms in) keeping the time under `anchor` where it is on screen. */
export function zoomView(view: Span, factor: number, anchor: number, extent: Span): Span {
  const share = (anchor - view.start) / spanOf(view);
  const target = Math.min(Math.max(spanOf(view) * factor, MIN_SPAN_MS), Math.max(spanOf(extent), MIN_SPAN_MS));
  const start = anchor - share * target;
  return clampView({ start, end: start + target }, extent);
}

export function panView(view: Span, deltaMs: number, extent: Span): Span {
  return clampView({ start: view.start + deltaMs, end: view.end + deltaMs }, extent);
}

/** A view with `t` in its middle, `span` wide (clamped like any view). */
export function centreView(t: number, span: number, extent: Span): Span {
  return clampView({ start: t - span / 2, end: t + span / 2 }, extent);
}

/** How wide to show an event when centring on it: enough to see what came just before. */
export function focusSpan(durationMs: number | undefined, extent: Span): number {
  return Math.min(Math.max(FOCUS_SPAN_MS, (durationMs ?? 0) * 4), spanOf(extent));
}

/** Left edge and width of a bar in px, or null when it lies wholly outside the track. */
export function barGeometry(start: number, end: number, view: Span, width: number, minWidth = 2): { left: number; width: number } | null {
  const x0 = xOf(start, view, width);
  const x1 = xOf(end, view, width);
  if (x1 < 0 || x0 > width) return null;
  // Cut at a screen's width beyond the track: deep zoom would otherwise ask for bars
  // millions of px wide, which browsers draw slowly or not at all.
  const left = Math.max(x0, -width);
  const right = Math.min(x1, width * 2);
  return { left, width: Math.max(right - left, minWidth) };
}

const STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
  60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/** Axis ticks at round times, at least `minGapPx` apart. Steps are whole ms, so ticks fall on clock times. */
export function ticks(view: Span, width: number, minGapPx = 90): { step: number; times: number[] } {
  if (width <= 0) return { step: 0, times: [] };
  const wanted = (spanOf(view) / width) * minGapPx;
  const step = STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
  const times: number[] = [];
  for (let t = Math.ceil(view.start / step) * step; t <= view.end; t += step) times.push(t);
  return { step, times };
}

/**
 * The part of a `YYYY-MM-DD HH:MM:SS.mmm` time (lib/format.ts) a tick needs at its step: minutes
 * for coarse steps, seconds, then milliseconds. Ticks land on whole multiples of the step in UTC,
 * so in a zone with an odd offset (UTC+05:45) minute ticks still read as whole minutes.
 */
export function tickLabel(formatted: string, step: number): string {
  if (step >= 60_000) return formatted.slice(11, 16);
  if (step >= 1_000) return formatted.slice(11, 19);
  return formatted.slice(14, 23);
}
