// Apache's %{format}t: a strftime(3) format, or one of Apache's own tokens (sec, msec, usec,
// msec_frac, usec_frac), optionally after `begin:` or `end:`. We read back a sensible subset of
// strftime; directives whose output cannot be read back unambiguously (%c and %x depend on the
// server's locale, %U and %W are week numbers) are refused when the format is compiled, with the
// list of what works, rather than producing times that are silently wrong.
import { LogFormatError, quoted } from './errors.js';
import { clfTime, copyParts, epochTime, fractionTime, newParts, resetParts, zoneOffset, type TimePart, type TimeParts, type TimeSpec } from './time.js';

type Setter = (v: string, p: TimeParts) => boolean;

interface Directive {
  source: string;
  set?: Setter;
  provides?: TimePart[];
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 0-based month of an English name or its abbreviation; -1 when it is neither. */
function monthByName(v: string, full: boolean): number {
  const s = v.toLowerCase();
  return MONTH_NAMES.findIndex((m) => (full ? m === s : m.slice(0, 3) === s));
}

/** A number, possibly space-padded (%e, %k). */
const num = (key: 'year' | 'day' | 'yday' | 'hour' | 'minute' | 'second'): Setter => (v, p) => {
  p[key] = Number(v.trim());
  return true;
};

// Abbreviations that mean one offset wherever they are written (RFC 822 and the common European
// ones). Others (IST, BST, CST in China) are ambiguous, so a line using one is reported, not guessed.
const ZONE_NAMES: Record<string, number> = {
  UTC: 0, UT: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  WET: 0, WEST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180,
};

const D2 = String.raw`\d{2}`;
const SP2 = String.raw`(?: \d|\d{2})`;

const DIRECTIVES: Record<string, Directive> = {
  Y: { source: String.raw`\d{4}`, set: num('year'), provides: ['year'] },
  // POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068.
  y: { source: D2, set: (v, p) => ((p.year = Number(v) + (Number(v) < 69 ? 2000 : 1900)), true), provides: ['year'] },
  m: { source: D2, set: (v, p) => ((p.month = Number(v) - 1), true), provides: ['month'] },
  b: { source: '[A-Za-z]{3}', set: (v, p) => ((p.month = monthByName(v, false)), p.month >= 0), provides: ['month'] },
  B: { source: '[A-Za-z]{3,9}', set: (v, p) => ((p.month = monthByName(v, true)), p.month >= 0), provides: ['month'] },
  d: { source: D2, set: num('day'), provides: ['day'] },
  e: { source: SP2, set: num('day'), provides: ['day'] },
  j: { source: String.raw`\d{3}`, set: num('yday'), provides: ['month', 'day'] },
  H: { source: D2, set: num('hour'), provides: ['hour'] },
  k: { source: SP2, set: num('hour'), provides: ['hour'] },
  I: { source: D2, set: num('hour'), provides: ['hour'] },
  l: { source: SP2, set: num('hour'), provides: ['hour'] },
  p: { source: '[AaPp][Mm]', set: (v, p) => ((p.pm = v[0] === 'P' || v[0] === 'p' ? 1 : 0), true) },
  M: { source: D2, set: num('minute'), provides: ['minute'] },
  S: { source: D2, set: num('second'), provides: ['second'] },
  z: { source: String.raw`[+-]\d{2}:?\d{2}|Z`, set: (v, p) => ((p.offset = zoneOffset(v)), p.offset === p.offset), provides: ['zone'] },
  Z: {
    source: '[A-Za-z]{1,5}',
    set: (v, p) => {
      const o = ZONE_NAMES[v.toUpperCase()];
      if (o === undefined) return false;
      p.offset = o;
      return true;
    },
    provides: ['zone'],
  },
  s: { source: String.raw`\d{1,12}`, set: (v, p) => ((p.epoch = Number(v) * 1000), true), provides: ['epoch'] },
  // Weekday names and numbers follow from the date: matched, not used.
  a: { source: '[A-Za-z]{3}' },
  A: { source: '[A-Za-z]{6,9}' },
  u: { source: '[1-7]' },
  w: { source: '[0-6]' },
  n: { source: String.raw`\s` },
  t: { source: String.raw`\s` },
  '%': { source: '%' },
};

/** Composite directives, spelled out. */
const EXPANSIONS: Record<string, string> = { T: '%H:%M:%S', R: '%H:%M', D: '%m/%d/%y', F: '%Y-%m-%d', r: '%I:%M:%S %p', h: '%b' };

const SUPPORTED = '%Y %y %m %b %h %B %d %e %j %H %k %I %l %p %M %S %z %Z %s %a %A %u %w %T %R %D %F %r %n %t %%';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The directives of a strftime format, composites expanded; `at` is the position for messages. */
function tokens(fmt: string, label: string, at: number): (string | Directive)[] {
  const out: (string | Directive)[] = [];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i] ?? '';
    if (c !== '%') {
      out.push(c);
      continue;
    }
    const d = fmt[++i];
    if (d === undefined) throw new LogFormatError(`The time format ${label} ends with a lone "%" (position ${at}).`, at);
    const exp = EXPANSIONS[d];
    if (exp !== undefined) out.push(...tokens(exp, label, at));
    else {
      const dir = DIRECTIVES[d];
      if (dir === undefined) {
        throw new LogFormatError(
          `The time format ${label} at position ${at} uses %${d}, which Logbridge cannot read back; use these instead: ${SUPPORTED}.`,
          at,
        );
      }
      out.push(dir);
    }
  }
  return out;
}

