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
  /**
   * `salt` makes each run's filter a new one (`status<1000+salt`, true of every access event),
   * so no run is answered from what the store kept of the one before.
   */
  run(store: EventStore, salt: number): Promise<unknown>;
}

const PERCENTILES = [
  { op: 'count' }, { op: 'errors' },
  { op: 'p50', field: 'duration_ms' }, { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' },
] as const satisfies AggregateSpec['metrics'];

const FACETS: GroupField[] = ['route', 'method', 'status', 'ip_hash', 'user_agent', 'session_id'];

const q = (text: string, salt: number): QueryNode | null => (text === '' ? null : parseQuery(`(${text}) status<${1000 + salt}`));

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
    run: (s, salt) => s.aggregate({ filter: q(filter, salt), groupBy: ['status_class'], bucketMs, metrics: [{ op: 'count' }] }),
  });
  const facets = (filter: string): GoalQuery => ({
    measure: `top 10 of 6 facets together, filter \`${filter || '(none)'}\``,
    goalMs: 100,
    run: (s, salt) => Promise.all(FACETS.map((f) => s.aggregate({ filter: q(filter, salt), groupBy: [f], metrics: [{ op: 'count' }], limit: 10 }))),
  });
  const firstPage = (word: string, label: string): GoalQuery => ({
    measure: `free text, ${label} (\`${word}\`): first page + total`,
    goalMs: 50,
    run: (s, salt) => Promise.all([s.search({ filter: q(word, salt), limit: 100 }), s.count(q(word, salt))]),
  });
  const count = (filter: string): GoalQuery => ({
    measure: `count, filter \`${filter}\``,
    goalMs: 50,
    run: (s, salt) => s.count(q(filter, salt)),
  });
  return [
    {
      measure: 'per-route count, errors, p50/p95/p99',
      goalMs: 50,
      run: (s, salt) => s.aggregate({ filter: q('kind:api', salt), groupBy: ['route', 'method'], metrics: [...PERCENTILES], limit: 100 }),
    },
    { measure: 'overall p50/p95/p99', goalMs: 50, run: (s, salt) => s.aggregate({ filter: q('kind:api', salt), metrics: [...PERCENTILES] }) },
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
