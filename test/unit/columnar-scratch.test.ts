// Scratch.matchedRows lists the rows a mask keeps without a branch per row, and skips a sparse
// mask's empty words: the same rows as a plain loop for every length, alignment and density, and
// the list kept for the same mask (a search's histogram and facets share it).
import { describe, expect, it } from 'vitest';
import { Scratch } from '../../electron/core/store/sqlite/columnar/scratch.js';

function plainRows(mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i);
  return out;
}

/** A mask with about one row in `every` set, from a fixed sequence (the same rows each run). */
function maskOf(length: number, every: number, start: number): Uint8Array {
  const buffer = new Uint8Array(start + length);
  let x = length * 31 + every;
  for (let i = start; i < buffer.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    buffer[i] = x % every === 0 ? 1 : 0;
  }
  return buffer.subarray(start);
}

describe('Scratch.matchedRows', () => {
  it('lists the set rows of dense and sparse masks of every length up to 70, aligned or not', () => {
    for (const every of [1, 2, 3, 17, 40, 1000]) {
      for (let length = 0; length <= 70; length++) {
        for (const start of [0, 1, 3, 4]) {
          const mask = maskOf(length, every, start);
          expect(Array.from(new Scratch().matchedRows(mask, mask.length)), `1 in ${every}, length ${length}, offset ${start}`).toEqual(plainRows(mask));
        }
      }
    }
  });

  it('lists a million rows with a few set, with many set, and the last row alone', () => {
    for (const every of [3, 50, 5000]) {
      const mask = maskOf(1_000_003, every, 0);
      expect(Array.from(new Scratch().matchedRows(mask, mask.length))).toEqual(plainRows(mask));
    }
    const last = new Uint8Array(1_000_003);
    last[1_000_002] = 1;
    expect(Array.from(new Scratch().matchedRows(last, last.length))).toEqual([1_000_002]);
  });

  it('gives every row without a mask, and the same list again for the same mask', () => {
    const scratch = new Scratch();
    expect(Array.from(scratch.matchedRows(null, 4))).toEqual([0, 1, 2, 3]);
    const mask = maskOf(100, 4, 0);
    const first = scratch.matchedRows(mask, 100);
    expect(scratch.matchedRows(mask, 100)).toBe(first);
    expect(Array.from(scratch.matchedRows(maskOf(100, 2, 0), 100))).toEqual(plainRows(maskOf(100, 2, 0)));
  });
});
