// `logbridge query --all` writes every match with no cap, and `--format` writes JSON lines,
// CSV a spreadsheet opens safely, or a HAR file the browsers' tools import.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDbPath, tempDir } from '../helpers/temp.js';
import { csvCell } from '../../electron/cli/export-formats.js';

const T0 = Date.UTC(2026, 10, 2, 8);

/** A store with `n` API calls (every tenth a 500) and one log line whose message is a formula. */
async function seeded(n: number): Promise<string> {
  const db = tempDbPath();
  const file = path.join(tempDir(), 'calls.jsonl');
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ time: T0 + i * 1000, method: 'GET', url: `/api/items/${i}?q=a,b`, status: i % 10 === 9 ? 500 : 200, duration_ms: 10 + (i % 7) }));
  lines.push(JSON.stringify({ time: T0 + n * 1000, level: 'warn', message: '=HYPERLINK("http://evil","x"), "quoted"' }));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const r = await runCli(['import', '--db', db, file]);
  expect(r.status, r.stderr).toBe(0);
  return db;
}

describe('logbridge query, every match and other formats', () => {
  it('--all writes every match past any limit, newest first, and says how many', async () => {
    const db = await seeded(12_000);
    const r = await runCli(['query', '--db', db, '--all', '--format', 'jsonl', 'kind:api']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { time: string });
    expect(rows).toHaveLength(12_000);
    expect(Date.parse(rows[0]!.time)).toBeGreaterThan(Date.parse(rows.at(-1)!.time));
    expect(r.stderr).toContain('12,000 matching events written.');
    // Without --all, the limit holds and the note says how to get the rest.
    const few = await runCli(['query', '--db', db, '--limit', '5', 'kind:api']);
    expect(few.stdout.trim().split('\n')).toHaveLength(5);
    expect(few.stderr).toContain('5 of 12,000 matching events shown; --all writes every one.');
  });

  it('--format csv: one header, RFC 4180 quoting, and no formula a spreadsheet would run', async () => {
    const db = await seeded(3);
    const r = await runCli(['query', '--db', db, '--format', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('time,kind,method,status,url,route,duration_ms,session_id,user_id,type,page,target,level,message,source');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(',api,GET,200,"/api/items/0?q=a,b",');
    expect(lines[4]).toContain(`"'=HYPERLINK(""http://evil"",""x""), ""quoted"""`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell(-1)).toBe('-1');
  });

  it('--format har: one HAR 1.2 document of the API calls', async () => {
    const db = await seeded(4);
    const r = await runCli(['query', '--db', db, '--all', '--format', 'har']);
    expect(r.status, r.stderr).toBe(0);
    const har = JSON.parse(r.stdout) as { log: { version: string; entries: { request: { url: string }; response: { status: number } }[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.map((e) => e.request.url)).toEqual([3, 2, 1, 0].map((i) => `/api/items/${i}?q=a,b`));
  });

  it('refuses an unknown format and --json beside another format, with one sentence', async () => {
    const db = await seeded(1);
    for (const args of [['--format', 'xml'], ['--json', '--format', 'csv']]) {
      const r = await runCli(['query', '--db', db, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
