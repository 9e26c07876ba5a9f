// `logbridge sessions` and `logbridge timeline` as users and scripts run them (the compiled
// CLI), over a store seeded from a JSON-lines file, checked against the contract's own
// `sessions.list` / `sessions.timeline` answers: the figures the UI shows.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { makeService } from '../helpers/service.js';
import { tempDir } from '../helpers/temp.js';

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOGBRIDGE_DEBUG: '', ...env }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonLines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const iso = (ms: number) => new Date(ms).toISOString();

const T0 = Date.parse('2025-10-10T10:00:00.000Z');
const at = (ms: number) => iso(T0 + ms);
const HOUR = 3_600_000;

/** Three sessions and one event outside any: checkout-1 ends 10 s after a 500, retry-3 two minutes after a 503. */
const EVENTS = [
  { time: at(0), session_id: 'checkout-1', user_id: 'alice', type: 'page_view', page: '/shop' },
  { time: at(1000), session_id: 'checkout-1', user_id: 'alice', method: 'GET', url: '/api/items', status: 200, duration_ms: 12.5 },
  { time: at(2000), session_id: 'checkout-1', user_id: 'alice', type: 'click', page: '/shop', target: 'button#buy' },
  { time: at(3000), session_id: 'checkout-1', user_id: 'alice', method: 'POST', url: '/api/cart', status: 500, duration_ms: 78.94 },
  { time: at(13_000), session_id: 'checkout-1', user_id: 'alice', type: 'click', page: '/shop', target: 'a#home' },
  { time: at(HOUR), session_id: 'browse-2', user_id: 'bob', type: 'page_view', page: '/home' },
  // The browser's and the server's record of one call: a pair in the timeline.
  { time: at(HOUR + 1000), session_id: 'browse-2', method: 'GET', url: 'http://shop.test/api/items', status: 200, duration_ms: 1234.5, source: 'browser' },
  { time: at(HOUR + 1100), session_id: 'browse-2', method: 'GET', url: '/api/items', status: 200, duration_ms: 1200 },
  { time: at(HOUR + 300_000), session_id: 'browse-2', level: 'info', message: 'bye' },
  { time: at(2 * HOUR), session_id: 'retry-3', user_id: 'carol', method: 'POST', url: '/api/cart', status: 503, duration_ms: 40 },
  { time: at(2 * HOUR + 120_000), session_id: 'retry-3', user_id: 'carol', type: 'page_view', page: '/shop' },
  { time: at(3 * HOUR), level: 'warn', message: 'no session here' },
];

function seeded(events: readonly object[] = EVENTS): string {
  const dir = tempDir();
  const file = path.join(dir, 'seed.jsonl');
  fs.writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
  const db = path.join(dir, 'test.db');
  const imported = run(['import', '--db', db, '--json', file]);
  expect(imported.status, imported.stderr).toBe(0);
  expect(jsonLines(imported.stdout)[0]).toMatchObject({ imported: events.length, skipped: 0 });
  return db;
}

