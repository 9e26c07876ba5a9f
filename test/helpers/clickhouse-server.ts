// A real clickhouse-server for tests and benchmarks: its own config, users and data in a fresh
// temporary folder, listening on free ports of 127.0.0.1 only, stopped and deleted at the end.
// Free of vitest, so bench/ can start one too. Debian's package (18.16) is what CI installs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ClickHouseServer {
  readonly httpPort: number;
  readonly tcpPort: number;
  /** The store URL of `database` on this server (clickhouse://127.0.0.1:port/database). */
  url(database: string): string;
  /** Runs one statement over HTTP, with these settings, and returns the answer's text (for tests that look at tables). */
  query(sql: string, settings?: Record<string, number>): Promise<string>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
  /** Kills the server without deleting its folder, as a crash would. */
  kill(): Promise<void>;
}

export const CLICKHOUSE_NOT_FOUND = 'clickhouse-server not found: apt-get install clickhouse-server';

export function clickHouseBinary(): string {
  const candidates = [process.env.CLICKHOUSE_SERVER_PATH, '/usr/sbin/clickhouse-server'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(CLICKHOUSE_NOT_FOUND);
  return found;
}

/** A port nothing listens on right now (the server binds it a moment later; startClickHouse retries a clash). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface ClickHouseOptions {
  /**
   * A cluster of shards that are databases of this one server (each shard's replica reads its
   * own default database): enough to try a Distributed table on one machine.
   */
  cluster?: { name: string; shardDatabases: string[] };
}

function clusterXml(tcp: number, cluster: ClickHouseOptions['cluster']): string {
  if (!cluster) return '';
  const shards = cluster.shardDatabases
    .map((db) => `<shard><replica><host>127.0.0.1</host><port>${tcp}</port><default_database>${escapeXml(db)}</default_database></replica></shard>`)
    .join('');
  return `  <remote_servers><${cluster.name}>${shards}</${cluster.name}></remote_servers>\n`;
}

function configXml(dir: string, ports: { http: number; tcp: number; interserver: number }, opts: ClickHouseOptions): string {
  const d = (sub: string) => escapeXml(path.join(dir, sub) + '/');
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${escapeXml(path.join(dir, 'server.log'))}</log>
    <errorlog>${escapeXml(path.join(dir, 'server.err.log'))}</errorlog>
    <console>0</console>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <interserver_http_port>${ports.interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>${d('data')}</path>
  <tmp_path>${d('tmp')}</tmp_path>
  <user_files_path>${d('user_files')}</user_files_path>
  <format_schema_path>${d('format_schemas')}</format_schema_path>
  <users_config>${escapeXml(path.join(dir, 'users.xml'))}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>1073741824</uncompressed_cache_size>
  <mlock_executable>false</mlock_executable>
${clusterXml(ports.tcp, opts.cluster)}</yandex>
`;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`;

function tail(file: string, lines = 5): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function ping(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/ping`, { signal: AbortSignal.timeout(1000) });
    return res.ok && (await res.text()).startsWith('Ok');
  } catch {
    return false;
  }
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const killed = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
  if (!killed) {
    child.kill('SIGKILL');
    await exited;
  }
}

async function startOnce(binary: string, opts: ClickHouseOptions): Promise<ClickHouseServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-clickhouse-'));
  const ports = { http: await freePort(), tcp: await freePort(), interserver: await freePort() };
  fs.writeFileSync(path.join(dir, 'config.xml'), configXml(dir, ports, opts));
  fs.writeFileSync(path.join(dir, 'users.xml'), USERS_XML);
  const child = spawn(binary, [`--config-file=${path.join(dir, 'config.xml')}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 10_000) stderr += d.toString();
  });
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  const started = Date.now();
  while (!(await ping(ports.http))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > 60_000) {
      await stopProcess(child, 'SIGKILL');
      const why = [stderr.trim(), tail(path.join(dir, 'server.err.log'))].filter(Boolean).join('\n');
      remove();
      throw new Error(`clickhouse-server did not start on port ${ports.http}${why ? `:\n${why}` : ''}`);
    }
    await sleep(50);
  }
  return {
    httpPort: ports.http,
    tcpPort: ports.tcp,
    url: (database) => `clickhouse://127.0.0.1:${ports.http}/${database}`,
    async query(sql, settings = {}) {
      const search = new URLSearchParams(Object.entries(settings).map(([k, v]): [string, string] => [k, String(v)]));
      const res = await fetch(`http://127.0.0.1:${ports.http}/?${search}`, { method: 'POST', body: sql });
      const text = await res.text();
      if (!res.ok) throw new Error(text.trim());
      return text;
    },
    async stop() {
      // Its data is deleted next, so nothing is lost by not waiting: 18.16 takes ~8 s to shut down gracefully.
      await stopProcess(child, 'SIGKILL');
      remove();
    },
    async kill() {
      await stopProcess(child, 'SIGKILL');
    },
  };
}

/** Starts a server; a port taken between choosing and binding it is retried with others. */
export async function startClickHouse(opts: ClickHouseOptions = {}): Promise<ClickHouseServer> {
  const binary = clickHouseBinary();
  if (opts.cluster && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.cluster.name)) throw new Error(`Not a cluster name: ${opts.cluster.name}`);
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, opts);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

let databases = 0;
/** A database name no other test of this process uses. */
export function uniqueDatabase(prefix = 't'): string {
  return `${prefix}_${process.pid}_${++databases}`;
}

