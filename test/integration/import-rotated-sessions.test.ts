// Derived sessions go on across the files of a rotated log (importers/rotation-sessions.ts), through
// a real service as a user opens the files: a visitor whose requests run from access.log.1 into
// access.log within 30 minutes keeps one session, whichever file is opened first; on SQLite and
// on ClickHouse, whose adapters store a derived session each their own way.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { StoreSpecSchema } from '../../electron/core/compose.js';
import type { Service } from '../../electron/core/service.js';
import { clfTime } from '../helpers/access-lines.js';
import { uniqueDatabase } from '../helpers/clickhouse-server.js';
import { useClickHouseServer } from '../helpers/clickhouse-per-file.js';
import { makeService } from '../helpers/service.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const MIN = 60_000;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const CLIENTS = { a: ['192.0.2.1', FIREFOX], b: ['192.0.2.2', CHROME], c: ['192.0.2.1', CHROME], d: ['192.0.2.4', FIREFOX] } as const;
type Client = keyof typeof CLIENTS;

/** One request of `client` at `minute` past 10:00, to /<client>/<tag> so each event is found by its URL. */
const line = (client: Client, minute: number, tag: string) => {
  const [ip, ua] = CLIENTS[client];
  return `${ip} - - [${clfTime(T0 + minute * MIN)}] "GET /${client}/${tag} HTTP/1.1" 200 512 "-" "${ua}"`;
};
const log = (...lines: string[]) => `${lines.join('\n')}\n`;

// a: 10:00-10:20, then 10:30 in the next file (goes on), then 11:30 (a new visit).
// b: ends 10:05, next at 10:50 (45 minutes: new). c: same address as a, other agent: 10:02, then 10:31 (goes on).
const OLDER = log(line('a', 0, 'o1'), line('b', 0, 'o2'), line('c', 2, 'o3'), line('b', 5, 'o4'), line('a', 10, 'o5'), line('a', 20, 'o6'));
const NEWER = log(line('a', 30, 'n1'), line('c', 31, 'n2'), line('d', 35, 'n3'), line('a', 40, 'n4'), line('b', 50, 'n5'), line('a', 90, 'n6'));

async function events(service: Service): Promise<Map<string, LogEvent>> {
  const r = await service.dispatch('events.search', { query: '', limit: 1000 });
  if (!r.ok) throw new Error(r.message);
  return new Map(r.value.events.map((e: LogEvent) => [e.url!.split('/')[2]!, e]));
}

async function sessionSize(service: Service, id: string): Promise<number> {
  const r = await service.dispatch('events.search', { query: `session:"${id}"`, limit: 1000 });
  if (!r.ok) throw new Error(r.message);
  return r.value.events.length;
}

async function imported(service: Service, file: string, text: string | Buffer): Promise<number> {
  fs.writeFileSync(file, text);
  const summary = await service.importPath(file);
  expect(summary).toMatchObject({ state: 'done', format: 'access' });
  return summary.source_id;
}

