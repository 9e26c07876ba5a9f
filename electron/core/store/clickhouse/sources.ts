// Sources on ClickHouse: the sources table keeps a row per change (schema.ts), and the latest
// version of each is found with argMax rather than FINAL, which would be wrong wherever the
// server moves a condition into PREWHERE (before the versions are merged). The table holds one
// row per import, so every read takes all latest rows and picks in JS. Event counts are deltas
// in source_counts.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { FileIdentity, FileSourceRow, SourceRow, SourcesPort, SourceState } from '../port.js';
import type { Connection } from './connection.js';
import { SqlParams } from './sql-params.js';
import { tsvNullableNumber, tsvNullableText, tsvText } from './tsv.js';

/**
 * Source ids are random, so collectors sharing a cluster need no sequence, and below 2^21:
 * an import numbers derived sessions as -(source id × 2^32 + n) (derived-sessions.ts), which a
 * double holds exactly only that far.
 */
const SOURCE_ID_LIMIT = 2 ** 21;

const COLUMNS = [
  'id', 'kind', 'name', 'format', 'created_at', 'created_order', 'path', 'state', 'size', 'mtime_ms', 'head_hash',
  'read_bytes', 'read_lines', 'skipped', 'options', 'report', 'deleted', 'version',
] as const;

const num = z.union([z.string(), z.number()]).transform(Number);
const nullableNum = z.union([z.string(), z.number()]).nullable().transform((v) => (v === null ? null : Number(v)));
const LatestSchema = z.object({
  id: num,
  kind: z.enum(['collector', 'file']),
  name: z.string(),
  format: z.string().nullable(),
  created_at: num,
  created_order: num,
  path: z.string().nullable(),
  state: z.enum(['importing', 'done', 'cancelled', 'failed']),
  size: nullableNum,
  mtime_ms: nullableNum,
  head_hash: z.string().nullable(),
  read_bytes: num,
  read_lines: num,
  skipped: num,
  options: z.string().nullable(),
  report: z.string().nullable(),
  deleted: num,
  version: num,
});
type Latest = z.infer<typeof LatestSchema>;

export interface ClickHouseSources extends SourcesPort {
  /** Names of the given sources (a name never changes, so they are cached). */
  names(ids: readonly number[]): Promise<Map<number, string>>;
  /** Ids and names of every source, for turning group keys into names. */
  allNames(): Promise<Map<number, string>>;
  collectorIds(): Promise<number[]>;
  /** A committed import batch: its skipped records and the read position after it. */
  progress(id: number, skipped: number, readBytes: number, readLines: number): Promise<void>;
  /** Takes `n` deleted events off a source's count. */
  uncount(id: number, n: number): Promise<void>;
}

export interface SourceEvents {
  /** Deletes the source's events matching `where` (SQL over events, ours); resolves with how many went. */
  deleteWhere(where: string, params: SqlParams): Promise<number>;
  lastDerivedSession(id: number): Promise<number>;
}

