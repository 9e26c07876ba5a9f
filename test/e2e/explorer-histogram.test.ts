// The explorer's time range and histogram in Chromium against browser mode: the bars add up to
// the match count, a drag across them zooms (the range in the URL, the count down to the events
// in it), a reload keeps the query and range, zoom out steps back, presets and typed ranges
// narrow the table, a bad typed range says why and changes nothing, hostile text stays text.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { launchChromium } from './chromium.js';
import { matchCount, openApp } from './open-app.js';
import { seededStore } from './seeded-store.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const MIN = 60_000;
const DAY = 86_400_000;
const HOSTILE = '<img src=x onerror=window.__pwned=1>\u202E';

/** 48 API calls over the last hour, 12 user events among them, and 10 calls three days ago. */
function seedEvents(now: number): NewEvent[] {
  const api = (time: number, status: number, route: string): NewEvent => ({ time, kind: 'api', route, url: route, method: 'GET', status, duration_ms: 12, raw: route });
  const events: NewEvent[] = [];
  for (let i = 0; i < 48; i++) events.push(api(now - 59 * MIN + i * 75_000, [200, 200, 404, 503][i % 4]!, i % 8 === 0 ? HOSTILE : '/api/items'));
  for (let i = 0; i < 12; i++) events.push({ time: now - 55 * MIN + i * 4 * MIN, kind: 'user', type: 'page_view', page: '/cart', raw: 'pv' });
  for (let i = 0; i < 10; i++) events.push(api(now - 3 * DAY + i * MIN, 200, '/api/old'));
  return events;
}

const hash = (page: Page): Promise<string> => page.evaluate('location.hash') as Promise<string>;
const hashParams = async (page: Page) => new URLSearchParams((await hash(page)).slice(1));

async function histogramTotal(page: Page): Promise<number | null> {
  const strip = page.getByTestId('histogram');
  if ((await strip.getAttribute('data-state')) !== 'ready') return null;
  return Number(await strip.getAttribute('data-total'));
}

/** Waits until the histogram is drawn and its bars add up to the table's count, and gives that count. */
async function barsMatchCount(page: Page, expected: number): Promise<void> {
  await expect.poll(() => matchCount(page)).toBe(expected);
  await expect.poll(() => histogramTotal(page)).toBe(expected);
}

async function search(page: Page, query: string): Promise<void> {
  await page.getByTestId('search-input').fill(query);
  await page.getByTestId('search-input').press('Enter');
}

