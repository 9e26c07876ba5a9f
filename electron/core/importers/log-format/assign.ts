// Decides, once per format, what each field does with its value: which field fills which event
// column when several could (the lowest rank wins, then the first in the format), which time
// fields make the event's time, and which values only go to attrs. The result is one small
// store function per field, so a line costs a loop over its captures and nothing more.
import type { NewEvent } from '../../../../shared/events.js';
import { LogFormatError } from './errors.js';
import { unitsToMs, type TimePart, type TimeParts, type TimeSpec } from './time.js';
import type { FieldSpec, ParsedFormat, Role, Slot } from './types.js';
import { baggageSession, firstOfList, hashList, hexId, splitRequest, traceparent, unescapeText, wholeNumber } from './values.js';

/** One line being read. */
export interface LineState {
  ev: NewEvent & { attrs: Record<string, unknown> };
  time: Record<'begin' | 'end', TimeParts>;
  path: string | null;
  query: string | null;
  /** Attrs that may hold secrets, with their field's index, to blank them in `raw` once redacted. */
  secrets: [attr: string, field: number][] | null;
}

/**
 * Stores a present value of field `index`; returns what is invalid about it ("status", "time"),
 * or undefined.
 */
export type Store = (value: string, st: LineState, index: number) => string | undefined;

export interface Plan {
  /** Per field: what to do with a value; null to drop it. */
  stores: (Store | null)[];
  /** Per field: what "-" or an empty value means when it is not simply "absent". */
  absent: (Store | null)[];
  /** The side whose parts make the event time, and the field to point at when they do not. */
  timeSide: 'begin' | 'end';
  timeField: number;
  /** Our field -> the format's field it is read from. */
  mapping: Record<string, string>;
  notes: string[];
  /** Some attr may hold a secret: events go through ctx.redact. */
  sensitive: boolean;
}

type Claim = [Slot, number];

function claims(r: Role): Claim[] {
  switch (r.kind) {
    case 'address':
      return [['ip', r.rank]];
    case 'request':
      return [['method', 0], ['url', 0], ['protocol', 0]];
    case 'target':
      return [['url', 1]];
    case 'path':
      return [['url', 2]];
    case 'method':
      return [['method', 1]];
    case 'protocol':
      return [['protocol', 1]];
    case 'status':
      return [['status', r.rank]];
    case 'bytes':
    case 'text':
    case 'hex':
      return [[r.slot, r.rank]];
    case 'duration':
      return [['duration_ms', r.rank]];
    case 'traceparent':
      return [['trace_id', 0], ['span_id', 0]];
    case 'baggage':
      return [['session_id', 2]];
    default:
      return [];
  }
}

const COMPLETE_DATE: TimePart[] = ['year', 'month', 'day'];
const INSTANT: TimePart[] = ['epoch', 'year', 'month', 'day', 'hour', 'minute', 'second', 'zone'];

function isComplete(have: Set<TimePart>): boolean {
  return have.has('epoch') || COMPLETE_DATE.every((p) => have.has(p));
}

function attrStore(f: FieldSpec, ipHash: (ip: string) => string): Store {
  const r = f.role;
  const name = f.attr;
  if (r.kind === 'address') return (v, st) => void (st.ev.attrs[`${name}_hash`] = hashList(v, ipHash));
  const numeric = (r.kind === 'attr' && r.type !== 'text') || r.kind === 'status' || r.kind === 'bytes' || (r.kind === 'duration' && !r.list);
  if (numeric) {
    return (v, st) => {
      const n = Number(v);
      st.ev.attrs[name] = Number.isFinite(n) ? n : v;
      return undefined;
    };
  }
  if (r.kind === 'attr' && r.sensitive) {
    return (v, st, index) => {
      st.ev.attrs[name] = unescapeText(v);
      (st.secrets ??= []).push([name, index]);
      return undefined;
    };
  }
  return (v, st) => void (st.ev.attrs[name] = unescapeText(v));
}

