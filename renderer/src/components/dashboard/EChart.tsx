// One ECharts instance on one element: made on mount, given each new option whole, resized with
// its box, disposed on unmount. A click on a drawn element drills down with that element's terms.
import { useEffect, useRef } from 'react';
import type { ChartModel } from '../../lib/chart-base.js';
import type { DrillTerm } from '../../lib/dashboard-query.js';
import { init, type EChartsType } from './echarts.js';

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
  const chart = useRef<EChartsType | null>(null);
  // The click handler is bound once; it reads the model and callback of the latest render.
  const latest = useRef({ model, onDrill });
  latest.current = { model, onDrill };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => {
      const terms = latest.current.model.drill(p.seriesIndex ?? -1, p.dataIndex ?? -1);
      if (terms) latest.current.onDrill(terms);
    });
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(model.option, { notMerge: true });
  }, [model.option]);

  return <div ref={box} className={`dash-chart${size ? ` ${size}` : ''}`} role="img" aria-label={label} data-testid={testId} />;
}
