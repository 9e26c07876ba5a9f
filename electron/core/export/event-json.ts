// An event as JSON, the one shape `logbridge query --json`, `--format jsonl` and the UI's export
// all write, with characters a terminal would obey escaped (the CLI prints these lines).
import type { LogEvent } from '../../../shared/events.js';
import { EVENT_FIELDS } from '../../../shared/fields.js';

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
