// Turns parsed events into column batches (store/column-batch.ts) in the parsing thread: each
// distinct string gets a number the first time it is seen, so the writer interns it once and
// a repeated URL or agent crosses the thread boundary as four bytes.
import type { NewEvent } from '../../../shared/events.js';
import { BATCH_STRING_FIELDS, BATCH_STRINGS_PER_EVENT, type ColumnBatch } from '../store/column-batch.js';
export { batchTransferListOf as batchTransferList } from '../store/column-batch.js';
import { FIELD_BY_NAME } from '../../../shared/fields.js';
import type { ItemLocation } from './format-types.js';

const KIND: Record<string, number> = { api: 0, user: 1, log: 2 };

/** Distinct strings remembered per import before the dictionary starts over (bounded memory). */
export const DICTIONARY_LIMIT = 100_000;

export interface BatchEncoder {
  /**
   * `keepRaw`: store e.raw (document formats) instead of pointing into the file.
   * `derivedSession`: the session_ref the deriver gave it (negative), if any.
   */
  add(e: NewEvent, at: ItemLocation, keepRaw?: boolean, derivedSession?: number | null): void;
  readonly size: number;
  /** The batch so far (and a fresh one begins); `resume` is where a later read may start. */
  take(resumeBytes: number, resumeLines: number): ColumnBatch;
}

export function createBatchEncoder(capacity: number, dictionaryLimit = DICTIONARY_LIMIT): BatchEncoder {
  const dict = new Map<string, number>();
  let reset = false;
  let b = fresh();
  // Parsers may share one frozen attribute object between records (access-log.ts does for the
  // protocol): its JSON is remembered by identity, so it is serialised once, not per event.
  const frozenJson = new WeakMap<object, string | null>();
  let lastAttrs: Record<string, unknown> | null = null;
  let lastAttrsJson: string | null = null;

  function fresh(): ColumnBatch {
    return {
      count: 0,
      time: new Float64Array(capacity),
      kind: new Uint8Array(capacity),
      line: new Float64Array(capacity),
      byteOffset: new Float64Array(capacity),
      byteLength: new Float64Array(capacity),
      status: new Float64Array(capacity),
      durationMs: new Float64Array(capacity),
      reqBytes: new Float64Array(capacity),
      respBytes: new Float64Array(capacity),
      derivedSession: new Float64Array(capacity),
      strings: new Int32Array(capacity * BATCH_STRINGS_PER_EVENT),
      traceId: [],
      spanId: [],
      raw: [],
      newStrings: [],
      keyStrings: [],
      dictionaryReset: false,
      resumeBytes: 0,
      resumeLines: 0,
    };
  }

  const ref = (v: string | null | undefined, isKey: boolean): number => {
    if (v === null || v === undefined) return -1;
    let ix = dict.get(v);
    if (ix === undefined) {
      ix = dict.size;
      dict.set(v, ix);
      if (isKey) b.keyStrings.push(b.newStrings.length);
      b.newStrings.push(v);
    }
    return ix;
  };
  // Identifiers (the catalogue's exact fields) are found with `session:` and `ip:`, never by free text.
  const isKey = BATCH_STRING_FIELDS.map((f) => FIELD_BY_NAME.get(f)?.exact === true);

  const num = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? NaN : v);

  const attrsJson = (a: Record<string, unknown> | null | undefined): string | null => {
    if (!a) return null;
    if (a === lastAttrs) return lastAttrsJson;
    const frozen = Object.isFrozen(a);
    let json = frozen ? frozenJson.get(a) : undefined;
    if (json === undefined) {
      let empty = true;
      for (const _ in a) {
        empty = false;
        break;
      }
      json = empty ? null : JSON.stringify(a);
      if (frozen) frozenJson.set(a, json);
    }
    lastAttrs = a;
    lastAttrsJson = json;
    return json;
  };

  return {
    add(e, at, keepRaw = false, derivedSession = null) {
      if (b.count === capacity) throw new RangeError('batch is full: take() it first');
      const i = b.count++;
      b.time[i] = e.time;
      b.kind[i] = KIND[e.kind] ?? 2;
      b.line[i] = e.line ?? at.line;
      b.byteOffset[i] = at.offset;
      // A one-line record's text runs to its line break: the reader finds it (raw-reader.ts), and
      // the column stays empty. Records over several lines, and kept raw text, need no search.
      b.byteLength[i] = at.spansLines && !keepRaw ? at.length : NaN;
      b.status[i] = num(e.status);
      b.durationMs[i] = num(e.duration_ms);
      b.reqBytes[i] = num(e.req_bytes);
      b.respBytes[i] = num(e.resp_bytes);
      b.derivedSession[i] = derivedSession ?? NaN;
      b.traceId.push(e.trace_id ?? null);
      b.spanId.push(e.span_id ?? null);
      b.raw.push(keepRaw ? e.raw : null);
      const base = i * BATCH_STRINGS_PER_EVENT;
      // A derived session travels as its ref, not as a string (store/derived-sessions.ts).
      b.strings[base] = -1;
      for (let k = derivedSession === null ? 0 : 1; k < BATCH_STRING_FIELDS.length - 1; k++) {
        b.strings[base + k] = ref(e[BATCH_STRING_FIELDS[k] as Exclude<(typeof BATCH_STRING_FIELDS)[number], 'attrs'>], isKey[k]!);
      }
      b.strings[base + BATCH_STRINGS_PER_EVENT - 1] = ref(attrsJson(e.attrs), false);
    },
    get size() {
      return b.count;
    },
    take(resumeBytes, resumeLines) {
      const out = b;
      out.resumeBytes = resumeBytes;
      out.resumeLines = resumeLines;
      out.dictionaryReset = reset;
      reset = false;
      if (dict.size >= dictionaryLimit) {
        dict.clear();
        reset = true;
      }
      b = fresh();
      return out;
    },
  };
}
