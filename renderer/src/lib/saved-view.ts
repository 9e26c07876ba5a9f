// A saved view and the explorer's place: what a view keeps of it (query, time range, order,
// columns) and the place a view puts back. What a view file holds is checked again here: it may
// come from an older or newer version, or have been edited by hand.
import type { SavedView } from '../../../shared/views.js';
import { SORT_FIELDS, type SortField } from '../../../shared/sort.js';
import type { ColumnLayout } from './column-layout.js';
import { parseRangeParams, type ExplorerRange } from './explorer-range.js';
import type { Nav } from './nav.js';
import { isDefaultSort } from './table-sort.js';

export function viewOf(nav: Nav, columns: ColumnLayout): Omit<SavedView, 'name'> {
  return {
    query: nav.query,
    ...(nav.range ? { range: nav.range } : {}),
    ...(nav.sort && !isDefaultSort(nav.sort) ? { sort: nav.sort } : {}),
    columns,
  };
}

/** The range a view names, when it is one this version knows (the URL's rules decide). */
function rangeOf(view: SavedView): ExplorerRange | undefined {
  const r = view.range;
  if (!r) return undefined;
  const p = new URLSearchParams();
  if ('preset' in r) p.set('range', r.preset);
  else {
    p.set('from', String(r.from));
    p.set('to', String(r.to));
  }
  return parseRangeParams(p);
}

const isSortField = (v: string): v is SortField => (SORT_FIELDS as readonly string[]).includes(v);

export function navOfView(view: SavedView): Nav {
  const range = rangeOf(view);
  const sort = view.sort && isSortField(view.sort.field) ? { field: view.sort.field, dir: view.sort.dir } : undefined;
  return { view: 'explorer', query: view.query, ...(range ? { range } : {}), ...(sort && !isDefaultSort(sort) ? { sort } : {}) };
}
