// The one catalogue of event fields. The search language takes its field names and aliases from
// here, the store adapters their column types and which fields can be grouped, the renderer its
// column labels and units, and the command line its `--json` names. A field added here is known
// to every layer at once; a layer that needs a fact about a field reads it here.
// Isomorphic: no node:*, no electron, no DOM.

export type FieldType = 'number' | 'text' | 'time';

export interface FieldDef {
  /** The name the search language, `--json` and the contract use. */
  readonly name: string;
  readonly type: FieldType;
  /** What a number measures; the UI formats by it. */
  readonly unit: 'ms' | 'bytes' | null;
  /** How a person reads the name (column headers, facet titles). */
  readonly label: string;
  /** Other names the search language accepts for it. */
  readonly aliases: readonly string[];
  /** Worth a facet or a group-by: few distinct values compared with events. */
  readonly facetable: boolean;
  /** Compares exactly: opaque identifiers nobody types from memory (else text is case-insensitive). */
  readonly exact: boolean;
  /** Where `--json` and the contract put it: at the top of an event, or inside `attrs`. */
  readonly placement: 'top' | 'attrs' | 'none';
}

// Generic in the name so EventFieldName is the union of the names, not just `string`.
const f = <N extends string>(
  name: N,
  type: FieldType,
  label: string,
  opts: Partial<Pick<FieldDef, 'unit' | 'aliases' | 'facetable' | 'exact' | 'placement'>> = {},
): FieldDef & { readonly name: N } => ({
  name,
  type,
  label,
  unit: opts.unit ?? null,
  aliases: opts.aliases ?? [],
  facetable: opts.facetable ?? false,
  exact: opts.exact ?? false,
  placement: opts.placement ?? 'top',
});

/** In the order `--json` prints them and the UI lists them. */
export const EVENT_FIELDS = [
  f('id', 'number', 'ID', { exact: true }),
  f('time', 'time', 'Time', { aliases: ['timestamp', '@timestamp'] }),
  f('kind', 'text', 'Kind', { facetable: true }),
  f('session_id', 'text', 'Session', { aliases: ['session'], exact: true, facetable: true }),
  f('user_id', 'text', 'User', { aliases: ['user'], facetable: true }),
  f('source', 'text', 'Source', { aliases: ['file'], facetable: true }),
  f('line', 'number', 'Line'),
  f('method', 'text', 'Method', { facetable: true }),
  f('url', 'text', 'URL', { aliases: ['path'] }),
  f('route', 'text', 'Route', { facetable: true }),
  f('status', 'number', 'Status', { aliases: ['status_code'], facetable: true }),
  f('duration_ms', 'number', 'Duration', { aliases: ['duration', 'latency'], unit: 'ms' }),
  f('req_bytes', 'number', 'Request size', { aliases: ['request_bytes'], unit: 'bytes', placement: 'attrs' }),
  f('resp_bytes', 'number', 'Response size', { aliases: ['bytes', 'response_bytes', 'size'], unit: 'bytes', placement: 'attrs' }),
  f('ip_hash', 'text', 'Client', { aliases: ['ip'], exact: true, facetable: true, placement: 'attrs' }),
  f('user_agent', 'text', 'User agent', { aliases: ['ua', 'agent'], facetable: true, placement: 'attrs' }),
  f('referrer', 'text', 'Referrer', { aliases: ['referer'], placement: 'attrs' }),
  f('type', 'text', 'Event type', { aliases: ['event', 'event_type'], facetable: true }),
  f('page', 'text', 'Page', { facetable: true }),
  f('target', 'text', 'Target'),
  f('level', 'text', 'Level', { aliases: ['severity'], facetable: true }),
  f('message', 'text', 'Message', { aliases: ['msg'] }),
  f('trace_id', 'text', 'Trace', { aliases: ['trace'], exact: true }),
  f('span_id', 'text', 'Span', { aliases: ['span'], exact: true }),
] as const satisfies readonly FieldDef[];

export type EventFieldName = (typeof EVENT_FIELDS)[number]['name'];

export const FIELD_BY_NAME: ReadonlyMap<string, FieldDef> = new Map(EVENT_FIELDS.map((d) => [d.name, d]));

/** Fields an aggregate may group by: the facetable ones, and the status class (`2xx` ... `5xx`). */
export const GROUP_FIELDS = [
  'kind', 'session_id', 'user_id', 'source', 'method', 'route', 'status', 'ip_hash', 'user_agent', 'type', 'page', 'level',
  'status_class',
] as const satisfies readonly (EventFieldName | 'status_class')[];
export type GroupField = (typeof GROUP_FIELDS)[number];

/** Fields an aggregate can take percentiles, sums and extremes of (time: a session's first and last event). */
export const MEASURE_FIELDS = ['duration_ms', 'req_bytes', 'resp_bytes', 'status', 'time'] as const;
export type MeasureField = (typeof MEASURE_FIELDS)[number];

/** `404` -> `4xx`; null for a missing or out-of-range status. */
export function statusClass(status: number | null | undefined): string | null {
  if (status === null || status === undefined || !Number.isFinite(status) || status < 100 || status > 599) return null;
  return `${Math.floor(status / 100)}xx`;
}

/** A status counts as an error from 500 up (a 4xx is the client's mistake, not the service failing). */
export const ERROR_STATUS_FROM = 500;
