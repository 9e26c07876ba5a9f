// One ECharts instance on one element: made on mount, given each new option, resized with its
// box, disposed on unmount. `wire` binds the chart's events once, on the new instance.
import { useEffect, useRef, type RefObject } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { init, type EChartsType } from './echarts.js';

/**
 * How later options are given. Absent: each one whole (notMerge), the chart built anew. Given:
 * only the `replace` components are replaced (ECharts' replaceMerge) and the rest is kept as the
 * first option left it, state included, so `setUp` (the histogram arming its brush) runs once,
 * after the first. Re-arming after every whole option cost 2–6 ms a draw.
 */
export interface KeptChart {
  replace: string[];
  setUp(chart: EChartsType): void;
}

export function useEChart(box: RefObject<HTMLDivElement | null>, option: EChartsCoreOption, wire: (chart: EChartsType) => void, kept?: KeptChart): void {
  const chart = useRef<EChartsType | null>(null);
  // Whether the instance has had its first option (kept charts are set up once, after it).
  const given = useRef(false);
  // Bound once on mount: they read the latest render's callbacks through this.
  const latest = useRef({ wire, kept });
  latest.current = { wire, kept };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    given.current = false;
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
    const kept = latest.current.kept;
    if (kept && given.current) {
      instance.setOption(option, { replaceMerge: kept.replace });
      return;
    }
    instance.setOption(option, { notMerge: true });
    given.current = true;
    kept?.setUp(instance);
  }, [option]);
}
