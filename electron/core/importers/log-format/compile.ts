// Field specs and literal text -> one anchored RegExp, built once, and a LineParser around it.
//
// Where a field ends is decided from what follows it, so the pattern never needs to guess:
// - a typed field (status, sizes, times) matches its own exact pattern;
// - a free field between double quotes runs to the closing quote, honouring \" escapes;
// - a free field that may hold spaces (a user agent, a header) runs to the first occurrence of
//   the literal text after it, or to the end of the line (less trailing spaces) when it is last;
// - any other free field is one word: it stops at whitespace and at the first character of the
//   literal after it (or, when another field follows directly, at a character it never holds:
//   "/" ends $host in `$host$request_uri`).
// Fields are matched atomically (see pieces()), so a line that does not match fails in linear
// time, with no catastrophic backtracking on hostile lines; a line that fails is then re-matched
// one field at a time to say which field failed and at which column.
import type { NewEvent } from '../../../../shared/events.js';
import { cachedRoute } from '../access-log.js';
import type { LineParser, LineResult, ParseContext } from '../format-types.js';
import { plan, ZONELESS_NOTE, type LineState } from './assign.js';
import { LogFormatError, quoted } from './errors.js';
import { assemble, newParts, resetParts } from './time.js';
import type { FieldSpec, ParsedFormat, Segment } from './types.js';

