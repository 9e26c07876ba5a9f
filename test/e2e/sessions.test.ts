// The session list in the real UI (Debian's Chromium against browser mode): sessions sent to
// the collector show their figures, sort by every column, follow the search (its mistakes shown
// in the view), open their timeline by click or keyboard, and a session id anywhere is a link.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/temp.js';
import { launchChromium } from './chromium.js';
import { matchCount, openApp } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const HOSTILE_USER = '<img src=x onerror=window.__pwned=1>';
const HOSTILE_SESSION = 's-evil\u202Egpj.exe';

async function post(origin: string, route: string, body: unknown): Promise<void> {
  const res = await fetch(`${origin}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, `${route}: ${await res.clone().text()}`).toBe(200);
}

const iso = (ms: number) => new Date(ms).toISOString();
const userEvent = (session: string, user: string, at: number, type: string, data: Record<string, unknown>) => ({
  event_type: type,
  event_data: data,
  timestamp: iso(at),
  session_id: session,
  user_id: user,
});
const call = (session: string, at: number, method: string, url: string, status: number, duration: number, source?: string) => ({
  method, url, status, duration_ms: duration, time: at, session_id: session, ...(source ? { source } : {}),
});

/**
 * Three sessions a minute apart (recent, so retention keeps them):
 * alpha: 2 pages, a click, an error, a failed payment seen from both sides (one call), ends 2 s after it.
 * beta: 1 page, 3 clicks, 5 calls that all worked, the slowest 900 ms.
 * hostile: a user and a session id made of markup and a right-to-left override.
 */
async function seed(origin: string): Promise<number> {
  const t0 = Date.now() - 20 * 60_000;
  await post(origin, '/api/analytics/batch', {
    events: [
      userEvent('s-alpha', 'ann', t0, 'page_view', { page: '/' }),
      userEvent('s-alpha', 'ann', t0 + 1_000, 'button_click', { element: '#buy', page: '/' }),
      userEvent('s-alpha', 'ann', t0 + 2_000, 'page_view', { page: '/checkout' }),
      userEvent('s-alpha', 'ann', t0 + 4_000, 'error_encountered', { message: 'Payment failed', page: '/checkout' }),
    ],
  });
  await post(origin, '/api/logs', [
    call('s-alpha', t0 + 3_000, 'POST', 'http://localhost:8080/api/pay', 500, 412, 'browser'),
    call('s-alpha', t0 + 3_010, 'POST', '/api/pay', 500, 380),
  ]);

  const t1 = t0 + 60_000;
  await post(origin, '/api/analytics/batch', {
    events: [
      userEvent('s-beta', 'bob', t1, 'page_view', { page: '/' }),
      ...[1, 2, 3].map((i) => userEvent('s-beta', 'bob', t1 + i * 1_000, 'button_click', { element: `#item-${i}` })),
    ],
  });
  await post(origin, '/api/logs', [10, 20, 900, 30, 40].map((d, i) => call('s-beta', t1 + 500 + i * 100, 'GET', `/api/items/${i}`, 200, d)));
  // Ends two minutes after its last call.
  await post(origin, '/api/analytics/batch', { events: [userEvent('s-beta', 'bob', t1 + 120_000, 'button_click', { element: '#done' })] });

  const t2 = t0 + 30_000;
  await post(origin, '/api/analytics/batch', { events: [userEvent(HOSTILE_SESSION, HOSTILE_USER, t2, 'page_view', { page: '/x' })] });
  return t0;
}

const rowOf = (page: Page, session: string) => page.locator(`[data-testid="session-row"][data-session-id="${session}"]`);
const cell = (page: Page, session: string, col: string) => rowOf(page, session).locator(`[data-col="${col}"]`).innerText();
const listedIds = (page: Page) => page.getByTestId('session-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')));

async function openSessions(page: Page): Promise<void> {
  await page.getByTestId('tab-sessions').click();
  await page.getByTestId('sessions-view').waitFor();
}

async function search(page: Page, query: string): Promise<void> {
  await page.getByTestId('search-input').fill(query);
  await page.getByTestId('search-input').press('Enter');
}

