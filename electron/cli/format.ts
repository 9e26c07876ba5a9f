// How events and tables look on a terminal, and as `--json` (one object per line).
import type { LogEvent } from '../../shared/events.js';
import { revealBidi } from '../../shared/bidi.js';

export function eventToJson(e: LogEvent): Record<string, unknown> {
  return { ...e, time: new Date(e.time).toISOString() };
}

/**
 * One line per event, lnav-like: time, kind, then what matters for that kind. Text-direction
 * characters are shown as markers (shared/bidi.ts): a terminal would obey them.
 */
export function eventToLine(e: LogEvent): string {
  const time = new Date(e.time).toISOString();
  const parts: (string | number | undefined)[] = [time, e.kind.padEnd(4)];
  if (e.kind === 'api') {
    parts.push(e.method, e.status, e.url ?? e.route, e.duration_ms !== undefined ? `${e.duration_ms}ms` : undefined);
  } else if (e.kind === 'user') {
    parts.push(e.type, e.page, e.target, e.message);
  } else {
    parts.push(e.level?.toUpperCase(), e.message);
  }
  if (e.session_id) parts.push(`session=${e.session_id}`);
  return revealBidi(parts.filter((p) => p !== undefined && p !== '').join(' '));
}

export function table(headers: string[], rows: (string | number | null)[][], rightAligned: Set<number>): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '-' : revealBidi(String(c)))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(headers), ...cells.map(fmt)].join('\n');
}
