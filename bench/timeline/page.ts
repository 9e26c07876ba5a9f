// What the timeline benchmark runs inside the page, as script text (bench/ is compiled without
// DOM types). Times are taken in the page itself, so no Playwright round trip is counted.
import { z } from 'zod';

/** "Painted": the element is in the DOM, then the frame that lays it out has run and the task after it. */
const PAINTED = (selector: string) => `
  new Promise((resolve, reject) => {
    const ready = () => document.querySelector(${JSON.stringify(selector)}) !== null;
    const settle = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
    if (ready()) return settle();
    const mo = new MutationObserver(() => {
      if (!ready()) return;
      mo.disconnect();
      settle();
    });
    mo.observe(document, { childList: true, subtree: true });
    setTimeout(() => reject(new Error('not painted in 60 s: ' + ${JSON.stringify(selector)})), 60_000);
  })`;

export const OpenTimingSchema = z.object({
  /** From the click to the target painted. */
  ms: z.number(),
  /** The call's round trip as the page saw it (resource timing), when it made one. */
  callMs: z.number().nullable(),
  /** The timeline's own measure, from its data's arrival to it laid out and a frame drawn. */
  renderMs: z.number().nullable(),
});
export type OpenTiming = z.infer<typeof OpenTimingSchema>;

/**
 * Clicks `click` and resolves when `painted` is painted; `rpc` names the call the view makes,
 * `measure` the performance measure it records, if any.
 */
export function openAndTime(click: string, painted: string, rpc: string, measure: string | null): string {
  return `(async () => {
    if (document.querySelector(${JSON.stringify(painted)})) throw new Error('already shown before the click: ' + ${JSON.stringify(painted)});
    const target = document.querySelector(${JSON.stringify(click)});
    if (!target) throw new Error('nothing to click: ' + ${JSON.stringify(click)});
    performance.clearResourceTimings();
    ${measure ? `performance.clearMeasures(${JSON.stringify(measure)});` : ''}
    const painted = ${PAINTED(painted)};
    const t0 = performance.now();
    target.click();
    const t1 = await painted;
    const call = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/rpc/' + ${JSON.stringify(rpc)}) && e.startTime >= t0);
    const render = ${measure ? `performance.getEntriesByName(${JSON.stringify(measure)}).at(-1)` : 'undefined'};
    return { ms: t1 - t0, callMs: call ? call.responseEnd - call.startTime : null, renderMs: render ? render.duration : null };
  })()`;
}

/** For addInitScript: records when `painted` is first painted, in ms since navigation started. */
export function paintedAfterNavigation(painted: string): string {
  return `window.__paintedAt = ${PAINTED(painted)};`;
}

export const PAINTED_AT = 'window.__paintedAt';