describe('the session list', () => {
  it('says what to do when there are no sessions yet', async () => {
    const { page } = await openApp(browser);
    await openSessions(page);
    await expect.poll(() => page.getByTestId('sessions-empty').innerText()).toMatch(/No sessions yet/);
    expect(await page.getByTestId('sessions-empty').innerText()).toMatch(/open a log file|send events/i);
  });

  it('shows each session’s figures, marks the one that left after a failure, and sorts by every column', async () => {
    const { page, origin } = await openApp(browser);
    await seed(origin);
    await openSessions(page);
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);
    expect(await page.getByTestId('sessions-count').innerText()).toBe('3 sessions');

    // Newest first, as the core answers.
    expect(await listedIds(page)).toEqual(['s-beta', HOSTILE_SESSION, 's-alpha']);

    expect(await cell(page, 's-alpha', 'user')).toBe('ann');
    expect(await cell(page, 's-alpha', 'pages')).toBe('2');
    expect(await cell(page, 's-alpha', 'actions')).toBe('4');
    // The browser's and the server's record of the payment are one call, failed once; plus the error
    // the page ran into. The call is counted by the server's record, so its 380 ms is the slowest.
    expect(await cell(page, 's-alpha', 'api_calls')).toBe('1');
    expect(await cell(page, 's-alpha', 'errors')).toBe('2');
    expect(await cell(page, 's-alpha', 'slowest')).toBe('380 ms');
    expect(await cell(page, 's-alpha', 'duration')).toBe('4.0 s');
    expect(await cell(page, 's-alpha', 'left')).toBe('left after failure');

    expect(await cell(page, 's-beta', 'pages')).toBe('1');
    expect(await cell(page, 's-beta', 'actions')).toBe('5');
    expect(await cell(page, 's-beta', 'api_calls')).toBe('5');
    expect(await cell(page, 's-beta', 'errors')).toBe('0');
    expect(await cell(page, 's-beta', 'slowest')).toBe('900 ms');
    expect(await cell(page, 's-beta', 'duration')).toBe('2 min');
    expect(await rowOf(page, 's-beta').getByTestId('left-after-failure').count()).toBe(0);
    expect(await page.getByTestId('left-after-failure').count()).toBe(1);

    const sortBy = async (key: string, expected: string[]) => {
      await page.getByTestId(`sort-${key}`).click();
      await expect.poll(() => listedIds(page)).toEqual(expected);
    };
    await sortBy('api_calls', ['s-beta', 's-alpha', HOSTILE_SESSION]);
    await sortBy('api_calls', [HOSTILE_SESSION, 's-alpha', 's-beta']);
    await sortBy('errors', ['s-alpha', 's-beta', HOSTILE_SESSION]);
    await sortBy('actions', ['s-beta', 's-alpha', HOSTILE_SESSION]);
    await sortBy('pages', ['s-alpha', 's-beta', HOSTILE_SESSION]);
    await sortBy('duration', ['s-beta', 's-alpha', HOSTILE_SESSION]);
    // Sessions without a call have no slowest call: last, whichever way.
    await sortBy('slowest', ['s-beta', 's-alpha', HOSTILE_SESSION]);
    await sortBy('slowest', ['s-alpha', 's-beta', HOSTILE_SESSION]);
    // Code-unit order, the same on every machine: '<' comes before letters.
    await sortBy('user', [HOSTILE_SESSION, 's-alpha', 's-beta']);
    await sortBy('left', ['s-alpha', 's-beta', HOSTILE_SESSION]);
    await sortBy('start', ['s-beta', HOSTILE_SESSION, 's-alpha']);
    await sortBy('start', ['s-alpha', HOSTILE_SESSION, 's-beta']);
    await sortBy('session', ['s-alpha', 's-beta', HOSTILE_SESSION]);
    expect(await page.getByTestId('sort-session').locator('..').getAttribute('aria-sort')).toBe('ascending');

    if (process.env.LOGBRIDGE_SCREENSHOTS === '1') {
      // For the README: the two ordinary sessions, newest first.
      await sortBy('start', ['s-beta', HOSTILE_SESSION, 's-alpha']);
      await search(page, 'user:(ann OR bob)');
      await expect.poll(() => listedIds(page)).toEqual(['s-beta', 's-alpha']);
      await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'sessions.png') });
    }
  });

  it('follows the search, and shows its mistakes instead of an empty list', async () => {
    const { page, origin } = await openApp(browser);
    await seed(origin);
    await openSessions(page);
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);

    await search(page, 'status>=500');
    await expect.poll(() => listedIds(page)).toEqual(['s-alpha']);
    expect(await page.getByTestId('sessions-count').innerText()).toBe('1 session');

    await search(page, 'stauts:500');
    await expect.poll(() => page.getByTestId('sessions-error').innerText()).toMatch(/stauts/);
    expect(await page.getByTestId('sessions-error').innerText()).toMatch(/column 1|\^/);
    expect(await page.getByTestId('session-row').count()).toBe(0);

    await search(page, 'user:nobody');
    await expect.poll(() => page.getByTestId('sessions-empty').innerText()).toMatch(/No sessions match/);
    expect(await page.getByTestId('sessions-error').count()).toBe(0);
  });

  it('opens a session’s timeline by click and by keyboard', async () => {
    const { page, origin } = await openApp(browser);
    await seed(origin);
    await openSessions(page);
    await rowOf(page, 's-alpha').click();
    await expect.poll(() => page.getByTestId('timeline-session').innerText()).toBe('s-alpha');

    await page.getByTestId('timeline-back').click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);
    await page.getByTestId('sessions-table').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // The second row, newest first.
    await expect.poll(() => page.getByTestId('timeline-session').innerText()).toContain('s-evil');
  });

  it('opens a session from its id in the explorer’s table and detail pane', async () => {
    const { page, origin } = await openApp(browser);
    await seed(origin);
    await search(page, 'user:bob type:button_click');
    await expect.poll(() => matchCount(page)).toBe(4);
    const row = page.getByTestId('log-row').first();
    await row.getByTestId('session-link').click();
    await expect.poll(() => page.getByTestId('timeline-session').innerText()).toBe('s-beta');

    await page.goBack();
    await expect.poll(() => page.getByTestId('log-row').count()).toBe(4);
    // The link opened the session without also selecting the row it sits in.
    expect(await page.getByTestId('detail-pane').count()).toBe(0);
    expect(await page.locator('[data-testid="log-row"][aria-selected="true"]').count()).toBe(0);
    await page.getByTestId('log-row').first().click();
    await page.getByTestId('detail-session-link').click();
    await expect.poll(() => page.getByTestId('timeline-session').innerText()).toBe('s-beta');

    // By keyboard: Tab reaches the link, Enter follows it.
    await page.goBack();
    await expect.poll(() => page.getByTestId('log-row').count()).toBe(4);
    await page.getByTestId('log-row').first().getByTestId('session-link').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('timeline-session').innerText()).toBe('s-beta');
  });

  it('marks sessions derived from a file without ids', async () => {
    const { page } = await openApp(browser);
    const file = path.join(tempDir(), 'two.log');
    const when = new Date(Date.now() - 3_600_000);
    const clf = `${String(when.getUTCDate()).padStart(2, '0')}/${when.toLocaleString('en', { month: 'short', timeZone: 'UTC' })}/${when.getUTCFullYear()}:${when.toISOString().slice(11, 19)} +0000`;
    fs.writeFileSync(
      file,
      `10.0.0.7 - - [${clf}] "GET /a HTTP/1.1" 200 12 "-" "curl/8"\n10.0.0.7 - - [${clf}] "GET /b HTTP/1.1" 404 12 "-" "curl/8"\n`,
    );
    await page.getByTestId('file-input').setInputFiles(file);
    await expect.poll(() => page.getByTestId('import-summary').innerText(), { timeout: 30_000 }).toMatch(/Imported 2 events/);
    await openSessions(page);
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(1);
    expect(await page.getByTestId('session-row').getByTestId('derived-badge').innerText()).toBe('derived');
    expect(await page.getByTestId('session-row').locator('[data-col="api_calls"]').innerText()).toBe('2');
  });

  it('renders hostile session ids and users as text', async () => {
    const { page, origin } = await openApp(browser);
    await seed(origin);
    await openSessions(page);
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);
    const row = page.getByTestId('session-row').nth(1);
    expect(await row.locator('[data-col="user"]').innerText()).toBe(HOSTILE_USER);
    expect(await row.locator('[data-col="session"]').innerText()).toBe('s-evil⟨U+202E⟩gpj.exe');
    expect(await row.getByTestId('bidi-marker').count()).toBe(1);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
