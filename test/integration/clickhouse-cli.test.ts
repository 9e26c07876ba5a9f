// The command line against a real ClickHouse server, as a team would run it: `--store
// clickhouse://...` for import, query, stats and serve, with the same answers as on SQLite.
import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { uniqueDatabase } from '../helpers/clickhouse-server.js';
import { useClickHouseServer } from '../helpers/clickhouse-per-file.js';
import { countLinesContaining, SAMPLE_ACCESS_LOG, tempDbPath } from '../helpers/temp.js';

const clickHouse = useClickHouseServer();

const jsonLines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the command line on ClickHouse', () => {
  it('imports, queries and counts the sample as it does on SQLite', async () => {
    const ch = clickHouse().url(uniqueDatabase('cli'));
    const db = tempDbPath();
    for (const store of [['--store', ch], ['--db', db]]) {
      const imported = await runCli(['import', ...store, '--json', SAMPLE_ACCESS_LOG]);
      expect(imported.stderr).toBe('');
      expect(jsonLines(imported.stdout)[0]).toMatchObject({ imported: 10_000, skipped: 0, format: 'access' });
    }
    const answers = async (args: string[]) =>
      Promise.all([['--store', ch], ['--db', db]].map(async (store) => {
        const r = await runCli([...args, ...store]);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        return jsonLines(r.stdout);
      }));

    const [onClickHouse, onSqlite] = await answers(['query', '--json', '--limit', '100000', 'status:404']);
    expect(onClickHouse).toHaveLength(countLinesContaining(SAMPLE_ACCESS_LOG, '" 404 '));
    // Ids are each store's own, and so are the key that hashes addresses and the source number
    // in derived session names: those are compared by which events they group, the rest as is.
    // Events of one second come in id order, and ids differ: each list goes in line order.
    const canonical = (events: Record<string, unknown>[]) => {
      events = [...events].sort((a, b) => Number(a.line) - Number(b.line));
      const names = new Map<string, string>();
      const alias = (v: unknown) => (typeof v === 'string' ? (names.get(v) ?? names.set(v, `#${names.size}`).get(v)) : v);
      return events.map(({ id: _, session_id, attrs, ...rest }) => ({
        ...rest,
        session_id: alias(session_id),
        attrs: { ...(attrs as Record<string, unknown>), ip_hash: alias((attrs as Record<string, unknown>).ip_hash) },
      }));
    };
    expect(canonical(onClickHouse!)).toEqual(canonical(onSqlite!));

    const [statsClickHouse, statsSqlite] = await answers(['stats', '--json', '--by', 'route', '--limit', '20']);
    expect(statsClickHouse).toEqual(statsSqlite);
    expect(statsClickHouse!.length).toBeGreaterThan(0);
  });

  it('serve --store prints its URL and answers the UI from ClickHouse', async () => {
    const ch = clickHouse().url(uniqueDatabase('serve'));
    const child = spawn(process.execPath, [BIN, 'serve', '--store', ch, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => {
      child.kill('SIGTERM');
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
    });
    const origin = new URL(url).origin;
    const token = new URLSearchParams(new URL(url).hash.slice(1)).get('token');
    const posted = await fetch(`${origin}/api/analytics/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event_type: 'page_view', event_data: { page: '/from-collector' }, session_id: 's1' }),
    });
    expect(posted.status).toBe(200);
    const info = await fetch(`${origin}/rpc/app.info`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    const infoBody = (await info.json()) as { value: { store: { kind: string; notes: string[] }; dbPath: string } };
    expect(infoBody.value.store.kind).toBe('clickhouse');
    // What differs from the embedded store is said, not hidden.
    expect(infoBody.value.store.notes.join(' ')).toMatch(/substring/i);
    const found = await fetch(`${origin}/rpc/events.search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'page:/from-collector' }),
    });
    const page = (await found.json()) as { value: { events: { page?: string; session_id?: string }[]; total: number } };
    expect(page.value.total).toBe(1);
    expect(page.value.events[0]).toMatchObject({ page: '/from-collector', session_id: 's1' });
    expect(stderr).toContain('Database: clickhouse://');
  });

  it('refuses a store it does not know, and both --db and --store, in one sentence with exit 2', async () => {
    const unknown = await runCli(['query', '--store', 'postgres://x/y']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/"postgres:\/\/" is not a store Logbridge knows/);
    const noDatabase = await runCli(['query', '--store', 'clickhouse://ann:hunter2@127.0.0.1:8123/']);
    expect(noDatabase.status).toBe(2);
    expect(noDatabase.stderr).toMatch(/the ClickHouse URL names no database/);
    expect(noDatabase.stderr).not.toContain('hunter2');
    const both = await runCli(['query', '--db', tempDbPath(), '--store', clickHouse().url('x')]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/either --db or --store, not both/);
  });
});
