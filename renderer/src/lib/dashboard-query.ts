// Queries for the dashboard, written in the search language (electron/core/query/tokenize.ts and
// parse.ts): the user's search narrowed by a chart's scope for its call, and by a chart
// element's filter for the drill-down, so the explorer lists exactly the events the element
// counted. Pure: strings in, strings out.
import { ERROR_STATUS_FROM, type GroupField } from '../../../shared/fields.js';
import { fieldValueText } from '../../../shared/query-text.js';

export { quoteValue } from '../../../shared/query-text.js';

/** A time range, epoch ms, start inclusive and end exclusive; either end may be open. */
export interface Range {
  from?: number;
  to?: number;
}

/** Fields a term can name: the group-by fields and the measured ones the charts compare. */
export type TermField = Exclude<GroupField, 'status_class'>;

export type DrillTerm =
  /** Equal to the value; null: the event has no such field (`-route:*`). */
  | { kind: 'is'; field: TermField; value: string | number | null }
  /** `2xx` ... `5xx`; null: no status, or one outside 100-599 (what status_class groups as null). */
  | { kind: 'status_class'; value: string | null }
  /** None of these values (a chart's "Other": everything but its top keys); null: the field exists. */
  | { kind: 'none_of'; field: TermField; values: readonly (string | number | null)[] }
  /** One of these statuses. */
  | { kind: 'status_in'; values: readonly number[] }
  /** Failed calls: status from ERROR_STATUS_FROM up. */
  | { kind: 'failed' }
  /** Neither failed nor slower than `slowerThan` (missing statuses and durations count as normal). */
  | { kind: 'normal'; slowerThan: number | null }
  /** Slow and not failed, as the bridge chart classes calls (electron/core/analysis/bridge.ts). */
  | { kind: 'slow'; than: number }
  /** The field has a value. */
  | { kind: 'present'; field: TermField }
  | { kind: 'time'; from?: number; to?: number };

export interface ComposedQuery {
  query: string;
  /** Terms left out because the language cannot say them (named by field); the query is broader by them. */
  dropped: string[];
}

/** A time as the language reads it: ISO 8601 to the millisecond, or epoch ms past year 9999. */
export function timeValue(ms: number): string {
  const iso = new Date(ms).toISOString();
  return /^\d{4}-/.test(iso) ? iso : String(Math.max(0, Math.trunc(ms)));
}

function statusClassText(value: string | null): string | null {
  if (value === null) return `(-status:* OR status<100 OR status>=600)`;
  const m = /^([1-5])xx$/.exec(value);
  if (!m) return null;
  const from = Number(m[1]) * 100;
  return `status>=${from} status<${from + 100}`;
}

function isText(field: TermField, value: string | number | null): string | null {
  if (value === null) return `-${field}:*`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return field === 'status' ? `${field}:${value}` : isText(field, String(value));
  }
  const quoted = fieldValueText(field, value);
  return quoted === null ? null : `${field}:${quoted}`;
}

/** One term as text; null when it cannot be written (it is then dropped and reported). */
export function termText(term: DrillTerm): string | null {
  switch (term.kind) {
    case 'is':
      return isText(term.field, term.value);
    case 'status_class':
      return statusClassText(term.value);
    case 'none_of': {
      const parts = term.values.map((v) => isText(term.field, v));
      if (parts.some((p) => p === null)) return null;
      // Each term negated: `-route:*` (missing) becomes `route:*` (present).
      return parts.map((p) => (p!.startsWith('-') ? p!.slice(1) : `-${p}`)).join(' ');
    }
    case 'status_in': {
      const values = term.values.filter((v) => Number.isInteger(v));
      if (values.length === 0) return null;
      return values.length === 1 ? `status:${values[0]}` : `status:(${values.join(' OR ')})`;
    }
    case 'failed':
      return `status>=${ERROR_STATUS_FROM}`;
    case 'slow':
      return Number.isFinite(term.than) ? `-status>=${ERROR_STATUS_FROM} duration_ms>${term.than}` : null;
    case 'present':
      return `${term.field}:*`;
    case 'normal': {
      const notFailed = `-status>=${ERROR_STATUS_FROM}`;
      return term.slowerThan === null || !Number.isFinite(term.slowerThan) ? notFailed : `${notFailed} -duration_ms>${term.slowerThan}`;
    }
    case 'time': {
      const parts: string[] = [];
      if (term.from !== undefined) parts.push(`time>=${timeValue(term.from)}`);
      if (term.to !== undefined) parts.push(`time<${timeValue(term.to)}`);
      return parts.length === 0 ? null : parts.join(' ');
    }
  }
}

const termName = (term: DrillTerm): string => (term.kind === 'is' || term.kind === 'none_of' || term.kind === 'present' ? term.field : term.kind === 'status_class' ? 'status' : term.kind);

/**
 * The user's query wrapped so its ORs stay inside, then the terms. `*` and an empty query are
 * "everything", which needs no wrapping (and `(*)` would not parse).
 */
export function composeQuery(user: string, terms: readonly DrillTerm[]): ComposedQuery {
  const parts: string[] = [];
  const trimmed = user.trim();
  if (trimmed !== '' && trimmed !== '*') {
    // A trailing lone backslash is a literal one (nothing follows it to escape); before our `)` it
    // would escape the parenthesis instead, so it is doubled, which reads as the same backslash.
    const odd = (/\\+$/.exec(trimmed)?.[0].length ?? 0) % 2 === 1;
    parts.push(`(${trimmed}${odd ? '\\' : ''})`);
  }
  const dropped: string[] = [];
  for (const term of terms) {
    const text = termText(term);
    if (text === null) dropped.push(termName(term));
    else if (text !== '') parts.push(text);
  }
  return { query: parts.join(' '), dropped };
}

/** The range's end points as one time term, narrowed by an element's own (a time bucket). */
function intersectTime(range: Range | undefined, inner?: Range): DrillTerm | null {
  const from = maxDefined(range?.from, inner?.from);
  const to = minDefined(range?.to, inner?.to);
  if (from === undefined && to === undefined) return null;
  return { kind: 'time', ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/**
 * The explorer's query for a chart element: the user's query, the dashboard's time range (or
 * the element's bucket within it) and the element's terms.
 */
export function drillQuery(user: string, range: Range | undefined, terms: readonly DrillTerm[]): ComposedQuery {
  const times = terms.filter((t): t is Extract<DrillTerm, { kind: 'time' }> => t.kind === 'time');
  const rest = terms.filter((t) => t.kind !== 'time');
  const inner = times.reduce<Range | undefined>((acc, t) => {
    const from = maxDefined(acc?.from, t.from);
    const to = minDefined(acc?.to, t.to);
    return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  }, undefined);
  const time = intersectTime(range, inner);
  return composeQuery(user, time ? [...rest, time] : rest);
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.max(a, b);
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}
