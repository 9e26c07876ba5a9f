// Debian's Chromium, driven by playwright-core. `npx playwright install` cannot work on our
// machines, so we never depend on it.
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error('End-to-end tests need Chromium: install it with `apt-get install chromium` (or set CHROMIUM_PATH).');
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A file to hand the page as if the user dropped it. */
export interface DroppedFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/**
 * Drops files on the page the way a user's drag from the desktop arrives: dragenter, dragover
 * and drop on the body (or on `target`, a selector), carrying a DataTransfer that holds real File objects. Browser code goes
 * as text because this file is compiled without DOM types.
 */
export async function dropFiles(page: Page, files: readonly DroppedFile[], target = 'body'): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type ?? '', b64: Buffer.from(f.bytes).toString('base64') }));
  const dataTransfer = await page.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    for (const f of ${JSON.stringify(payload)}) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  })()`);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(target, type, { dataTransfer });
  await dataTransfer.dispose();
}

/** One sample of an import's progress bar, as the user would have seen it. */
export interface ProgressSample {
  phase: string;
  value: number | null;
  max: number;
  facts: string;
  /** Milliseconds since recording started. */
  at: number;
}

/**
 * Starts sampling every import progress bar on each animation frame, so a bar that lives only
 * a second is still seen. Read the samples with `progressSamples`.
 */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const samples = (window.__progress = []);
    let last = '';
    const start = performance.now();
    const tick = () => {
      for (const bar of document.querySelectorAll('[data-testid="import-progress"]')) {
        const facts = bar.closest('[data-testid="import-item"]')?.querySelector('[data-testid="import-facts"]')?.textContent ?? '';
        const sample = { phase: bar.dataset.phase ?? '', value: bar.hasAttribute('value') ? bar.value : null, max: bar.max, facts };
        const key = JSON.stringify(sample);
        if (key !== last) samples.push({ ...sample, at: Math.round(performance.now() - start) });
        last = key;
      }
      requestAnimationFrame(tick);
    };
    tick();
  })()`);
}

export async function progressSamples(page: Page): Promise<ProgressSample[]> {
  return (await page.evaluate('window.__progress ?? []')) as ProgressSample[];
}

/**
 * Arms a click that the page itself performs, on the first animation frame where the text of
 * `watch` matches `pattern`. For moments too short to catch from the test process: with the
 * server in this process, its database writes can delay every Playwright round trip.
 */
export async function clickWhenText(page: Page, target: string, watch: string, pattern: RegExp): Promise<void> {
  await page.evaluate(`(() => {
    const pattern = new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)});
    const tick = () => {
      const text = document.querySelector(${JSON.stringify(watch)})?.textContent ?? '';
      const button = document.querySelector(${JSON.stringify(target)});
      if (button && pattern.test(text)) button.click();
      else requestAnimationFrame(tick);
    };
    tick();
  })()`);
}
