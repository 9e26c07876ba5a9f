// A card whose chart is one stats.aggregate call, the one lib/dashboard-calls.ts names for it
// (the user's search narrowed by the chart's scope, the dashboard's range), and an option built
// from the answer (lib/chart-*.ts).
import { useMemo, type ReactNode } from 'react';
import type { CallOutput } from '../../../../shared/api.js';
import type { ChartModel } from '../../lib/chart-base.js';
import { chartCall, type AggregateChartName, type DashboardChoices } from '../../lib/dashboard-calls.js';
import { ChartCard } from './ChartCard.js';
import { EChart } from './EChart.js';
import { useDashboardEnv, type DashboardEnv } from './env.js';
import { useDashboardCall } from './useDashboardCall.js';

interface Props {
  title: string;
  note?: string;
  testId: string;
  /** Which call of lib/dashboard-calls.ts the chart draws. */
  chart: Exclude<AggregateChartName, 'summary'>;
  /** The card's own switches, where its call depends on one. */
  choices?: Partial<DashboardChoices>;
  build(answer: CallOutput<'stats.aggregate'>, env: DashboardEnv): ChartModel;
  emptyText?: string;
  controls?: ReactNode;
  wide?: boolean;
  size?: 'tall';
}

export function AggregateChart({ title, note, testId, chart, choices, build, emptyText, controls, wide, size }: Props) {
  const env = useDashboardEnv();
  const { call: name, input } = chartCall(chart, env.query, env.range, choices);
  const call = useDashboardCall(env.client, name, input, env.refresh, env.onFatal);
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
