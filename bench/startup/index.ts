// Startup benchmark (issue 10): how long the command line takes to answer, as a user types it.
// `logbridge --version` to exit, and `logbridge query --limit 5` on a 10,000-event store to its
// first byte of output, each the median of RUNS fresh processes, beside lnav answering the same
// (its version; its first lines of the same 10,000-line log), measured in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { REPO_ROOT, runCommand, type CommandRun } from '../lib/processes.js';
import { fmtMs, printTable, type Row } from '../lib/table.js';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 11);
const GOAL_MS = 150;
const LOGBRIDGE = path.join(REPO_ROOT, 'bin', 'logbridge.mjs');
/** 10,000 lines of a combined access log: the same events for us (imported) and for lnav. */
const SAMPLE = path.join(REPO_ROOT, 'test', 'fixtures', 'apache_combined_10k.log.gz');

/** Runs a command to the end: the time to its first stdout byte and to its exit. */
type Timed = CommandRun & { exitMs: number };
const time = async (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> => {
  const r = await runCommand(cmd, args, env);
  return { ...r, exitMs: r.ms };
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The median of RUNS runs of one measure; a failed run or one with no output stops the bench. */
async function medianOf(cmd: string, args: string[], pick: (t: Timed) => number, env?: NodeJS.ProcessEnv): Promise<number> {
  const samples: number[] = [];
  // One unmeasured run first: the file cache warm, as for a user's second command.
  for (let i = 0; i <= RUNS; i++) {
    const t = await time(cmd, args, env);
    if (t.code !== 0 || Number.isNaN(t.firstByteMs)) {
      throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${t.code}): ${(t.stderr || t.stdout).trim().split('\n')[0]}`);
    }
    if (i > 0) samples.push(pick(t));
  }
  return median(samples);
}

const exitTime = (t: Timed) => t.exitMs;
const firstByte = (t: Timed) => t.firstByteMs;

export async function runStartupBench(): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-bench-startup-'));
  // lnav in its own home, so no index or config from another run changes its figure.
  const lnavEnv = { ...process.env, HOME: path.join(dir, 'lnav-home') };
  fs.mkdirSync(lnavEnv.HOME, { recursive: true });
  try {
    const log = path.join(dir, 'access.log');
    fs.writeFileSync(log, zlib.gunzipSync(fs.readFileSync(SAMPLE)));
    const db = path.join(dir, 'startup.db');
    const imported = await time(process.execPath, [LOGBRIDGE, 'import', '--db', db, log]);
    if (imported.code !== 0) throw new Error(`logbridge import failed: ${imported.stderr.trim()}`);

    const nodeFloor = await medianOf(process.execPath, ['-e', 'console.log(1)'], exitTime);
    const versionOurs = await medianOf(process.execPath, [LOGBRIDGE, '--version'], exitTime);
    const versionPeer = await medianOf('lnav', ['-V'], exitTime, lnavEnv);
    const queryArgs = [LOGBRIDGE, 'query', '--db', db, '--limit', '5'];
    const queryOurs = await medianOf(process.execPath, queryArgs, firstByte);
    const queryOursExit = await medianOf(process.execPath, queryArgs, exitTime);
    const queryPeer = await medianOf('lnav', ['-n', log], firstByte, lnavEnv);

    const rows: Row[] = [
      {
        measure: '`logbridge --version`, ms to exit',
        ours: fmtMs(versionOurs),
        peer: `lnav -V: ${fmtMs(versionPeer)}`,
        goal: `≤ ${GOAL_MS}`,
        met: versionOurs <= GOAL_MS,
      },
      {
        measure: '`logbridge query --limit 5` (10k events), ms to first output',
        ours: fmtMs(queryOurs),
        peer: `lnav -n (same 10k lines): ${fmtMs(queryPeer)}`,
        goal: `≤ ${GOAL_MS}`,
        met: queryOurs <= GOAL_MS,
      },
      { measure: '`logbridge query --limit 5`, ms to exit', ours: fmtMs(queryOursExit), peer: '', goal: 'reported' },
      // What no Node program can beat on this machine: the floor under both figures above.
      { measure: '`node -e` (Node start alone), ms to exit', ours: fmtMs(nodeFloor), peer: '', goal: 'reported' },
    ];
    printTable(`Command-line startup (issue 10), median of ${RUNS} runs`, 'peer: lnav (same run)', rows);
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
