// The dashboard's charts over time: traffic by status class, error rate, latency percentiles and
// unauthorized attempts. Each is one stats.aggregate call asking for about 60 buckets.
import { useState } from 'react';
import { errorRateModel, latencyModel, trafficModel, unauthorizedModel, type TimeInput } from '../../lib/chart-time-series.js';
import type { CallOutput } from '../../../../shared/api.js';
import type { DrillTerm } from '../../lib/dashboard-query.js';
import { AggregateChart } from './AggregateChart.js';
import { Segmented } from './ChartCard.js';
import type { DashboardEnv } from './env.js';

/** About this many bars or points across a time chart. */
const BUCKETS = 60;

const API: DrillTerm[] = [{ kind: 'is', field: 'kind', value: 'api' }];
const UNAUTHORIZED = [401, 403] as const;
export const UNAUTHORIZED_SCOPE: DrillTerm[] = [{ kind: 'status_in', values: UNAUTHORIZED }];

const timeInput = (answer: CallOutput<'stats.aggregate'>, env: DashboardEnv): TimeInput => ({
  rows: answer.rows,
  bucketMs: answer.bucket_ms,
  ...(env.range ? { range: env.range } : {}),
  utc: env.utc,
  palette: env.palette,
});

export function TrafficChart() {
  return (
    <AggregateChart
      title="Traffic"
      note="Events by status class"
      testId="chart-traffic"
      scope={[]}
      spec={{ group_by: ['status_class'], buckets: BUCKETS, metrics: [{ op: 'count' }], limit: 10 }}
      build={(a, env) => trafficModel(timeInput(a, env))}
      wide
    />
  );
}

export function ErrorRateChart() {
  return (
    <AggregateChart
      title="Error rate"
      note="API calls answered 5xx"
      testId="chart-errors"
      scope={API}
      spec={{ buckets: BUCKETS, metrics: [{ op: 'count' }, { op: 'errors' }] }}
      build={(a, env) => errorRateModel(timeInput(a, env))}
      emptyText="No API calls in this range"
    />
  );
}

export function LatencyChart() {
  return (
    <AggregateChart
      title="Latency"
      note="API call duration, p50 / p95 / p99"
      testId="chart-latency"
      scope={API}
      spec={{
        buckets: BUCKETS,
        metrics: [
          { op: 'p50', field: 'duration_ms' },
          { op: 'p95', field: 'duration_ms' },
          { op: 'p99', field: 'duration_ms' },
        ],
      }}
      build={(a, env) => latencyModel(timeInput(a, env))}
      emptyText="No API call durations in this range"
    />
  );
}

type SourceField = 'ip_hash' | 'user_id';
const SOURCE_OPTIONS: readonly { id: SourceField; label: string }[] = [
  { id: 'ip_hash', label: 'By client' },
  { id: 'user_id', label: 'By user' },
];

/** Groups per bucket the store returns; the chart draws the top few and one "Other". */
const SOURCES_PER_BUCKET = 50;

export function UnauthorizedChart() {
  const [field, setField] = useState<SourceField>('ip_hash');
  return (
    <AggregateChart
      title="Unauthorized attempts"
      note="Answers 401 and 403 over time"
      testId="chart-unauthorized"
      scope={UNAUTHORIZED_SCOPE}
      spec={{ group_by: [field], buckets: BUCKETS, metrics: [{ op: 'count' }], limit: SOURCES_PER_BUCKET }}
      build={(a, env) => unauthorizedModel({ ...timeInput(a, env), field, statuses: UNAUTHORIZED })}
      emptyText="No 401 or 403 answers in this range"
      controls={<Segmented<SourceField> options={SOURCE_OPTIONS} value={field} onChange={setField} label="Stack by" testId="unauthorized-by" />}
    />
  );
}