describe('cli: sessions', () => {
  it('--json prints one object per session with the figures of the contract\'s sessions.list', async () => {
    const db = seeded();
    const r = run(['sessions', '--db', db, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const printed = jsonLines(r.stdout);
    expect(printed.map((s) => s.session_id)).toEqual(['retry-3', 'browse-2', 'checkout-1']);
    expect(printed[2]).toEqual({
      session_id: 'checkout-1', derived: false, user_id: 'alice', start: at(0), end: at(13_000), duration_ms: 13_000,
      pages: 1, actions: 3, api_calls: 2, errors: 1, slowest_ms: 78.94, ended_after_failure: true,
    });
    expect(printed[0]).toMatchObject({ user_id: 'carol', errors: 1, ended_after_failure: false });
    // bob's one call was recorded by the browser and by the server: one call, timed by the server.
    expect(printed[1]).toMatchObject({ user_id: 'bob', api_calls: 1, errors: 0, slowest_ms: 1200, ended_after_failure: false });

    // The UI's call, on the same store: the same sessions in the same order, field for field.
    const service = await makeService(db);
    const listed = await service.dispatch('sessions.list', {});
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.value.truncated).toBe(false);
    expect(printed).toEqual(listed.value.sessions.map((s) => ({ ...s, start: iso(s.start), end: iso(s.end) })));

    const later = run(['sessions', '--db', db, '--json', '--from', at(HOUR / 2)]);
    expect(later.status, later.stderr).toBe(0);
    const ranged = await service.dispatch('sessions.list', { range: { from: T0 + HOUR / 2 } });
    if (!ranged.ok) throw new Error(ranged.message);
    expect(jsonLines(later.stdout).map((s) => s.session_id)).toEqual(ranged.value.sessions.map((s) => s.session_id));
    expect(jsonLines(later.stdout).map((s) => s.session_id)).toEqual(['retry-3', 'browse-2']);
  });

  it('filters by QUERY and says on stderr when --limit cut the list', () => {
    const db = seeded();
    const failed = run(['sessions', '--db', db, '--json', 'status>=500']);
    expect(jsonLines(failed.stdout).map((s) => s.session_id)).toEqual(['retry-3', 'checkout-1']);
    const one = run(['sessions', '--db', db, '--limit', '1']);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(one.stderr).toBe('1 of more matching sessions shown, the most recently active (raise --limit).\n');
    expect(run(['sessions', '--db', db]).stderr).toBe('3 sessions.\n');
  });

  it('prints aligned columns: start in local time, figures with separators, a mark for an end after a failure', () => {
    const db = seeded();
    const ny = run(['sessions', '--db', db], { TZ: 'America/New_York' });
    expect(ny.status, ny.stderr).toBe(0);
    const [head, ...rows] = ny.stdout.trimEnd().split('\n');
    expect(head!.split(/\s{2,}/)).toEqual(['session', 'user', 'start', 'duration', 'pages', 'actions', 'api calls', 'errors', 'slowest', 'ended after failure']);
    expect(rows).toHaveLength(3);
    const checkout = rows.find((l) => l.startsWith('checkout-1'))!;
    expect(checkout.split(/\s{2,}/)).toEqual(['checkout-1', 'alice', '2025-10-10 06:00:00', '13 s', '1', '3', '2', '1', '78.9 ms', 'yes']);
    expect(rows.find((l) => l.startsWith('browse-2'))!.split(/\s{2,}/)).toEqual(['browse-2', 'bob', '2025-10-10 07:00:00', '5m 00s', '1', '1', '1', '0', '1,200 ms']);
    expect(rows.filter((l) => l.endsWith('yes'))).toEqual([checkout]);
    // Right-aligned under their headings.
    const slowestEnd = head!.indexOf('slowest') + 'slowest'.length;
    for (const row of rows) expect(row.slice(0, slowestEnd)).toMatch(/ ms$/);

    const tokyo = run(['sessions', '--db', db], { TZ: 'Asia/Tokyo' });
    expect(tokyo.stdout).toMatch(/^checkout-1\s+alice\s+2025-10-10 19:00:00\s/m);
  });

  it('answers bad arguments with one sentence and exit status 2', () => {
    const db = seeded();
    for (const args of [
      ['sessions', '--db', db, '--limit', '0'],
      ['sessions', '--db', db, '--from', 'yesterday'],
      ['sessions', '--db', db, '--from', '2025-02-30'],
      ['sessions', '--db', db, '--from', '2025-10-11', '--to', '2025-10-10'],
      ['sessions', '--db', db, 'stauts:500'],
      ['sessions', '--db', db, '--by', 'route'],
      ['timeline', '--db', db],
      ['timeline', '--db', db, 'checkout-1', 'browse-2'],
      ['timeline', '--db', db, ''],
    ]) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^logbridge ${args[0]}: \\S.*\\.\\n$`));
    }
    expect(run(['sessions', '--db', db, '--from', '2025-10-11', '--to', '2025-10-11']).stderr).toBe('logbridge sessions: --from must come before --to.\n');
    expect(run(['timeline', '--db', db]).stderr).toBe('logbridge timeline: name the SESSION_ID to show (`logbridge sessions` lists them).\n');
  });
});

describe('cli: timeline', () => {
  it('--json prints the session\'s events oldest first, each line as `query --json` prints it', async () => {
    const db = seeded();
    const r = run(['timeline', 'checkout-1', '--db', db, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const query = run(['query', '--db', db, '--json', 'session_id:checkout-1']);
    expect(lines).toEqual(query.stdout.trimEnd().split('\n'));
    const events = lines.map((l) => JSON.parse(l) as { time: string; kind: string; type?: string; status?: number });
    expect(events.map((e) => e.time)).toEqual([at(0), at(1000), at(2000), at(3000), at(13_000)]);
    expect(events.map((e) => e.type ?? e.status)).toEqual(['page_view', 200, 'click', 500, 'click']);

    const service = await makeService(db);
    const t = await service.dispatch('sessions.timeline', { session_id: 'checkout-1' });
    if (!t.ok) throw new Error(t.message);
    expect(events.map((e) => (e as { id?: string }).id)).toEqual(t.value.events.map((e) => e.id));
  });

  it('prints the session\'s figures, then each event timed from its start, the pairs of one call marked', () => {
    const db = seeded();
    const r = run(['timeline', '--db', db, 'checkout-1'], { TZ: 'America/New_York' });
    expect(r.status, r.stderr).toBe(0);
    const [heading, ...lines] = r.stdout.trimEnd().split('\n');
    expect(heading).toBe(
      'session checkout-1, user alice, 2025-10-10 06:00:00 for 13 s, 1 page view, 3 actions, 2 API calls, 1 error, slowest 78.9 ms, ended after a failure',
    );
    expect(lines).toEqual([
      ' +0.000s user page_view /shop',
      ' +1.000s api  GET /api/items 200 12.5 ms',
      ' +2.000s user click /shop button#buy',
      ' +3.000s api  POST /api/cart 500 78.9 ms',
      '+13.000s user click /shop a#home',
    ]);

    const browse = run(['timeline', '--db', db, 'browse-2']).stdout.trimEnd().split('\n');
    expect(browse.slice(1)).toEqual([
      '  +0.000s user page_view /home',
      '  +1.000s api  GET http://shop.test/api/items 200 1,234.5 ms [pair 1: browser]',
      '  +1.100s api  GET /api/items 200 1,200 ms [pair 1: server]',
      '+300.000s log  INFO bye',
    ]);
    expect(browse[0]).not.toContain('ended after a failure');
  });

  it('an unknown session: "No session X." and exit status 1', () => {
    const db = seeded();
    for (const json of [[], ['--json']]) {
      const r = run(['timeline', '--db', db, ...json, 'no-such']);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('logbridge timeline: No session no-such.\n');
    }
  });
});

describe('cli: sessions and timeline show hostile text as text', () => {
  it('control characters in ids, users and pages reach the terminal as markers', () => {
    const ESC = '\u001b';
    const id = `s${ESC}]0;pwned\u0007`;
    const db = seeded([{ time: at(0), session_id: id, user_id: `u${ESC}[2J`, type: 'page_view', page: `/p\u009b2J\rfaked` }]);
    const list = run(['sessions', '--db', db]);
    const timeline = run(['timeline', '--db', db, id]);
    for (const r of [list, timeline]) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
      expect(r.stdout).toContain('⟨U+001B⟩');
    }
    expect(list.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(timeline.stdout).toContain('/p⟨U+009B⟩2J⟨U+000D⟩faked');
    // --json keeps the data exact, as escapes.
    const json = run(['sessions', '--db', db, '--json']);
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(jsonLines(json.stdout)[0]).toMatchObject({ session_id: id, user_id: `u${ESC}[2J` });
  });
});
