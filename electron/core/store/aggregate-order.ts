// What every adapter does alike once its groups are counted: the port's order and limit
// (port.ts AggregateSpec) and the nearest-rank percentile, so both adapters agree to the row.
import type { AggregateRow, AggregateSpec } from './port.js';

/** Nearest rank of p among n values, 1-based: the smallest r with r >= p × n. */
export function nearestRankOf(p: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil(p * n - 1e-9)));
}

/** The value at the nearest rank of p; `sorted` ascending. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[nearestRankOf(p, sorted.length) - 1] ?? null;
}

function compareKeys(a: AggregateRow, b: AggregateRow): number {
  for (let i = 0; i < a.keys.length; i++) {
    const x = a.keys[i] ?? null;
    const y = b.keys[i] ?? null;
    if (x === y) continue;
    // Missing values sort last; numbers before texts (a key column holds one kind).
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** Largest metric first, then keys; with buckets, by bucket and only the first `limit` groups of each. */
export function orderAndLimit(rows: AggregateRow[], spec: AggregateSpec): AggregateRow[] {
  const m = spec.orderBy ?? 0;
  const byMetric = (a: AggregateRow, b: AggregateRow) => (b.values[m] ?? -Infinity) - (a.values[m] ?? -Infinity) || compareKeys(a, b);
  if (spec.bucketMs === undefined) {
    rows.sort(byMetric);
    return spec.limit === undefined ? rows : rows.slice(0, spec.limit);
  }
  const buckets = new Map<number, AggregateRow[]>();
  for (const r of rows) {
    const b = r.bucket ?? 0;
    let list = buckets.get(b);
    if (!list) buckets.set(b, (list = []));
    list.push(r);
  }
  const out: AggregateRow[] = [];
  for (const b of [...buckets.keys()].sort((x, y) => x - y)) {
    const list = buckets.get(b)!.sort(byMetric);
    const kept = spec.limit === undefined ? list : list.slice(0, spec.limit);
    out.push(...kept.sort(compareKeys));
  }
  return out;
}
