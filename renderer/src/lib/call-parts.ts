// An API call's parts as the detail pane shows them, DevTools-style: headers as name/value rows,
// bodies pretty-printed when they are JSON, and the HAR timing phases laid out on one bar.
// Pure, so the shapes are tested without a DOM.
import { bodyText, headersOf } from '../../../shared/call-formats.js';

export interface HeaderRow {
  name: string;
  value: string;
}

/** Header rows sorted by name (case-insensitively), as DevTools lists them. */
export function headerRows(value: unknown): HeaderRow[] {
  return Object.entries(headersOf(value))
    .map(([name, v]) => ({ name, value: v }))
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.name.localeCompare(b.name));
}

export type BodyView = { kind: 'json'; value: unknown } | { kind: 'text'; text: string };

/** Bigger texts are shown as text: parsing megabytes to colour them would stall the pane. */
const MAX_JSON_PARSE = 256 * 1024;

export function bodyView(value: unknown): BodyView | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return { kind: 'json', value };
  if (value === '') return null;
  const text = bodyText(value) ?? '';
  const first = text.trimStart()[0];
  if ((first === '{' || first === '[') && text.length <= MAX_JSON_PARSE) {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      // Not JSON after all (or cut short by the size cap): shown as written.
    }
  }
  return { kind: 'text', text };
}

export const TIMING_PHASES = ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive'] as const;
export type TimingPhase = (typeof TIMING_PHASES)[number];

export const PHASE_LABELS: Record<TimingPhase, string> = {
  blocked: 'Queued / blocked',
  dns: 'DNS lookup',
  connect: 'Connecting',
  ssl: 'TLS handshake',
  send: 'Request sent',
  wait: 'Waiting for server',
  receive: 'Content download',
};

export interface TimingBar {
  phase: TimingPhase;
  ms: number;
  /** Where the phase starts, from the call's start. */
  startMs: number;
}

/**
 * The phases a HAR entry timed (HAR's -1 means "did not apply"), each placed after the ones
 * before it. HAR counts the TLS handshake inside `connect`, so `ssl` sits at the end of connect
 * rather than after it.
 */
export function timingBars(value: unknown): { bars: TimingBar[]; totalMs: number } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { bars: [], totalMs: 0 };
  const t = value as Record<string, unknown>;
  const ms = (phase: TimingPhase): number | null => {
    const v = t[phase];
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
  };
  const bars: TimingBar[] = [];
  let at = 0;
  for (const phase of TIMING_PHASES) {
    const d = ms(phase);
    if (d === null) continue;
    if (phase === 'ssl') {
      const connect = ms('connect');
      bars.push({ phase, ms: d, startMs: connect === null ? at : Math.max(0, at - Math.min(d, connect)) });
      if (connect === null) at += d;
      continue;
    }
    bars.push({ phase, ms: d, startMs: at });
    at += d;
  }
  return { bars, totalMs: at };
}
