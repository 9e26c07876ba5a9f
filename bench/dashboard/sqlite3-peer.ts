// The plain peer: Debian's sqlite3 command line answering, with GROUP BY over the same database
// file, what three of the dashboard's charts show (statuses, calls per route, traffic by status
// class per bucket). It runs each statement once to warm the page cache and then RUNS times in
// one process, timed by its own `.timer on` (to the millisecond), so process start is not
// counted against it.
// It is the yardstick "what plain SQL on this file costs", not a second implementation: the SQL
// here reads the adapter's table layout (electron/core/store/sqlite/migrations) and nothing else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../lib/processes.js';
import { percentile } from '../lib/table.js';

/** The narrowed search of the benchmark (`route:/api/checkout*`) in SQL. */
const CHECKOUT = `route_ref IN (SELECT id FROM strings WHERE value GLOB '/api/checkout*')`;

/**
 * One record per call, as the dashboard counts (electron/core/analysis/call-records.ts): the
 * browser's record of a call is left out where the server recorded calls of that route too.
 */
const ONE_RECORD_PER_CALL =
  `WITH browser AS (SELECT id FROM strings WHERE CASE WHEN json_valid(value) THEN json_extract(value, '$.source') END = 'browser'), ` +
  `served AS (SELECT DISTINCT route_ref FROM events WHERE kind = 'api' AND route_ref IS NOT NULL AND (attrs_ref IS NULL OR attrs_ref NOT IN browser)) `;
const NOT_ECHOED = `NOT (kind = 'api' AND attrs_ref IN browser AND route_ref IN served)`;

export interface PeerStatement {
  /** The dashboard card it stands beside. */
  chart: 'statusCodes' | 'topRoutes' | 'traffic';
  narrowed: boolean;
  sql: string;
}

/** The statements, for the unnarrowed search and for `route:/api/checkout*`; `bucketMs` as the traffic chart chose. */
export function peerStatements(bucketMs: number): PeerStatement[] {
  const out: PeerStatement[] = [];
  for (const narrowed of [false, true]) {
    const and = ` AND ${NOT_ECHOED}${narrowed ? ` AND ${CHECKOUT}` : ''}`;
    out.push(
      {
        chart: 'statusCodes',
        narrowed,
        sql: `${ONE_RECORD_PER_CALL}SELECT status, count(*) AS n FROM events WHERE status IS NOT NULL${and} GROUP BY status ORDER BY n DESC LIMIT 20`,
      },
      {
        chart: 'topRoutes',
        narrowed,
        sql:
          `${ONE_RECORD_PER_CALL}SELECT r.value, m.value, t.n, t.errors FROM (SELECT route_ref, method_ref, count(*) AS n, sum(status >= 500) AS errors ` +
          `FROM events WHERE kind = 'api'${and} GROUP BY route_ref, method_ref ORDER BY n DESC LIMIT 10) AS t ` +
          `LEFT JOIN strings AS r ON r.id = t.route_ref LEFT JOIN strings AS m ON m.id = t.method_ref`,
      },
      {
        chart: 'traffic',
        narrowed,
        sql:
          `${ONE_RECORD_PER_CALL}SELECT time - time % ${bucketMs} AS bucket, CASE WHEN status BETWEEN 100 AND 599 THEN (status / 100) || 'xx' END AS class, ` +
          `count(*) FROM events WHERE 1${and} GROUP BY bucket, class`,
      },
    );
  }
  return out;
}

export interface PeerTiming {
  p50: number;
  p95: number;
  /** The answer's rows as sqlite3 printed them (`a|b|c`), from the first run. */
  rows: string[];
}

const RUN_TIME = /^Run Time: real ([\d.]+)/;

/** Runs `sql` 1 + `runs` times in one sqlite3 process; the first run warms and is not counted. */
export async function timeSqlite3(db: string, sql: string, runs: number): Promise<PeerTiming> {
  // sqlite3 times statements read from a script, not those given as arguments.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sqlite3-'));
  const script = path.join(dir, 'peer.sql');
  fs.writeFileSync(script, ['.timer on', ...Array.from({ length: runs + 1 }, () => `${sql};`), ''].join('\n'));
  const r = await runCommand('sqlite3', ['-batch', db, `.read ${script}`]).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  if (r.code !== 0) throw new Error(`sqlite3 failed (${r.code}): ${r.stderr.trim().split('\n')[0]}`);
  const times: number[] = [];
  const rows: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = RUN_TIME.exec(line);
    if (m) times.push(Number(m[1]) * 1000);
    else if (times.length === 0 && line !== '') rows.push(line);
  }
  if (times.length !== runs + 1) throw new Error(`sqlite3 printed ${times.length} timings for ${runs + 1} runs`);
  const counted = times.slice(1).sort((a, b) => a - b);
  return { p50: percentile(counted, 50), p95: percentile(counted, 95), rows };
}
