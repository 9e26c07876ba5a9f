// The explorer's time range: a preset that stays relative to now (re-evaluated on every search
// and live refresh) or an absolute span picked by hand or by dragging across the histogram. Kept
// in the URL (lib/nav.ts) and typed as text in local time or UTC. Pure: `now` is given.
import type { Range } from './dashboard-query.js';
import { RANGE_PRESETS, rangeFor, type RangePreset } from './dashboard-range.js';
import { formatTime } from './format.js';

/** A preset ending now (never 'all': everything is no range at all), or a fixed span, epoch ms, `to` exclusive. */
export type ExplorerRange = { preset: Exclude<RangePreset, 'all'> } | { from: number; to: number };

/** The latest instant a Date can hold; anything outside 0..this in the URL is ignored. */
const MAX_MS = 8.64e15;

const validMs = (ms: number): boolean => Number.isInteger(ms) && ms >= 0 && ms <= MAX_MS;

/** A URL value as epoch ms: whole digits, or an ISO date (what formatRangeParams writes); null otherwise. */
function parseInstant(text: string | null): number | null {
  if (text === null || text === '' || text.length > 40) return null;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return validMs(ms) ? ms : null;
}

const isPreset = (id: string | null): id is Exclude<RangePreset, 'all'> => id !== 'all' && RANGE_PRESETS.some((p) => p.id === id);

/** The range in URL parameters (`range=1h`, or `from` and `to`); anything unreadable is no range. */
export function parseRangeParams(p: URLSearchParams): ExplorerRange | undefined {
  const preset = p.get('range');
  if (isPreset(preset)) return { preset };
  const from = parseInstant(p.get('from'));
  const to = parseInstant(p.get('to'));
  if (from === null || to === null || from >= to) return undefined;
  return { from, to };
}

export const RANGE_PARAMS = ['range', 'from', 'to'] as const;

/** Writes the range into URL parameters (ISO instants, so a copied link reads as a date). */
export function setRangeParams(p: URLSearchParams, range: ExplorerRange | undefined): void {
  for (const key of RANGE_PARAMS) p.delete(key);
  if (!range) return;
  if ('preset' in range) {
    p.set('range', range.preset);
    return;
  }
  p.set('from', new Date(range.from).toISOString());
  p.set('to', new Date(range.to).toISOString());
}

/** The range as the calls take it at `now`; undefined for all time. */
export function resolveRange(range: ExplorerRange | undefined, now: number): Range | undefined {
  if (!range) return undefined;
  if ('preset' in range) return rangeFor(range.preset, now);
  return { from: range.from, to: range.to };
}

/** One text for a range, for comparing ranges and as an effect's dependency. */
export const rangeKey = (range: ExplorerRange | undefined): string =>
  !range ? 'all' : 'preset' in range ? range.preset : `${range.from}-${range.to}`;

/** `2026-12-07 13:05:00` in local time or UTC: what the from/to inputs show and accept. */
export function formatTimeInput(ms: number, utc: boolean): string {
  const text = formatTime(ms, utc);
  return text.endsWith('.000') ? text.slice(0, 19) : text;
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/** A typed time (`YYYY-MM-DD`, then optionally `HH:mm`, `:ss`, `.SSS`) in local time or UTC; null when it is not one. */
export function parseTimeInput(text: string, utc: boolean): number | null {
  const m = INPUT.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const milli = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const ms = utc ? Date.UTC(y, mo - 1, d, h, mi, s, milli) : new Date(y, mo - 1, d, h, mi, s, milli).getTime();
  if (!validMs(ms)) return null;
  // Date rolls 2026-02-31 over into March: a time that does not read back the same was not a real one.
  const back = formatTime(ms, utc);
  const typed = `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? '00'}:${m[5] ?? '00'}`;
  if (back.slice(0, 16) !== typed) return null;
  return ms;
}

/** The from/to inputs read as a range, or what is wrong with them (shown under the inputs). */
export function absoluteRange(fromText: string, toText: string, utc: boolean): { range: ExplorerRange } | { error: string } {
  const from = parseTimeInput(fromText, utc);
  if (from === null) return { error: `"From" is not a time: write it as YYYY-MM-DD HH:mm:ss${utc ? ' (UTC)' : ''}.` };
  const to = parseTimeInput(toText, utc);
  if (to === null) return { error: `"To" is not a time: write it as YYYY-MM-DD HH:mm:ss${utc ? ' (UTC)' : ''}.` };
  if (to <= from) return { error: '"To" must come after "From".' };
  return { range: { from, to } };
}

/** How the picker's button names the range. */
export function rangeLabel(range: ExplorerRange | undefined, utc: boolean): string {
  if (!range) return 'All time';
  if ('preset' in range) return RANGE_PRESETS.find((p) => p.id === range.preset)?.label ?? 'All time';
  return `${formatTimeInput(range.from, utc)} – ${formatTimeInput(range.to, utc)}${utc ? ' UTC' : ''}`;
}

/**
 * Zooming back out of a dragged range: the range it was zoomed from when known, else the same
 * span twice as wide around the same middle (a reloaded page has no history of its zooms).
 */
export function zoomOut(range: ExplorerRange | undefined, previous: ExplorerRange | undefined | null): ExplorerRange | undefined {
  if (previous !== null) return previous;
  if (!range || 'preset' in range) return undefined;
  const span = range.to - range.from;
  const from = Math.max(0, range.from - Math.ceil(span / 2));
  return { from, to: Math.min(MAX_MS, from + span * 2) };
}
