// A card whose chart is one stats.aggregate call: the user's search narrowed by the chart's
// scope, the dashboard's range, and an option built from the answer (lib/chart-*.ts).
import { useMemo, type ReactNode } from 'react';
import type { CallInput, CallOutput } from '../../../../shared/api.js';
import type { ChartModel } from '../../lib/chart-base.js';
import { composeQuery, type DrillTerm } from '../../lib/dashboard-query.js';
import { ChartCard } from './ChartCard.js';
import { EChart } from './EChart.js';
import { useDashboardEnv, type DashboardEnv } from './env.js';
import { useDashboardCall } from './useDashboardCall.js';

export type AggregateSpec = Omit<CallInput<'stats.aggregate'>, 'query' | 'range'>;

interface Props {
  title: string;
  note?: string;
  testId: string;
  /** Terms the call is narrowed by (kind:api, type:page_view), besides the search and range. */
  scope: readonly DrillTerm[];
  spec: AggregateSpec;
  build(answer: CallOutput<'stats.aggregate'>, env: DashboardEnv): ChartModel;
  emptyText?: string;
  controls?: ReactNode;
  wide?: boolean;
  size?: 'tall';
}

export function AggregateChart({ title, note, testId, scope, spec, build, emptyText, controls, wide, size }: Props) {
  const env = useDashboardEnv();
  const query = composeQuery(env.query, scope).query;
  const call = useDashboardCall(env.client, 'stats.aggregate', { query, ...(env.range ? { range: env.range } : {}), ...spec }, env.refresh, env.onFatal);
  const { value } = call;
  const { utc, palette } = env;
  // Rebuilt only when the answer or the look changes, so ECharts is not handed equal options on every render.
  const model = useMemo(() => (value ? build(value, { ...env, utc, palette }) : null), [value, utc, palette]);
  return (
    <ChartCard
      title={title}
      {...(note ? { note } : {})}
      testId={testId}
      loading={call.loading}
      error={call.error}
      empty={!model || model.empty}
      {...(emptyText ? { emptyText } : {})}
      controls={controls}
      wide={wide}
    >
      {model && <EChart model={model} onDrill={env.drill} label={title} testId={`${testId}-chart`} {...(size ? { size } : {})} />}
    </ChartCard>
  );
}
