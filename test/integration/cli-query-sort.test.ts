// `logbridge query --sort FIELD[:asc|desc]`: any column's order, with --limit, --all and --format,
// events without the value last; a bad --sort is a clear usage error.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDbPath, tempDir } from '../helpers/temp.js';

const T0 = Date.UTC(2026, 10, 2, 8);

/** Calls whose durations are not in time order, and one log line with no duration. */
async function seeded(): Promise<string> {
  const db = tempDbPath();
  const file = path.join(tempDir(), 'calls.jsonl');
  const durations = [30, 10, 50, 20, 40];
  const lines = durations.map((d, i) => JSON.stringify({ time: T0 + i * 1000, method: 'GET', url: `/api/items/${i}`, status: 200, duration_ms: d }));
  lines.push(JSON.stringify({ time: T0 + 9000, level: 'warn', message: 'no duration here' }));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const r = await runCli(['import', '--db', db, file]);
  expect(r.status, r.stderr).toBe(0);
  return db;
}

const durationsOf = (stdout: string) => stdout.trim().split('\n').map((l) => (JSON.parse(l) as { duration_ms?: number }).duration_ms ?? null);

describe('logbridge query --sort', () => {
  it('prints the first N in the sort, ascending unless :desc, with blanks last; --all writes all of them in it', async () => {
    const db = await seeded();
    const asc = await runCli(['query', '--db', db, '--sort', 'duration_ms', '--limit', '3', '--json']);
    expect(asc.status, asc.stderr).toBe(0);
    expect(durationsOf(asc.stdout)).toEqual([10, 20, 30]);
    const desc = await runCli(['query', '--db', db, '--sort', 'duration_ms:desc', '--all', '--format', 'jsonl']);
    expect(desc.status, desc.stderr).toBe(0);
    expect(durationsOf(desc.stdout)).toEqual([50, 40, 30, 20, 10, null]);
    const lines = await runCli(['query', '--db', db, '--sort', 'duration_ms:desc', '--limit', '2', 'kind:api']);
    expect(lines.stdout).toMatch(/items\/2[\s\S]*items\/4/);
    expect(lines.stderr).toContain('2 of 5 matching events shown, sorted by duration_ms descending; --all writes every one.');
    const csv = await runCli(['query', '--db', db, '--sort', 'url:desc', '--all', '--format', 'csv', 'kind:api']);
    expect(csv.stdout.trim().split('\n').slice(1).map((l) => /\/api\/items\/\d/.exec(l)?.[0])).toEqual([4, 3, 2, 1, 0].map((i) => `/api/items/${i}`));
  });

  it('refuses a field it cannot sort by and a direction it does not know, saying what it takes', async () => {
    const db = await seeded();
    const field = await runCli(['query', '--db', db, '--sort', 'colour']);
    expect(field.status).toBe(2);
    expect(field.stderr).toContain('--sort takes FIELD[:asc|desc] with FIELD one of time, kind, action, target, status');
    const dir = await runCli(['query', '--db', db, '--sort', 'status:up']);
    expect(dir.status).toBe(2);
    expect(dir.stderr).toContain('--sort takes :asc or :desc after the field, not :up');
    const help = await runCli(['query', '--help']);
    expect(help.stdout + help.stderr).toContain('--sort FIELD[:asc|desc]');
  });
});
