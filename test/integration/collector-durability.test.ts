// A 200 means committed: kill the server with SIGKILL while clients are sending thousands of
// events a second, restart it on the same database, and every acknowledged event is there,
// exactly once.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/store/sqlite/open.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { tempDbPath } from '../helpers/temp.js';

const CLIENTS = 16;
const PER_BATCH = 25;
/** Kill once this many events were acknowledged, so the kill lands mid-stream at any speed. */
const KILL_AFTER_ACKED = 5_000;

function post(agent: http.Agent, origin: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}/api/analytics/batch`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('collector durability', () => {
  it('keeps every acknowledged event exactly once across a SIGKILL', async () => {
    const db = tempDbPath();
    const server = await startServeProcess(['--db', db, '--rate-limit', '0']);
    const acked = new Set<string>();
    let sent = 0;
    let killed = false;

    const client = async (c: number) => {
      const agent = new http.Agent({ keepAlive: true });
      try {
        for (let seq = 0; !killed; seq++) {
          const markers = Array.from({ length: PER_BATCH }, (_, i) => `m-${c}-${seq}-${i}`);
          const body = JSON.stringify({
            events: markers.map((marker) => ({ event_type: 'durability', event_data: { marker }, session_id: `s${c}` })),
          });
          sent += PER_BATCH;
          let status: number;
          try {
            status = await post(agent, server.origin, body);
          } catch {
            return; // The server died with this request in flight: not acknowledged.
          }
          expect(status).toBe(200);
          for (const m of markers) acked.add(m);
          if (acked.size >= KILL_AFTER_ACKED && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        }
      } finally {
        agent.destroy();
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    expect(await server.exited).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKED);

    // Restart on the same file: recovery must not lose or repeat anything.
    const again = await startServeProcess(['--db', db]);
    again.child.kill('SIGTERM');
    await again.exited;

    const store = openStore({ path: db });
    try {
      const rows = store.db
        .prepare("SELECT json_extract(attrs, '$.marker') AS marker, count(*) AS n FROM events_view WHERE type = 'durability' GROUP BY marker")
        .all() as { marker: string; n: number }[];
      const counts = new Map(rows.map((r) => [r.marker, r.n]));
      const missing = [...acked].filter((m) => !counts.has(m));
      expect(missing).toEqual([]);
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      // Anything stored but unacknowledged was in flight at the kill; never more than was sent.
      expect(rows.length).toBeLessThanOrEqual(sent);
    } finally {
      store.close();
    }
  }, 60_000);
});
