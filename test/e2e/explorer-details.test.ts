// The detail pane of an API call: request and response with headers and bodies, and timings.
import type { Browser } from 'playwright-core';
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

const HOSTILE = '<img src=x onerror="window.__pwned=1">\u202Egnp.exe';

function har(): string {
  const entry = {
    startedDateTime: '2026-03-01T10:00:00.000Z',
    time: 120,
    request: {
      method: 'POST',
      url: 'https://shop.example/api/cart?item=7',
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'X-Trace-Note', value: HOSTILE },
      ],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 15,
      postData: { mimeType: 'application/json', text: '{"item":7,"q":2}' },
    },
    response: {
      status: 201,
      statusText: 'Created',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      cookies: [],
      content: { size: 30, mimeType: 'application/json', text: JSON.stringify({ ok: true, note: HOSTILE }) },
      redirectURL: '',
      headersSize: -1,
      bodySize: 30,
    },
    cache: {},
    timings: { blocked: 2, dns: -1, connect: 30, ssl: 20, send: 1, wait: 80, receive: 7 },
  };
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, pages: [], entries: [entry] } });
}

describe('the detail pane of an API call', () => {
  it('shows the request and response headers and bodies and the timing phases, hostile text as text', async () => {
    const { page } = await openApp(browser);
    await page.getByTestId('file-input').setInputFiles({ name: 'cart.har', mimeType: 'application/json', buffer: Buffer.from(har()) });
    await expect.poll(() => matchCount(page)).toBe(1);
    await page.getByTestId('log-row').first().click();

    const request = page.getByTestId('request-section');
    await expect.poll(() => request.innerText()).toMatch(/POST/);
    expect(await page.getByTestId('request-headers').innerText()).toMatch(/content-type\s+application\/json/i);
    expect(await page.getByTestId('request-headers').innerText()).toContain('<img src=x onerror="window.__pwned=1">⟨U+202E⟩gnp.exe');
    // Pretty-printed, so the body was read as JSON.
    expect(await page.getByTestId('request-body').innerText()).toMatch(/"item": 7,\n\s+"q": 2/);
    expect(await page.getByTestId('response-section').innerText()).toMatch(/Status 201/);
    expect(await page.getByTestId('response-body').innerText()).toMatch(/"ok": true/);

    const timings = await page.getByTestId('timings').innerText();
    expect(timings).toMatch(/Waiting for server\s+80 ms/);
    expect(timings).toMatch(/TLS handshake\s+20 ms/);
    expect(timings).not.toMatch(/DNS/);
    expect(timings).toMatch(/Total\s+120 ms/);

    expect(await page.locator('[data-testid="detail-pane"] img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned === undefined')).toBe(true);
  });

  it('says once that an access log line has no headers, bodies or timings, instead of three empty sections', async () => {
    const { page } = await openApp(browser);
    const line = '10.0.0.1 - - [01/Mar/2026:10:00:00 +0000] "GET /api/items/7 HTTP/1.1" 200 512 "-" "curl/8"';
    await page.getByTestId('file-input').setInputFiles({ name: 'access.log', mimeType: 'text/plain', buffer: Buffer.from(`${line}\n`) });
    await expect.poll(() => matchCount(page)).toBe(1);
    await page.getByTestId('log-row').first().click();
    await expect.poll(() => page.getByTestId('call-parts-none').count()).toBe(1);
    expect(await page.getByTestId('request-section').count()).toBe(0);
    expect(await page.getByTestId('timings-section').count()).toBe(0);
  });
});
