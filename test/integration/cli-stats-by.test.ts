// `logbridge stats --by route|method|status|page` (the compiled CLI) over a store seeded from a
// JSON-lines file, checked against a direct call of the contract's `stats.routes`: the figures
// the dashboard shows.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RouteStatsRow } from '../../shared/api.js';
import { BIN } from '../helpers/cli.js';
import { makeService } from '../helpers/service.js';
import { tempDir } from '../helpers/temp.js';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOGBRIDGE_DEBUG: '' }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonLines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

const T0 = Date.parse('2025-10-10T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

const EVENTS = [
  { time: at(0), method: 'GET', url: '/api/items', status: 200, duration_ms: 10, page: '/shop' },
  { time: at(1), method: 'GET', url: '/api/items', status: 200, duration_ms: 20, page: '/shop' },
  { time: at(2), method: 'GET', url: '/api/items', status: 200, duration_ms: 30.25, page: '/home' },
  { time: at(3), method: 'GET', url: '/api/items/7', status: 404, duration_ms: 5 },
  { time: at(4), method: 'POST', url: '/api/cart', status: 500, duration_ms: 1500.5 },
  { time: at(5), method: 'POST', url: '/api/cart', status: 201, duration_ms: 50 },
  { time: at(6), method: 'DELETE', url: '/api/cart/1', status: 503, duration_ms: 7 },
  { time: at(7), type: 'page_view', page: '/shop', session_id: 's1' },
  { time: at(8), type: 'click', page: '/shop', target: 'button', session_id: 's1' },
  { time: at(9), type: 'page_view', page: '/checkout', session_id: 's1' },
  { time: at(10), level: 'error', message: 'not an API call' },
  // Twenty more calls, so that p50, p95 and p99 differ, per route and overall.
  ...Array.from({ length: 20 }, (_, i) => ({ time: at(20 + i), method: 'GET', url: '/api/search', status: 204, duration_ms: i + 1 })),
];

function seeded(): string {
  const dir = tempDir();
  const file = path.join(dir, 'seed.jsonl');
  fs.writeFileSync(file, EVENTS.map((e) => JSON.stringify(e)).join('\n'));
  const db = path.join(dir, 'test.db');
  const imported = run(['import', '--db', db, '--json', file]);
  expect(imported.status, imported.stderr).toBe(0);
  expect(jsonLines(imported.stdout)[0]).toMatchObject({ imported: EVENTS.length, skipped: 0 });
  return db;
}

type By = 'route' | 'method' | 'status' | 'page';
const BYS: By[] = ['route', 'method', 'status', 'page'];

/** The handler's row with its key under the field's name, as `--json` is documented to print it. */
function expectedLine(by: By, r: RouteStatsRow): Record<string, unknown> {
  const key = by === 'route' ? { route: r.route, method: r.method } : { [by]: by === 'status' && r.key !== null ? Number(r.key) : r.key };
  return { ...key, count: r.count, errors: r.errors, p50: r.p50, p95: r.p95, p99: r.p99 };
}

describe('cli: stats --by', () => {
  it('prints, for each --by, the rows of the contract\'s stats.routes, the dashboard\'s figures', async () => {
    const db = seeded();
    const printed = Object.fromEntries(BYS.map((by) => [by, run(['stats', '--db', db, '--by', by, '--json'])]));
    const overall = run(['stats', '--db', db, '--json']);
    const service = await makeService(db);
    for (const by of BYS) {
      const r = printed[by]!;
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      const answer = await service.dispatch('stats.routes', { by });
      if (!answer.ok) throw new Error(answer.message);
      expect(answer.value.rows.length, by).toBeGreaterThan(1);
      expect(jsonLines(r.stdout), by).toEqual(answer.value.rows.map((row) => expectedLine(by, row)));
    }
    const all = await service.dispatch('stats.routes', { by: 'all' });
    if (!all.ok) throw new Error(all.message);
    const { key: _, route: __, method: ___, ...figures } = all.value.rows[0]!;
    expect(jsonLines(overall.stdout)).toEqual([figures]);

    // And the figures are the seed's: statuses as numbers, pages counted over every event naming one.
    const byStatus = jsonLines(printed.status!.stdout);
    expect(byStatus.find((r) => r.status === 500)).toEqual({ status: 500, count: 1, errors: 1, p50: 1500.5, p95: 1500.5, p99: 1500.5 });
    expect(byStatus.find((r) => r.status === 200)).toMatchObject({ count: 3, errors: 0, p50: 20, p99: 30.25 });
    expect(jsonLines(printed.method!.stdout).find((r) => r.method === 'POST')).toMatchObject({ count: 2, errors: 1 });
    const byPage = jsonLines(printed.page!.stdout);
    expect(byPage.find((r) => r.page === '/shop')).toMatchObject({ count: 4, errors: 0, p50: 10, p99: 20 });
    expect(byPage.find((r) => r.page === '/checkout')).toMatchObject({ count: 1, p50: null });
    expect(jsonLines(printed.route!.stdout).find((r) => r.route === '/api/items/:id')).toEqual({
      route: '/api/items/:id', method: 'GET', count: 1, errors: 0, p50: 5, p95: 5, p99: 5,
    });
    expect(jsonLines(printed.route!.stdout).find((r) => r.route === '/api/search')).toMatchObject({ count: 20, p50: 10, p95: 19, p99: 20 });
    expect(jsonLines(overall.stdout)[0]).toMatchObject({ count: 27, errors: 2, p95: 50, p99: 1500.5 });
  });

  it('names the key column after the field, one row per value, figures right-aligned', () => {
    const db = seeded();
    for (const by of BYS) {
      const r = run(['stats', '--db', db, '--by', by]);
      expect(r.status, r.stderr).toBe(0);
      const [head, ...rows] = r.stdout.trimEnd().split('\n');
      const keys = by === 'route' ? [by, 'method'] : [by];
      expect(head!.split(/\s{2,}/), by).toEqual([...keys, 'count', 'errors', 'p50 ms', 'p95 ms', 'p99 ms']);
      const json = jsonLines(run(['stats', '--db', db, '--by', by, '--json']).stdout);
      expect(rows, by).toHaveLength(json.length);
      const countEnd = head!.indexOf('count') + 'count'.length;
      rows.forEach((row, i) => {
        expect(row.startsWith(String(json[i]![by])), `${by}: ${row}`).toBe(true);
        // Right-aligned: the count ends where its heading does.
        expect(row.slice(0, countEnd), `${by}: ${row}`).toMatch(new RegExp(`\\s${json[i]!.count}$`));
      });
    }
    const status = run(['stats', '--db', db, '--by', 'status']).stdout;
    expect(status).toMatch(/^500\s+1\s+1\s+1,500\.5\s+1,500\.5\s+1,500\.5$/m);
  });

  it('--by nope: one sentence naming the choices, exit status 2', () => {
    const db = seeded();
    for (const args of [['--by', 'nope'], ['--by', 'all'], ['--by'], ['--from', 'soon']]) {
      const r = run(['stats', '--db', db, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^logbridge stats: \S.*\.\n$/);
    }
    expect(run(['stats', '--db', db, '--by', 'nope']).stderr).toBe('logbridge stats: --by must be one of route, method, status, page.\n');
  });
});