describe('explorer time range and histogram', () => {
  it('adds up to the count, zooms by dragging, keeps query and range over a reload, and zooms back out', async () => {
    const now = Date.now();
    const events = seedEvents(now);
    const { page } = await openApp(browser, await seededStore(events));
    await barsMatchCount(page, events.length);

    const apiCalls = events.filter((e) => e.kind === 'api');
    await search(page, 'kind:api');
    await barsMatchCount(page, apiCalls.length);
    expect(await page.getByTestId('histogram-chart').locator('canvas').count()).toBeGreaterThan(0);

    // The stacking switch: the same total by kind.
    await page.getByTestId('histogram-by-kind').click();
    await barsMatchCount(page, apiCalls.length);
    // Each search and switch gave the chart new parts; its brush was armed once, with the first.
    const chart = page.getByTestId('histogram-chart');
    expect(Number(await chart.getAttribute('data-drawn'))).toBeGreaterThanOrEqual(3);
    expect(await chart.getAttribute('data-armed')).toBe('1');

    // Drag across the right part of the plot (the last hour's calls; the old ones are on the left).
    const box = (await page.getByTestId('histogram-chart').boundingBox())!;
    const plotLeft = box.x + 56;
    const plotWidth = box.width - 56 - 16;
    const y = box.y + box.height / 2;
    await page.mouse.move(plotLeft + plotWidth * 0.985, y);
    await page.mouse.down();
    await page.mouse.move(plotLeft + plotWidth * 0.993, y, { steps: 4 });
    await page.mouse.move(plotLeft + plotWidth * 0.9995, y, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await hashParams(page)).get('from')).not.toBeNull();
    const params = await hashParams(page);
    expect(params.get('q')).toBe('kind:api');
    const from = Date.parse(params.get('from')!);
    const to = Date.parse(params.get('to')!);
    const inZoom = apiCalls.filter((e) => e.time >= from && e.time < to).length;
    expect(inZoom).toBeGreaterThan(0);
    expect(inZoom).toBeLessThan(apiCalls.length);
    await barsMatchCount(page, inZoom);
    for (const row of await page.getByTestId('log-row').all()) expect(await row.isVisible()).toBe(true);

    // A reload brings back the query and the range.
    const zoomedHash = await hash(page);
    await page.reload();
    await page.getByTestId('status-line').waitFor();
    expect(await hash(page)).toBe(zoomedHash);
    expect(await page.getByTestId('search-input').inputValue()).toBe('kind:api');
    await barsMatchCount(page, inZoom);
    // The stacking choice was remembered.
    expect(await page.getByTestId('histogram-by-kind').getAttribute('aria-pressed')).toBe('true');

    // Zoom out (no zoom history after the reload): twice as wide around the same middle.
    await page.getByTestId('zoom-out').click();
    await expect.poll(async () => (await hashParams(page)).get('from')).not.toBe(params.get('from'));
    const wider = await hashParams(page);
    const [wFrom, wTo] = [Date.parse(wider.get('from')!), Date.parse(wider.get('to')!)];
    expect(wTo - wFrom).toBe(2 * (to - from));
    await barsMatchCount(page, apiCalls.filter((e) => e.time >= wFrom && e.time < wTo).length);

    // Back returns to the zoomed range.
    await page.goBack();
    await barsMatchCount(page, inZoom);
  });

  it('narrows to a preset and to a typed range, and refuses a bad one with a message', async () => {
    const now = Date.now();
    const events = seedEvents(now);
    const { page } = await openApp(browser, await seededStore(events));
    await barsMatchCount(page, events.length);

    await page.getByTestId('range-24h').click();
    await expect.poll(async () => (await hashParams(page)).get('range')).toBe('24h');
    await barsMatchCount(page, events.filter((e) => e.time >= now - DAY).length);
    await page.getByTestId('range-30d').click();
    await barsMatchCount(page, events.length);

    // Typed in UTC (the switch): the three-day-old calls' first five minutes.
    await page.getByTestId('utc-toggle').click();
    await page.getByTestId('range-custom').click();
    const old = events.filter((e) => e.route === '/api/old').map((e) => e.time);
    const utcText = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    const from = Math.floor(old[0]! / 1000) * 1000;
    const to = from + 5 * MIN;
    await page.getByTestId('range-from').fill(utcText(from));
    await page.getByTestId('range-to').fill(utcText(to));
    await page.getByTestId('range-apply').click();
    await expect.poll(async () => (await hashParams(page)).get('from')).toBe(new Date(from).toISOString());
    expect((await hashParams(page)).get('to')).toBe(new Date(to).toISOString());
    const typed = events.filter((e) => e.time >= from && e.time < to).length;
    expect(typed).toBe(5);
    await barsMatchCount(page, typed);

    // "To" before "From": a message, and the range, the URL and the count stay.
    const before = await hash(page);
    await page.getByTestId('range-to').fill(utcText(from - MIN));
    await page.getByTestId('range-apply').click();
    await expect.poll(() => page.getByTestId('range-error').innerText()).toBe('"To" must come after "From".');
    await page.getByTestId('range-from').fill('yesterday-ish');
    await page.getByTestId('range-apply').click();
    await expect.poll(() => page.getByTestId('range-error').innerText()).toMatch(/^"From" is not a time/);
    expect(await hash(page)).toBe(before);
    await barsMatchCount(page, typed);

    // All time again; an empty range says what to do.
    await page.getByTestId('range-all').click();
    await barsMatchCount(page, events.length);
    await page.getByTestId('range-15m').click();
    await search(page, 'route:/api/old');
    await expect.poll(() => page.getByTestId('histogram-empty').innerText()).toMatch(/wider range/);
    // The table says the range is why, and widens it in one click.
    await expect.poll(() => page.getByTestId('empty-range').innerText()).toMatch(/No events match this search in this time range\s+Last 15 min/);
    await page.getByTestId('empty-range').getByRole('button', { name: 'Show all time' }).click();
    await barsMatchCount(page, events.filter((e) => e.route === '/api/old').length);
    expect((await hashParams(page)).get('range')).toBeNull();
  });

  it('draws hostile routes as text, hides and shows, and remembers being hidden', async () => {
    const events = seedEvents(Date.now());
    const { page } = await openApp(browser, await seededStore(events));
    await barsMatchCount(page, events.length);
    await page.getByTestId('histogram-by-status_class').click();
    const box = (await page.getByTestId('histogram-chart').boundingBox())!;
    for (const f of [0.2, 0.9, 0.97, 0.99]) await page.mouse.move(box.x + 56 + (box.width - 72) * f, box.y + box.height * 0.7);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate('globalThis.__pwned')).toBeUndefined();

    await page.getByTestId('histogram-toggle').click();
    await expect.poll(() => page.getByTestId('histogram').count()).toBe(0);
    await page.reload();
    await page.getByTestId('status-line').waitFor();
    await expect.poll(() => matchCount(page)).toBe(events.length);
    expect(await page.getByTestId('histogram').count()).toBe(0);
    await page.getByTestId('histogram-toggle').click();
    await barsMatchCount(page, events.length);
  });

  it('follows live events, a relative range ending at each refresh rather than when it was picked', async () => {
    const now = Date.now();
    const events = seedEvents(now);
    const { page, origin } = await openApp(browser, await seededStore(events));
    await page.getByTestId('range-15m').click();
    // No seeded event falls between 15 and 14 minutes ago but one at exactly 15, which the
    // window has left by the time it is picked.
    expect(events.filter((e) => e.time > now - 15 * MIN && e.time < now - 14 * MIN)).toEqual([]);
    const recent = events.filter((e) => e.time >= now - 14 * MIN).length;
    await barsMatchCount(page, recent);
    for (let i = 1; i <= 2; i++) {
      const res = await fetch(`${origin}/api/analytics/collect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-id': 'sess-live' },
        body: JSON.stringify({ event_type: 'button_click', event_data: { element: '#buy', page: '/cart' } }),
      });
      expect(res.status).toBe(200);
      await barsMatchCount(page, recent + i);
    }
  });
});
