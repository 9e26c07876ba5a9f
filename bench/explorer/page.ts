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

/** Where an answer shows: changes inside `selector` (only of attribute `attr`, when given). */
export interface Shows {
  selector: string;
  attr?: string;
}

/**
 * Runs `act` (script text) and times it to the frame that drew its answer: the first frame
 * rendered after the first change where the answer shows (`shows`) following the last answer of
 * the calls named in `rpcs`. Frames and changes are stamped as they happen, so the time is not
 * stretched by how late the page hears of an answer (resource timing reaches observers late).
 */
export function actThenPainted(act: string, rpcs: readonly string[], shows: Shows): string {
  const names = JSON.stringify(rpcs.map((r) => `/rpc/${r}`));
  return `(async () => {
    const names = ${names};
    const seen = new Map();
    let t0 = 0;
    // Every frame: when it began, and when the page ran again after it was drawn.
    const frames = [];
    let running = true;
    const loop = () => {
      const frame = { at: performance.now(), drawn: 0 };
      frames.push(frame);
      setTimeout(() => (frame.drawn = performance.now()), 0);
      if (running) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    const selector = ${JSON.stringify(shows.selector)};
    const attr = ${JSON.stringify(shows.attr ?? null)};
    const changes = [];
    // The element looked up once per batch of changes: a search's answer changes hundreds of
    // nodes, and the observer runs before the frame it times.
    const inside = (el, m) => {
      if (attr !== null) return m.type === 'attributes' && m.attributeName === attr && m.target === el;
      return el.contains(m.target) || [...m.addedNodes].some((n) => n === el || (n.contains && n.contains(el)));
    };
    const mo = new MutationObserver((list) => {
      const now = performance.now();
      const el = document.querySelector(selector);
      if (el && list.some((m) => inside(el, m))) changes.push(now);
    });
    mo.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
    const answered = new Promise((resolve, reject) => {
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const n = names.find((x) => e.name.endsWith(x));
          if (n && e.startTime >= t0) seen.set(n, e);
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
    const answerEnd = Math.max(...[...seen.values()].map((e) => e.responseEnd));
    // An answer the view already showed (another search with the same first rows) changes
    // nothing: the frame after it is the one that shows it.
    const heard = performance.now();
    let ms = null;
    while (ms === null) {
      await new Promise((r) => setTimeout(r, 16));
      const change = changes.find((c) => c >= answerEnd);
      const after = change ?? (performance.now() - heard > 500 ? answerEnd : undefined);
      const frame = after === undefined ? undefined : frames.find((f) => f.at > after && f.drawn > 0);
      if (frame) ms = frame.drawn - t0;
    }
    running = false;
    mo.disconnect();
    return { ms, callMs: Math.max(...[...seen.values()].map((e) => e.responseEnd - e.startTime)) };
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

/**
 * Counts the page's /rpc/ calls in flight (the live stream, always open, is not one), wrapping
 * fetch once. As an init script it counts a page's calls from its first.
 */
export const TRACK_CALLS = `(() => {
  if (window.__lbCalls) return;
  const calls = { inFlight: 0 };
  window.__lbCalls = calls;
  const original = window.fetch;
  window.fetch = (url, init) => {
    if (!String(url).includes('/rpc/')) return original(url, init);
    calls.inFlight++;
    return original(url, init).finally(() => calls.inFlight--);
  };
})()`;

/**
 * Waits until the page has had no call in flight for a moment: the screen a search left (its
 * rows, facets and histogram) is complete, as when a user reads it before typing the next one.
 */
export const SETTLED = `(async () => {
  ${TRACK_CALLS};
  for (let quietSince = performance.now(); performance.now() - quietSince < 100; ) {
    await new Promise((r) => setTimeout(r, 10));
    if (window.__lbCalls.inFlight > 0) quietSince = performance.now();
  }
})()`;

/** Enter in the search box. */
export const PRESS_ENTER = `document.querySelector('[data-testid="search-input"]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))`;

export const click = (selector: string) => `document.querySelector(${JSON.stringify(selector)}).click()`;
