// The search box's autocomplete and recent searches in Debian's Chromium against browser mode.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { matchCount, openApp } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const HOSTILE_USER = '<img src=x onerror=window.__pwned=1>\u202Egnp.exe';

async function post(origin: string, route: string, body: unknown): Promise<void> {
  const res = await fetch(`${origin}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, `${route}: ${await res.clone().text()}`).toBe(200);
}

/** Six calls (three 200s, two 404s, a 500) and one user action by a user named with markup. */
async function seeded(): Promise<{ page: Page; origin: string }> {
  const app = await openApp(browser);
  const t0 = Date.now() - 10 * 60_000;
  const statuses = [200, 200, 200, 404, 404, 500];
  await post(app.origin, '/api/logs', statuses.map((status, i) => ({ method: 'GET', url: `/api/items/${i}`, status, duration_ms: 5, time: t0 + i * 1000 })));
  await post(app.origin, '/api/analytics/batch', {
    events: [{ event_type: 'page_view', event_data: { page: '/' }, timestamp: new Date(t0 + 9000).toISOString(), session_id: 's1', user_id: HOSTILE_USER }],
  });
  await expect.poll(() => matchCount(app.page)).toBe(7);
  return app;
}

const box = (page: Page) => page.getByTestId('search-input');
const options = (page: Page) => page.getByTestId('search-option');
const optionTexts = (page: Page) => options(page).allInnerTexts();
const focusedLabel = (page: Page) => page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")');

describe('search autocomplete', () => {
  it('offers status for `sta`, then its stored values with counts, and searches for the one taken by keyboard', async () => {
    const { page } = await seeded();
    await box(page).click();
    await page.keyboard.type('sta');
    await expect.poll(() => optionTexts(page)).toEqual([expect.stringMatching(/^status\s+Status · number$/)]);
    expect(await box(page).getAttribute('aria-expanded')).toBe('true');

    await page.keyboard.press('ArrowDown');
    const first = options(page).first();
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await box(page).getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    await page.keyboard.press('Tab');
    expect(await box(page).inputValue()).toBe('status:');

    await expect.poll(() => optionTexts(page)).toEqual(['200\n3', '404\n2', '500\n1'].map((t) => expect.stringMatching(new RegExp(`^${t.replace('\n', '\\s+')}$`))));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await box(page).inputValue()).toBe('status:404 ');
    await expect.poll(() => matchCount(page)).toBe(2);
    expect(await page.getByTestId('search-suggestions').count()).toBe(0);

    // A prefix narrows the values; they are counted among what the rest of the search matches.
    await box(page).fill('status:404 status:5');
    await expect.poll(() => page.getByTestId('search-suggest-note').innerText()).toMatch(/No status starts with “5”.*press Enter/);
    expect(await options(page).count()).toBe(0);
    await box(page).fill('status:5');
    await expect.poll(() => optionTexts(page)).toEqual([expect.stringMatching(/^500\s+1$/)]);
    // The rest of a half-typed query does not parse yet (`(` never closed): values of every event, picked by mouse.
    await box(page).fill('method:GET (status:4');
    await expect.poll(() => optionTexts(page)).toEqual([expect.stringMatching(/^404\s+2$/)]);
    await options(page).first().click();
    expect(await box(page).inputValue()).toBe('method:GET (status:404 ');
  });

  it('closes the list with Escape first, and with no list Escape and ArrowDown go to the results', async () => {
    const { page } = await seeded();
    await box(page).click();
    await page.keyboard.type('sta');
    await page.getByTestId('search-suggestions').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('search-suggestions').count()).toBe(0);
    expect(await focusedLabel(page)).toBe('Search events');
    await page.keyboard.press('Escape');
    expect(await focusedLabel(page)).toBe('Events');

    await box(page).fill('payment');
    expect(await page.getByTestId('search-suggestions').count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    expect(await focusedLabel(page)).toBe('Events');
  });

  it('shows hostile values as text', async () => {
    const { page } = await seeded();
    await box(page).click();
    await page.keyboard.type('user:');
    await expect.poll(() => options(page).count()).toBe(1);
    const text = await options(page).first().locator('.search-option-text').textContent();
    // The right-to-left override is drawn as a marker instead of reordering the text.
    expect(text).toContain('<img src=x onerror=window.__pwned=1>');
    expect(await options(page).first().getByTestId('bidi-marker').count()).toBe(1);
    expect(await page.getByTestId('search-suggestions').locator('img').count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await box(page).inputValue()).toBe(`user:"${HOSTILE_USER}" `);
    await expect.poll(() => matchCount(page)).toBe(1);
    expect(await page.evaluate('window.__pwned === undefined')).toBe(true);
  });
});

describe('recent searches', () => {
  it('lists searches applied before a reload, newest first, applies one, and removes and clears them', async () => {
    const { page } = await seeded();
    await box(page).fill('status:500');
    await box(page).press('Enter');
    await expect.poll(() => matchCount(page)).toBe(1);
    // A search that fails is not kept.
    await box(page).fill('stauts:1');
    await box(page).press('Enter');
    await page.getByTestId('search-error').waitFor();

    await page.reload();
    await page.getByTestId('status-line').waitFor();
    await box(page).fill('status:200');
    await box(page).press('Enter');
    await expect.poll(() => matchCount(page)).toBe(3);

    await box(page).fill('');
    await expect.poll(() => optionTexts(page)).toEqual(['status:200', 'status:500']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await box(page).inputValue()).toBe('status:500');
    await expect.poll(() => matchCount(page)).toBe(1);
    expect(await page.getByTestId('search-suggestions').count()).toBe(0);

    // The button shows them whatever the box holds; one goes, then all.
    await page.getByTestId('history-button').click();
    await expect.poll(() => optionTexts(page)).toEqual(['status:500', 'status:200']);
    await options(page).first().getByTestId('history-remove').click();
    await expect.poll(() => optionTexts(page)).toEqual(['status:200']);
    await page.getByTestId('history-clear').click();
    await expect.poll(() => page.getByTestId('search-suggest-note').innerText()).toMatch(/No recent searches yet/);
    await page.reload();
    await page.getByTestId('status-line').waitFor();
    await page.getByTestId('history-button').click();
    await expect.poll(() => page.getByTestId('search-suggest-note').innerText()).toMatch(/No recent searches yet/);
    expect(await options(page).count()).toBe(0);
  });
});

describe('applying a search', () => {
  it('sends the table’s search from the key press itself, once, and the rows follow', async () => {
    const { page } = await seeded();
    await box(page).fill('status:404');
    // What fetch was asked before the key's handling returned (React renders after it), and after.
    const sent = await page.evaluate(`(async () => {
      const asked = [];
      const original = window.fetch;
      window.fetch = (url, init) => {
        if (String(url).endsWith('/rpc/events.search')) asked.push(JSON.parse(init.body));
        return original(url, init);
      };
      const input = document.querySelector('[data-testid="search-input"]');
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      const withinTheKey = asked.map((b) => b.query);
      await new Promise((r) => setTimeout(r, 500));
      window.fetch = original;
      return { withinTheKey, firstPages: asked.filter((b) => b.offset === 0).map((b) => b.query) };
    })()`);
    expect(sent).toEqual({ withinTheKey: ['status:404'], firstPages: ['status:404'] });
    await expect.poll(() => matchCount(page)).toBe(2);
  });

  it('shows a new search’s rows in the elements that held the last one’s, instead of building them again', async () => {
    const { page } = await seeded();
    await box(page).fill('status:200');
    await box(page).press('Enter');
    await expect.poll(() => matchCount(page)).toBe(3);
    // Every row and cell shown is marked; the next search's rows (none of them among these) must
    // arrive in marked elements.
    await page.evaluate(`document.querySelectorAll('[data-testid="log-row"], [role="gridcell"]').forEach((el) => { el.__before = true; })`);
    const before = await page.getByTestId('log-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-id')));
    await box(page).fill('status:404');
    await box(page).press('Enter');
    await expect.poll(() => matchCount(page)).toBe(2);
    const rows = await page.getByTestId('log-row').evaluateAll((els) =>
      els.map((r) => ({ id: r.getAttribute('data-event-id'), kept: (r as unknown as { __before?: boolean }).__before === true, cellsKept: [...r.querySelectorAll('[role="gridcell"]')].every((c) => (c as unknown as { __before?: boolean }).__before === true) })),
    );
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => before.includes(r.id))).toEqual([]);
    expect(rows.every((r) => r.kept && r.cellsKept)).toBe(true);
    expect(await page.getByTestId('log-row').first().innerText()).toContain('404');
  });

  it('does not fetch the icon again each time the address changes', async () => {
    const { page } = await seeded();
    const since = Number(await page.evaluate('performance.now()'));
    for (const [query, count] of [['status:404', 2], ['status:500', 1], ['', 7]] as const) {
      await box(page).fill(query);
      await box(page).press('Enter');
      await expect.poll(() => matchCount(page)).toBe(count);
    }
    await page.waitForTimeout(300);
    // Entries that went over the network (a revalidation too), not those the browser had kept.
    const fetched = await page.evaluate(`performance.getEntriesByType('resource')
      .filter((e) => e.startTime >= ${since} && e.transferSize > 0 && !e.name.includes('/rpc/'))
      .map((e) => new URL(e.name).pathname.replace(/-[\\w-]+\\./, '.'))`);
    expect(fetched).not.toContain('/assets/favicon.svg');
    expect(fetched).not.toContain('/favicon.svg');
  });
});

describe('the side views follow the table', () => {
  it('ask about a new search once the table’s rows are in, and not again when only the order changes', async () => {
    const { page } = await seeded();
    await page.getByTestId('histogram-chart').waitFor();
    // The sidebar's own live refresh for the seeded events has come (it would be a call of its own).
    await expect.poll(() => page.getByTestId('facet-sidebar').innerText()).toMatch(/page_view/);
    await box(page).fill('status:404');
    const calls = async (act: string) =>
      page.evaluate(`(async () => {
        const calls = [];
        const original = window.fetch;
        window.fetch = async (url, init) => {
          const call = { name: String(url).split('/rpc/')[1], query: JSON.parse(init?.body ?? '{}').query, offset: JSON.parse(init?.body ?? '{}').offset, start: performance.now(), end: 0 };
          if (call.name) calls.push(call);
          try { return await original(url, init); } finally { call.end = performance.now(); }
        };
        ${act};
        await new Promise((r) => setTimeout(r, 1500));
        window.fetch = original;
        return calls;
      })()`) as Promise<{ name: string; query?: string; offset?: number; start: number; end: number }[]>;

    const enter = await calls(`document.querySelector('[data-testid="search-input"]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))`);
    const table = enter.find((c) => c.name === 'events.search' && c.offset === 0)!;
    const sides = enter.filter((c) => c.name === 'events.facets' || c.name === 'stats.aggregate');
    expect(sides.map((c) => c.name).sort()).toEqual(['events.facets', 'stats.aggregate']);
    for (const side of sides) {
      expect(side.query).toBe('status:404');
      expect(side.start, side.name).toBeGreaterThanOrEqual(table.end);
    }
    await expect.poll(() => page.getByTestId('facet-sidebar').innerText()).toMatch(/404/);

    const sort = await calls(`document.querySelector('[data-testid="sort-status"]').click()`);
    expect(sort.filter((c) => c.name === 'events.search').length).toBeGreaterThan(0);
    expect(sort.filter((c) => c.name === 'events.facets' || c.name === 'stats.aggregate')).toEqual([]);

    // A change that is not a typed search (here the asset toggle; back, a range, a view alike).
    const toggled = await calls(`document.querySelector('[data-testid="assets-toggle"]').click()`);
    const tableAgain = toggled.find((c) => c.name === 'events.search' && c.offset === 0)!;
    const sidesAgain = toggled.filter((c) => c.name === 'events.facets' || c.name === 'stats.aggregate');
    expect(sidesAgain.map((c) => c.name).sort()).toEqual(['events.facets', 'stats.aggregate']);
    for (const side of sidesAgain) expect(side.start, side.name).toBeGreaterThanOrEqual(tableAgain.end);
  });

  it('ask on opening once the table’s first rows are in', async () => {
    const { page } = await seeded();
    const opened = await page.context().newPage();
    await opened.addInitScript(`(() => {
      const calls = (window.__calls = []);
      const original = window.fetch;
      window.fetch = async (url, init) => {
        const call = { name: String(url).split('/rpc/')[1], offset: JSON.parse(init?.body ?? '{}').offset, start: performance.now(), end: 0 };
        if (call.name) calls.push(call);
        try { return await original(url, init); } finally { call.end = performance.now(); }
      };
    })()`);
    await opened.goto(new URL(page.url()).origin);
    await expect.poll(() => opened.getByTestId('facet-sidebar').innerText()).toMatch(/page_view/);
    await opened.getByTestId('histogram-chart').waitFor();
    const calls = (await opened.evaluate('window.__calls')) as { name: string; offset?: number; start: number; end: number }[];
    const table = calls.find((c) => c.name === 'events.search' && c.offset === 0)!;
    const sides = calls.filter((c) => c.name === 'events.facets' || c.name === 'stats.aggregate');
    expect(sides.length).toBeGreaterThanOrEqual(2);
    for (const side of sides) expect(side.start, side.name).toBeGreaterThanOrEqual(table.end);
    await opened.close();
  });
});

