// Which of a file's fields mean what (JSON lines keys, CSV headers): the candidates for each of
// our fields, the choice made from the first lines, and how each field's values are read.
// Shared by jsonl.ts and csv.ts (through json-record.ts) so both map names the same way.
//
// Names are compared normalised (case folded; `_`, `-` and spaces dropped), so `status_code`,
// `statusCode` and `Status Code` are one candidate; dots separate nesting levels. The choice
// is made once per file: per line only the chosen fields are read, through accessors the
// format resolved up front.
import { MAPPABLE_FIELDS, type FieldMapping, type MappableField } from '../format-types.js';
import { durationUnitFor } from './duration-unit.js';
import { durationUnitOf, readDuration, readTime, unitName, unitSuffix, type TimeInfo } from './time-value.js';
import { MAX_ID_CHARS } from '../../mapping/limits.js';

/** Each field's usual names, most likely first (the first wins a tie). */
const CANDIDATES: Readonly<Record<MappableField, readonly string[]>> = {
  time: ['timestamp', 'time', '@timestamp', 'ts', 'date', 'datetime', 'eventTime', 'time_local', '@t', 'asctime',
    'time_iso8601', 'timeMillis', 'logged_at', 'log_time', 'created_at', 'started_at', 'start_time', 'instant',
    'EdgeStartTimestamp'],
  level: ['level', 'severity', 'lvl', 'loglevel', 'log.level', 'levelname', 'severity_text', '@l'],
  message: ['message', 'msg', 'text', 'log', '@m', '@mt', 'short_message', 'content'],
  status: ['status', 'status_code', 'http.status_code', 'response.status', 'http.response.status_code',
    'res.statusCode', 'response.status_code', 'http_status', 'response_code', 'sc-status', 'EdgeResponseStatus'],
  method: ['method', 'http.method', 'request.method', 'verb', 'req.method', 'http.request.method', 'request_method',
    'httpMethod', 'cs-method', 'ClientRequestMethod'],
  url: ['url', 'path', 'uri', 'request_uri', 'http.url', 'request.url', 'req.url', 'url.original', 'url.full',
    'url.path', 'http.target', 'request_path', 'cs-uri-stem', 'request.uri', 'ClientRequestURI'],
  duration_ms: ['duration', 'latency', 'response_time', 'elapsed', 'took', 'duration_ms', 'latency_ms', 'responseTime',
    'request_time', 'elapsed_ms', 'upstream_response_time', 'event.duration', 'time_taken', 'http.duration',
    'OriginResponseTime'],
  trace_id: ['trace_id', 'trace.id', 'dd.trace_id', 'RayID'],
  span_id: ['span_id', 'span.id', 'dd.span_id'],
  session_id: ['session_id', 'session', 'session.id', 'sid', '$session_id'],
  user_id: ['user_id', 'user.id', 'user', 'uid', 'usr.id', 'distinct_id', 'remote_user'],
  route: ['route', 'http.route', 'req.route', 'matched_route'],
  type: ['type', 'event', 'event_type', 'event_name'],
  page: ['page', 'page_url', 'current_url', '$current_url', 'page.url'],
  target: ['target', 'element', 'selector'],
  user_agent: ['user_agent', 'http.user_agent', 'user_agent.original', 'ua', 'http_user_agent', 'req.headers.user-agent',
    'request.headers.user-agent', 'ClientRequestUserAgent'],
  referrer: ['referrer', 'referer', 'http_referer', 'http.referrer', 'http.request.referrer', 'http_referrer',
    'req.headers.referer', 'request.headers.referer', 'ClientRequestReferer'],
  ip: ['ip', 'client_ip', 'remote_addr', 'remote_ip', 'client.ip', 'source.ip', 'client.address', 'req.remoteAddress',
    'http.client_ip', 'c-ip', 'ip_address', 'request.client_ip', 'request.remote_ip', 'ClientIP'],
};

const EPOCH_VOTE_MIN = Date.UTC(2000, 0, 1);

/** `Status_Code` and `status-code` -> `statuscode`; dots (nesting) are kept. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

const INDEX = new Map<string, { field: MappableField; rank: number }>();
for (const field of MAPPABLE_FIELDS) {
  CANDIDATES[field].forEach((name, rank) => {
    const key = normalizeName(name);
    if (!INDEX.has(key)) INDEX.set(key, { field, rank });
  });
}

/**
 * The field a name is a candidate for. A duration name also counts with any unit suffix
 * (`latency_s`, `elapsedMicros`): the suffix then gives the unit.
 */
function candidate(name: string): { field: MappableField; rank: number } | undefined {
  const hit = INDEX.get(normalizeName(name));
  if (hit !== undefined) return hit;
  const suffix = unitSuffix(name);
  if (suffix === null || suffix.base === '') return undefined;
  const base = INDEX.get(normalizeName(suffix.base));
  return base?.field === 'duration_ms' ? base : undefined;
}

