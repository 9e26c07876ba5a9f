// countMask adds a mask's bytes four at a time: every length, any alignment, and the count kept
// with the mask (the page's total and the facets ask it of one mask again).
import { describe, expect, it } from 'vitest';
import { countMask } from '../../electron/core/store/sqlite/columnar/count-mask.js';

const plainCount = (mask: Uint8Array) => mask.reduce((sum, b) => sum + b, 0);

describe('countMask', () => {
  it('counts the set bytes of masks of every length up to 40, aligned or not', () => {
    for (let length = 0; length <= 40; length++) {
      for (const start of [0, 1, 2, 3]) {
        const buffer = new Uint8Array(start + length);
        for (let i = 0; i < buffer.length; i++) buffer[i] = (i * 7 + length) % 3 === 0 ? 1 : 0;
        const mask = buffer.subarray(start);
        expect(countMask(mask, mask.length), `length ${length}, offset ${start}`).toBe(plainCount(mask));
      }
    }
  });

  it('counts a million rows all set and none set, and every row without a mask', () => {
    expect(countMask(new Uint8Array(1_000_003).fill(1), 1_000_003)).toBe(1_000_003);
    expect(countMask(new Uint8Array(1_000_003), 1_000_003)).toBe(0);
    expect(countMask(null, 42)).toBe(42);
  });

  it('answers again from what it kept for the same mask (masks are never written once made)', () => {
    const mask = new Uint8Array([1, 0, 1, 1, 0, 1]);
    expect(countMask(mask, 6)).toBe(4);
    mask.fill(0);
    expect(countMask(mask, 6)).toBe(4);
    expect(countMask(new Uint8Array(6), 6)).toBe(0);
  });
});
