// `logbridge import` exits 1 when a file gave nothing (refused, or every line bad), goes on with
// the others, and names the file in every line it prints about one; the app's import calls
// name the file in their refusals too. Runs the real CLI, as cli.test.ts does.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeService } from '../helpers/service.js';
import { runCli } from '../helpers/cli.js';
import { tempDbPath, tempDir } from '../helpers/temp.js';

const GOOD = '1.1.1.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"';

const run = runCli;

const garbage = (n: number) => Array.from({ length: n }, (_, i) => `garbage ${i} ${'x'.repeat(i % 17)}`).join('\n') + '\n';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lines = (s: string) => s.split('\n').filter(Boolean);
const jsonLines = (s: string) => lines(s).map((l) => JSON.parse(l) as Record<string, unknown>);

function write(dir: string, name: string, content: string): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

describe('logbridge import exit codes and messages', () => {
  it('exits 1 when all 2,000 lines of a file are bad, naming the file and the count', async () => {
    const file = write(tempDir(), 'garbage.log', garbage(2000));
    const r = await run(['import', '--db', tempDbPath(), '--format', 'access', file]);
    expect(r.status, r.stderr).toBe(1);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^logbridge import: \S+garbage\.log: nothing imported: all 2000 lines .* were bad \(read as access\)/)]);
    expect(r.stdout).toContain(`${file}: imported 0 events (access)`);
  });

  it('says it again, exit 1, when the same file is imported again: nothing from it is not "unchanged"', async () => {
    const file = write(tempDir(), 'garbage.log', garbage(50));
    const db = tempDbPath();
    expect((await run(['import', '--db', db, '--format', 'access', file])).status).toBe(1);
    const again = await run(['import', '--db', db, '--format', 'access', file]);
    expect(again.status, again.stdout).toBe(1);
    expect(again.stderr).toMatch(/nothing imported: all 50 lines .* were bad/);
  });

  it('exits 1 when the format is refused, the refusal naming the file by the path given', async () => {
    const dir = tempDir();
    const file = write(dir, 'deep/garbage.log', garbage(2000));
    const r = await run(['import', '--db', tempDbPath(), '--json', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Unrecognised log format in ${file}:`);
    expect(jsonLines(r.stdout)).toEqual([expect.objectContaining({ file, ok: false, state: 'failed', error: expect.stringContaining(file) })]);
  });

  it('imports the good file of a folder, names the bad one, and exits 1', async () => {
    const dir = tempDir();
    const good = write(dir, 'logs/good.log', `${GOOD}\n${GOOD}\n`);
    const bad = write(dir, 'logs/old/bad.log', garbage(300));
    const db = tempDbPath();
    const r = await run(['import', '--db', db, path.join(dir, 'logs')]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain(`${good}: imported 2 events (access)`);
    const err = lines(r.stderr);
    expect(err[0]).toMatch(/^logbridge import: Unrecognised log format in /);
    expect(err[0]).toContain(bad);
    expect(err[1]).toBe(`logbridge import: 1 of 2 files could not be imported: ${bad}.`);
    const q = await run(['query', '--db', db, '--json']);
    expect(jsonLines(q.stdout)).toHaveLength(2);
  });

  it('exits 0 when only some lines are bad, naming the count and each bad line by file', async () => {
    const dir = tempDir();
    const a = write(dir, 'a.log', `${GOOD}\nnot a line\n${GOOD}\n`);
    const b = write(dir, 'b.log', `${GOOD}\n${GOOD}\n${GOOD}\nbroken\nbroken too\n`);
    const r = await run(['import', '--db', tempDbPath(), a, b]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${a}: imported 2 events (access)`);
    expect(r.stdout).toMatch(new RegExp(`^${escape(a)}: .*skipped 1 bad lines`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${escape(b)}: .*skipped 2 bad lines`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${escape(a)}:2: not an access-log line`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${escape(b)}:5: `, 'm'));
    // Every line is about one file, and says which.
    for (const l of lines(r.stdout)) expect(l.startsWith(`${a}:`) || l.startsWith(`${b}:`), l).toBe(true);
  });

  it('--json: one object per file, each carrying the file, with ok and the reason it failed', async () => {
    const dir = tempDir();
    const good = write(dir, 'good.log', `${GOOD}\nbroken\n`);
    const bad = write(dir, 'bad.log', garbage(50));
    const missing = path.join(dir, 'missing.log');
    const r = await run(['import', '--db', tempDbPath(), '--json', '--format', 'access', good, bad, missing]);
    expect(r.status).toBe(1);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.file)).toEqual([good, bad, missing]);
    expect(out[0]).toMatchObject({ ok: true, imported: 1, skipped: 1, name: 'good.log' });
    expect(out[1]).toMatchObject({ ok: false, imported: 0, skipped: 50, error: expect.stringMatching(/bad\.log: nothing imported: all 50 lines/) });
    expect(out[2]).toMatchObject({ ok: false, state: 'failed', error: expect.stringContaining(missing) });
    expect(lines(r.stderr).at(-1)).toBe(`logbridge import: 2 of 3 files could not be imported: ${bad}, ${missing}.`);
  });

  it('an empty file alone exits 1 saying so; among others it is named and passed over', async () => {
    const dir = tempDir();
    const empty = write(dir, 'empty.log', '');
    const good = write(dir, 'good.log', `${GOOD}\n`);
    const alone = await run(['import', '--db', tempDbPath(), empty]);
    expect(alone.status).toBe(1);
    expect(alone.stderr).toBe(`logbridge import: ${empty} is empty: nothing to import.\n`);
    const both = await run(['import', '--db', tempDbPath(), '--json', empty, good]);
    expect(both.status, both.stderr).toBe(0);
    expect(jsonLines(both.stdout)).toEqual([
      { file: empty, ok: true, state: 'empty', note: `${empty} is empty: nothing to import.` },
      expect.objectContaining({ file: good, ok: true, imported: 1 }),
    ]);
  });

  it('the app: a refused upload and an empty one name the file; a summary of nothing carries it', async () => {
    const service = await makeService();
    const refused = await service.dispatch('import.file', { name: 'garbage.log', content: garbage(100) });
    expect(refused).toMatchObject({ ok: false, code: 'BAD_INPUT', message: expect.stringMatching(/^Unrecognised log format in garbage\.log: /) });
    const upload = await service.dispatch('import.upload', { name: 'empty.log', data_base64: '', done: true });
    expect(upload).toMatchObject({ ok: false, message: expect.stringContaining('empty.log is empty') });
    const forced = await service.dispatch('import.file', { name: 'forced.log', content: garbage(100), format: 'access' });
    expect(forced).toMatchObject({ ok: true, value: { name: 'forced.log', imported: 0, skipped: 100 } });
  });
});