/** A strftime format as a TimeSpec: one regex for the field's extent, one with groups to read it. */
function strftimeSpec(fmt: string, side: 'begin' | 'end', label: string, at: number): TimeSpec {
  const parts = tokens(fmt, label, at);
  let source = '';
  let grouped = '';
  const setters: Setter[] = [];
  const provides = new Set<TimePart>();
  for (const t of parts) {
    if (typeof t === 'string') {
      source += escapeRegex(t);
      grouped += escapeRegex(t);
    } else if (t.set === undefined) {
      source += `(?:${t.source})`;
      grouped += `(?:${t.source})`;
    } else {
      source += `(?:${t.source})`;
      grouped += `(${t.source})`;
      setters.push(t.set);
      for (const p of t.provides ?? []) provides.add(p);
    }
  }
  if (source === '') throw new LogFormatError(`The time format ${label} at position ${at} is empty.`, at);
  const reader = new RegExp(`^${grouped}$`);
  const last = newParts();
  let lastText: string | null = null;
  let lastOk = false;
  return {
    side,
    provides,
    shape: { kind: 'typed', source, expect: `a time written as ${quoted(fmt)}` },
    read(text, into) {
      if (text !== lastText) {
        lastText = text;
        resetParts(last);
        const m = reader.exec(text);
        lastOk = m !== null && setters.every((set, i) => set(m[i + 1] ?? '', last));
      }
      if (!lastOk) return 'time';
      copyParts(last, into);
      return undefined;
    },
  };
}

/** The TimeSpec for Apache's %t (arg undefined) or %{arg}t. `at` is the directive's position. */
export function apacheTime(arg: string | undefined, at: number): TimeSpec {
  if (arg === undefined) return clfTime(true);
  let side: 'begin' | 'end' = 'begin';
  let fmt = arg;
  if (fmt.startsWith('begin:')) fmt = fmt.slice(6);
  else if (fmt.startsWith('end:')) {
    side = 'end';
    fmt = fmt.slice(4);
  }
  const label = `%{${arg}}t`;
  switch (fmt) {
    case '':
      return { ...clfTime(true), side };
    case 'sec':
      return epochTime(1000, false, side);
    case 'msec':
      return epochTime(1, false, side);
    case 'usec':
      return epochTime(0.001, false, side);
    case 'msec_frac':
      return fractionTime(3, side);
    case 'usec_frac':
      return fractionTime(6, side);
    default:
      return strftimeSpec(fmt, side, label, at);
  }
}
