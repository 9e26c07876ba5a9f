// How events and tables look on a terminal, and as `--json` (one object per line). Log text
// comes from whoever could reach the collector, and a terminal obeys what it prints: escape
// sequences can write the clipboard, set the title or redraw lines already shown. So nothing
// from the data reaches stdout as a control character.
import type { LogEvent } from '../../shared/events.js';
import { revealInvisible } from '../../shared/bidi.js';
import { EVENT_FIELDS } from '../../shared/fields.js';

/** Top-level keys in the catalogue's order (shared/fields.ts), the derived flag beside its session. */
const KEY_ORDER: readonly string[] = EVENT_FIELDS.filter((f) => f.placement === 'top').flatMap((f) =>
  f.name === 'session_id' ? [f.name, 'session_derived'] : [f.name],
);
/** Our own columns carried in attrs lead it, in the catalogue's order too. */
const ATTRS_ORDER: readonly string[] = EVENT_FIELDS.filter((f) => f.placement === 'attrs').map((f) => f.name);

/** `obj` with the `first` keys leading in that order; the others follow as they were. */
function ordered(obj: Record<string, unknown>, first: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of first) if (obj[k] !== undefined && Object.hasOwn(obj, k)) out[k] = obj[k];
  for (const [k, v] of Object.entries(obj)) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

/** One event as `--json` prints it: every line lists its keys in the same order, attrs last. */
export function eventToJson(e: LogEvent): Record<string, unknown> {
  const { attrs, ...fields } = e;
  const out = ordered({ ...fields, time: new Date(e.time).toISOString() }, KEY_ORDER);
  if (attrs !== undefined) out.attrs = ordered(attrs, ATTRS_ORDER);
  return out;
}

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 (U+0080–9F: CSI and OSC for some
 * terminals), the line/paragraph separators and text-direction characters raw. Inside JSON
 * they can only be in strings, where `\uXXXX` is the same value: a parser reads back exactly
 * the data, and a terminal showing the line sees only ASCII for them.
 */
const JSON_UNSAFE = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** One `--json` line. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * One line per event, lnav-like: time, kind, then what matters for that kind. Control and
 * text-direction characters, newlines included, are shown as markers (shared/bidi.ts).
 */
export function eventToLine(e: LogEvent): string {
  const time = new Date(e.time).toISOString();
  const parts: (string | number | undefined)[] = [time, e.kind.padEnd(4)];
  if (e.kind === 'api') {
    parts.push(e.method, e.status, e.url ?? e.route, e.duration_ms === undefined ? undefined : `${num(e.duration_ms)} ms`);
  } else if (e.kind === 'user') {
    parts.push(e.type, e.page, e.target, e.message);
  } else {
    parts.push(e.level?.toUpperCase(), e.message);
  }
  if (e.session_id) parts.push(`session=${e.session_id}`);
  return revealInvisible(parts.filter((p) => p !== undefined && p !== '').join(' '));
}

export function table(headers: string[], rows: (string | number | null)[][], rightAligned: Set<number>): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '-' : revealInvisible(String(c)))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(headers), ...cells.map(fmt)].join('\n');
}

/** Fixed to one locale so output reads (and greps) the same on every machine. */
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A count or a measure as a reader scans it: thousands separated, at most one decimal (1,234.5). */
export const num = (n: number): string => NUMBER.format(n);

export const msText = (ms: number | null): string | null => (ms === null ? null : `${num(ms)} ms`);

/** How long something lasted, in the units a reader would say it in (850 ms, 12.5 s, 4m 05s, 2h 03m). */
export function durationText(ms: number): string {
  if (ms < 1000) return `${num(ms)} ms`;
  if (ms < 59_950) return `${num(ms / 1000)} s`;
  const s = Math.round(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  const m = Math.round(s / 60);
  if (m < 24 * 60) return `${Math.floor(m / 60)}h ${two(m % 60)}m`;
  const h = Math.round(m / 60);
  return `${num(Math.floor(h / 24))}d ${two(h % 24)}h`;
}

/** Epoch ms as the reader's own clock shows it (the TZ of the shell), to the second. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
