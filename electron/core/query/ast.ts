// The parsed form of the search language. The parser (parse.ts) produces it; the store
// (store/event-filter.ts) turns it into parameterised SQL. Nothing here knows SQL.
import { EVENT_FIELDS, type EventFieldName, type FieldDef } from '../../../shared/fields.js';

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

/** A field the language knows: a name of the event catalogue (shared/fields.ts). */
export type FieldName = EventFieldName;

/**
 * Fields the language knows, each with its aliases and value type. They are the event catalogue's
 * (shared/fields.ts): a field added there can be searched at once, under the same names.
 */
export const FIELDS = Object.fromEntries(EVENT_FIELDS.map((d) => [d.name, d])) as { readonly [K in FieldName]: FieldDef };

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
