// The command line as users and scripts run it: `node bin/logbridge.mjs` (what `npx logbridge`
// runs), real files, real exit codes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { countLinesContaining, REPO_ROOT, SAMPLE_ACCESS_LOG, tempDbPath, tempDir } from '../helpers/temp.js';

const BIN = path.join(REPO_ROOT, 'bin', 'logbridge.mjs');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonLines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('cli', () => {
  it('imports the sample access log and finds exactly the 404s grep finds', () => {
    const db = tempDbPath();
    const imported = run(['import', '--db', db, '--json', SAMPLE_ACCESS_LOG]);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const [summary] = jsonLines(imported.stdout);
    expect(summary).toMatchObject({ imported: 10_000, skipped: 0, format: 'access', errors: [] });

    const expected = countLinesContaining(SAMPLE_ACCESS_LOG, '" 404 ');
    const q = run(['query', '--db', db, '--json', '--limit', '100000', 'status:404']);
    expect(q.status).toBe(0);
    const events = jsonLines(q.stdout);
    expect(events).toHaveLength(expected);
    for (const e of events) {
      expect(e).toMatchObject({ kind: 'api', status: 404, source: 'apache_combined_10k.log' });
      expect(e.time).toMatch(/^2015-05-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    }
    // Oldest first, like journalctl -n.
    const times = events.map((e) => String(e.time));
    expect(times).toEqual([...times].sort());
  });

  it('stops quietly when its reader closes the pipe early (| head)', () => {
    const db = tempDbPath();
    expect(run(['import', '--db', db, SAMPLE_ACCESS_LOG]).status).toBe(0);
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" query --db "${db}" --limit 10000 --json | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`], {
      encoding: 'utf8',
    });
    expect(jsonLines(r.stdout)).toHaveLength(1);
    expect(r.stderr.trim()).toBe('status=0');
  });

  it('uses $LOGBRIDGE_DB when --db is not given, and prints stats per route', () => {
    const dir = tempDir();
    const log = path.join(dir, 'mini.log');
    fs.writeFileSync(
      log,
      [
        '1.1.1.1 - - [10/Oct/2025:13:55:36 +0000] "GET /users/1 HTTP/1.1" 200 10 "-" "ua"',
        '1.1.1.1 - - [10/Oct/2025:13:55:37 +0000] "GET /users/2 HTTP/1.1" 503 10 "-" "ua"',
        'garbage line',
        '1.1.1.1 - - [10/Oct/2025:13:55:38 +0000] "POST /cart HTTP/1.1" 201 10 "-" "ua"',
      ].join('\n'),
    );
    const env = { LOGBRIDGE_DB: path.join(dir, 'env.db') };
    const imp = run(['import', log], env);
    expect(imp.status).toBe(0);
    expect(imp.stdout).toMatch(/imported 3 events \(access\).*skipped 1 bad lines/);
    // Bad lines are named the compilers' way, file:line, so each says which file it is in.
    expect(imp.stdout).toContain(`${log}:3: `);
    expect(fs.existsSync(env.LOGBRIDGE_DB)).toBe(true);

    const stats = run(['stats', '--by', 'route', '--json'], env);
    expect(stats.status).toBe(0);
    expect(jsonLines(stats.stdout)).toEqual([
      { route: '/users/:id', method: 'GET', count: 2, errors: 1, p50: null, p95: null, p99: null },
      { route: '/cart', method: 'POST', count: 1, errors: 0, p50: null, p95: null, p99: null },
    ]);
    const overall = run(['stats'], env);
    expect(overall.stdout.split('\n')[0]).toMatch(/count\s+errors\s+p50 ms/);
    expect(overall.stdout).toMatch(/^\s*3\s+1\b/m);
  });

  it('explains each command with `logbridge <command> --help`, touching no store', () => {
    const db = path.join(tempDir(), 'never-made.db');
    const full = run(['--help']);
    const commands = [...full.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!);
    expect(commands).toEqual(['serve', 'import', 'query', 'stats', 'sessions', 'timeline']);
    for (const command of commands) {
      for (const flag of ['--help', '-h']) {
        const r = run([command, '--db', db, flag]);
        expect(r.status, `${command} ${flag}: ${r.stderr}`).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(new RegExp(`^Usage: logbridge ${command} `));
        // Its own block and the shared notes, not the other commands'.
        expect(r.stdout).toMatch(/--db defaults to/);
        for (const other of commands.filter((c) => c !== command)) expect(r.stdout).not.toMatch(new RegExp(`^ {2}${other} `, 'm'));
      }
    }
    expect(fs.existsSync(db)).toBe(false);
  });

  it('answers bad arguments with one sentence on stderr and exit status 2', () => {
    const db = tempDbPath();
    for (const args of [
      ['frobnicate'],
      ['query', '--db', db, '--limit', 'ten'],
      ['query', '--db', db, '--bogus'],
      ['query', '--db', db, 'stauts:404'],
      ['import', '--db', db],
      ['import', '--db', db, '--format', 'xml', 'x.log'],
      ['stats', '--db', db, '--by', 'planet'],
      ['serve', '--port', '99999'],
      ['serve', '--rate-limit', 'fast'],
      ['serve', '--rate-limit', '-1'],
      ['serve', '--allow-origin', 'not-an-origin'],
      ['serve', '--retention-days', '1.5'],
      ['serve', '--redact', '('],
      ['serve', '--redact-header', 'bad header'],
    ]) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^logbridge[ :]/);
    }
    expect(run(['query', '--db', db, 'stauts:404']).stderr).toMatch(/status/);
  });

  it('exits 1 when a file cannot be imported, after importing the others', () => {
    const db = tempDbPath();
    const dir = tempDir();
    const good = path.join(dir, 'good.log');
    fs.writeFileSync(good, '1.1.1.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"\n');
    const r = run(['import', '--db', db, path.join(dir, 'missing.log'), good]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/missing\.log: no such file/);
    expect(r.stdout).toMatch(/good\.log: imported 1 events/);
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'dear diary\ntoday I wrote no logs\n');
    const unknown = run(['import', '--db', db, text]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(`Unrecognised log format in ${text}: `);
    // Which files failed, when there were several.
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`logbridge import: 1 of 2 files could not be imported: ${path.join(dir, 'missing.log')}.`);
  });

  it('serve explains a port that is already taken, exit status 1', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void blocker.close());
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    const r = run(['serve', '--db', tempDbPath(), '--port', String(port)]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `logbridge serve: port ${port} on 127.0.0.1 is already in use (another Logbridge?); pass --port with another number, or 0 for any free port.`,
    );
  });

  it('serve prints the URL it listens on in its first line', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--db', tempDbPath(), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => void child.kill('SIGTERM'));
    const first = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const url = /(http:\/\/127\.0\.0\.1:\d+\S*)/.exec(first)![1]!;
    const res = await fetch(new URL('/api/analytics/collect', url), { method: 'POST', body: '{"event_type":"page_view","event_data":{}}' });
    expect(res.status).toBe(200);
  });
});
