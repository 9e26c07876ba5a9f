// What the table's first acts read, made ahead of them while the store is idle.
// - A word typed in the search box reads every text column. On a million events the first search
//   loaded them (about 450 ms measured), so it took ten times what the next ones did.
// - A first sort by a column makes that field's order of every row (60–400 ms measured: its keys,
//   the texts' ranks, a counting sort). Made here it costs the click what a later sort does.
//
// It works only while the store is idle: no answer in flight, and none ended for IDLE_MS. One
// part at a time: the text columns in slices (ColumnarIndex.prepare, which lets answers in between
// slices), then per sort field its columns in slices, its keys, then its order (warmSort), each on
// an idle moment of its own, so no step holds the thread for long. Rows added later are merged
// into the orders (sort-order.ts) at the next idle moment; after rows were dropped the columns
// and orders are made again.
import type { SortField } from '../../../../shared/sort.js';
import type { QueryNode } from '../../query/ast.js';
import { NotColumnarError, type ColumnarIndex, type PrepareWhat } from './columnar/index.js';

/** Any bare word: what a free-text search reads does not depend on the word. */
const ANY_WORD: QueryNode = { type: 'text', text: 'word', phrase: false, prefix: false, column: 1 };
export const FREE_TEXT: PrepareWhat = { filter: ANY_WORD };

/**
 * Quiet this long before a step: the store has answered a screen and the user is reading it, so
 * the next act rarely falls inside a step (tens of ms on a million events; the longest, ranking
 * the session ids, about 100). Reading one event (a row's details) and counting every event (the
 * poll for other writers) do not count: they are quick, and no sign of a user searching.
 */
export const IDLE_MS = 500;

export interface Warmer {
  /** An answer starts; call what it returns when it ends (a long answer is no quiet moment). */
  busy(): () => void;
  stop(): void;
}

/** `fields`: what the table sorts by, the most sorted first. */
export function startWarmer(index: ColumnarIndex, fields: readonly SortField[], log: (line: string) => void, idleMs = IDLE_MS): Warmer {
  let lastEnd = Date.now();
  let inFlight = 0;
  let stopped = false;
  let working = false;
  // Fields the index cannot order (times stored as text): SQL sorts them, nothing to make.
  const refused = new Set<SortField>();
  // Said once per part: a failure that passes (a column load racing a delete) is tried again.
  const reported = new Set<SortField | 'text'>();
  const idle = () => inFlight === 0 && Date.now() - lastEnd >= idleMs;

  const step = async () => {
    if (!index.holds(FREE_TEXT)) {
      try {
        await index.prepare(FREE_TEXT);
      } catch (err) {
        if (!reported.has('text')) log(`logbridge: could not load the text columns ahead (tried again later): ${err instanceof Error ? err.message : String(err)}`);
        reported.add('text');
      }
      return;
    }
    const field = fields.find((f) => !refused.has(f) && !index.sortWarm(f));
    if (field === undefined) return;
    try {
      await index.prepare({ filter: null, page: true, sort: { field, dir: 'asc' } });
      if (!stopped && idle()) index.warmSort(field);
    } catch (err) {
      if (err instanceof NotColumnarError) refused.add(field);
      else if (!reported.has(field)) {
        reported.add(field);
        log(`logbridge: could not prepare the sort by ${field} ahead (tried again later): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  const timer = setInterval(() => {
    if (stopped || working || !idle()) return;
    working = true;
    void step().finally(() => {
      working = false;
    });
  }, idleMs);
  timer.unref();

  return {
    busy() {
      inFlight++;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        inFlight--;
        lastEnd = Date.now();
      };
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
