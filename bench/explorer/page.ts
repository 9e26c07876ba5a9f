// What the explorer benchmark runs inside the page, as script text (bench/ is compiled without
// DOM types). Times are taken in the page, so no Playwright round trip is counted.
import { z } from 'zod';

export const GRID = `document.querySelector('[data-testid="table-scroll"]')`;

/** Resolves once `ready()` (script text) holds, checked on every DOM change. */
const WHEN = (ready: string, what: string) => `
  new Promise((resolve, reject) => {
    const ready = () => { try { return Boolean(${ready}); } catch { return false; } };
    if (ready()) return resolve();
    const mo = new MutationObserver(() => { if (ready()) { mo.disconnect(); resolve(); } });
    mo.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    setTimeout(() => { mo.disconnect(); reject(new Error('not seen in 60 s: ' + ${JSON.stringify(what)})); }, 60_000);
  })`;

/** The next frame has been laid out and drawn, and the task after it has run. */
const PAINT = `new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))`;

/** Frame lengths while `body` (an async script) runs, from requestAnimationFrame. */
const WITH_FRAMES = (body: string) => `
  (async () => {
    const frames = [];
    let running = true;
    let last = 0;
    const loop = (t) => { if (last > 0) frames.push(t - last); last = t; if (running) requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
    await new Promise((r) => setTimeout(r, 100));
    const result = await (async () => { ${body} })();
    await new Promise((r) => setTimeout(r, 150));
    running = false;
    return { ...result, maxFrameMs: Math.max(0, ...frames), longFrames: frames.filter((f) => f > 50).length, frames: frames.length };
  })()`;

export const FramedSchema = z.object({ ms: z.number(), maxFrameMs: z.number(), longFrames: z.number(), frames: z.number(), lastRow: z.number() });
export type Framed = z.infer<typeof FramedSchema>;

/** The last row's aria-rowindex: the header is row 1, so it equals the grid's row count. */
const LAST_ROW = `Number(${GRID}.getAttribute('aria-rowcount'))`;

/** End on the focused grid: from the key to the last row painted, with the frames meanwhile. */
export const END_KEY = WITH_FRAMES(`
  const grid = ${GRID};
  grid.scrollTop = 0;
  await ${PAINT};
  grid.focus();
  const last = ${LAST_ROW};
  const t0 = performance.now();
  grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
  await ${WHEN(`document.querySelector('[data-testid="log-row"][aria-rowindex="' + last + '"]')`, 'the last row')};
  await ${PAINT};
  return { ms: performance.now() - t0, lastRow: last };`);

/**
 * The scrollbar's thumb dragged from top to bottom: the scroll position moved in `steps` even
 * steps, one a frame, as a drag delivers them; then to the last row painted.
 */
export function dragToBottom(steps: number): string {
  return WITH_FRAMES(`
  const grid = ${GRID};
  grid.scrollTop = 0;
  await ${PAINT};
  const last = ${LAST_ROW};
  const max = grid.scrollHeight - grid.clientHeight;
  const t0 = performance.now();
  for (let i = 1; i <= ${steps}; i++) {
    grid.scrollTop = (max * i) / ${steps};
    await new Promise((r) => requestAnimationFrame(r));
  }
  await ${WHEN(`document.querySelector('[data-testid="log-row"][aria-rowindex="' + last + '"]')`, 'the last row')};
  await ${PAINT};
  return { ms: performance.now() - t0, lastRow: last };`);
}

export const CallTimingSchema = z.object({ ms: z.number(), callMs: z.number().nullable() });
export type CallTiming = z.infer<typeof CallTimingSchema>;

/**
 * Runs `act` (script text) and resolves when every call named in `rpcs` made since has answered
 * and a frame after the last answer has been drawn: the time from the act to the view repainted.
 */
export function actThenPainted(act: string, rpcs: readonly string[], redrawn?: string): string {
  const names = JSON.stringify(rpcs.map((r) => `/rpc/${r}`));
  // `redrawn`: an element whose data-drawn attribute changes once the view has drawn the answer
  // (the histogram draws when the page is idle, after its data arrived).
  const drawnBefore = redrawn ? `document.querySelector(${JSON.stringify(redrawn)})?.getAttribute('data-drawn')` : 'null';
  const waitDrawn = redrawn
    ? `await ${WHEN(`document.querySelector(${JSON.stringify(redrawn)})?.getAttribute('data-drawn') !== drawnBefore`, `${redrawn} redrawn`)};`
    : '';
  return `(async () => {
    const drawnBefore = ${drawnBefore};
    const names = ${names};
    const seen = new Map();
    let t0 = 0;
    // Told of each answer as it lands, so waiting costs the page nothing (polling would).
    const answered = new Promise((resolve, reject) => {
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const n = names.find((x) => e.name.endsWith(x));
          if (n && e.startTime >= t0) seen.set(n, e.responseEnd - e.startTime);
        }
        if (names.every((n) => seen.has(n))) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe({ type: 'resource' });
      setTimeout(() => reject(new Error('no answer in 60 s from ' + names.join(', '))), 60_000);
    });
    t0 = performance.now();
    ${act};
    await answered;
    ${waitDrawn}
    // React commits what arrived within the task after the answer; the frame after it is what the user sees.
    await new Promise((r) => setTimeout(r, 0));
    await ${PAINT};
    return { ms: performance.now() - t0, callMs: Math.max(...seen.values()) };
  })()`;
}

/** Types `text` into the search box as a user would (React sees the input event), without applying it. */
export function typeQuery(text: string): string {
  return `(() => {
    const input = document.querySelector('[data-testid="search-input"]');
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    set.call(input, ${JSON.stringify(text)});
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`;
}

/** Enter in the search box. */
export const PRESS_ENTER = `document.querySelector('[data-testid="search-input"]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))`;

export const click = (selector: string) => `document.querySelector(${JSON.stringify(selector)}).click()`;
