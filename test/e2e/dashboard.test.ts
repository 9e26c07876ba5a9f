// The dashboard in Chromium against browser mode: every chart drawn from a seeded store, the
// per-route table's figures equal to the seeded calls', drill-downs from a table row and from
// chart canvases into the explorer, hostile names kept as text, the range control, the empty
// states, live updates and the one query error.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { REPO_ROOT } from '../helpers/temp.js';
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

const HOSTILE = '<img src=x onerror=window.__pwned=1>';
const MIN = 60_000;

/** Calls and user actions three hours ago, and two page views five minutes ago (for the range control). */
function seedEvents(now: number): NewEvent[] {
  const t0 = Math.floor((now - 3 * 3_600_000) / MIN) * MIN;
  const api = (time: number, route: string, method: string, status: number, duration: number, session: string, extra: Omit<Partial<NewEvent>, 'raw'> = {}): NewEvent => ({
    time, kind: 'api', route, url: route.replace(':id', '42'), method, status, duration_ms: duration, session_id: session, ...extra,
    raw: JSON.stringify({ method, url: route, status }),
  });
  const user = (time: number, type: string, page: string, session: string): NewEvent => ({
    time, kind: 'user', type, page, session_id: session, raw: JSON.stringify({ event_type: type, event_data: { page } }),
  });
  const events: NewEvent[] = [];
  for (let i = 0; i < 20; i++) events.push(api(t0 + i * MIN + 1000, '/api/cart', 'POST', i % 5 === 4 ? 503 : 200, 20 + i * 10, `s${i % 4}`));
  for (let i = 0; i < 10; i++) events.push(api(t0 + i * 90_000 + 5000, '/api/users/:id', 'GET', 200, 15 + i * 3, `s${i % 4}`));
  for (let i = 0; i < 6; i++) events.push(api(t0 + i * 2 * MIN + 2000, '/api/login', 'POST', 401, 12, 's9', { ip_hash: 'client-a', user_id: 'mallory' }));
  for (let i = 0; i < 2; i++) events.push(api(t0 + (i * 5 + 1) * MIN + 3000, '/api/login', 'POST', 403, 14, 's8', { ip_hash: 'client-b' }));
  for (let i = 0; i < 3; i++) events.push(api(t0 + i * 4 * MIN + 4000, HOSTILE, 'GET', 404, 30 + i, 's1'));
  ['/', '/', '/', '/cart', '/cart', HOSTILE].forEach((page, i) => events.push(user(t0 + i * 3 * MIN + 500, 'page_view', page, `s${i % 4}`)));
  for (let i = 0; i < 4; i++) events.push(user(t0 + i * 5 * MIN + 700, 'button_click', '/cart', `s${i}`));
  events.push(user(now - 5 * MIN, 'page_view', '/recent', 's7'), user(now - 5 * MIN + 1000, 'page_view', '/recent', 's7'));
  return events;
}

const CARDS = [
  'chart-traffic', 'chart-errors', 'chart-latency', 'route-table', 'chart-top-routes', 'chart-slow-routes',
  'chart-status', 'chart-types', 'chart-pages', 'unauthorized-sources', 'chart-unauthorized', 'chart-bridge',
];

async function openDashboard(page: Page): Promise<void> {
  await page.getByTestId('tab-dashboard').click();
  await page.getByTestId('dashboard').waitFor();
}

async function everyCardReady(page: Page): Promise<void> {
  for (const card of CARDS) {
    await expect.poll(() => page.getByTestId(card).getAttribute('data-state'), { message: card }).toBe('ready');
  }
}

/** Figures as the dashboard writes them (lib/format.ts, lib/chart-base.ts) for the small whole numbers seeded here. */
const pct = (r: number) => (r === 0 || r === 1 ? `${r * 100}%` : `${(r * 100).toFixed(1)}%`);
const nearestRank = (sorted: number[], p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length - 1e-9))) - 1]!;

