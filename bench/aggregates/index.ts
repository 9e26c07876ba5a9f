// Issue 10's benchmark: the same 1,000,000-line access log imported into SQLite and into
// ClickHouse with the real command line, then every goal query through the store port, warm,
// p50/p95 over RUNS runs; lnav answers its first field query on the same file in the same run.
// Also: how soon the first rows of an import can be searched, and the bytes per event.
//
//   npm run bench -- aggregates        (BENCH_AGG_COPIES=10 for a quick check: 100k lines)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStoreFor, StoreSpecSchema, type StoreSpec } from '../../electron/core/compose.js';
import type { EventStore } from '../../electron/core/store/port.js';
import { startClickHouse, type ClickHouseServer } from '../../test/helpers/clickhouse-server.js';
import { accessLog, timedAccessLog, TIMED_ACCESS_FORMAT } from '../import/inputs.js';
import { REPO_ROOT, runCommand, type CommandRun } from '../lib/processes.js';
import { fmtInt, fmtMs, percentile, printTable, type Row } from '../lib/table.js';
import { goalQueries, spanOf } from './queries.js';

const COPIES = Number(process.env.BENCH_AGG_COPIES ?? 100);
const RUNS = Number(process.env.BENCH_AGG_RUNS ?? 20);
const LOGBRIDGE = path.join(REPO_ROOT, 'bin', 'logbridge.mjs');
/** `kibana` is on thousands of the sample's lines (its agent strings); the other is on none. */
const WORDS = { common: 'kibana', nowhere: 'zqxjvw' };

type Timed = CommandRun;
const runProcess = runCommand;

