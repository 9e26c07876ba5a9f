// The parsed form of the search language. The parser (parse.ts) produces it; the store
// (store/event-filter.ts) turns it into parameterised SQL. Nothing here knows SQL.

export type CompareOp = ':' | '>' | '>=' | '<' | '<=';

export type QueryNode =
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  /** `field:value`, `field>=n`; `value` may hold `*` wildcards when `wildcard` is set. */
  | { type: 'field'; field: FieldName; op: CompareOp; value: string; wildcard: boolean; column: number }
  /** `attrs.some.key:value`: a field of the free-form attributes object. */
  | { type: 'attr'; path: string[]; op: CompareOp; value: string; wildcard: boolean; column: number }
  /** Bare words (`phrase: false`, maybe `prefix` for `word*`) and quoted phrases: full text. */
  | { type: 'text'; text: string; phrase: boolean; prefix: boolean; column: number };

/** Fields the language knows, each with its aliases and value type. */
export const FIELDS = {
  id: { aliases: [], type: 'number' },
  time: { aliases: ['timestamp', '@timestamp'], type: 'time' },
  kind: { aliases: [], type: 'text' },
  session_id: { aliases: ['session'], type: 'text' },
  user_id: { aliases: ['user'], type: 'text' },
  source: { aliases: ['file'], type: 'text' },
  line: { aliases: [], type: 'number' },
  method: { aliases: [], type: 'text' },
  url: { aliases: ['path'], type: 'text' },
  route: { aliases: [], type: 'text' },
  status: { aliases: ['status_code'], type: 'number' },
  duration_ms: { aliases: ['duration', 'latency'], type: 'number' },
  req_bytes: { aliases: ['request_bytes'], type: 'number' },
  resp_bytes: { aliases: ['bytes', 'response_bytes', 'size'], type: 'number' },
  ip_hash: { aliases: ['ip'], type: 'text' },
  user_agent: { aliases: ['ua', 'agent'], type: 'text' },
  referrer: { aliases: ['referer'], type: 'text' },
  type: { aliases: ['event', 'event_type'], type: 'text' },
  page: { aliases: [], type: 'text' },
  target: { aliases: [], type: 'text' },
  level: { aliases: ['severity'], type: 'text' },
  message: { aliases: ['msg'], type: 'text' },
  trace_id: { aliases: ['trace'], type: 'text' },
  span_id: { aliases: ['span'], type: 'text' },
} as const satisfies Record<string, { aliases: readonly string[]; type: 'number' | 'text' | 'time' }>;

export type FieldName = keyof typeof FIELDS;

/** A decimal number as the language writes one (`5`, `-1.5`, `.5`, `1e3`). */
export const isNumberText = (text: string): boolean => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text);

export class QuerySyntaxError extends Error {
  /** 1-based column in the query text that the message points at. */
  readonly column: number;
  constructor(message: string, column: number) {
    super(message);
    this.name = 'QuerySyntaxError';
    this.column = column;
  }
}
