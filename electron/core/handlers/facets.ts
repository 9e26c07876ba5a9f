// The explorer's facet sidebar: per field, the most frequent values among the events the search
// matches, with how many events have no value and how many different values there are. Every
// figure is one of the port's aggregates or counts, all asked at once, so the columnar index
// answers the whole sidebar in milliseconds.
import type { HandlerContext } from './context.js';
import { BadInputError, type Handlers } from '../rpc/dispatch.js';
import { StoreInputError, type AggregateResult, type EventStore } from '../store/port.js';
import type { QueryNode } from '../query/ast.js';
import { and, not, present } from '../query/nodes.js';
import type { Facet, FacetField, FacetValue } from '../../../shared/facets.js';
import { explorerFilter } from './explorer-filter.js';

export function facetHandlers(ctx: HandlerContext): Pick<Handlers, 'events.facets'> {
  const { store } = ctx;
  return {
    'events.facets': async ({ query, hide_assets, range, fields, limit }) => {
      const filter = explorerFilter({ query, hide_assets, range });
      const unique = [...new Set(fields)];
      try {
        const [summary, ...perField] = await Promise.all([
          // One pass for the total and every field's distinct count.
          store.aggregate({ filter, metrics: [{ op: 'count' }, ...unique.map((field) => ({ op: 'distinct' as const, field }))] }),
          ...unique.map((field) => fieldFigures(store, filter, field, limit)),
        ]);
        const total = summary.rows[0]?.values[0] ?? 0;
        const facets = unique.map((field, i): Facet => {
          const { top, missing } = perField[i]!;
          const shown = top.reduce((sum, v) => sum + v.count, 0);
          return { field, values: top, missing, distinct: summary.rows[0]?.values[i + 1] ?? 0, other: Math.max(0, total - missing - shown) };
        });
        const approximate = summary.approximate || perField.some((f) => f.approximate);
        return { total, facets, approximate };
      } catch (err) {
        if (err instanceof StoreInputError) throw new BadInputError(err.message);
        throw err;
      }
    },
  };
}

/** A field's top values (the events without one left out of the list) and how many have none. */
async function fieldFigures(store: EventStore, filter: QueryNode | null, field: FacetField, limit: number) {
  const [grouped, missing] = await Promise.all([
    // One more than the limit: the group of events without a value may be among the first.
    store.aggregate({ filter, groupBy: [field], metrics: [{ op: 'count' }], limit: limit + 1 }),
    store.count(and(filter, not(present(field)))),
  ]);
  return { top: topValues(grouped, limit), missing: missing.count, approximate: grouped.approximate || missing.approximate };
}

function topValues(result: AggregateResult, limit: number): FacetValue[] {
  const out: FacetValue[] = [];
  for (const row of result.rows) {
    const value = row.keys[0];
    const count = row.values[0] ?? 0;
    if (value === null || value === undefined || count <= 0) continue;
    out.push({ value, count });
  }
  return out.slice(0, limit);
}
