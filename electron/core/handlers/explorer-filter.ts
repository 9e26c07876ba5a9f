// The events the explorer shows: the user's query, without static assets when they are hidden,
// within the time range when one is set. The table, its count and the facets all ask the store
// with this one filter, so the sidebar's figures always describe the rows beside it.
import type { QueryNode } from '../query/ast.js';
import { parseQuery } from '../query/parse.js';
import { and, not, STATIC_ASSETS } from '../query/nodes.js';
import { inRange, type Range } from '../analysis/filters.js';

export interface ExplorerSearch {
  query: string;
  hide_assets: boolean;
  range?: Range | undefined;
}

export function explorerFilter({ query, hide_assets, range }: ExplorerSearch): QueryNode | null {
  return and(parseQuery(query), hide_assets ? not(STATIC_ASSETS) : null, inRange(range));
}
