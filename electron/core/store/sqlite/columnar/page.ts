// A search page: the newest `limit` matching rows by (time desc, id desc) after a keyset
// cursor, and how many rows match in all. One pass keeps the best rows in a small heap whose
// top is the oldest kept. The pass runs from the highest id down: events mostly arrive in time
// order, so the newest are met first and nearly every later row is turned away by one comparison.
import type { ColumnTable } from './table.js';
import { NotColumnarError } from './errors.js';

export interface Cursor {
  time: number;
  id: number;
}

export function countMask(mask: Uint8Array | null, n: number): number {
  if (!mask) return n;
  let total = 0;
  for (let i = 0; i < mask.length; i++) total += mask[i]!;
  return total;
}

export function newestFirst(table: ColumnTable, mask: Uint8Array | null, limit: number, after?: Cursor): { ids: number[]; total: number } {
  const n = table.n;
  const total = countMask(mask, n);
  if (limit <= 0 || total === 0) return { ids: [], total };
  const timeCol = table.float('time');
  if (timeCol.mixed) throw new NotColumnarError('A time is stored as text; only SQL orders it.');
  const time = timeCol.data;
  const ids = table.ids.data;
  const cap = Math.min(limit, total);
  const heap = new Int32Array(cap);
  let size = 0;
  // (time, id) of row a before row b in the heap's order: older first.
  const older = (a: number, b: number) => time[a]! < time[b]! || (time[a] === time[b] && ids[a]! < ids[b]!);
  const siftDown = (from: number) => {
    let at = from;
    for (;;) {
      const l = 2 * at + 1;
      if (l >= size) return;
      const r = l + 1;
      const child = r < size && older(heap[r]!, heap[l]!) ? r : l;
      if (!older(heap[child]!, heap[at]!)) return;
      const t = heap[at]!;
      heap[at] = heap[child]!;
      heap[child] = t;
      at = child;
    }
  };
  const siftUp = (from: number) => {
    let at = from;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!older(heap[at]!, heap[parent]!)) return;
      const t = heap[at]!;
      heap[at] = heap[parent]!;
      heap[parent] = t;
      at = parent;
    }
  };
  const afterTime = after?.time ?? Infinity;
  const afterId = after?.id ?? Infinity;
  for (let i = n - 1; i >= 0; i--) {
    if (mask && mask[i] === 0) continue;
    const t = time[i]!;
    if (after && !(t < afterTime || (t === afterTime && ids[i]! < afterId))) continue;
    if (size < cap) {
      heap[size] = i;
      siftUp(size++);
    } else if (older(heap[0]!, i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  const kept = Array.from(heap.subarray(0, size));
  kept.sort((a, b) => (older(a, b) ? 1 : older(b, a) ? -1 : 0));
  return { ids: kept.map((i) => ids[i]!), total };
}
