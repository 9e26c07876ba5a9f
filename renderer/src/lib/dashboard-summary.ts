// The figures above the dashboard's charts from one stats.aggregate call grouped by kind. The same
// answer tells the dashboard whether anything matches at all, and its query error is the one the
// dashboard shows. Pure.
import type { CallOutput } from '../../../shared/api.js';

export interface SummaryFigures {
  events: number;
  calls: number;
  errors: number;
  p95: number | null;
}

/** Metrics of the summary call, in the order summarise() reads them. */
export const SUMMARY_METRICS = [{ op: 'count' }, { op: 'errors' }, { op: 'p95', field: 'duration_ms' }] as const;

export function summarise(answer: CallOutput<'stats.aggregate'>): SummaryFigures {
  let events = 0;
  let api: { count: number; errors: number; p95: number | null } | null = null;
  for (const row of answer.rows) {
    const count = row.values[0] ?? 0;
    events += count;
    if (row.keys[0] === 'api') api = { count, errors: row.values[1] ?? 0, p95: row.values[2] ?? null };
  }
  return { events, calls: api?.count ?? 0, errors: api?.errors ?? 0, p95: api?.p95 ?? null };
}

