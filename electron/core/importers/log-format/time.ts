// Times as access logs write them, read into parts and assembled once per line.
//
// A format may spread one time over several fields (Apache's documented
// `[%{%d/%b/%Y:%H:%M:%S}t.%{msec_frac}t %{%z}t]`), so every time field writes the parts it has
// (date, clock, fraction, zone, or a whole epoch instant) into one TimeParts per line, and
// `assemble` makes the epoch ms from them. Zones: the offset written in the log is used; a time
// with no zone at all is read as UTC (never as this machine's zone, so the same file imports the
// same everywhere), and the parser's describe() says so.
import { parseClfTime } from '../access-log.js';
import type { Shape } from './types.js';

/** What a time field can provide; `epoch` is a whole instant (it includes everything but `frac`). */
export type TimePart = 'epoch' | 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'frac' | 'zone';

/** NaN means "not given on this line". `month` is 0-based; `pm` is 0/1 when %p was read. */
export interface TimeParts {
  epoch: number;
  year: number;
  month: number;
  day: number;
  yday: number;
  hour: number;
  pm: number;
  minute: number;
  second: number;
  frac: number;
  /** Minutes east of UTC. */
  offset: number;
}

export interface TimeSpec {
  /** Apache's %{end:...}t is when the request ended; everything else is when it began. */
  side: 'begin' | 'end';
  provides: ReadonlySet<TimePart>;
  shape: Shape & { kind: 'typed' };
  /** Reads `text` into `into`; returns "time" when it is not a real time, else undefined. */
  read(text: string, into: TimeParts): string | undefined;
}

export function newParts(): TimeParts {
  return { epoch: NaN, year: NaN, month: NaN, day: NaN, yday: NaN, hour: NaN, pm: NaN, minute: NaN, second: NaN, frac: NaN, offset: NaN };
}

export function resetParts(p: TimeParts): void {
  p.epoch = p.year = p.month = p.day = p.yday = p.hour = p.pm = p.minute = p.second = p.frac = p.offset = NaN;
}

/** Copies the parts `from` has into `to` (a cache hit replays a earlier read this way). */
export function copyParts(from: TimeParts, to: TimeParts): void {
  for (const k of PART_KEYS) {
    const v = from[k];
    if (v === v) to[k] = v;
  }
}
const PART_KEYS = ['epoch', 'year', 'month', 'day', 'yday', 'hour', 'pm', 'minute', 'second', 'frac', 'offset'] as const;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

export function daysIn(year: number, month: number): number {
  return month === 1 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month] ?? 0);
}

/** Date.UTC reads years 0..99 as 1900..1999; logs mean the year written. */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (y >= 100) return Date.UTC(y, mo, d, h, mi, s);
  const t = new Date(Date.UTC(2000, mo, d, h, mi, s));
  t.setUTCFullYear(y);
  return t.getTime();
}

const has = (v: number): boolean => v === v;

/**
 * Epoch ms from one line's parts, or NaN when they do not make a real time (31 April, hour 25).
 * `zoneless` is set when a date-time had no offset and was read as UTC.
 */
export function assemble(p: TimeParts, seen: { zoneless: boolean }): number {
  const frac = has(p.frac) ? p.frac : 0;
  if (has(p.epoch)) return p.epoch + frac;
  const y = p.year;
  if (!(y >= 0 && y <= 9999)) return NaN;
  let month = p.month;
  let day = p.day;
  if (!has(month) || !has(day)) {
    if (!has(p.yday) || p.yday < 1 || p.yday > (isLeap(y) ? 366 : 365)) return NaN;
    let left = p.yday;
    month = 0;
    while (left > daysIn(y, month)) left -= daysIn(y, month++);
    day = left;
  }
  if (!(month >= 0 && month <= 11 && day >= 1 && day <= daysIn(y, month))) return NaN;
  let hour = has(p.hour) ? p.hour : 0;
  if (has(p.pm)) {
    if (hour < 1 || hour > 12) return NaN;
    hour = (hour % 12) + (p.pm === 1 ? 12 : 0);
  }
  const minute = has(p.minute) ? p.minute : 0;
  const second = has(p.second) ? p.second : 0;
  if (hour > 23 || minute > 59 || second > 60) return NaN;
  let ms = utc(y, month, day, hour, minute, second) + frac;
  if (has(p.offset)) ms -= p.offset * 60_000;
  else seen.zoneless = true;
  return ms;
}

// ---- Pieces shared by the readers ----

/** `Z`, `+hh:mm`, `+hhmm` or `+hh` as minutes east of UTC; NaN when malformed. */
export function zoneOffset(s: string): number {
  if (s === 'Z' || s === 'z') return 0;
  const sign = s.charCodeAt(0) === 45 ? -1 : s.charCodeAt(0) === 43 ? 1 : 0;
  const digits = s.slice(1).replace(':', '');
  if (sign === 0 || !/^\d{2}(?:\d{2})?$/.test(digits)) return NaN;
  const h = Number(digits.slice(0, 2));
  const m = digits.length === 4 ? Number(digits.slice(2)) : 0;
  return h > 23 || m > 59 ? NaN : sign * (h * 60 + m);
}