const QUOTED_CONTENT = String.raw`[^"\\]*(?:\\.[^"\\]*)*`;
const SHOWN = 40;
const SKIP: LineResult = { skip: true };

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(c: string): string {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/**
 * The regex source of a field's value (without its group), from the literals around it, and
 * whether it may be matched atomically (it can end in only one place).
 */
function fieldSource(f: FieldSpec, before: string | null, after: string | null): { src: string; atomic: boolean } {
  const s = f.shape;
  // The value before '-', so that an atomic match of "-, 0.004" takes the whole list.
  if (s.kind === 'typed') return { src: `${s.source}|-`, atomic: true };
  if (before?.endsWith('"') === true && after?.startsWith('"') === true) return { src: QUOTED_CONTENT, atomic: true };
  // Last: the rest of the line but its trailing whitespace.
  if (after === null) return { src: String.raw`(?:\s*\S)*`, atomic: true };
  const stops = [...(s.stops ?? '')].map(escapeClass).join('');
  // Directly followed by another field: one word (only a separator could say where it ends).
  if (after === '') return { src: `[^\\s${stops}]*`, atomic: true };
  const first = after[0];
  // Bare patterns may backtrack (the request line tries one, two, then three words), a bounded cost.
  if (s.bare !== undefined && isSpace(first)) return { src: s.bare, atomic: false };
  if (s.spaces) return { src: `(?:(?!${escapeRegex(after)}).)*`, atomic: true };
  const end = isSpace(first) || first === undefined ? '' : escapeClass(first);
  return { src: `[^\\s${stops}${end}]*`, atomic: true };
}

interface Piece {
  source: string;
  /** A free field between double quotes (a line may end inside it). */
  quoted: boolean;
  typed: boolean;
}

/**
 * Regex pieces, one per segment: literals escaped, fields as capturing groups. An atomic field is
 * written `(?=(P))\N`: the lookahead matches P once and the backreference consumes it, so the
 * regex can never backtrack into the field to try a shorter value. That is what keeps a hostile
 * line (a megabyte without the separator the format expects) from taking quadratic time.
 */
function pieces(segments: Segment[]): Piece[] {
  let group = 0;
  return segments.map((seg, i) => {
    if ('lit' in seg) return { source: escapeRegex(seg.lit), quoted: false, typed: false };
    group++;
    const prev = segments[i - 1];
    const next = segments[i + 1];
    const before = prev === undefined ? null : 'lit' in prev ? prev.lit : '';
    const after = next === undefined ? null : 'lit' in next ? next.lit : '';
    const { src, atomic } = fieldSource(seg.field, before, after);
    return {
      // (?:) keeps a digit in the literal after the field from extending the backreference's number.
      source: atomic ? `(?=(${src}))\\${group}(?:)` : `(${src})`,
      quoted: src === QUOTED_CONTENT,
      typed: seg.field.shape.kind === 'typed',
    };
  });
}

/**
 * The whole pattern. A line may end inside a quoted value when only free text would follow it
 * (the importer cuts runaway lines, and some servers' lines are cut short, like one line of the
 * 10k Apache sample inside its user agent): the value keeps what it has and the fields after it
 * are absent, as the default access-log parser does. Typed fields (a status, a time) are never
 * given up that way.
 */
function wholeSource(parts: Piece[]): string {
  let tail = String.raw`\s*$`;
  let typedAfter = false;
  for (let k = parts.length - 1; k >= 0; k--) {
    const p = parts[k];
    if (p === undefined) continue;
    tail = p.quoted && !typedAfter && k < parts.length - 1 ? `${p.source}(?:$|${tail})` : `${p.source}${tail}`;
    if (p.typed) typedAfter = true;
  }
  return `^${tail}`;
}

function shown(s: string): string {
  return s === '' ? 'the line ends there' : `found ${quoted(s, SHOWN)}`;
}

/** Lazily built prefixes of the pattern, to find the first segment a bad line does not match. */
function diagnoser(segments: Segment[], parts: Piece[]): (line: string) => string {
  const prefixes: RegExp[] = [];
  const prefix = (k: number) => (prefixes[k] ??= new RegExp(`^${parts.slice(0, k + 1).map((p) => p.source).join('')}`, 's'));
  const expected = (k: number, col: number, line: string): string => {
    const seg = segments[k];
    const rest = shown(line.slice(col));
    if (seg !== undefined && 'field' in seg) {
      const what = seg.field.shape.kind === 'typed' ? seg.field.shape.expect : 'a value';
      return `expected ${what} at column ${col + 1} (${seg.field.label}); ${rest}`;
    }
    const prev = segments[k - 1];
    const after = prev !== undefined && 'field' in prev ? ` (after ${prev.field.label})` : '';
    return `expected ${quoted(seg?.lit ?? '')} at column ${col + 1}${after}; ${rest}`;
  };
  return (line) => {
    const starts: number[] = [];
    let col = 0;
    for (let k = 0; k < segments.length; k++) {
      starts.push(col);
      const m = prefix(k).exec(line);
      if (m === null) {
        // "2000" for a status matches "200" and then misses the space: the status is what is wrong.
        const prev = segments[k - 1];
        const glued = col < line.length && !/\s/.test(line[col] ?? '');
        if (glued && prev !== undefined && 'field' in prev && prev.field.shape.kind === 'typed') return expected(k - 1, starts[k - 1] ?? 0, line);
        return expected(k, col, line);
      }
      col = m[0].length;
    }
    const last = segments[segments.length - 1];
    if (last !== undefined && 'field' in last && last.field.shape.kind === 'typed' && !/\s/.test(line[col] ?? ' ')) {
      return expected(segments.length - 1, starts[segments.length - 1] ?? 0, line);
    }
    const after = last !== undefined && 'field' in last ? ` after ${last.field.label}` : '';
    return `unexpected text at column ${col + 1}${after}: ${quoted(line.slice(col), SHOWN)}`;
  };
}

export function compileSegments(format: ParsedFormat, ctx: ParseContext): LineParser {
  const segments = format.segments;
  for (const seg of segments) {
    if ('lit' in seg && /[\r\n]/.test(seg.lit)) {
      throw new LogFormatError('The format holds a line break, but each access-log record is one line: remove it.');
    }
  }
  const fields: FieldSpec[] = segments.flatMap((s) => ('field' in s ? [s.field] : []));
  if (fields.length === 0) throw new LogFormatError('The format has no fields: use nginx $variables or Apache %directives.');
  const p = plan(format, ctx.ipHash);
  const parts = pieces(segments);
  const source = wholeSource(parts);
  const re = new RegExp(source, 's');
  let withIndices: RegExp | undefined;
  const diagnose = diagnoser(segments, parts);
  const keepDash = fields.map((f) => f.dashIsValue === true);
  const seen = { zoneless: false };
  const begin = newParts();
  const end = newParts();
  const timeParts = p.timeSide === 'begin' ? begin : end;

  /** Where each field starts and ends in `line`, by field index (slow paths only). */
  const spans = (line: string): ([number, number] | undefined)[] => {
    withIndices ??= new RegExp(source, 'ds');
    return withIndices.exec(line)?.indices?.slice(1) ?? [];
  };
  const span = (line: string, i: number): [number, number] => spans(line)[i] ?? [0, 0];
  const fail = (line: string, i: number, why: string): LineResult => {
    const [from, to] = span(line, i);
    const value = line.slice(from, to);
    const label = fields[i]?.label ?? '?';
    if (value === '-' || value === '') return { ok: false, reason: `the ${why} is missing (${quoted(value)}) at column ${from + 1} (${label})` };
    return { ok: false, reason: `invalid ${why} ${quoted(value, SHOWN)} at column ${from + 1} (${label})` };
  };

  const line = (text: string, lineNo: number): LineResult => {
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return SKIP;
    const m = re.exec(text);
    if (m === null) return { ok: false, reason: diagnose(text) };
    resetParts(begin);
    resetParts(end);
    const st: LineState = {
      ev: {
        time: 0, kind: 'api', line: lineNo, method: null, url: null, route: null, status: null, resp_bytes: null,
        req_bytes: null, duration_ms: null, ip_hash: null, user_agent: null, referrer: null, session_id: null,
        user_id: null, trace_id: null, span_id: null, attrs: {}, raw: text,
      },
      time: { begin, end },
      path: null,
      query: null,
      secrets: null,
    };
    for (let i = 0; i < fields.length; i++) {
      const v = m[i + 1] ?? '';
      const store = v === '' || (v === '-' && !keepDash[i]) ? p.absent[i] : p.stores[i];
      if (!store) continue;
      const why = store(v, st, i);
      if (why !== undefined) return fail(text, i, why);
    }
    const ev = st.ev;
    ev.time = assemble(timeParts, seen);
    if (!Number.isSafeInteger(ev.time)) return fail(text, p.timeField, 'time');
    if (st.path !== null) ev.url = st.query === null || st.query === '' ? st.path : `${st.path}?${st.query}`;
    if (ev.url !== null && ev.url !== undefined) ev.route = cachedRoute(ev.url);
    if (p.sensitive) return { ok: true, event: redacted(ev, st, ctx, spans) };
    // Query tokens in the URL and referrer are hidden as on the default path (formats/access.ts).
    if (ev.url && ev.url.includes('?')) ev.url = ctx.redactUrl(ev.url);
    if (ev.referrer && (ev.referrer.includes('?') || ev.referrer.includes('#'))) ev.referrer = ctx.redactUrl(ev.referrer);
    return { ok: true, event: ev };
  };

  return {
    line,
    describe: () => {
      const notes = [`${format.flavour === 'nginx' ? 'nginx log_format' : 'Apache LogFormat'} with ${fields.length} fields.`, ...p.notes];
      if (seen.zoneless && !notes.includes(ZONELESS_NOTE)) notes.push(ZONELESS_NOTE);
      return { mapping: p.mapping, notes };
    },
  };
}

/**
 * Redacts an event whose attrs may hold secrets (Authorization, cookies, tokens), then blanks
 * each changed value in `raw` too: the redactor rewrites query strings in raw text, but cannot
 * know where a header value sits in a log line; we do.
 */
function redacted(
  ev: NewEvent & { attrs: Record<string, unknown> },
  st: LineState,
  ctx: ParseContext,
  spans: (line: string) => ([number, number] | undefined)[],
): NewEvent {
  const out = ctx.redact(ev);
  if (st.secrets === null) return out;
  let at: ([number, number] | undefined)[] | undefined;
  // Right to left, so earlier spans keep their offsets.
  let raw = ev.raw;
  let changed = false;
  for (let k = st.secrets.length - 1; k >= 0; k--) {
    const [name, field] = st.secrets[k] ?? ['', -1];
    const after = out.attrs?.[name];
    if (after === ev.attrs[name] || typeof after !== 'string') continue;
    at ??= spans(ev.raw);
    const [from, to] = at[field] ?? [0, 0];
    if (to <= from) continue;
    raw = `${raw.slice(0, from)}${after}${raw.slice(to)}`;
    changed = true;
  }
  // The redactor's own rules (query strings, card numbers) still apply to the rest of the line.
  return changed ? { ...out, raw: ctx.redact({ time: ev.time, kind: ev.kind, raw }).raw } : out;
}
