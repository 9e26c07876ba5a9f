// Each test gets its own temporary folder and database; nothing is shared between tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

export function tempDir(prefix = 'logbridge-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempDbPath(): string {
  return path.join(tempDir(), 'test.db');
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export { SAMPLE_ACCESS_LOG } from '../fixtures/samples.js';

export function countLinesContaining(file: string, needle: string): number {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes(needle)).length;
}
