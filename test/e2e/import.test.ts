// Opening files in the real UI (Debian's Chromium against `logbridge serve`): uploads in pieces,
// gzip, progress, cancelling, correcting a CSV's field mapping, derived sessions.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ACCESS_LOG, tempDbPath, tempDir } from '../helpers/temp.js';
import { clickWhenText, dropFiles, launchChromium, progressSamples, recordProgress } from './chromium.js';
import { matchCount, openApp } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const toNumber = (text: string | undefined) => Number((text ?? '').replace(/,/g, ''));
const itemStates = (page: Page) => page.getByTestId('import-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));

async function searchFor(page: Page, query: string): Promise<void> {
  await page.getByTestId('search-input').fill(query);
  await page.getByTestId('search-input').press('Enter');
}

const SAMPLE = fs.readFileSync(SAMPLE_ACCESS_LOG);
const SAMPLE_LINES = SAMPLE.toString('utf8').split('\n').filter((l) => l !== '');

/** The sample log repeated `times` times, written to a temp file: real lines, any size. */
function repeatedSample(times: number): { file: string; lines: number } {
  const file = path.join(tempDir(), `access-x${times}.log`);
  const fd = fs.openSync(file, 'w');
  try {
    for (let i = 0; i < times; i++) fs.writeSync(fd, SAMPLE.at(-1) === 0x0a ? SAMPLE : Buffer.concat([SAMPLE, Buffer.from('\n')]));
  } finally {
    fs.closeSync(fd);
  }
  return { file, lines: SAMPLE_LINES.length * times };
}

describe('opening files', () => {
  it('imports a dropped gzipped NDJSON file and an access log together into one timeline', async () => {
    const { page } = await openApp(browser);
    const ndjson = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ time: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(), level: i % 10 === 0 ? 'error' : 'info', message: `gz line ${i}` }),
    );
    const gz = zlib.gzipSync(Buffer.from(`${ndjson.join('\n')}\n`));
    expect(gz.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const access = `${SAMPLE_LINES.slice(0, 25).join('\n')}\n`;

    await dropFiles(page, [
      { name: 'app.ndjson.gz', bytes: gz, type: 'application/gzip' },
      { name: 'web.log', bytes: Buffer.from(access), type: 'text/plain' },
    ]);
    await expect.poll(() => itemStates(page), { timeout: 30_000 }).toEqual(['done', 'done']);
    const summary = await page.getByTestId('import-summary').innerText();
    expect(summary).toMatch(/Imported 40 events from app\.ndjson\.gz/);
    expect(summary).toMatch(/Imported 25 events from web\.log/);
    await expect.poll(() => matchCount(page)).toBe(65);

    // The text came through gunzip intact: a phrase from inside the archive is found.
    await searchFor(page, '"gz line 7"');
    await expect.poll(() => matchCount(page)).toBe(1);
    await expect.poll(() => page.getByTestId('log-row').first().innerText()).toContain('gz line 7');
  });

  it('uploads a multi-megabyte access log in pieces with a progress bar, to completion', async () => {
    const { page } = await openApp(browser);
    const { file, lines } = repeatedSample(7);
    expect(fs.statSync(file).size).toBeGreaterThan(12 * 1024 * 1024);
    await recordProgress(page);

    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-progress').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => itemStates(page), { timeout: 90_000 }).toEqual(['done']);
    await expect.poll(() => matchCount(page)).toBe(lines);
    expect(await page.getByTestId('import-summary').innerText()).toMatch(new RegExp(`Imported ${lines.toLocaleString('en-US')} events`));

    const samples = await progressSamples(page);
    const uploading = samples.filter((s) => s.phase === 'uploading');
    // The bar moved while the bytes went up, and said how much was sent.
    expect(uploading.some((s) => s.value !== null && s.value > 0 && s.value < s.max)).toBe(true);
    expect(uploading.some((s) => /MB of 1\d(\.\d)? MB sent/.test(s.facts))).toBe(true);
    // Then the core's own progress: bytes read, lines and events so far.
    const parsing = samples.filter((s) => s.phase === 'parsing');
    expect(parsing.length).toBeGreaterThan(0);
    expect(parsing.some((s) => /[\d,]+ lines · [\d,]+ events/.test(s.facts))).toBe(true);
  }, 120_000);

  it('cancels a large import, keeping what it committed searchable', async () => {
    const { page } = await openApp(browser);
    const { file, lines } = repeatedSample(22);
    expect(fs.statSync(file).size).toBeGreaterThan(50_000_000);

    // Stop it as soon as the core is reading and has stored some events. The import takes a
    // few seconds, so the page clicks Cancel itself rather than wait for a round trip.
    await clickWhenText(page, '[data-testid="import-cancel"]', '[data-testid="import-facts"]', /\b[1-9][\d,]* events\b/);
    await page.getByTestId('file-input').setInputFiles(file);

    await expect.poll(() => itemStates(page), { timeout: 60_000 }).toEqual(['cancelled']);
    const text = await page.getByTestId('import-summary').innerText();
    const kept = toNumber(/Cancelled — ([\d,]+) events? kept/.exec(text)?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(lines);
    await expect.poll(() => matchCount(page)).toBe(kept);

    await searchFor(page, 'status:200');
    await expect.poll(() => matchCount(page)).toBeGreaterThan(0);
    expect(await matchCount(page)).toBeLessThanOrEqual(kept);
    await expect.poll(() => page.getByTestId('log-row').first().innerText()).toContain('200');
  }, 180_000);

  it('re-imports a CSV with a corrected field mapping and shows the newly mapped field', async () => {
    const { page } = await openApp(browser);
    const rows = Array.from({ length: 6 }, (_, i) => `2026-11-20T10:00:0${i}Z,info,csv row ${i},visit-${i % 2 === 0 ? 'a' : 'b'}`);
    const csv = `timestamp,level,message,client_ref\n${rows.join('\n')}\n`;
    await page.getByTestId('file-input').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => itemStates(page), { timeout: 30_000 }).toEqual(['done']);
    await expect.poll(() => matchCount(page)).toBe(6);
    // client_ref is no name we know, so nothing put it in the session column.
    expect((await page.getByTestId('log-row').allInnerTexts()).join('\n')).not.toContain('visit-a');

    const mapping = page.getByTestId('mapping');
    await mapping.locator('summary').click();
    await page.getByLabel('Field to add').selectOption('session_id');
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.getByRole('textbox', { name: 'session_id', exact: true }).fill('client_ref');
    await page.getByRole('button', { name: 'Re-import with this mapping' }).click();

    await expect.poll(() => page.getByTestId('mapping').locator('summary').innerText(), { timeout: 30_000 }).toContain('session_id → client_ref');
    await expect.poll(() => itemStates(page)).toEqual(['done']);
    await expect.poll(() => matchCount(page)).toBe(6);
    await expect.poll(async () => (await page.getByTestId('log-row').allInnerTexts()).join('\n')).toContain('visit-a');
    expect((await page.getByTestId('log-row').allInnerTexts()).filter((t) => t.includes('visit-b'))).toHaveLength(3);
  }, 90_000);

  it('marks sessions derived from an access log, and says why raw text is gone once the file is', async () => {
    const db = tempDbPath();
    const { page } = await openApp(browser, db);
    const access = `${SAMPLE_LINES.slice(0, 300).join('\n')}\n`;
    await page.getByTestId('file-input').setInputFiles({ name: 'access.log', mimeType: 'text/plain', buffer: Buffer.from(access) });
    await expect.poll(() => matchCount(page), { timeout: 30_000 }).toBe(300);

    const badges = page.getByTestId('log-row').getByTestId('derived-badge');
    await expect.poll(() => badges.count()).toBeGreaterThan(0);
    expect(await badges.first().getAttribute('title')).toMatch(/client address and user agent.*30 minutes/);

    await page.getByTestId('log-row').first().click();
    const detail = page.getByTestId('detail-pane');
    await detail.getByTestId('derived-badge').waitFor();
    expect(await detail.getByTestId('derived-badge').innerText()).toBe('derived');
    expect(await detail.getByTestId('raw-note').count()).toBe(0);

    // The uploaded copy is kept beside the database; without it the raw line cannot be read back.
    fs.rmSync(path.join(path.dirname(db), 'uploads'), { recursive: true, force: true });
    await page.getByTestId('log-row').nth(1).click();
    await expect.poll(() => detail.getByTestId('raw-note').innerText()).toMatch(/no longer at/);
  });
});