/** lnav answering its first field query on the file: its time to a queryable log. */
async function lnavFirstQuery(file: string): Promise<Timed> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lnav-home-'));
  try {
    // Its own home: no config or index cached from an earlier run.
    return await runProcess('lnav', ['-n', '-c', ';SELECT count(*) FROM access_log WHERE sc_status >= 500', file], { ...process.env, HOME: home });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Imports with the CLI while polling the store: resolves with the import's time and when rows were first searchable. */
async function importWatched(spec: StoreSpec, storeArg: string[], file: string, logFormat?: string): Promise<{ import: Timed; firstRowsMs: number | null }> {
  const args = [LOGBRIDGE, 'import', ...storeArg, '--json', ...(logFormat ? ['--log-format', logFormat] : []), file];
  let firstRowsMs: number | null = null;
  let done = false;
  const t0 = performance.now();
  const poll = (async () => {
    // Opened beside the importing process, as the app would be while the CLI imports.
    await new Promise((r) => setTimeout(r, 20));
    const reader = await openStoreFor(spec, { log: () => {} });
    try {
      while (!done && firstRowsMs === null) {
        const page = await reader.search({ filter: null, limit: 50 }).catch(() => ({ events: [] }));
        if (page.events.length > 0) firstRowsMs = performance.now() - t0;
        else await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await reader.close();
    }
  })();
  const r = await runProcess(process.execPath, args);
  done = true;
  await poll;
  if (r.code !== 0) throw new Error(`import into ${spec.kind} failed: ${r.stderr.trim().split('\n')[0]}`);
  return { import: r, firstRowsMs };
}

interface Timings {
  /** The first answers after opening the store, columns loaded as they were needed (ms). */
  firstMs: number;
  goals: Map<string, { p50: number; p95: number; goalMs: number }>;
}

async function timeQueries(store: EventStore): Promise<Timings> {
  const out = new Map<string, { p50: number; p95: number; goalMs: number }>();
  const t0 = performance.now();
  const queries = goalQueries(await spanOf(store), WORDS);
  for (const goal of queries) await goal.run(store, 0); // warm: columns are loaded on first use
  const firstMs = performance.now() - t0;
  for (const goal of queries) {
    const times: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      const t0 = performance.now();
      await goal.run(store, i);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    out.set(goal.measure, { p50: percentile(times, 50), p95: percentile(times, 95), goalMs: goal.goalMs });
  }
  return { firstMs, goals: out };
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

export async function runAggregatesBench(): Promise<Row[]> {
  const plain = await accessLog(COPIES);
  const timed = await timedAccessLog(COPIES);
  const lines = fmtInt(COPIES * 10_000);
  const work = fs.mkdtempSync(path.join(REPO_ROOT, 'node_modules', '.cache', 'logbridge', 'bench-agg-'));
  let clickhouse: ClickHouseServer | null = null;
  try {
    const lnav = await lnavFirstQuery(plain);
    const sqlitePlain: StoreSpec = { kind: 'sqlite', path: path.join(work, 'plain.db') };
    const plainImport = await importWatched(sqlitePlain, ['--db', sqlitePlain.path], plain);

    const sqliteSpec: StoreSpec = { kind: 'sqlite', path: path.join(work, 'timed.db') };
    await importWatched(sqliteSpec, ['--db', sqliteSpec.path], timed, TIMED_ACCESS_FORMAT);
    clickhouse = await startClickHouse();
    const chUrl = clickhouse.url('bench');
    const chSpec = StoreSpecSchema.parse(chUrl);
    const chImport = await importWatched(chSpec, ['--store', chUrl], timed, TIMED_ACCESS_FORMAT);

    const sqlite = await openStoreFor(sqliteSpec, { log: () => {} });
    const sqliteTimes = await timeQueries(sqlite);
    await sqlite.close();
    const ch = await openStoreFor(chSpec, { log: () => {} });
    const chTimes = await timeQueries(ch);
    await ch.close();

    const fmt = (t: { p50: number; p95: number } | undefined) => (t ? `${fmtMs(t.p50)} / ${fmtMs(t.p95)}` : 'n/a');
    const rows: Row[] = [...sqliteTimes.goals.entries()].map(([measure, t]) => {
      const c = chTimes.goals.get(measure);
      return {
        measure: `${measure}, ms p50 / p95`,
        ours: `SQLite ${fmt(t)}`,
        peer: `ClickHouse ${fmt(c)}`,
        goal: `≤ ${t.goalMs} (both)`,
        met: t.p95 <= t.goalMs && c !== undefined && c.p95 <= t.goalMs,
      };
    });
    const lnavOk = lnav.code === 0;
    rows.push(
      {
        measure: 'all the queries above once, right after opening the store (ms)',
        ours: `SQLite ${fmtInt(sqliteTimes.firstMs)} (columns load as first needed)`,
        peer: `ClickHouse ${fmtInt(chTimes.firstMs)}`,
        goal: 'reported',
      },
      {
        measure: `import ${lines} lines to a queryable store (s)`,
        ours: `SQLite ${(plainImport.import.ms / 1000).toFixed(2)}; ClickHouse ${(chImport.import.ms / 1000).toFixed(2)} (timed file)`,
        peer: lnavOk ? `lnav first field query ${(lnav.ms / 1000).toFixed(2)}` : `lnav failed: ${lnav.stderr.trim().slice(0, 60)}`,
        goal: '≤ 2 × lnav (stretch ≤ 1 ×)',
        met: lnavOk && plainImport.import.ms <= 2 * lnav.ms,
      },
      {
        measure: 'first rows of an import searchable after (ms)',
        ours: `SQLite ${plainImport.firstRowsMs === null ? 'never during the import' : fmtInt(plainImport.firstRowsMs)}`,
        peer: `ClickHouse ${chImport.firstRowsMs === null ? 'never during the import' : fmtInt(chImport.firstRowsMs)}`,
        goal: '≤ 1000',
        met: plainImport.firstRowsMs !== null && plainImport.firstRowsMs <= 1000 && chImport.firstRowsMs !== null && chImport.firstRowsMs <= 1000,
      },
      {
        measure: 'bytes on disk per event',
        ours: `SQLite ${fmtInt(dirBytes(work) / (2 * COPIES * 10_000))}`,
        peer: `ClickHouse ${fmtInt(Number((await clickhouse.query("SELECT sum(bytes_on_disk) FROM system.parts WHERE database = 'bench' AND active")).trim()) / (COPIES * 10_000))}`,
        goal: '≤ 150 SQLite; ≤ 500 both',
      },
    );
    printTable(`The store port on ${lines} access-log events (issue 10)`, 'peer: ClickHouse 18.16 / lnav, same run', rows);
    return rows;
  } finally {
    await clickhouse?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
