// Where events came from: the collector, or an imported file. A file source remembers what it
// was read from (path, size, modification time, a hash of its head) and how far it was read, so
// opening it again costs nothing and a file that grew is read on from where it stopped.
import type { Database } from 'better-sqlite3';
import { bumpEventsEpoch } from './columnar/epoch.js';

import type { FileIdentity, FileSourceRow, SourceRow, SourceState } from '../port.js';

export type { FileIdentity, FileSourceRow, SourceRow, SourceState };

export interface SourcesStore {
  create(kind: SourceRow['kind'], name: string, format: string | null): number;
  createFile(name: string, format: string, file: FileIdentity, options: string | null): number;
  /** The one source row the collector writes under, created on first use. */
  collectorId(): number;
  addCounts(id: number, imported: number, skipped: number): void;
  /** The newest file source read from `path`. */
  findByPath(path: string): FileSourceRow | undefined;
  /** The newest finished file source with this name, size and head hash (an upload sent again). */
  findUpload(name: string, size: number, headHash: string): FileSourceRow | undefined;
  findSameContent(size: number, headHash: string): FileSourceRow | undefined;
  getFile(id: number): FileSourceRow | undefined;
  /** Records the file as it is now (after a read on), its state and the format's report. */
  finish(id: number, state: SourceState, file: Omit<FileIdentity, 'path'> | null, report: string | null): void;
  /**
   * Deletes a source's events past `line` (what an earlier read made of an unfinished last line)
   * and takes them off its count; returns how many went.
   */
  forgetAfterLine(id: number, line: number): number;
  /** Deletes a source and its events; returns how many events went. */
  remove(id: number): number;
  list(): SourceRow[];
}

const FILE_COLUMNS =
  'id, kind, name, format, imported, skipped, created_at, path, state, size, mtime_ms, head_hash, read_bytes, read_lines, options, report';

export function createSourcesStore(db: Database): SourcesStore {
  const insert = db.prepare('INSERT INTO sources (kind, name, format, created_at) VALUES (?, ?, ?, ?)');
  const insertFile = db.prepare(
    `INSERT INTO sources (kind, name, format, created_at, path, size, mtime_ms, head_hash, options, state)
     VALUES ('file', ?, ?, ?, ?, ?, ?, ?, ?, 'importing')`,
  );
  const findCollector = db.prepare("SELECT id FROM sources WHERE kind = 'collector' ORDER BY id LIMIT 1").pluck();
  const counts = db.prepare('UPDATE sources SET imported = imported + ?, skipped = skipped + ? WHERE id = ?');
  const byPath = db.prepare(`SELECT ${FILE_COLUMNS} FROM sources WHERE kind = 'file' AND path = ? ORDER BY id DESC LIMIT 1`);
  const byId = db.prepare(`SELECT ${FILE_COLUMNS} FROM sources WHERE kind = 'file' AND id = ?`);
  const sameUpload = db.prepare(
    `SELECT ${FILE_COLUMNS} FROM sources WHERE kind = 'file' AND name = ? AND size = ? AND head_hash = ? AND state = 'done' ORDER BY id DESC LIMIT 1`,
  );
  const sameContent = db.prepare(`SELECT ${FILE_COLUMNS} FROM sources WHERE kind = 'file' AND size = ? AND head_hash = ? ORDER BY id DESC LIMIT 1`);
  const finishFile = db.prepare(
    'UPDATE sources SET state = ?, size = coalesce(?, size), mtime_ms = coalesce(?, mtime_ms), head_hash = coalesce(?, head_hash), report = coalesce(?, report) WHERE id = ?',
  );
  const deleteEvents = db.prepare('DELETE FROM events WHERE source_id = ?');
  const deleteAfterLine = db.prepare('DELETE FROM events WHERE source_id = ? AND line > ?');
  const uncount = db.prepare('UPDATE sources SET imported = max(imported - ?, 0) WHERE id = ?');
  const deleteSource = db.prepare('DELETE FROM sources WHERE id = ?');
  const all = db.prepare('SELECT id, kind, name, format, imported, skipped, created_at, path, state FROM sources ORDER BY id');
  let collector: number | undefined;

  const create = (kind: SourceRow['kind'], name: string, format: string | null): number =>
    Number(insert.run(kind, name, format, Date.now()).lastInsertRowid);

  return {
    create,
    createFile: (name, format, f, options) =>
      Number(insertFile.run(name, format, Date.now(), f.path, f.size, f.mtimeMs, f.headHash, options).lastInsertRowid),
    collectorId() {
      collector ??= (findCollector.get() as number | undefined) ?? create('collector', 'collector', 'collect');
      return collector;
    },
    addCounts: (id, imported, skipped) => void counts.run(imported, skipped, id),
    findByPath: (path) => byPath.get(path) as FileSourceRow | undefined,
    findUpload: (name, size, headHash) => sameUpload.get(name, size, headHash) as FileSourceRow | undefined,
    findSameContent: (size, headHash) => sameContent.get(size, headHash) as FileSourceRow | undefined,
    getFile: (id) => byId.get(id) as FileSourceRow | undefined,
    finish: (id, state, f, report) => void finishFile.run(state, f?.size ?? null, f?.mtimeMs ?? null, f?.headHash ?? null, report, id),
    forgetAfterLine: db.transaction((id: number, line: number): number => {
      const n = deleteAfterLine.run(id, line).changes;
      if (n > 0) {
        uncount.run(n, id);
        bumpEventsEpoch(db);
      }
      return n;
    }),
    remove: db.transaction((id: number): number => {
      const n = deleteEvents.run(id).changes;
      if (n > 0) bumpEventsEpoch(db);
      deleteSource.run(id);
      if (id === collector) collector = undefined;
      return n;
    }),
    list: () => all.all() as SourceRow[],
  };
}