export function plan(format: ParsedFormat, ipHash: (ip: string) => string): Plan {
  const fields = format.segments.flatMap((s) => ('field' in s ? [s.field] : []));
  const winners = new Map<Slot, { index: number; rank: number }>();
  fields.forEach((f, index) => {
    for (const [slot, rank] of claims(f.role)) {
      const w = winners.get(slot);
      if (w === undefined || rank < w.rank) winners.set(slot, { index, rank });
    }
  });
  const wins = (i: number, slot: Slot) => winners.get(slot)?.index === i;
  const urlFromPath = fields[winners.get('url')?.index ?? -1]?.role.kind === 'path';

  // Time: per side, fields join while they add parts the side lacks; the rest go to attrs.
  const sides = { begin: new Set<TimePart>(), end: new Set<TimePart>() };
  const joined = new Set<number>();
  fields.forEach((f, i) => {
    if (f.role.kind !== 'time') return;
    const have = sides[f.role.time.side];
    // An epoch instant stands for every part but the fraction.
    const adds = [...f.role.time.provides].flatMap((p) => (p === 'epoch' ? INSTANT : [p]));
    if (adds.some((p) => have.has(p))) return;
    for (const p of adds) have.add(p);
    joined.add(i);
  });
  const timeSide = isComplete(sides.begin) ? 'begin' : isComplete(sides.end) ? 'end' : null;
  if (timeSide === null) throw noTime(format);
  const timeFields = fields.flatMap((f, i) => (joined.has(i) && f.role.kind === 'time' && f.role.time.side === timeSide ? [i] : []));

  const mapping: Record<string, string> = { time: timeFields.map((i) => fields[i]?.label).join(' ') };
  const notes: string[] = [];
  if (!sides[timeSide].has('epoch') && !sides[timeSide].has('zone')) notes.push(ZONELESS_NOTE);
  if (timeSide === 'end') notes.push('Event times are when each request ended (%{end:...}t).');

  let sensitive = false;
  const absent: (Store | null)[] = [];
  const stores = fields.map((f, i): Store | null => {
    const r = f.role;
    absent.push(r.kind === 'bytes' && r.dashIsZero && wins(i, r.slot) ? (_v, st) => void (st.ev[r.slot] = 0) : null);
    if (r.kind === 'ignore') return null;
    const won = claims(r).filter(([slot]) => wins(i, slot)).map(([slot]) => slot);
    for (const slot of won) mapping[slot] = mapping[slot] === undefined ? f.label : `${mapping[slot]} ${f.label}`;
    if (r.kind === 'time') {
      if (!timeFields.includes(i)) return attrStore(f, ipHash);
      return timeStore(r.time, timeSide);
    }
    if (r.kind === 'query') {
      if (!urlFromPath) return attrStore(f, ipHash);
      mapping.url = `${mapping.url ?? ''}${f.label}`;
      return r.mark ? (v, st) => void (st.query = v.slice(1)) : (v, st) => void (st.query = v);
    }
    if (r.kind === 'baggage') {
      const keep = attrStore({ ...f, role: { kind: 'attr', type: 'text', sensitive: true } }, ipHash);
      sensitive = true;
      if (won.length === 0) return keep;
      return (v, st, index) => {
        st.ev.session_id = baggageSession(v);
        return keep(v, st, index);
      };
    }
    if (won.length === 0) {
      if (r.kind === 'attr' && r.sensitive) sensitive = true;
      return attrStore(f, ipHash);
    }
    return columnStore(f, r, won, ipHash);
  });
  return { stores, absent, timeSide, timeField: timeFields[0] ?? 0, mapping, notes, sensitive };
}

export const ZONELESS_NOTE = 'Times without a zone are read as UTC.';

function timeStore(spec: TimeSpec, side: 'begin' | 'end'): Store {
  return (v, st) => spec.read(v, st.time[side]);
}

/** The store of a field that won at least one event column. */
function columnStore(f: FieldSpec, r: Role, won: Slot[], ipHash: (ip: string) => string): Store | null {
  switch (r.kind) {
    case 'address':
      return r.list
        ? (v, st) => void (st.ev.ip_hash = ipHashOf(firstOfList(v), ipHash))
        : (v, st) => void (st.ev.ip_hash = ipHash(v));
    case 'request': {
      const method = won.includes('method');
      const url = won.includes('url');
      const protocol = won.includes('protocol');
      return (v, st) => {
        const req = splitRequest(v);
        if (req === null) st.ev.attrs[f.attr] = v;
        else {
          if (method) st.ev.method = req.method;
          if (url) st.ev.url = req.url;
          if (protocol && req.protocol !== null) st.ev.attrs.protocol = req.protocol;
        }
        return undefined;
      };
    }
    case 'target':
      return (v, st) => void (st.ev.url = v);
    case 'path':
      return (v, st) => void (st.path = v);
    case 'method':
      return (v, st) => void (st.ev.method = v);
    case 'protocol':
      return (v, st) => void (st.ev.attrs.protocol = v);
    case 'status':
      return (v, st) => {
        const n = wholeNumber(v);
        if (!(n >= 100)) return 'status';
        st.ev.status = n;
        return undefined;
      };
    case 'bytes': {
      const slot = r.slot;
      return (v, st) => {
        const n = wholeNumber(v);
        if (Number.isNaN(n)) return 'size';
        st.ev[slot] = n;
        return undefined;
      };
    }
    case 'duration': {
      const { unitMs, list } = r;
      return (v, st) => {
        const text = list ? firstOfList(v) : v;
        if (text === null) return undefined;
        const ms = unitsToMs(text, unitMs);
        if (Number.isNaN(ms)) return 'duration';
        st.ev.duration_ms = ms;
        return undefined;
      };
    }
    case 'text': {
      const slot = r.slot;
      return (v, st) => void (st.ev[slot] = unescapeText(v));
    }
    case 'hex': {
      const { slot } = r;
      const len = slot === 'trace_id' ? 32 : 16;
      return (v, st) => {
        const id = hexId(v, len);
        if (id === null) st.ev.attrs[f.attr] = v;
        else st.ev[slot] = id;
        return undefined;
      };
    }
    case 'traceparent': {
      const trace = won.includes('trace_id');
      const span = won.includes('span_id');
      return (v, st) => {
        const tp = traceparent(v);
        if (tp === null) st.ev.attrs[f.attr] = v;
        else {
          if (trace) st.ev.trace_id = tp.trace;
          if (span) st.ev.span_id = tp.span;
        }
        return undefined;
      };
    }
    default:
      return null;
  }
}

function ipHashOf(ip: string | null, ipHash: (ip: string) => string): string | null {
  return ip === null ? null : ipHash(ip);
}

function noTime(format: ParsedFormat): LogFormatError {
  const times = format.segments.flatMap((s) => ('field' in s && s.field.role.kind === 'time' ? [s] : []));
  const first = times[0];
  if (first === undefined) {
    const names = format.flavour === 'nginx' ? '$time_local, $time_iso8601 or $msec' : '%t or %{...}t';
    return new LogFormatError(`The format has no time field (${names}), so its lines could not be placed on the timeline.`);
  }
  const labels = times.map((s) => s.field.label).join(' ');
  return new LogFormatError(
    `The time fields of the format (${labels}, from position ${first.at}) do not make a full date: add a day, month and year (%d/%b/%Y) or epoch seconds (%{sec}t).`,
    first.at,
  );
}
