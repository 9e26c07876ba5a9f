// Import benchmark (issue 4): time to an indexed, queryable store beside lnav on the same
// 1,000,000-line access log, peak memory on a ~1 GB log, bytes on disk per event, and rows/s for
// NDJSON, HAR and CSV inputs from a seeded generator. Peers run in the same run, same machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runCommand, type CommandRun } from '../lib/processes.js';
import { fmtInt, printTable, type Row } from '../lib/table.js';
import { accessLog, csv, har, ndjson } from './inputs.js';

/** Generated NDJSON, HAR and CSV events; fewer (BENCH_IMPORT_ROWS) for a quick check of the bench itself. */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
/** The sample is 10,000 lines and 2.4 MB: 100 copies make 1M lines, 425 about 1 GB. */
const COPIES_1M = Number(process.env.BENCH_IMPORT_COPIES ?? 100);
const COPIES_1GB = Number(process.env.BENCH_IMPORT_GB_COPIES ?? 425);
const LOGBRIDGE = path.join(REPO_ROOT, 'bin', 'logbridge.mjs');

type Run = CommandRun;
const run = runCommand;

function tempDb(): { db: string; dir: string } {
  const cache = path.join(REPO_ROOT, 'node_modules', '.cache', 'logbridge');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'bench-import-'));
  return { dir, db: path.join(dir, 'bench.db') };
}

const sizeOf = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
const firstLine = (text: string) => text.trim().split('\n')[0]?.slice(0, 80) ?? '';
const rowsLabel = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}M` : fmtInt(n));

/** Lines in a file, streamed: the largest input is a gigabyte. */
async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) n++;
  }
  return n;
}

/**
 * Why a run's time cannot stand as a figure, or null. A peer that failed, or read only part of
 * the file (lnav answers 0 rows with exit 0 when it does not recognise a format), would
 * otherwise look fast.
 */
function runProblem(r: Run, rows: number, expected: number): string | null {
  if (r.code !== 0) return `failed (exit ${r.code ?? 'signal'}): ${firstLine(r.stderr) || firstLine(r.stdout)}`;
  if (rows !== expected) return `read ${fmtInt(rows)} of ${fmtInt(expected)} rows`;
  return null;
}

async function importFile(file: string): Promise<Run & { bytes: number; imported: number }> {
  const { dir, db } = tempDb();
  try {
    const r = await run(process.execPath, [LOGBRIDGE, 'import', '--db', db, '--json', file]);
    const summary = r.code === 0 ? (JSON.parse(r.stdout.trim().split('\n')[0]!) as { imported: number }) : { imported: 0 };
    return { ...r, bytes: sizeOf(db) + sizeOf(`${db}-wal`), imported: summary.imported };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** lnav, headless, answering a count over its access_log table: its time to a queryable file. */
async function lnavCount(file: string): Promise<Run & { count: number }> {
  // Its own home: no config or index cached from an earlier run.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lnav-home-'));
  try {
    const r = await run('lnav', ['-n', '-c', ';SELECT count(*) FROM access_log', file], { ...process.env, HOME: home });
    const count = Number(/(\d+)\s*$/.exec(r.stdout.trim())?.[1] ?? NaN);
    return { ...r, count };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** sqlite3's shell importing the CSV into a table with no indexes, as a floor for CSV. */
async function sqliteCsvImport(file: string): Promise<Run & { count: number }> {
  const { dir, db } = tempDb();
  try {
    const r = await run('sqlite3', [db, '-cmd', '.mode csv', `.import ${file} t`]);
    const counted = r.code === 0 ? await run('sqlite3', [db, 'SELECT count(*) FROM t']) : null;
    return { ...r, count: Number(counted?.stdout.trim() || NaN) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runImportBench(): Promise<Row[]> {
  const file1m = await accessLog(COPIES_1M);
  const lines1m = await countLines(file1m);
  const label1m = `${rowsLabel(lines1m)}-line access log`;
  const peer = await lnavCount(file1m);
  const ours = await importFile(file1m);
  if (ours.code !== 0) throw new Error(`logbridge import failed: ${ours.stderr.trim()}`);
  const peerProblem = runProblem(peer, peer.count, lines1m);
  const ourProblem = runProblem(ours, ours.imported, lines1m);
  const rows: Row[] = [
    {
      measure: `${label1m}: seconds to a queryable store`,
      ours: `${(ours.ms / 1000).toFixed(2)} (${fmtInt(ours.imported)} events)${ourProblem ? ` INVALID: ${ourProblem}` : ''}`,
      peer: peerProblem ? `lnav INVALID: ${peerProblem}` : `${(peer.ms / 1000).toFixed(2)} (${fmtInt(peer.count)} rows)`,
      goal: '≤ 0.8 × lnav',
      // No verdict against a peer that did not read the whole file, or on a partial import.
      met: peerProblem === null && ourProblem === null && ours.ms <= 0.8 * peer.ms,
    },
    {
      measure: `${label1m}: bytes on disk per event (indexes included)`,
      ours: fmtInt(ours.bytes / Math.max(1, ours.imported)),
      peer: `file: ${fmtInt(sizeOf(file1m) / Math.max(1, lines1m))}`,
      goal: '≤ 150',
      met: ours.bytes / Math.max(1, ours.imported) <= 150,
    },
    {
      measure: `${label1m}: peak RSS, MB`,
      ours: fmtInt(ours.peakRssMb),
      peer: peerProblem ? 'n/a (lnav run invalid)' : fmtInt(peer.peakRssMb),
      goal: 'reported',
    },
  ];

  if (COPIES_1GB > 0) {
    const big = await accessLog(COPIES_1GB);
    const r = await importFile(big);
    rows.push({
      measure: `${(sizeOf(big) / 2 ** 30).toFixed(2)} GB access log: peak RSS while importing, MB`,
      ours: r.code === 0 ? fmtInt(r.peakRssMb) : `failed: ${r.stderr.trim().split('\n')[0]}`,
      peer: '',
      goal: '≤ 400',
      met: r.code === 0 && r.peakRssMb <= 400,
    });
  }

  for (const [name, make] of [['NDJSON', ndjson], ['HAR', har], ['CSV', csv]] as const) {
    const file = await make(ROWS);
    const r = await importFile(file);
    // sqlite3's own CSV import is the natural peer for CSV: the same rows into a bare table.
    const peer = name === 'CSV' ? await sqliteCsvImport(file) : null;
    const peerProblem = peer ? runProblem(peer, peer.count, ROWS) : null;
    rows.push({
      measure: `${name}, ${rowsLabel(ROWS)} events: rows/s${r.code === 0 ? ` (${fmtInt(r.imported)} imported)` : ''}`,
      ours: r.code === 0 ? fmtInt(r.imported / (r.ms / 1000)) : `not imported: ${firstLine(r.stderr).slice(0, 60)}`,
      peer: !peer ? '' : peerProblem ? `sqlite3 .import INVALID: ${peerProblem}` : `sqlite3 .import: ${fmtInt(ROWS / (peer.ms / 1000))}`,
      goal: 'reported',
    });
  }
  printTable('Opening log files (issue 4)', 'peer: lnav (same file, same run); sqlite3 for CSV', rows);
  return rows;
}
