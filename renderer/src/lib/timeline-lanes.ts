// The lanes above the waterfall: page views as sections lasting until the next page view,
// user actions and log records as marks, and which marks fit on screen at a zoom. Pure, no DOM.
import type { LogEvent } from '../../../shared/events.js';
import { xOf, type Span } from './timeline-scale.js';
import { firstAtOrAfter } from '../../../shared/sorted.js';

/** The type every importer and mapper gives a page view (segment `page`, PostHog `$pageview`, HAR pages). */
export const PAGE_VIEW_TYPE = 'page_view';
/** The browser SDK's type for an error the page ran into (its message in `message`). */
export const ERROR_TYPE = 'error_encountered';

export interface PageSection {
  id: string;
  page: string;
  start: number;
  end: number;
}

/** Each page view lasts until the next one, the last until the session's end. */
export function pageSections(events: readonly LogEvent[], sessionEnd: number): PageSection[] {
  const sections: PageSection[] = [];
  for (const e of events) {
    if (e.kind !== 'user' || e.type !== PAGE_VIEW_TYPE) continue;
    const last = sections.at(-1);
    if (last) last.end = Math.max(e.time, last.start);
    sections.push({ id: e.id, page: e.page ?? e.target ?? e.message ?? '', start: e.time, end: Math.max(sessionEnd, e.time) });
  }
  return sections;
}

export type MarkTone = 'error' | 'warn' | 'submit' | 'plain';

export interface Mark {
  id: string;
  time: number;
  /** The action's type, or the log record's level. */
  type: string;
  /** What to read beside the mark: an error's message, a click's target, a log's message. */
  text: string;
  tone: MarkTone;
}

function actionTone(type: string): MarkTone {
  const t = type.toLowerCase();
  if (t === ERROR_TYPE || t.includes('error') || t.includes('exception')) return 'error';
  if (t.includes('submit')) return 'submit';
  return 'plain';
}

function levelTone(level: string | undefined): MarkTone {
  const l = (level ?? '').toLowerCase();
  if (l.startsWith('err') || l === 'fatal' || l === 'critical' || l === 'crit' || l === 'emerg' || l === 'alert') return 'error';
  if (l.startsWith('warn')) return 'warn';
  return 'plain';
}

/** User events other than page views (those are the sections), oldest first. */
export function actionMarks(events: readonly LogEvent[]): Mark[] {
  const marks: Mark[] = [];
  for (const e of events) {
    if (e.kind !== 'user' || e.type === PAGE_VIEW_TYPE) continue;
    const type = e.type ?? 'action';
    const tone = actionTone(type);
    const text = tone === 'error' ? (e.message ?? e.target ?? '') : (e.target ?? e.message ?? e.page ?? '');
    marks.push({ id: e.id, time: e.time, type, text, tone });
  }
  return marks;
}

export function logMarks(events: readonly LogEvent[]): Mark[] {
  const marks: Mark[] = [];
  for (const e of events) {
    if (e.kind === 'log') marks.push({ id: e.id, time: e.time, type: e.level ?? 'log', text: e.message ?? '', tone: levelTone(e.level) });
  }
  return marks;
}

export interface PlacedMark {
  mark: Mark;
  x: number;
  /** Room for its text before the next mark, in px; 0 when too little to read. */
  labelWidth: number;
}

export const MARK_MIN_GAP_PX = 6;
const MAX_LABEL_PX = 240;
const MIN_LABEL_PX = 28;
const LABEL_OFFSET_PX = 8;

/**
 * The marks to draw at this zoom: only those on screen, and no two closer than
 * MARK_MIN_GAP_PX (an error wins its place over a plain action), so ten thousand marks in one
 * pixel cost one element. The selected mark is always drawn. Each gets the room for its text.
 */
export function placeMarks(marks: readonly Mark[], view: Span, width: number, selectedId: string | null = null): PlacedMark[] {
  if (width <= 0 || marks.length === 0) return [];
  const perPx = (view.end - view.start) / width;
  const from = firstAtOrAfter(marks, view.start - MARK_MIN_GAP_PX * perPx);
  const kept: { mark: Mark; x: number }[] = [];
  let selected: { mark: Mark; x: number } | null = null;
  for (let i = from; i < marks.length; i++) {
    const mark = marks[i]!;
    if (mark.time > view.end) break;
    const x = xOf(mark.time, view, width);
    if (mark.id === selectedId) selected = { mark, x };
    const last = kept.at(-1);
    if (last === undefined || x - last.x >= MARK_MIN_GAP_PX) kept.push({ mark, x });
    else if (mark.tone === 'error' && last.mark.tone !== 'error') kept[kept.length - 1] = { mark, x };
  }
  if (selected && !kept.some((k) => k.mark.id === selectedId)) {
    kept.push(selected);
    kept.sort((a, b) => a.x - b.x);
  }
  return kept.map((k, i) => {
    const next = kept[i + 1]?.x ?? width;
    const room = Math.min(next - k.x - LABEL_OFFSET_PX - 2, MAX_LABEL_PX);
    return { mark: k.mark, x: k.x, labelWidth: k.mark.text === '' || room < MIN_LABEL_PX ? 0 : room };
  });
}
