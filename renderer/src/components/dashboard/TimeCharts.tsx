// The dashboard's charts over time: traffic by status class, error rate, latency percentiles and
// unauthorized attempts. Each is one stats.aggregate call asking for about 60 buckets
// (lib/dashboard-calls.ts).
import { useState } from 'react';
import { errorRateModel, latencyModel, trafficModel, unauthorizedModel, type TimeInput } from '../../lib/chart-time-series.js';
import type { CallOutput } from '../../../../shared/api.js';
import { UNAUTHORIZED_STATUSES, type UnauthorizedBy } from '../../lib/dashboard-calls.js';
import { AggregateChart } from './AggregateChart.js';
import { Segmented } from './ChartCard.js';
import type { DashboardEnv } from './env.js';

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
      chart="traffic"
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
      chart="errorRate"
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
      chart="latency"
      build={(a, env) => latencyModel(timeInput(a, env))}
      emptyText="No API call durations in this range"
    />
  );
}

const SOURCE_OPTIONS: readonly { id: UnauthorizedBy; label: string }[] = [
  { id: 'ip_hash', label: 'By client' },
  { id: 'user_id', label: 'By user' },
];

export function UnauthorizedChart() {
  const [field, setField] = useState<UnauthorizedBy>('ip_hash');
  return (
    <AggregateChart
      title="Unauthorized attempts"
      note="Answers 401 and 403 over time"
      testId="chart-unauthorized"
      chart="unauthorized"
      choices={{ unauthorizedBy: field }}
      build={(a, env) => unauthorizedModel({ ...timeInput(a, env), field, statuses: UNAUTHORIZED_STATUSES })}
      emptyText="No 401 or 403 answers in this range"
      controls={<Segmented<UnauthorizedBy> options={SOURCE_OPTIONS} value={field} onChange={setField} label="Stack by" testId="unauthorized-by" />}
    />
  );
}