export function isCandidate(name: string): boolean {
  return candidate(name) !== undefined;
}

/** One record of the head sample: each field's name (a dot path when nested) and value. */
export type HeadRecord = readonly (readonly [name: string, value: unknown])[];

export interface MappedField {
  field: MappableField;
  /** The file's field: a dot path for nested JSON, a header for CSV. */
  path: string;
}

export interface Mapping {
  /** The mapped fields, in MAPPABLE_FIELDS order; value arrays handed to readRecord follow it. */
  fields: readonly MappedField[];
  /** ms per bare number in the duration field. */
  durationUnit: number;
  /**
   * A field holding the clock time when the time field holds only a date (a `Date` column
   * beside a `Time` column): read after the mapped fields' values, and joined to the date.
   */
  clock?: string;
  notes: string[];
}

// ---- Values ----

const LEVELS = new Map<string, string>();
for (const [level, words] of [
  ['trace', 'trace trc t verbose vrb finest finer'],
  ['debug', 'debug dbg d fine config'],
  ['info', 'info inf i information informational notice'],
  ['warn', 'warn wrn w warning'],
  ['error', 'error err eror e severe'],
  ['fatal', 'fatal ftl f critical crit c alert emerg emergency panic dpanic'],
] as const) {
  for (const w of words.split(' ')) LEVELS.set(w, level);
}
const NUMERIC_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** A level in our words; numbers are pino/bunyan's (10 trace .. 60 fatal); unknown words kept. */
export function normalizeLevel(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const known = LEVELS.get(v) ?? LEVELS.get(v.trim().toLowerCase());
    if (known !== undefined) return known;
    if (/^\d{1,3}$/.test(v)) return normalizeLevel(Number(v));
    return v.length <= 32 ? v.trim().toLowerCase() : undefined;
  }
  if (typeof v === 'number' && Number.isInteger(v)) {
    return v >= 10 && v < 70 ? NUMERIC_LEVELS[Math.floor(v / 10) - 1] : String(v);
  }
  return undefined;
}

/** A string, or the first of a header's values as some loggers write them (Caddy: `"User-Agent": ["curl/8"]`). */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
}

export function idText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > MAX_ID_CHARS ? v.slice(0, MAX_ID_CHARS) : v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

export function status(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 999 ? n : undefined;
}

// A file has a handful of methods; checking and upper-casing each line's again is waste.
const methods = new Map<string, string | undefined>();

export function method(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 32) return undefined;
  if (methods.has(v)) return methods.get(v);
  const m = /^[A-Za-z][A-Za-z_-]*$/.test(v) ? v.toUpperCase() : undefined;
  if (methods.size >= 256) methods.clear();
  methods.set(v, m);
  return m;
}

