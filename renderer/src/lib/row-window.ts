// Where rows sit in a table of any length. Browsers cap an element's height (Chrome near 33.5M
// px, Firefox near 17.9M), so 1,000,000 rows of 24 px cannot each have their own pixel row:
// past MAX_SCROLL_PX the scroll range is scaled, and a scroll position means a fraction of the
// way through the results (the top is the first row, the very bottom the last) rather than a
// pixel offset. Below the cap the mapping is the plain one, one pixel per pixel. Pure.

/** Well under every browser's cap, so the scaled range never meets it. */
export const MAX_SCROLL_PX = 4_000_000;

export interface WindowGeometry {
  total: number;
  rowHeight: number;
  /** Height of the area rows show in (the viewport less the header). */
  bodyHeight: number;
}

/** How many rows fit in the body (fractional). */
export const rowsInView = (g: WindowGeometry) => Math.max(0, g.bodyHeight / g.rowHeight);

/** The height of the scrolled content under the header. */
export function contentHeight(g: WindowGeometry): number {
  return Math.min(g.total * g.rowHeight, MAX_SCROLL_PX);
}

/** Largest scrollTop the content allows. */
export function maxScroll(g: WindowGeometry): number {
  return Math.max(0, contentHeight(g) - g.bodyHeight);
}

/** The last row index that can be the top one: the bottom of the results is then in view. */
export function lastTopRow(g: WindowGeometry): number {
  return Math.max(0, g.total - rowsInView(g));
}

/** The (fractional) index of the row at the top of the body for a scroll position. */
export function topRowAt(scrollTop: number, g: WindowGeometry): number {
  const max = maxScroll(g);
  if (max <= 0) return 0;
  const clamped = Math.min(Math.max(scrollTop, 0), max);
  return (clamped / max) * lastTopRow(g);
}

/** The scroll position that puts row `top` (fractional) at the top of the body. */
export function scrollTopFor(top: number, g: WindowGeometry): number {
  const last = lastTopRow(g);
  if (last <= 0) return 0;
  return (Math.min(Math.max(top, 0), last) / last) * maxScroll(g);
}

/**
 * The scroll position that brings row `index` into view, moving as little as possible (none
 * when it already is fully in view), for keyboard moves.
 */
export function scrollTopToReveal(index: number, scrollTop: number, g: WindowGeometry): number {
  const top = topRowAt(scrollTop, g);
  const fit = rowsInView(g);
  if (index < top) return scrollTopFor(index, g);
  if (index + 1 > top + fit) return scrollTopFor(index + 1 - fit, g);
  return scrollTop;
}

export interface PlacedRow {
  index: number;
  /** Offset from the top of the body, in px (the first may start above it). */
  y: number;
}

/** The rows to draw for a scroll position: those in view and `overscan` beyond each edge. */
export function placedRows(scrollTop: number, g: WindowGeometry, overscan = 4): PlacedRow[] {
  if (g.total <= 0) return [];
  const top = topRowAt(scrollTop, g);
  const first = Math.floor(top);
  const from = Math.max(0, first - overscan);
  const to = Math.min(g.total - 1, Math.ceil(top + rowsInView(g)) - 1 + overscan);
  const out: PlacedRow[] = [];
  for (let i = from; i <= to; i++) out.push({ index: i, y: (i - top) * g.rowHeight });
  return out;
}

/** Blocks of `size` rows that cover rows [from, to]. */
export function blocksCovering(from: number, to: number, size: number, total: number): number[] {
  if (total <= 0 || to < from) return [];
  const a = Math.max(0, Math.floor(from / size));
  const b = Math.min(Math.floor((total - 1) / size), Math.floor(Math.max(from, to) / size));
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}
