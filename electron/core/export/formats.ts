// Export formats written one event at a time, so every match of a million streams out without
// being held: JSON lines, CSV and HAR. `logbridge query --format` and the UI's export (the
// download route and the desktop app's save) both write through these writers.
import type { LogEvent } from '../../../shared/events.js';
import type { ExportFormat } from '../../../shared/export.js';
import { harEntryOf } from '../../../shared/call-formats.js';
import { VERSION } from '../version.js';
import { eventToJson, jsonLine } from './event-json.js';

export interface Writer {
  /** What goes before the first event. */
  head(): string[];
  event(e: LogEvent): string[];
  tail(): string[];
}

const CSV_COLUMNS = ['time', 'kind', 'method', 'status', 'url', 'route', 'duration_ms', 'session_id', 'user_id', 'type', 'page', 'target', 'level', 'message', 'source'] as const;

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @ first) is
 * kept from running by a leading apostrophe: the log's author does not get to execute anything.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function exportWriter(format: ExportFormat): Writer {
  switch (format) {
    case 'jsonl':
      return { head: () => [], event: (e) => [jsonLine(eventToJson(e))], tail: () => [] };
    case 'csv':
      return {
        head: () => [CSV_COLUMNS.join(',')],
        event: (e) => [CSV_COLUMNS.map((c) => csvCell(c === 'time' ? new Date(e.time).toISOString() : e[c])).join(',')],
        tail: () => [],
      };
    case 'har': {
      // Only API calls are HAR entries; the file is one JSON document written a line at a time.
      let written = 0;
      return {
        head: () => [`{"log":{"version":"1.2","creator":{"name":"Logbridge","version":${JSON.stringify(VERSION)}},"pages":[],"entries":[`],
        event: (e) => (e.kind === 'api' ? [`${written++ === 0 ? '' : ','}${JSON.stringify(harEntryOf(e))}`] : []),
        tail: () => [']}}'],
      };
    }
  }
}
