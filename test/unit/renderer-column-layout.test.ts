import { describe, expect, it } from 'vitest';
import { moveColumn, parseLayout, reconcile, resize, shiftColumn, toggleHidden, visibleColumns } from '../../renderer/src/lib/column-layout.js';

const KNOWN = ['time', 'kind', 'method', 'target', 'status'];

describe('the column layout', () => {
  it('reads back what was stored, reconciled with the columns this version has', () => {
    const stored = JSON.stringify({ order: ['status', 'gone', 'time', 'status'], hidden: ['kind', 'gone'], sizes: { time: 5, target: 300, gone: 10, status: 99_999 } });
    expect(parseLayout(stored, KNOWN)).toEqual({
      order: ['status', 'time', 'kind', 'method', 'target'],
      hidden: ['kind'],
      sizes: { time: 40, target: 300, status: 1200 },
    });
  });

  it('falls back to the default for damaged or foreign text', () => {
    const fresh = { order: KNOWN, hidden: [], sizes: {} };
    expect(parseLayout(null, KNOWN)).toEqual(fresh);
    expect(parseLayout('{not json', KNOWN)).toEqual(fresh);
    expect(parseLayout('{"order": 3}', KNOWN)).toEqual(fresh);
    expect(reconcile({ order: KNOWN, hidden: KNOWN, sizes: {} }, KNOWN).hidden).toEqual([]);
  });

  it('hides and shows columns, never the last one', () => {
    let l = reconcile(null, ['a', 'b']);
    l = toggleHidden(l, 'a');
    expect(visibleColumns(l)).toEqual(['b']);
    expect(visibleColumns(toggleHidden(l, 'b'))).toEqual(['b']);
    expect(visibleColumns(toggleHidden(l, 'a'))).toEqual(['a', 'b']);
  });

  it('moves columns by dragging and by keyboard', () => {
    const l = reconcile(null, KNOWN);
    expect(moveColumn(l, 'status', 'kind').order).toEqual(['time', 'status', 'kind', 'method', 'target']);
    expect(moveColumn(l, 'time', null).order).toEqual(['kind', 'method', 'target', 'status', 'time']);
    expect(shiftColumn(l, 'kind', -1).order).toEqual(['kind', 'time', 'method', 'target', 'status']);
    expect(shiftColumn(l, 'kind', 1).order).toEqual(['time', 'method', 'kind', 'target', 'status']);
    expect(shiftColumn(l, 'status', 1)).toBe(l);
    // Hidden columns are skipped over.
    expect(shiftColumn(toggleHidden(l, 'method'), 'kind', 1).order).toEqual(['time', 'method', 'target', 'kind', 'status']);
  });

  it('keeps widths within bounds', () => {
    expect(resize(reconcile(null, KNOWN), 'target', 12.6).sizes.target).toBe(40);
    expect(resize(reconcile(null, KNOWN), 'target', 333.4).sizes.target).toBe(333);
  });
});