export function createSources(conn: Connection, events: SourceEvents): ClickHouseSources {
  const db = conn.database;
  const nameCache = new Map<number, string>();
  let collector: number | undefined;
  let lastOrder = 0;
  // One change at a time per source: each version is computed from the one before.
  const queues = new Map<number, Promise<unknown>>();

  const latestSql = `SELECT ${COLUMNS.map((c) => `argMax(${c}, version) AS s_${c}`).join(', ')} FROM ${db}.sources GROUP BY id`;
  const latestRow = z.record(z.string(), z.unknown()).transform((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[`s_${c}`]])));

  async function latest(): Promise<Latest[]> {
    const rows = await conn.rows(latestSql, null, latestRow);
    const out = rows.map((r) => LatestSchema.parse(r)).filter((r) => r.deleted === 0);
    for (const r of out) nameCache.set(r.id, r.name);
    return out;
  }

  async function counts(): Promise<Map<number, number>> {
    const rows = await conn.rows(
      `SELECT source_id, sum(imported) AS n FROM ${db}.source_counts GROUP BY source_id`,
      null,
      z.object({ source_id: num, n: num }),
    );
    return new Map(rows.map((r) => [r.source_id, r.n]));
  }

  const nextOrder = () => (lastOrder = Math.max(lastOrder + 1, Date.now() * 1000));

  async function write(r: Latest): Promise<void> {
    const cells = [
      String(r.id), r.kind, tsvText(r.name), tsvNullableText(r.format), String(r.created_at), String(r.created_order),
      tsvNullableText(r.path), r.state, tsvNullableNumber(r.size), tsvNullableNumber(r.mtime_ms), tsvNullableText(r.head_hash),
      String(r.read_bytes), String(r.read_lines), String(r.skipped), tsvNullableText(r.options), tsvNullableText(r.report),
      String(r.deleted), String(r.version),
    ];
    await conn.insertTsv(`${db}.sources`, COLUMNS, `${cells.join('\t')}\n`);
  }

  /** Applies `change` to the source's latest version; a source that is gone is left alone. */
  function update(id: number, change: (r: Latest) => Partial<Latest>): Promise<void> {
    const run = async () => {
      const r = (await latest()).find((s) => s.id === id);
      if (!r) return;
      // Above the last version even if another machine's clock is behind ours.
      await write({ ...r, ...change(r), version: Math.max(r.version + 1, Date.now() * 1000) });
    };
    const next = (queues.get(id) ?? Promise.resolve()).then(run, run);
    queues.set(id, next);
    void next.finally(() => {
      if (queues.get(id) === next) queues.delete(id);
    });
    return next;
  }

  async function freeId(): Promise<number> {
    for (let attempt = 0; attempt < 32; attempt++) {
      const id = randomInt(1, SOURCE_ID_LIMIT);
      const p = new SqlParams();
      // Any version, removed ones too: their events may still be on their way out.
      const taken = await conn.rows(`SELECT count() AS n FROM ${db}.sources WHERE id = ${p.add('UInt64', String(id))}`, p, z.object({ n: num }));
      if (taken[0]?.n === 0) return id;
    }
    throw new Error('Cannot find a free source id in ClickHouse; the sources table is nearly full.');
  }

  async function create(kind: SourceRow['kind'], name: string, format: string | null, file: FileIdentity | null, options: string | null): Promise<number> {
    const id = await freeId();
    const now = Date.now();
    await write({
      id, kind, name, format, created_at: now, created_order: nextOrder(), path: file?.path ?? null,
      state: kind === 'file' ? 'importing' : 'done', size: file?.size ?? null, mtime_ms: file?.mtimeMs ?? null,
      head_hash: file?.headHash ?? null, read_bytes: 0, read_lines: 0, skipped: 0, options, report: null, deleted: 0,
      version: now * 1000,
    });
    nameCache.set(id, name);
    return id;
  }

  async function uncount(id: number, n: number): Promise<void> {
    if (n === 0) return;
    await conn.insertTsv(`${db}.source_counts`, ['source_id', 'imported'], `${id}\t${-n}\n`);
  }

  const toRow = (r: Latest, imported: Map<number, number>): SourceRow => ({
    id: r.id, kind: r.kind, name: r.name, format: r.format, imported: Math.max(imported.get(r.id) ?? 0, 0),
    skipped: r.skipped, created_at: r.created_at, path: r.path, state: r.state,
  });
  const toFileRow = (r: Latest, imported: Map<number, number>): FileSourceRow => ({
    ...toRow(r, imported), size: r.size, mtime_ms: r.mtime_ms, head_hash: r.head_hash, read_bytes: r.read_bytes,
    read_lines: r.read_lines, options: r.options, report: r.report,
  });
  const newestFile = async (match: (r: Latest) => boolean): Promise<FileSourceRow | undefined> => {
    const files = (await latest()).filter((r) => r.kind === 'file' && match(r));
    if (files.length === 0) return undefined;
    const newest = files.reduce((a, b) => (b.created_order > a.created_order ? b : a));
    return toFileRow(newest, await counts());
  };

  return {
    async collectorId() {
      if (collector !== undefined) return collector;
      const oldest = async () =>
        (await latest()).filter((r) => r.kind === 'collector').sort((a, b) => a.created_order - b.created_order || a.id - b.id)[0];
      let found = await oldest();
      if (!found) {
        const mine = await create('collector', 'collector', 'collect', null, null);
        // Two collectors starting at once each create one; both then keep the older.
        found = await oldest();
        if (found && found.id !== mine) await update(mine, () => ({ deleted: 1 }));
      }
      if (!found) throw new Error('The collector source was created but cannot be read back from ClickHouse.');
      collector = found.id;
      return collector;
    },
    createFile: (name, format, file, options) => create('file', name, format, file, options),
    findByPath: (path) => newestFile((r) => r.path === path),
    findUpload: (name, size, headHash) => newestFile((r) => r.name === name && r.size === size && r.head_hash === headHash && r.state === 'done'),
    findSameContent: (size, headHash) => newestFile((r) => r.size === size && r.head_hash === headHash),
    getFile: (id) => newestFile((r) => r.id === id),
    finish: (id, state: SourceState, file, report) =>
      update(id, (r) => ({
        state,
        size: file?.size ?? r.size,
        mtime_ms: file?.mtimeMs ?? r.mtime_ms,
        head_hash: file?.headHash ?? r.head_hash,
        report: report ?? r.report,
      })),
    async forgetAfterLine(id, line) {
      const p = new SqlParams();
      const n = await events.deleteWhere(`source_id = ${p.add('UInt64', String(id))} AND line > ${p.add('Float64', line)}`, p);
      if (n > 0) await uncount(id, n);
      return n;
    },
    lastDerivedSession: (id) => events.lastDerivedSession(id),
    async remove(id) {
      const exists = (await latest()).some((r) => r.id === id);
      const p = new SqlParams();
      const n = await events.deleteWhere(`source_id = ${p.add('UInt64', String(id))}`, p);
      if (exists) await update(id, () => ({ deleted: 1 }));
      if (id === collector) collector = undefined;
      return n;
    },
    async list() {
      const [rows, imported] = await Promise.all([latest(), counts()]);
      return rows.sort((a, b) => a.created_order - b.created_order).map((r) => toRow(r, imported));
    },
    async names(ids) {
      if (ids.some((id) => !nameCache.has(id))) await latest();
      return new Map(ids.flatMap((id) => (nameCache.has(id) ? [[id, nameCache.get(id) as string] as const] : [])));
    },
    async allNames() {
      return new Map((await latest()).map((r) => [r.id, r.name]));
    },
    async collectorIds() {
      return (await latest()).filter((r) => r.kind === 'collector').map((r) => r.id);
    },
    progress: (id, skipped, readBytes, readLines) =>
      update(id, (r) => ({ skipped: r.skipped + skipped, read_bytes: readBytes, read_lines: readLines })),
    uncount,
  };
}
