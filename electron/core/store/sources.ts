// Where events came from: the collector, or an imported file.
import type { Database } from 'better-sqlite3';

export interface SourceRow {
  id: number;
  kind: 'collector' | 'file';
  name: string;
  format: string | null;
  imported: number;
  skipped: number;
  created_at: number;
}

export interface SourcesStore {
  create(kind: SourceRow['kind'], name: string, format: string | null): number;
  /** The one source row the collector writes under, created on first use. */
  collectorId(): number;
  addCounts(id: number, imported: number, skipped: number): void;
  list(): SourceRow[];
}

export function createSourcesStore(db: Database): SourcesStore {
  const insert = db.prepare('INSERT INTO sources (kind, name, format, created_at) VALUES (?, ?, ?, ?)');
  const findCollector = db.prepare("SELECT id FROM sources WHERE kind = 'collector' ORDER BY id LIMIT 1").pluck();
  const counts = db.prepare('UPDATE sources SET imported = imported + ?, skipped = skipped + ? WHERE id = ?');
  const all = db.prepare('SELECT id, kind, name, format, imported, skipped, created_at FROM sources ORDER BY id');
  let collector: number | undefined;

  const create = (kind: SourceRow['kind'], name: string, format: string | null): number =>
    Number(insert.run(kind, name, format, Date.now()).lastInsertRowid);

  return {
    create,
    collectorId() {
      collector ??= (findCollector.get() as number | undefined) ?? create('collector', 'collector', 'collect');
      return collector;
    },
    addCounts: (id, imported, skipped) => void counts.run(imported, skipped, id),
    list: () => all.all() as SourceRow[],
  };
}
