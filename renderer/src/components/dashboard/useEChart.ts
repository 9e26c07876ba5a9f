// One ECharts instance on one element: made on mount, given each new option whole, resized with
// its box, disposed on unmount. `wire` binds the chart's events once, on the new instance;
// `afterOption` runs after each option is set (the histogram arms its brush again then).
import { useEffect, useRef, type RefObject } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { init, type EChartsType } from './echarts.js';

export function useEChart(box: RefObject<HTMLDivElement | null>, option: EChartsCoreOption, wire: (chart: EChartsType) => void, afterOption?: (chart: EChartsType) => void): void {
  const chart = useRef<EChartsType | null>(null);
  // Bound once on mount: they read the latest render's callbacks through this.
  const latest = useRef({ wire, afterOption });
  latest.current = { wire, afterOption };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    latest.current.wire(instance);
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [box]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.setOption(option, { notMerge: true });
    latest.current.afterOption?.(instance);
  }, [option]);
}
