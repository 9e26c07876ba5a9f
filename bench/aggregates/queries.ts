// The goal queries of issue 10, written once against the store port so that SQLite and
// ClickHouse answer exactly the same questions. Each returns how long one answer took (ms).
import { parseQuery } from '../../electron/core/query/parse.js';
import type { QueryNode } from '../../electron/core/query/ast.js';
import type { AggregateSpec, EventStore } from '../../electron/core/store/port.js';
import type { GroupField } from '../../shared/fields.js';

export interface GoalQuery {
  measure: string;
  /** Milliseconds the measure may take at p95. */
  goalMs: number;
  run(store: EventStore): Promise<unknown>;
}

const PERCENTILES = [
  { op: 'count' }, { op: 'errors' },
  { op: 'p50', field: 'duration_ms' }, { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' },
] as const satisfies AggregateSpec['metrics'];

const FACETS: GroupField[] = ['route', 'method', 'status', 'ip_hash', 'user_agent', 'session_id'];

const q = (text: string): QueryNode | null => parseQuery(text);

/** The span the data covers, for 200 buckets over it. */
export async function spanOf(store: EventStore): Promise<{ from: number; to: number }> {
  const hours = await store.aggregate({ filter: null, bucketMs: 3_600_000, metrics: [{ op: 'count' }] });
  const buckets = hours.rows.map((r) => r.bucket ?? 0);
  return { from: Math.min(...buckets), to: Math.max(...buckets) + 3_600_000 };
}

export function goalQueries(span: { from: number; to: number }, words: { common: string; nowhere: string }): GoalQuery[] {
  const bucketMs = Math.ceil((span.to - span.from) / 200);
  const histogram = (filter: string): GoalQuery => ({
    measure: `200-bucket histogram by status class, filter \`${filter || '(none)'}\``,
    goalMs: 50,
    run: (s) => s.aggregate({ filter: q(filter), groupBy: ['status_class'], bucketMs, metrics: [{ op: 'count' }] }),
  });
  const facets = (filter: string): GoalQuery => ({
    measure: `top 10 of 6 facets together, filter \`${filter || '(none)'}\``,
    goalMs: 100,
    run: (s) => Promise.all(FACETS.map((f) => s.aggregate({ filter: q(filter), groupBy: [f], metrics: [{ op: 'count' }], limit: 10 }))),
  });
  const firstPage = (word: string, label: string): GoalQuery => ({
    measure: `free text, ${label} (\`${word}\`): first page + total`,
    goalMs: 50,
    run: (s) => Promise.all([s.search({ filter: q(word), limit: 100 }), s.count(q(word))]),
  });
  const count = (filter: string): GoalQuery => ({
    measure: `count, filter \`${filter}\``,
    goalMs: 50,
    run: (s) => s.count(q(filter)),
  });
  return [
    {
      measure: 'per-route count, errors, p50/p95/p99',
      goalMs: 50,
      run: (s) => s.aggregate({ filter: q('kind:api'), groupBy: ['route', 'method'], metrics: [...PERCENTILES], limit: 100 }),
    },
    { measure: 'overall p50/p95/p99', goalMs: 50, run: (s) => s.aggregate({ filter: q('kind:api'), metrics: [...PERCENTILES] }) },
    histogram(''),
    histogram('status>=400'),
    histogram(words.common),
    facets(''),
    facets('status:404'),
    firstPage(words.common, 'a common word'),
    firstPage(words.nowhere, 'a word found nowhere'),
    count('status>=500'),
    count('method:POST -status:200'),
    count(`${words.common} status:200`),
  ];
}
