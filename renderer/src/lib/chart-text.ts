// Log text on a chart. ECharts draws labels, legends and (with renderMode 'richText') tooltips on
// the canvas, so markup in the text is never parsed as HTML; two things still act on it there:
// bidirectional and control characters (they reorder or hide what is around them, so they are
// shown as markers, as everywhere else: shared/bidi.ts) and ECharts' own rich-text markup,
// `{style|text}`, which would restyle or swallow the text around it. Pure.
import { revealInvisible } from '../../../shared/bidi.js';

/** What ECharts reads as a rich-text run (zrender's parseText STYLE_REG): `{name|`. */
const RICH_OPEN = /\{(?=[A-Za-z0-9_]+\|)/g;
/** Breaks the run without changing what is drawn: a zero-width space after the brace. */
const ZERO_WIDTH_SPACE = '\u200B';

/** Text that ECharts draws exactly as written: no rich-text runs, invisible characters shown. */
export function escapeRich(text: string): string {
  return text.replace(RICH_OPEN, `{${ZERO_WIDTH_SPACE}`);
}

/** Log text for a chart label or tooltip: visible markers for hidden characters, at most `max` characters. */
export function chartText(text: string, max = 120): string {
  const shown = revealInvisible(text);
  // By code point, so a cut never leaves half a surrogate pair to draw as a box.
  const points = Array.from(shown);
  const cut = points.length > max ? `${points.slice(0, max - 1).join('')}…` : shown;
  return escapeRich(cut);
}

/** A group key as a label: missing values are named, not left blank. */
export function keyLabel(key: string | number | null, missing = '(none)', max?: number): string {
  if (key === null) return missing;
  return chartText(String(key), max);
}