describe('busy signs', () => {
  it('appear only after a moment, and the progress bar moves by transform (nothing repainted while a quick search runs)', async () => {
    const { page } = await seeded();
    const seen = await page.evaluate(`(() => {
      const probe = document.createElement('div');
      probe.innerHTML = '<div class="progress"></div><span class="spinner late"></span>';
      document.querySelector('[data-testid="table-scroll"]').parentElement.append(probe);
      const bar = getComputedStyle(probe.querySelector('.progress'));
      const stripe = getComputedStyle(probe.querySelector('.progress'), '::before');
      const spinner = getComputedStyle(probe.querySelector('.spinner'));
      const frames = [...document.styleSheets].flatMap((s) => [...s.cssRules]).find((r) => r instanceof CSSKeyframesRule && r.name === stripe.animationName);
      const animated = frames ? [...frames.cssRules].flatMap((k) => [...k.style]) : [];
      const seen = {
        bar: [bar.opacity, bar.animationName, bar.animationDelay],
        spinner: [spinner.opacity, spinner.animationDelay],
        stripeAnimates: [...new Set(animated)],
      };
      probe.remove();
      return seen;
    })()`);
    expect(seen).toEqual({ bar: ['0', 'show-late', '0.15s'], spinner: ['0', '0s, 0.15s'], stripeAnimates: ['transform'] });
  });
});
