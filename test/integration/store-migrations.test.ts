import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/store/sqlite/open.js';
import { migrate, migrationHash, MigrationError } from '../../electron/core/store/sqlite/migrate.js';
import { MIGRATIONS } from '../../electron/core/store/sqlite/migrations/index.js';
import { tempDbPath } from '../helpers/temp.js';
import { runCli } from '../helpers/cli.js';
import { compileQuery } from '../../electron/core/store/sqlite/event-filter.js';

describe('store: open and migrations', () => {
  it('opens in WAL mode with every migration recorded with its hash', () => {
    const path = tempDbPath();
    const store = openStore({ path });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const rows = store.db.prepare('SELECT id, name, hash FROM schema_migrations ORDER BY id').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name, hash: migrationHash(m) })));
    store.close();
  });

  it('numbers migrations 1, 2, 3... without gaps', () => {
    expect(MIGRATIONS.map((m) => m.id)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('applies nothing the second time a database is opened', () => {
    const path = tempDbPath();
    openStore({ path }).close();
    const db = new Database(path);
    expect(migrate(db, MIGRATIONS).applied).toEqual([]);
    db.close();
  });

  it('refuses a database whose applied migration was changed afterwards', () => {
    const path = tempDbPath();
    openStore({ path }).close();
    const db = new Database(path);
    const edited = MIGRATIONS.map((m) => (m.id === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(() => migrate(db, edited)).toThrow(MigrationError);
    expect(() => migrate(db, edited)).toThrow(/Migration 1 \(events\) was changed after it was applied/);
    db.close();
  });

  it('refuses a database written by a newer version', () => {
    const path = tempDbPath();
    openStore({ path }).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (999, ?, ?, 0)').run('future', 'x');
    db.close();
    expect(() => openStore({ path })).toThrow(/migration 999 \(future\) that this version of Logbridge does not know/);
  });

  it('holds the event model: shared fields, dictionary columns for repeated text, raw for collected events', () => {
    const store = openStore({ path: tempDbPath() });
    const cols = (store.db.prepare('PRAGMA table_info(events)').all() as { name: string; type: string; notnull: number }[]).map(
      (c) => `${c.name}:${c.type}${c.notnull ? '!' : ''}`,
    );
    for (const c of ['id:INTEGER', 'time:INTEGER!', 'kind:TEXT!', 'session_ref:INTEGER', 'user_ref:INTEGER', 'source_id:INTEGER!', 'raw:TEXT', 'byte_offset:INTEGER', 'byte_length:INTEGER']) {
      expect(cols).toContain(c);
    }
    for (const c of ['method_ref', 'url_ref', 'route_ref', 'status', 'duration_ms', 'ip_ref', 'user_agent_ref', 'type_ref', 'page_ref', 'target_ref', 'level_ref', 'message_ref', 'trace_id', 'span_id', 'attrs_ref']) {
      expect(cols.some((x) => x.startsWith(`${c}:`))).toBe(true);
    }
    store.close();
  });

  it('migration 4 moves events written by earlier versions into the dictionary layout, text and search intact', () => {
    const path = tempDbPath();
    const old = new Database(path);
    migrate(old, MIGRATIONS.filter((m) => m.id <= 3));
    old.prepare("INSERT INTO sources (id, kind, name, created_at) VALUES (1, 'file', 'old.log', 0)").run();
    const ins = old.prepare(`INSERT INTO events (time, kind, session_id, source_id, line, method, url, route, status, user_agent, message, attrs, raw)
      VALUES (?, 'api', ?, 1, ?, 'GET', ?, '/items/:id', 200, 'curl/8', ?, ?, ?)`);
    ins.run(1000, 's1', 1, '/items/1', 'first words', JSON.stringify({ region: 'eu-west' }), 'line one');
    ins.run(2000, 's1', 2, '/items/2', null, null, 'line two');
    old.close();

    const store = openStore({ path });
    const rows = store.db.prepare('SELECT time, session_id, line, method, url, route, status, user_agent, message, attrs, raw FROM events_view ORDER BY time').all();
    expect(rows).toEqual([
      { time: 1000, session_id: 's1', line: 1, method: 'GET', url: '/items/1', route: '/items/:id', status: 200, user_agent: 'curl/8', message: 'first words', attrs: '{"region":"eu-west"}', raw: 'line one' },
      { time: 2000, session_id: 's1', line: 2, method: 'GET', url: '/items/2', route: '/items/:id', status: 200, user_agent: 'curl/8', message: null, attrs: null, raw: 'line two' },
    ]);
    const ids = (q: string) => store.events.search(compileQuery(q), 10).map((e) => e.line);
    expect(ids('words')).toEqual([1]);
    expect(ids('eu')).toEqual([1]);
    expect(ids('session:s1 route:/items/*')).toEqual([2, 1]);
    store.close();
  });
});

describe('a new database opened by several processes at once', () => {
  it('is created once: every process opens it, none fails on tables another just made', async () => {
    for (let round = 0; round < 3; round++) {
      const db = tempDbPath();
      const runs = await Promise.all(Array.from({ length: 6 }, () => runCli(['query', '--db', db, '--json', 'status:500'])));
      for (const r of runs) expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    }
  });
});
