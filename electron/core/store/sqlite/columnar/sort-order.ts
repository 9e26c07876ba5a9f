// Every row held, in the order of one sort field: made once per field and kept until rows are
// added or dropped, so any page of that sort (the first, the next, one a million rows down) is
// a walk from a position instead of a selection over a million rows.
//
// The order ascending is (key, time, id) with rows lacking a key after the rest; descending is
// the same two runs each read backwards, so one order serves both directions. It is made
// without comparing rows: the rows in (time, id) order (usually the order they are held in,
// since events mostly arrive in time order), then a stable counting sort of them by the key's
// rank.
import type { SortField } from '../../../../../shared/sort.js';
import type { ColumnTable } from './table.js';

export interface FieldOrder {
  /** Row positions ascending by (key, time, id), rows without a key last. */
  rows: Int32Array;
  /** How many rows have a key (they come first in `rows`). */
  keyed: number;
}

interface Kept extends FieldOrder {
  generation: number;
  n: number;
}

export class SortOrders {
  private byTime: { generation: number; n: number; rows: Int32Array } | null = null;
  private readonly orders = new Map<SortField, Kept>();

  constructor(private readonly table: ColumnTable) {}

  /** The order of `field` whose per-row keys (NaN: none) are `key`; time's own when key is null. */
  of(field: SortField, key: Float64Array | null): FieldOrder {
    const t = this.table;
    if (!key) return { rows: this.timeOrder(), keyed: t.n };
    const kept = this.orders.get(field);
    if (kept && kept.generation === t.generation && kept.n === t.n) return kept;
    // Rows added since: the rows held keep their order among themselves (a new text moves
    // ranks, never their order), so the new ones are merged in rather than everything redone.
    const made =
      kept && kept.generation === t.generation && kept.n < t.n
        ? { ...merged(kept, kept.n, t.n, ascending(key, t.float('time').data, t.ids.data), key), generation: t.generation, n: t.n }
        : { ...byKey(this.timeOrder(), key, t.n), generation: t.generation, n: t.n };
    this.orders.set(field, made);
    return made;
  }

  /** Whether the order of `field` is made for the rows held now (time's: the time order). */
  holds(field: SortField): boolean {
    const t = this.table;
    const kept = field === 'time' ? this.byTime : this.orders.get(field);
    return kept !== null && kept !== undefined && kept.generation === t.generation && kept.n === t.n;
  }

  forget(): void {
    this.byTime = null;
    this.orders.clear();
  }

  bytes(): number {
    let total = this.byTime?.rows.byteLength ?? 0;
    for (const o of this.orders.values()) total += o.rows.byteLength;
    return total;
  }

  /** Row positions by (time, id). */
  private timeOrder(): Int32Array {
    const t = this.table;
    if (this.byTime && this.byTime.generation === t.generation && this.byTime.n === t.n) return this.byTime.rows;
    const time = t.float('time').data;
    const n = t.n;
    if (this.byTime && this.byTime.generation === t.generation && this.byTime.n < n) {
      const held = { rows: this.byTime.rows, keyed: this.byTime.n };
      const rows = merged(held, held.keyed, n, ascending(null, time, t.ids.data), null).rows;
      this.byTime = { generation: t.generation, n, rows };
      return rows;
    }
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = time[i - 1]! <= time[i]!;
    let rows: Int32Array;
    if (sorted) {
      rows = new Int32Array(n);
      for (let i = 0; i < n; i++) rows[i] = i;
    } else {
      // A stable sort keeps rows of one time in id order (rows are held in id order). Nearly
      // sorted input, the usual case, costs TimSort little more than one pass.
      const list = Array.from({ length: n }, (_, i) => i);
      list.sort((a, b) => time[a]! - time[b]!);
      rows = Int32Array.from(list);
    }
    this.byTime = { generation: t.generation, n, rows };
    return rows;
  }
}

