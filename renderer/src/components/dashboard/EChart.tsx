// A dashboard chart: one ECharts instance (useEChart) drawing the model's option. A click on a
// drawn element drills down with that element's terms.
import { useRef } from 'react';
import type { ChartModel } from '../../lib/chart-base.js';
import type { DrillTerm } from '../../lib/dashboard-query.js';
import { useEChart } from './useEChart.js';

interface Props {
  model: ChartModel;
  onDrill(terms: DrillTerm[]): void;
  /** What the chart shows, for screen readers (the canvas has no text of its own). */
  label: string;
  testId: string;
  /** A taller plot than the default (dashboard.css). */
  size?: 'tall';
}

export function EChart({ model, onDrill, label, testId, size }: Props) {
  const box = useRef<HTMLDivElement>(null);
  // The click handler is bound once; it reads the model and callback of the latest render.
  const latest = useRef({ model, onDrill });
  latest.current = { model, onDrill };

  useEChart(box, model.option, (instance) =>
    instance.on('click', (p) => {
      const terms = latest.current.model.drill(p.seriesIndex ?? -1, p.dataIndex ?? -1);
      if (terms) latest.current.onDrill(terms);
    }),
  );

  return <div ref={box} className={`dash-chart${size ? ` ${size}` : ''}`} role="img" aria-label={label} data-testid={testId} />;
}
