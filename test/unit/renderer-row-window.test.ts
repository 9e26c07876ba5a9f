import { describe, expect, it } from 'vitest';
import { blocksCovering, contentHeight, MAX_SCROLL_PX, maxScroll, placedRows, scrollTopFor, scrollTopToReveal, topRowAt } from '../../renderer/src/lib/row-window.js';

const small = { total: 100, rowHeight: 24, bodyHeight: 240 };
const million = { total: 1_000_000, rowHeight: 24, bodyHeight: 600 };

describe('rows of a table of any length', () => {
  it('scrolls one pixel per pixel while the rows fit under the cap', () => {
    expect(contentHeight(small)).toBe(2400);
    expect(topRowAt(240, small)).toBe(10);
    expect(scrollTopFor(10, small)).toBe(240);
    expect(topRowAt(maxScroll(small), small)).toBe(90);
    expect(placedRows(36, small, 0).map((r) => [r.index, r.y])).toEqual([
      [1, -12], [2, 12], [3, 36], [4, 60], [5, 84], [6, 108], [7, 132], [8, 156], [9, 180], [10, 204], [11, 228],
    ]);
  });

  it('reaches the very last of 1,000,000 rows within the browser cap, scaled', () => {
    expect(contentHeight(million)).toBe(MAX_SCROLL_PX);
    const bottom = maxScroll(million);
    const rows = placedRows(bottom, million, 0);
    expect(rows.at(-1)?.index).toBe(999_999);
    // The last row's bottom edge is the body's bottom edge.
    expect(rows.at(-1)!.y + 24).toBeCloseTo(600, 6);
    expect(placedRows(0, million, 0)[0]).toEqual({ index: 0, y: 0 });
    // Half way down the scroll range is half way through the rows.
    expect(Math.round(topRowAt(bottom / 2, million))).toBe(Math.round((1_000_000 - 25) / 2));
    // Round trip at row 900,000.
    expect(topRowAt(scrollTopFor(900_000, million), million)).toBeCloseTo(900_000, 3);
  });

  it('reveals a row by moving as little as possible', () => {
    expect(scrollTopToReveal(5, 0, small)).toBe(0);
    expect(scrollTopToReveal(10, 0, small)).toBe(24);
    expect(scrollTopToReveal(0, 240, small)).toBe(0);
    expect(topRowAt(scrollTopToReveal(999_999, 0, million), million)).toBeCloseTo(999_975, 3);
  });

  it('names the blocks that cover a range of rows, never past the end', () => {
    expect(blocksCovering(0, 0, 200, 1000)).toEqual([0]);
    expect(blocksCovering(150, 450, 200, 1000)).toEqual([0, 1, 2]);
    expect(blocksCovering(900, 5000, 200, 1000)).toEqual([4]);
    expect(blocksCovering(0, 10, 200, 0)).toEqual([]);
  });
});