/** The ascending order's comparison: by key (NaN last), then time, then id. */
function ascending(key: Float64Array | null, time: Float64Array, ids: Float64Array): (a: number, b: number) => number {
  return (a, b) => {
    if (key) {
      const ka = key[a]!;
      const kb = key[b]!;
      const na = ka !== ka;
      const nb = kb !== kb;
      if (na !== nb) return na ? 1 : -1;
      if (!na && ka !== kb) return ka < kb ? -1 : 1;
    }
    const dt = time[a]! - time[b]!;
    return dt !== 0 ? dt : ids[a]! - ids[b]!;
  };
}

/** `order` of rows [0, held) with rows [held, n) put in their places: a binary search each, then copies. */
function merged(order: FieldOrder, held: number, n: number, cmp: (a: number, b: number) => number, key: Float64Array | null): FieldOrder {
  const fresh = Array.from({ length: n - held }, (_, k) => held + k).sort(cmp);
  const old = order.rows;
  const rows = new Int32Array(n);
  let from = 0;
  let w = 0;
  let keyed = order.keyed;
  for (const r of fresh) {
    let lo = from;
    let hi = held;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(old[mid]!, r) < 0) lo = mid + 1;
      else hi = mid;
    }
    rows.set(old.subarray(from, lo), w);
    w += lo - from;
    rows[w++] = r;
    from = lo;
    if (!key || key[r] === key[r]) keyed++;
  }
  rows.set(old.subarray(from, held), w);
  return { rows, keyed };
}

/** `timeOrder` re-sorted, stably, by each row's key (NaN: none, last). */
function byKey(timeOrder: Int32Array, key: Float64Array, n: number): FieldOrder {
  const rank = denseRanks(key, n);
  let distinct = 0;
  for (let i = 0; i < n; i++) if (rank[i]! + 1 > distinct) distinct = rank[i]! + 1;
  // Counting sort: bucket r holds the rows of rank r; the last bucket the rows without a key.
  const start = new Int32Array(distinct + 2);
  for (let i = 0; i < n; i++) start[(rank[i]! < 0 ? distinct : rank[i]!) + 1]!++;
  for (let r = 1; r < start.length; r++) start[r]! += start[r - 1]!;
  const keyed = start[distinct]!;
  const rows = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = timeOrder[j]!;
    const r = rank[i]! < 0 ? distinct : rank[i]!;
    rows[start[r]!++] = i;
  }
  return { rows, keyed };
}

/** Each row's key as its place among the distinct keys (0, 1, ...), -1 without one. */
function denseRanks(key: Float64Array, n: number): Int32Array {
  const rank = new Int32Array(n);
  let integral = true;
  let max = -1;
  for (let i = 0; i < n && integral; i++) {
    const k = key[i]!;
    if (k !== k) continue;
    integral = Number.isInteger(k) && k >= 0 && k < 4 * n + 1024;
    if (k > max) max = k;
  }
  if (integral) {
    // Text ranks and small whole numbers (status) rank by themselves, spaced or not.
    for (let i = 0; i < n; i++) rank[i] = key[i] !== key[i] ? -1 : key[i]!;
    return compact(rank, max + 1);
  }
  const values = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (key[i] === key[i]) values[m++] = key[i]!;
  const sorted = values.subarray(0, m).sort();
  let u = 0;
  for (let j = 0; j < m; j++) if (j === 0 || sorted[j] !== sorted[u - 1]) sorted[u++] = sorted[j]!;
  const distinct = sorted.subarray(0, u);
  for (let i = 0; i < n; i++) {
    const k = key[i]!;
    if (k !== k) {
      rank[i] = -1;
      continue;
    }
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
  }
  return rank;
}

/** Ranks 0..size-1 with gaps made dense, -1 kept. */
function compact(rank: Int32Array, size: number): Int32Array {
  const used = new Int32Array(size);
  for (let i = 0; i < rank.length; i++) if (rank[i]! >= 0) used[rank[i]!] = 1;
  let next = 0;
  for (let r = 0; r < size; r++) used[r] = used[r] ? next++ : -1;
  for (let i = 0; i < rank.length; i++) if (rank[i]! >= 0) rank[i] = used[rank[i]!]!;
  return rank;
}