function scenarios(makeStore: () => Promise<Service>) {
  it('continues a visitor\'s session from access.log.1 into access.log read after it', async () => {
    const service = await makeStore();
    const dir = tempDir();
    const older = await imported(service, path.join(dir, 'access.log.1'), OLDER);
    const newer = await imported(service, path.join(dir, 'access.log'), NEWER);
    const e = await events(service);
    const s = (tag: string) => e.get(tag)!.session_id;
    expect([...e.values()].every((x) => x.session_derived === true)).toBe(true);
    // a and c go on in the sessions the older file gave them.
    expect(s('o1')).toMatch(new RegExp(`^d${older}-\\d+$`));
    expect([s('o5'), s('o6'), s('n1'), s('n4')]).toEqual([s('o1'), s('o1'), s('o1'), s('o1')]);
    expect(s('n2')).toBe(s('o3'));
    // After 45 minutes of silence b starts anew; d is new; a's visit an hour on is its own.
    expect(s('n5')).not.toBe(s('o2'));
    for (const tag of ['n3', 'n5', 'n6']) expect(s(tag)).toMatch(new RegExp(`^d${newer}-\\d+$`));
    expect(s('n6')).not.toBe(s('n1'));
    expect(new Set([s('o1'), s('o2'), s('o3'), s('n3'), s('n5'), s('n6')]).size).toBe(6);
    // The store finds the session across both files by its id.
    expect(await sessionSize(service, s('o1')!)).toBe(5);
  });

  it('joins access.log.1 read after access.log: its visitors\' last sessions take the sessions they go on in', async () => {
    const service = await makeStore();
    const dir = tempDir();
    const newer = await imported(service, path.join(dir, 'access.log'), NEWER);
    const before = await events(service);
    const older = await imported(service, path.join(dir, 'access.log.1'), OLDER);
    const e = await events(service);
    const s = (tag: string) => e.get(tag)!.session_id;
    expect(s('n1')).toBe(before.get('n1')!.session_id);
    expect(s('n1')).toMatch(new RegExp(`^d${newer}-\\d+$`));
    expect([s('o1'), s('o5'), s('o6')]).toEqual([s('n1'), s('n1'), s('n1')]);
    expect(s('o3')).toBe(s('n2'));
    expect(s('o2')).toMatch(new RegExp(`^d${older}-\\d+$`));
    expect(s('o2')).not.toBe(s('n5'));
    expect(e.get('o1')!.session_derived).toBe(true);
    expect(await sessionSize(service, s('n1')!)).toBe(5);
  });
}

describe('rotated access logs on SQLite', () => {
  scenarios(() => makeService());

  it('follows dated and gzipped names along the whole rotation, oldest first', async () => {
    const service = await makeService();
    const dir = tempDir();
    // One visitor across three files, each gap under 30 minutes.
    await imported(service, path.join(dir, 'access.log-20261122.gz'), zlib.gzipSync(log(line('a', 0, 'g1'), line('a', 20, 'g2'))));
    await imported(service, path.join(dir, 'access.log-20261123'), log(line('a', 45, 'm1'), line('a', 60, 'm2')));
    await imported(service, path.join(dir, 'access.log'), log(line('a', 80, 'l1')));
    const e = await events(service);
    expect(new Set([...e.values()].map((x) => x.session_id)).size).toBe(1);
  });

  it('joins the whole rotation read newest first, as a folder is (its names sorted)', async () => {
    const service = await makeService();
    const dir = tempDir();
    await imported(service, path.join(dir, 'access.log'), log(line('a', 80, 'l1')));
    await imported(service, path.join(dir, 'access.log.1'), log(line('a', 45, 'm1'), line('a', 60, 'm2')));
    await imported(service, path.join(dir, 'access.log.2.gz'), zlib.gzipSync(log(line('a', 0, 'g1'), line('a', 20, 'g2'))));
    const e = await events(service);
    expect(new Set([...e.values()].map((x) => x.session_id))).toEqual(new Set([e.get('l1')!.session_id]));
  });

  it('takes nothing from a file of that name in another folder, nor from a file that is not part of the rotation', async () => {
    const service = await makeService();
    const dir = tempDir();
    const elsewhere = tempDir();
    // Another server's access.log.1, later than this one's and just as close: not this log.
    await imported(service, path.join(elsewhere, 'access.log.1'), log(line('a', 25, 'x1')));
    await imported(service, path.join(dir, 'access.log.1'), log(line('a', 10, 'o1')));
    await imported(service, path.join(dir, 'error.log.1'), log(line('c', 29, 'x2')));
    await imported(service, path.join(dir, 'access.log'), log(line('a', 30, 'n1'), line('c', 31, 'n2')));
    const e = await events(service);
    expect(e.get('n1')!.session_id).toBe(e.get('o1')!.session_id);
    expect(e.get('n1')!.session_id).not.toBe(e.get('x1')!.session_id);
    expect(e.get('n2')!.session_id).not.toBe(e.get('x2')!.session_id);
  });
});

describe('rotated access logs on ClickHouse', () => {
  const clickHouse = useClickHouseServer();
  scenarios(() => makeService(undefined, { store: StoreSpecSchema.parse(clickHouse().url(uniqueDatabase())) }));
});