/** Milliseconds in a run of fraction digits ("25" -> 250); digits past milliseconds are cut. */
export function fractionMs(digits: string): number {
  return Number((digits + '00').slice(0, 3));
}

/** A number of `unitMs`-millisecond units written as digits with an optional fraction, as ms. */
export function unitsToMs(text: string, unitMs: number): number {
  const dot = text.indexOf('.');
  const whole = dot === -1 ? text : text.slice(0, dot);
  const frac = dot === -1 ? '' : text.slice(dot + 1);
  if (whole.length === 0 || whole.length > 16 || frac.length > 9) return NaN;
  // Integers are exact in a double; dividing once keeps "0.005" s at exactly 5 ms.
  // Sub-millisecond units divide by a whole number rather than multiply by 0.001, which is inexact.
  const scale = unitMs >= 1 ? 10 ** frac.length : 10 ** frac.length * Math.round(1 / unitMs);
  const mul = unitMs >= 1 ? unitMs : 1;
  const all = Number(whole + frac);
  if (Number.isSafeInteger(all)) return (all * mul) / scale;
  const w = Number(whole);
  return Number.isSafeInteger(w) ? (w * mul * 10 ** frac.length + Number(frac) * mul) / scale : NaN;
}

function typed(source: string, expect: string): Shape & { kind: 'typed' } {
  return { kind: 'typed', source, expect };
}

function set(...parts: TimePart[]): ReadonlySet<TimePart> {
  return new Set(parts);
}

// ---- The readers ----

const CLF = String.raw`\d{2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4}`;

/** nginx $time_local, Apache %t (which prints its own brackets). */
export function clfTime(bracketed: boolean): TimeSpec {
  let lastText = '';
  let lastMs = NaN;
  return {
    side: 'begin',
    provides: set('epoch'),
    shape: typed(bracketed ? String.raw`\[${CLF}\]` : CLF, `a time like ${bracketed ? '[10/Oct/2000:13:55:36 -0700]' : '10/Oct/2000:13:55:36 -0700'}`),
    read(text, into) {
      // Neighbouring lines share a second.
      if (text !== lastText) {
        lastMs = bracketed ? parseClfTime(text, 1, text.length - 1) : parseClfTime(text, 0, text.length);
        lastText = text;
      }
      if (lastMs !== lastMs) return 'time';
      into.epoch = lastMs;
      return undefined;
    },
  };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** nginx $time_iso8601 (always with an offset; other writers sometimes leave it out). */
export function isoTime(side: 'begin' | 'end' = 'begin'): TimeSpec {
  const last = newParts();
  let lastText = '';
  let lastOk = false;
  return {
    side,
    provides: set('year', 'month', 'day', 'hour', 'minute', 'second', 'frac', 'zone'),
    shape: typed(String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?`, 'a time like 2000-10-10T13:55:36-07:00'),
    read(text, into) {
      if (text !== lastText) {
        lastText = text;
        resetParts(last);
        const m = ISO.exec(text);
        lastOk = m !== null;
        if (m !== null) {
          last.year = Number(m[1]);
          last.month = Number(m[2]) - 1;
          last.day = Number(m[3]);
          last.hour = Number(m[4]);
          last.minute = Number(m[5]);
          last.second = m[6] === undefined ? 0 : Number(m[6]);
          last.frac = m[7] === undefined ? 0 : fractionMs(m[7]);
          if (m[8] !== undefined) last.offset = zoneOffset(m[8]);
          lastOk = m[8] === undefined || has(last.offset);
        }
      }
      if (!lastOk) return 'time';
      copyParts(last, into);
      return undefined;
    },
  };
}

/**
 * An epoch number in units of `unitMs` ms: nginx $msec ("1431820800.123" seconds), Apache
 * %{sec}t, %{msec}t, %{usec}t. Sub-millisecond digits are cut.
 */
export function epochTime(unitMs: number, fraction: boolean, side: 'begin' | 'end' = 'begin'): TimeSpec {
  const name = unitMs === 1000 ? 'seconds' : unitMs === 1 ? 'milliseconds' : 'microseconds';
  return {
    side,
    provides: fraction || unitMs < 1000 ? set('epoch', 'frac') : set('epoch'),
    shape: typed(fraction ? String.raw`\d+(?:\.\d+)?` : String.raw`\d+`, `epoch ${name} like ${fraction ? '1431820800.123' : unitMs === 1000 ? '1431820800' : '1431820800123'}`),
    read(text, into) {
      const ms = Math.floor(unitsToMs(text, unitMs));
      if (!Number.isSafeInteger(ms)) return 'time';
      into.epoch = ms;
      return undefined;
    },
  };
}

/** Apache %{msec_frac}t / %{usec_frac}t: the fraction of the second, to join a time printed without it. */
export function fractionTime(digits: 3 | 6, side: 'begin' | 'end' = 'begin'): TimeSpec {
  return {
    side,
    provides: set('frac'),
    shape: typed(`\\d{${digits}}`, `${digits} digits of a fraction of a second`),
    read(text, into) {
      into.frac = fractionMs(text);
      return undefined;
    },
  };
}
