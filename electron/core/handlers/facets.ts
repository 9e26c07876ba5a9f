// The explorer's facet sidebar: per field, the most frequent values among the events the search
// matches, and how many events have no value and how many different values there are when that
// comes with them. One count and a count by each field (countEach: the SQLite index counts three
// fields in one walk of the matches; elsewhere one aggregate per field), all over the same filter,
// so the events are matched once.
import type { HandlerContext } from './context.js';
import { BadInputError, type Handlers } from '../rpc/dispatch.js';
import { fieldCounts, StoreInputError, type AggregateResult } from '../store/port.js';
import type { Facet, FacetField, FacetValue } from '../../../shared/facets.js';
import { explorerFilter } from './explorer-filter.js';

export function facetHandlers(ctx: HandlerContext): Pick<Handlers, 'events.facets'> {
  const { store } = ctx;
  return {
    'events.facets': async ({ query, hide_assets, range, fields, limit }) => {
      const filter = explorerFilter({ query, hide_assets, range });
      const unique = [...new Set(fields)];
      try {
        // Every call asks about the same filter, so the columnar index computes its matches once.
        const [total, grouped] = await Promise.all([
          store.count(filter),
          store.countEach
            ? store.countEach(filter, unique, limit + 1)
            : Promise.all(unique.map((field) => store.aggregate(fieldCounts(filter, field, limit + 1)))),
        ]);
        const facets = unique.map((field, i) => facetOf(field, grouped[i]!, total.count, limit));
        return { total: total.count, facets, approximate: total.approximate || grouped.some((g) => g.approximate) };
      } catch (err) {
        if (err instanceof StoreInputError) throw new BadInputError(err.message);
        throw err;
      }
    },
  };
}

/**
 * A field's figures from its groups, asked one beyond the limit: fewer rows than that means every
 * value is here (so the distinct count and the events without a value are known), and the group
 * without a value, when it is among the most frequent, says how many have none.
 */
function facetOf(field: FacetField, result: AggregateResult, total: number, limit: number): Facet {
  const values: FacetValue[] = [];
  let withoutValue: number | null = null;
  for (const row of result.rows) {
    const value = row.keys[0];
    const count = row.values[0] ?? 0;
    if (value === null || value === undefined) withoutValue = count;
    else if (count > 0) values.push({ value, count });
  }
  const complete = result.rows.length <= limit;
  const top = values.slice(0, limit);
  const listed = top.reduce((sum, v) => sum + v.count, 0);
  return {
    field,
    values: top,
    missing: withoutValue ?? (complete ? 0 : null),
    distinct: complete ? values.length : null,
    unlisted: Math.max(0, total - listed),
  };
}
