// Groups by several keys at once as one number. ClickHouse 18.16 looks a lone LowCardinality
// key up by its dictionary position, but hashes a group of several keys row by row as text:
// per-route stats (route × method, a million events) took ~98 ms that way and ~62 ms with the
// keys numbered (measured). Each LowCardinality text field's values are listed once and
// numbered in the order ClickHouse sorts them (UTF-8 bytes, the missing value last);
// `transform` numbers a row's value on the part's dictionary only, status class and kind are
// numbers already, and the numbers combine into one integer whose order is the keys' order.
//
// The lists are remembered: a value added since numbers 0, the answer then holds a 0, and the
// caller lists the values again (forget) and asks once more, or groups the plain way. So a
// stale list costs a query, never a wrong answer.
import { z } from 'zod';
import type { GroupField } from '../../../../shared/fields.js';
import type { Connection } from './connection.js';
import type { EventsLayout } from './layout.js';
import type { SqlParams } from './sql-params.js';

/** A group key as a number from 1 to `radix` - 1 (0: a value the list does not hold). */
export interface CodedKey {
  expr: string;
  radix: number;
  /** The user's value for a number the key gave; undefined for 0 or a number it never gives. */
  value(code: number): string | null | undefined;
}

export interface GroupCodes {
  /** The fields as coded keys, or null when one of them cannot be coded. */
  keys(fields: readonly GroupField[], params: SqlParams, statusClassCode: string): Promise<CodedKey[] | null>;
  /** Lists these fields' values again next time. */
  forget(fields: readonly GroupField[]): void;
}

/** Lists longer than this are not worth sending with every query (and would slow `transform`). */
const MAX_VALUES = 1000;
/** Nor are lists whose text is longer: a server that binds parameters gets them in the URL. */
const MAX_LIST_CHARS = 16_000;
/** The missing value as grouped: a byte no UTF-8 text holds, so it sorts after every text (aggregate.ts). */
const MISSING = "'\\xFF'";
/** Kinds in the order their names sort (api, log, user), by their Enum8 numbers. */
const KIND_RANK = 'transform(toInt8(kind), [1, 3, 2], [1, 2, 3], 0)';
const KIND_NAMES = ['api', 'log', 'user'] as const;

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function createGroupCodes(conn: Connection, layout: EventsLayout): GroupCodes {
  // A field's values in ClickHouse's order, without the missing one; null: too many to code.
  const lists = new Map<GroupField, Promise<string[] | null>>();

  async function listValues(field: GroupField): Promise<string[] | null> {
    // Grouped by the one LowCardinality key: a read of its dictionaries, a few milliseconds.
    const rows = await conn.rows(
      `SELECT nullIf(k, ${MISSING}) AS v FROM (SELECT ifNull(${field}, ${MISSING}) AS k FROM ${conn.database}.events GROUP BY k) LIMIT ${MAX_VALUES + 2}`,
      null,
      z.object({ v: z.string().nullable() }),
    );
    const values = rows.flatMap((r) => (r.v === null ? [] : [r.v]));
    if (values.length > MAX_VALUES || values.reduce((n, v) => n + v.length, 0) > MAX_LIST_CHARS) return null;
    return values.sort(utf8Order);
  }

  const listOf = (field: GroupField) => {
    let list = lists.get(field);
    if (!list) {
      list = listValues(field);
      lists.set(field, list);
      // A failed listing is not remembered.
      const listed = list;
      listed.catch(() => {
        if (lists.get(field) === listed) lists.delete(field);
      });
    }
    return list;
  };

  async function textKey(field: GroupField, params: SqlParams): Promise<CodedKey | null> {
    const values = await listOf(field);
    if (!values) return null;
    const n = values.length;
    const texts = n > 0 ? `arrayPushBack(${params.add('Array(String)', values)}, ${MISSING})` : `[${MISSING}]`;
    const codes = params.add('Array(UInt64)', Array.from({ length: n + 1 }, (_, i) => String(i + 1)));
    return {
      expr: `transform(ifNull(${field}, ${MISSING}), ${texts}, ${codes}, toUInt64(0))`,
      radix: n + 2,
      value: (code) => (code >= 1 && code <= n ? values[code - 1] : code === n + 1 ? null : undefined),
    };
  }

  return {
    async keys(fields, params, statusClassCode) {
      const listed = fields.filter((f) => layout.lowCardinality.has(f));
      const numbered = (f: GroupField) => f === 'status_class' || f === 'kind' || layout.lowCardinality.has(f);
      if (listed.length === 0 || !fields.every(numbered)) return null;
      // Listed together; each list is then at hand below.
      await Promise.all(listed.map(listOf));
      const keys: CodedKey[] = [];
      for (const field of fields) {
        if (field === 'status_class') {
          // 1xx .. 5xx, then none (code 0) last.
          keys.push({
            expr: `if(${statusClassCode} = 0, 6, ${statusClassCode})`,
            radix: 7,
            value: (c) => (c >= 1 && c <= 5 ? `${c}xx` : c === 6 ? null : undefined),
          });
        } else if (field === 'kind') {
          keys.push({ expr: KIND_RANK, radix: 4, value: (c) => KIND_NAMES[c - 1] });
        } else {
          const key = await textKey(field, params);
          if (!key) return null;
          keys.push(key);
        }
      }
      // The combined number must stay exact in a double.
      return keys.reduce((p, k) => p * k.radix, 1) <= Number.MAX_SAFE_INTEGER ? keys : null;
    },
    forget(fields) {
      for (const f of fields) lists.delete(f);
    },
  };
}

/** SQL combining the keys into one number, the first key the most significant. */
export function combinedKey(keys: readonly CodedKey[]): string {
  let expr = '';
  for (const k of keys) expr = expr === '' ? `toUInt64(${k.expr})` : `(${expr}) * ${k.radix} + ${k.expr}`;
  return expr;
}

/** The keys' values from a combined number; null when one of them is a number no list holds. */
export function splitKey(keys: readonly CodedKey[], combined: number): (string | null)[] | null {
  const out: (string | null)[] = new Array(keys.length);
  let rest = combined;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i]!;
    const v = k.value(rest % k.radix);
    if (v === undefined) return null;
    out[i] = v;
    rest = Math.floor(rest / k.radix);
  }
  return out;
}