function expectedRouteRows(events: readonly NewEvent[]): Map<string, string[]> {
  const groups = new Map<string, NewEvent[]>();
  for (const e of events) {
    if (e.kind !== 'api') continue;
    const key = `${e.method} ${e.route}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out = new Map<string, string[]>();
  for (const [key, calls] of groups) {
    const durations = calls.map((c) => c.duration_ms!).sort((a, b) => a - b);
    const errors = calls.filter((c) => c.status! >= 500).length;
    const ms = (p: number) => `${nearestRank(durations, p)} ms`;
    out.set(key, [String(calls.length), String(errors), pct(errors / calls.length), ms(0.5), ms(0.95), ms(0.99)]);
  }
  return out;
}

/**
 * The drawn element's point in page pixels, from the chart's own ECharts instance. The instance
 * is held in a ref of the EChart component (components/dashboard/EChart.tsx); the test reads it
 * through React's fiber on the chart's element, so the app exposes nothing for tests. `at` says
 * where on the element: a vertical bar's stacked segment middle, a horizontal bar's middle, or a
 * line's point. The chart is scrolled to the middle of the window first.
 */
async function elementPoint(page: Page, testId: string, seriesName: string | null, pick: 'first-positive' | number, at: 'stacked' | 'hbar' | 'point'): Promise<{ x: number; y: number; index: number }> {
  const script = `(() => {
    const el = document.querySelector('[data-testid="${testId}"]');
    el.scrollIntoView({ block: 'center' });
    const key = Object.keys(el).find((k) => k.startsWith('__reactFiber$'));
    let chart = null;
    for (let fiber = el[key]; fiber && !chart; fiber = fiber.return) {
      for (let hook = fiber.memoizedState; hook && typeof hook === 'object' && 'next' in hook; hook = hook.next) {
        const v = hook.memoizedState;
        if (v && typeof v === 'object' && v.current && typeof v.current.convertToPixel === 'function') { chart = v.current; break; }
      }
    }
    const series = chart.getOption().series;
    const s = ${JSON.stringify(seriesName)} === null ? 0 : series.findIndex((x) => x.name === ${JSON.stringify(seriesName)});
    const value = (d) => (d && typeof d === 'object' ? d.value : d) ?? 0;
    const data = series[s].data.map(value);
    const i = ${JSON.stringify(pick)} === 'first-positive' ? data.findIndex((v) => v > 0) : ${JSON.stringify(pick)};
    let coord;
    if (${JSON.stringify(at)} === 'stacked') {
      let base = 0;
      for (let k = 0; k < s; k++) base += value(series[k].data[i]);
      coord = [i, base + data[i] / 2];
    } else if (${JSON.stringify(at)} === 'hbar') coord = [data[i] / 2, i];
    else coord = [i, data[i]];
    const [x, y] = chart.convertToPixel({ seriesIndex: s }, coord);
    const box = el.getBoundingClientRect();
    return { x: box.left + x, y: box.top + y, index: i };
  })()`;
  return (await page.evaluate(script)) as { x: number; y: number; index: number };
}

async function searchValue(page: Page): Promise<string> {
  return page.getByTestId('search-input').inputValue();
}

describe('the dashboard', () => {
  it('draws every chart from the store, with the per-route figures of the seeded calls, and hostile names as text', async () => {
    const events = seedEvents(Date.now());
    const { page } = await openApp(browser, await seededStore(events));
    await openDashboard(page);
    await everyCardReady(page);
    for (const card of CARDS.filter((c) => c.startsWith('chart-'))) {
      expect(await page.getByTestId(card).locator('canvas').count(), card).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('summary-events').innerText()).toBe(String(events.length));

    const expected = expectedRouteRows(events);
    const rows = page.getByTestId('route-row');
    await expect.poll(() => rows.count()).toBe(expected.size);
    for (const row of await rows.all()) {
      const cells = await row.locator('td').allInnerTexts();
      const route = (cells[0] ?? '').replace(/\s+/, ' ').trim();
      expect(expected.get(route), route).toEqual(cells.slice(1));
    }
    // Busiest first.
    expect((await rows.first().innerText()).startsWith('POST')).toBe(true);

    // The hostile route and page: drawn as text in the table, nothing injected, nothing run.
    expect(await page.getByTestId('route-table').innerText()).toContain(HOSTILE);
    const hostileBar = await elementPoint(page, 'chart-top-routes-chart', null, 3, 'hbar');
    await page.mouse.move(hostileBar.x, hostileBar.y);
    const pagesBar = await elementPoint(page, 'chart-pages-chart', null, 0, 'hbar');
    await page.mouse.move(pagesBar.x, pagesBar.y);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();

    if (process.env.LOGBRIDGE_SCREENSHOTS === '1') {
      // The dashboard scrolls inside the window: a tall window shows it whole.
      await page.setViewportSize({ width: 1440, height: 2300 });
      await page.getByTestId('dashboard').evaluate((el) => el.scrollTo(0, 0));
      await page.mouse.move(0, 0);
      await everyCardReady(page);
      await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'dashboard.png') });
    }
  });

  it('drills from a table row and from chart canvases into the explorer with the element\'s query and count', async () => {
    const events = seedEvents(Date.now());
    const { page } = await openApp(browser, await seededStore(events));
    await openDashboard(page);
    await everyCardReady(page);

    // A row of the per-route table.
    await page.getByTestId('route-row').filter({ hasText: '/api/cart' }).click();
    await expect.poll(() => searchValue(page)).toBe('kind:api route:/api/cart method:POST');
    await expect.poll(() => matchCount(page)).toBe(20);

    // The hostile route's row: its name quoted so the search reads it back exactly.
    await page.goBack();
    await page.getByTestId('route-row').filter({ hasText: HOSTILE }).click();
    await expect.poll(() => searchValue(page)).toBe(`kind:api route:"${HOSTILE}" method:GET`);
    await expect.poll(() => matchCount(page)).toBe(3);

    // A bar of the top routes chart: the busiest route.
    await page.goBack();
    await everyCardReady(page);
    const top = await elementPoint(page, 'chart-top-routes-chart', null, 0, 'hbar');
    await page.mouse.click(top.x, top.y);
    await expect.poll(() => searchValue(page)).toBe('kind:api route:/api/cart method:POST');
    await expect.poll(() => matchCount(page)).toBe(20);

    // The 5xx segment of a traffic bar: that class in that bucket.
    await page.goBack();
    await everyCardReady(page);
    const bar = await elementPoint(page, 'chart-traffic-chart', '5xx', 'first-positive', 'stacked');
    await page.mouse.click(bar.x, bar.y);
    await expect.poll(() => searchValue(page)).toMatch(/^status>=500 status<600 time>=\S+ time<\S+$/);
    const [, from, to] = /time>=(\S+) time<(\S+)/.exec(await searchValue(page))!;
    const inBucket = events.filter((e) => e.status! >= 500 && e.time >= Date.parse(from!) && e.time < Date.parse(to!)).length;
    expect(inBucket).toBeGreaterThan(0);
    await expect.poll(() => matchCount(page)).toBe(inBucket);

    // A point of the error-rate line: the failed calls of that bucket.
    await page.goBack();
    await everyCardReady(page);
    const point = await elementPoint(page, 'chart-errors-chart', null, 'first-positive', 'point');
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => searchValue(page)).toMatch(/^kind:api status>=500 time>=\S+ time<\S+$/);
    const [, pFrom, pTo] = /time>=(\S+) time<(\S+)/.exec(await searchValue(page))!;
    const failed = events.filter((e) => e.kind === 'api' && e.status! >= 500 && e.time >= Date.parse(pFrom!) && e.time < Date.parse(pTo!)).length;
    expect(failed).toBeGreaterThan(0);
    await expect.poll(() => matchCount(page)).toBe(failed);
  });

  it('drills into exactly the records a figure counted when the browser and the server both recorded the calls', async () => {
    const events = seedEvents(Date.now());
    // The page's own record of each /api/cart call (counted once, as the server's), and one call
    // to a third-party API only the browser saw (counted as the browser's).
    const echoes = events
      .filter((e) => e.route === '/api/cart')
      .map((e): NewEvent => ({ ...e, time: e.time - 3, duration_ms: e.duration_ms! + 4, url: `http://localhost:5173${e.url}`, attrs: { source: 'browser' } }));
    const thirdParty: NewEvent = { ...echoes[0]!, route: '/maps/tile', url: 'https://maps.example/maps/tile', method: 'GET', status: 200 };
    const { page } = await openApp(browser, await seededStore([...events, ...echoes, thirdParty]));
    await openDashboard(page);
    await everyCardReady(page);

    const row = page.getByTestId('route-row').filter({ hasText: '/api/cart' });
    await expect.poll(() => row.innerText()).toMatch(/\b20\b/);
    await row.click();
    // Left out: the browser's records of the routes the server recorded, which a search can say.
    await expect.poll(() => searchValue(page)).toMatch(/^kind:api route:\/api\/cart method:POST -\(kind:api attrs\.source:browser \(route:\/api\/cart OR .*route:\/api\/users\/\* .*\)\)$/);
    await expect.poll(() => matchCount(page)).toBe(20);

    await page.goBack();
    await everyCardReady(page);
    await page.getByTestId('route-row').filter({ hasText: '/maps/tile' }).click();
    await expect.poll(() => matchCount(page)).toBe(1);
  });

  it('narrows every chart to the chosen range and keeps the search in the drill-down', async () => {
    const now = Date.now();
    const events = seedEvents(now);
    const { page } = await openApp(browser, await seededStore(events));
    await openDashboard(page);
    await expect.poll(() => page.getByTestId('summary-events').innerText()).toBe(String(events.length));
    await page.getByTestId('dash-range-15m').click();
    await expect.poll(() => page.getByTestId('summary-events').innerText()).toBe('2');
    await expect.poll(() => page.getByTestId('chart-pages').getAttribute('data-state')).toBe('ready');
    // Only page views are in range: the API charts say so instead of drawing empty axes.
    for (const card of ['route-table', 'chart-errors', 'chart-top-routes', 'chart-bridge']) {
      await expect.poll(() => page.getByTestId(card).getAttribute('data-state'), { message: card }).toBe('empty');
    }

    await page.getByTestId('search-input').fill('session:s7');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('chart-pages').getAttribute('data-state')).toBe('ready');
    await page.getByRole('button', { name: 'Events', exact: false }).first().click();
    await expect.poll(() => searchValue(page)).toMatch(/^\(session:s7\) time>=\S+ time<\S+$/);
    await expect.poll(() => matchCount(page)).toBe(2);
  });

  it('says when nothing is stored, redraws when events arrive, says when nothing matches, and shows a search error once', async () => {
    const empty = await openApp(browser);
    await openDashboard(empty.page);
    await expect.poll(() => empty.page.getByTestId('dash-empty').innerText()).toMatch(/No events yet[\s\S]*open a log file or load the demo data/i);
    // An event collected now reaches the open dashboard without a reload.
    const sent = await fetch(`${empty.origin}/api/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', url: '/api/ping', status: 200, duration_ms: 12 }),
    });
    expect(sent.status).toBe(200);
    await expect.poll(() => empty.page.getByTestId('summary-events').innerText()).toBe('1');
    await expect.poll(() => empty.page.getByTestId('route-row').innerText()).toMatch(/GET\s+\/api\/ping/);

    const { page } = await openApp(browser, await seededStore(seedEvents(Date.now())));
    await openDashboard(page);
    await page.getByTestId('search-input').fill('status:599');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('dash-empty').innerText()).toMatch(/No events match/);

    await page.getByTestId('search-input').fill('stauts:404');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('dash-query-error').innerText()).toMatch(/stauts.*column 1/i);
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.getByTestId('chart-traffic').count()).toBe(0);
  });
});
