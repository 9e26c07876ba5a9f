// `npm run demo` as a user runs it: the app's URL first, the crowd's sessions stored through
// the collector of the `logbridge serve` it started, still serving until stopped.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { expectedCounts, planVisitors } from '../../electron/core/demo/index.js';
import { makeService } from '../helpers/service.js';
import { REPO_ROOT, tempDir } from '../helpers/temp.js';

it('prints the URL, runs the crowd into its own serve, and keeps serving', async () => {
  const db = path.join(tempDir(), 'demo.db');
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'demo.mjs'), '--driver', 'http', '--visitors', '3', '--db', db], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    child.kill('SIGTERM');
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  await expect.poll(() => `${out}${err}`, { timeout: 60_000, interval: 100 }).toMatch(/Still serving|The demo failed/);
  expect(err).not.toMatch(/The demo failed/);
  const url = /Open Logbridge: (\S+)/.exec(out)?.[1];
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
  // Still serving: the page answers.
  expect((await fetch(new URL(url!).origin)).status).toBe(200);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));

  const service = await makeService(db);
  const listed = await service.dispatch('sessions.list', {});
  if (!listed.ok) throw new Error(listed.message);
  expect(listed.value.sessions).toHaveLength(expectedCounts(planVisitors(7, 3)).sessions);
}, 90_000);
