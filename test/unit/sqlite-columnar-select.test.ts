// Exact percentiles without sorting (columnar/select.ts) give what sorting gives: the nearest
// rank of aggregate-order.ts, for small and large inputs, duplicates, negatives and skew.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentilesOf, selectKth } from '../../electron/core/store/sqlite/columnar/select.js';
import { nearestRank, nearestRankOf } from '../../electron/core/store/aggregate-order.js';

const PS = [0.5, 0.95, 0.99];
/** -0 and 0 are the same number, but not the same value to toEqual; a store never tells them apart. */
const double = (opts: Parameters<typeof fc.double>[0]) => fc.double({ ...opts, noNaN: true }).map((v) => (v === 0 ? 0 : v));
const bySort = (values: readonly number[], p: number) => nearestRank([...values].sort((a, b) => a - b), p);

describe('columnar percentiles', () => {
  it('rank the way aggregate-order.ts does, for every count up to 3,000 and some far past it', () => {
    const sorted = Array.from({ length: 1_000_003 }, (_, i) => i);
    const counts = [...Array.from({ length: 3000 }, (_, i) => i + 1), 99_999, 100_000, 100_001, 1_000_003];
    for (const n of counts) {
      for (const p of PS) expect(nearestRankOf(p, n) - 1).toBe(nearestRank(sorted.slice(0, n), p));
    }
  });

  it('select the k-th smallest of any doubles, leaving none larger before it and none smaller after', () => {
    fc.assert(
      fc.property(fc.array(double({}), { minLength: 1, maxLength: 300 }), fc.nat(), (values, at) => {
        const a = Float64Array.from(values);
        const k = at % a.length;
        const v = selectKth(a, 0, a.length, k);
        expect(v).toBe([...values].sort((x, y) => x - y)[k]);
        for (let i = 0; i < k; i++) expect(a[i]! <= v).toBe(true);
        for (let i = k + 1; i < a.length; i++) expect(a[i]! >= v).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('give p50, p95 and p99 as a sort would, over few values and over many (bucketed)', () => {
    const values = fc.oneof(
      double({ noDefaultInfinity: true }),
      fc.integer({ min: -5, max: 5 }),
      fc.integer({ min: 0, max: 3_000_000 }).map((n) => n / 1000),
    );
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 60 }), (seed, copies) => {
        // Repeating the seed values past 4,096 exercises the bucketed path with heavy duplicates.
        const all = Array.from({ length: seed.length * copies }, (_, i) => seed[i % seed.length]! + (i % 7) * (copies % 2));
        const a = Float64Array.from([1, 2, ...all, 3]);
        const got = percentilesOf(a, 2, 2 + all.length, [0.99, 0.5, 0.95]);
        expect(got).toEqual([bySort(all, 0.99), bySort(all, 0.5), bySort(all, 0.95)]);
        expect([a[0], a[1], a[a.length - 1]]).toEqual([1, 2, 3]);
        // Told the range (as metrics.ts tells it), the same answers.
        const range = { leastPositive: Math.min(Infinity, ...all.filter((v) => v > 0)), most: Math.max(...all) };
        expect(percentilesOf(Float64Array.from(all), 0, all.length, [0.5, 0.95, 0.99], range)).toEqual([0.5, 0.95, 0.99].map((p) => bySort(all, p)));
      }),
      { numRuns: 300 },
    );
  });

  it('stay exact for inputs that defeat a median-of-three pivot: sorted, reversed, all equal, organ pipe', () => {
    // 300,000 values take the 16-bit buckets, 20,000 the ranged ones, 3,000 quickselect alone.
    const n = 300_000;
    const shapes: Record<string, (i: number) => number> = {
      sorted: (i) => i / 8,
      reversed: (i) => n - i,
      equal: () => 42.5,
      organ: (i) => (i < n / 2 ? i : n - i),
      twoValues: (i) => (i % 2 ? -1e300 : 1e300),
      mixedSigns: (i) => ((i * 7919) % 1000) - 500 + (i % 3) / 4,
      zerosAndTiny: (i) => (i % 4 === 0 ? 0 : i % 4 === 1 ? 5e-324 : i % 4 === 2 ? -0.001 : (i % 97) * 1e-3),
    };
    for (const [name, shape] of Object.entries(shapes)) {
      const values = Array.from({ length: n }, (_, i) => shape(i));
      expect(percentilesOf(Float64Array.from(values), 0, n, PS), name).toEqual(PS.map((p) => bySort(values, p)));
      for (const size of [20_000, 3000]) {
        const part = values.slice(0, size);
        expect(percentilesOf(Float64Array.from(part), 0, size, PS), `${name} ${size}`).toEqual(PS.map((p) => bySort(part, p)));
      }
    }
  });
});
