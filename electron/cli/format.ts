// How events and tables look on a terminal, and as `--json` (one object per line). Log text
// comes from whoever could reach the collector, and a terminal obeys what it prints: escape
// sequences can write the clipboard, set the title or redraw lines already shown. So nothing
// from the data reaches stdout as a control character.
import type { LogEvent } from '../../shared/events.js';
import { revealInvisible } from '../../shared/bidi.js';

// Shared with the UI's export (core/export/): one JSON shape for an event, wherever it is written.
export { eventToJson, jsonLine } from '../core/export/event-json.js';

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
