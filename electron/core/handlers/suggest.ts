// The search box's value suggestions: a field's most frequent values among the events the rest
// of the query matches, through the port's aggregate (one group-by, one count), so each store
// answers it the fast way it has for facets.
import type { HandlerContext } from './context.js';
import type { Handlers } from '../rpc/dispatch.js';
import { and, present } from '../query/nodes.js';
import { explorerFilter } from './explorer-filter.js';
import type { QueryNode } from '../query/ast.js';
import { fieldCounts } from '../store/port.js';
import { FIELD_BY_NAME } from '../../../shared/fields.js';
import type { SuggestField } from '../../../shared/suggest.js';
import { keyText } from '../../../shared/analysis.js';

/**
 * `field:prefix*` as a tree (never as text, so the prefix needs no quoting); undefined when no
 * value of the field can start so (letters typed after `status:`).
 */
export function prefixFilter(field: SuggestField, prefix: string): QueryNode | null | undefined {
  if (prefix === '') return null;
  // A typed `*` would be read as a wildcard; the prefix is literal text up to it.
  const literal = prefix.split('*')[0] ?? '';
  if (literal === '') return null;
  if (FIELD_BY_NAME.get(field)?.type === 'number' && !/^\d+$/.test(literal)) return undefined;
  return { type: 'field', field, op: ':', value: `${literal}*`, wildcard: true, column: 0 };
}

export function suggestHandlers(ctx: HandlerContext): Pick<Handlers, 'events.suggest'> {
  const { store } = ctx;
  return {
    'events.suggest': async ({ query, field, prefix, hide_assets, range, limit }) => {
      const starts = prefixFilter(field, prefix);
      if (starts === undefined) return { values: [] };
      // present(): events without the field would take a row of the limit as a null key.
      const filter = and(explorerFilter({ query, hide_assets, range }), present(field), starts);
      const result = await store.aggregate(fieldCounts(filter, field, limit));
      const values = result.rows.flatMap((row) => {
        const value = keyText(row.keys[0]);
        const count = row.values[0] ?? 0;
        return value === null || count === 0 ? [] : [{ value, count }];
      });
      return { values };
    },
  };
}