export function message(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Absent rather than unreadable: nginx writes "-" for an empty variable. */
export function absent(v: unknown, field: MappableField): boolean {
  return v === undefined || v === null || v === '' || (v === '-' && field !== 'message');
}

/** Whether `v` can be read as `field` (the head sample's vote counts only readable values). */
function readable(field: MappableField, v: unknown, unit: number): boolean {
  switch (field) {
    case 'time': {
      // A small number under a time-like name is more likely a duration ("time": 12 in ms)
      // than a moment in 1970: an epoch before 2000 does not win the vote.
      const info: TimeInfo = { zoneless: false, epoch: false };
      const t = readTime(v, info);
      return !Number.isNaN(t) && !(info.epoch && t < EPOCH_VOTE_MIN);
    }
    case 'level':
      return normalizeLevel(v) !== undefined;
    case 'status':
      return status(v) !== undefined;
    case 'method':
      return method(v) !== undefined;
    case 'duration_ms':
      return !Number.isNaN(readDuration(v, unit));
    case 'message':
      return message(v) !== undefined;
    case 'trace_id':
    case 'span_id':
    case 'session_id':
    case 'user_id':
      return idText(v) !== undefined;
    default:
      return text(v) !== undefined;
  }
}

// ---- Choosing ----

interface Vote {
  readable: number;
  empty: number;
  unreadable: number;
  rank: number;
}

function better(a: Vote, b: Vote): boolean {
  if (a.readable !== b.readable) return a.readable > b.readable;
  if (a.empty !== b.empty) return a.empty > b.empty;
  return a.rank < b.rank;
}

/**
 * The mapping for a file: for each of our fields, the candidate with the most readable values
 * in the head sample (a tie goes to the more usual name); then the user's overrides, where null
 * turns a field off. `resolve` turns an override into the file's own spelling of it (CSV headers).
 */
export function chooseMapping(head: readonly HeadRecord[], given?: FieldMapping, resolve = (p: string) => p): Mapping {
  // Options arrive from the command line and the UI: anything but an object means no overrides.
  const overrides: FieldMapping = typeof given === 'object' && given !== null ? given : {};
  const votes = new Map<MappableField, Map<string, Vote>>();
  for (const record of head) {
    for (const [name, value] of record) {
      const cand = candidate(name);
      if (cand === undefined) continue;
      let byPath = votes.get(cand.field);
      if (byPath === undefined) votes.set(cand.field, (byPath = new Map()));
      let v = byPath.get(name);
      if (v === undefined) byPath.set(name, (v = { readable: 0, empty: 0, unreadable: 0, rank: cand.rank }));
      if (absent(value, cand.field)) v.empty++;
      else if (readable(cand.field, value, cand.field === 'duration_ms' ? durationUnitOf(name) : 1)) v.readable++;
      else v.unreadable++;
    }
  }
  const chosen = new Map<MappableField, string>();
  const taken = new Set<string>();
  for (const field of MAPPABLE_FIELDS) {
    const path = overrides[field];
    if (typeof path === 'string' && path !== '') taken.add(resolve(path));
  }
  for (const field of MAPPABLE_FIELDS) {
    const override = overrides[field];
    if (override === null) continue;
    if (typeof override === 'string' && override !== '') {
      chosen.set(field, resolve(override));
      continue;
    }
    let best: string | undefined;
    let bestVote: Vote | undefined;
    for (const [path, v] of votes.get(field) ?? []) {
      // A field always empty in the head ("-" referrers) may fill in later; one holding
      // something else (a `user` object) is not this field.
      if (taken.has(path) || (v.readable === 0 && v.unreadable > 0)) continue;
      if (!bestVote || better(v, bestVote)) {
        best = path;
        bestVote = v;
      }
    }
    if (best !== undefined) {
      chosen.set(field, best);
      taken.add(best);
    }
  }
  const fields = MAPPABLE_FIELDS.filter((f) => chosen.has(f)).map((field) => ({ field, path: chosen.get(field)! }));
  const durationPath = chosen.get('duration_ms');
  const duration = durationPath === undefined ? { unit: 1, why: '' } : durationUnitFor(durationPath, head);
  const notes: string[] = [];
  if (durationPath !== undefined) {
    notes.push(`Numbers in "${durationPath}" are read as ${unitName(duration.unit)} (${duration.why}); text with a unit ("12ms", "1.5s") as written.`);
  }
  const timePath = chosen.get('time');
  const clock = timePath === undefined || overrides.time ? undefined : clockBeside(head, timePath, taken);
  if (clock !== undefined) notes.push(`Times are the date in "${timePath}" with the clock time in "${clock}".`);
  if (!chosen.has('time')) notes.push(`No time field was found: ${lookedFor()}. Every line needs one; map one by hand.`);
  return { fields, durationUnit: duration.unit, ...(clock === undefined ? {} : { clock }), notes };
}

const CLOCK_NAMES = new Set(['time', 'clock', 'timeofday']);
/** hh:mm[:ss[.fff]] (a comma before the fraction too, as Python's logging writes it). */
const CLOCK = /^\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?$/;
const DATE_ONLY = /^\d{4}[-/]\d{2}[-/]\d{2}$/;

/** When every value of the time field is a bare date, the field beside it holding the clock time. */
function clockBeside(head: readonly HeadRecord[], timePath: string, taken: ReadonlySet<string>): string | undefined {
  let dates = 0;
  const clocks = new Map<string, number>();
  for (const record of head) {
    for (const [name, v] of record) {
      if (absent(v, 'time')) continue;
      if (name === timePath) {
        if (typeof v !== 'string' || !DATE_ONLY.test(v.trim())) return undefined;
        dates++;
      } else if (!taken.has(name) && CLOCK_NAMES.has(normalizeName(name)) && typeof v === 'string' && CLOCK.test(v.trim())) {
        clocks.set(name, (clocks.get(name) ?? 0) + 1);
      }
    }
  }
  for (const [name, n] of clocks) if (n === dates && dates > 0) return name;
  return undefined;
}

/** Which time fields were looked for, for the notes and bad-line reasons of a file with none. */
export function lookedFor(): string {
  return `looked for ${CANDIDATES.time.slice(0, 4).join(', ')} and ${CANDIDATES.time.length - 4} more`;
}

/** Notes on how the head sample's times were written, for describe(). */
export function timeNotes(values: readonly unknown[], path: string): string[] {
  const info: TimeInfo = { zoneless: false, epoch: false };
  const seen = { zoneless: false, epoch: false };
  for (const v of values) {
    info.zoneless = info.epoch = false;
    if (Number.isNaN(readTime(v, info))) continue;
    seen.zoneless ||= info.zoneless;
    seen.epoch ||= info.epoch;
  }
  const notes: string[] = [];
  if (seen.zoneless) notes.push(`Times in "${path}" have no zone; they are read as UTC.`);
  if (seen.epoch) notes.push(`Numbers in "${path}" are epoch seconds, milliseconds, microseconds or nanoseconds, told apart by size.`);
  return notes;
}

export function mappingReport(m: Mapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of m.fields) out[f.field] = f.path;
  return out;
}
