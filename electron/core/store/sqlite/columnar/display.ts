// Group keys as the user reads them, as aggregate-sql.ts shows them: texts from `strings`, a
// source's name, a status as its number, the class as `5xx`, a derived session as d<src>-<n>.
// Groups carry raw keys (refs, ids, codes' values) until the few that are kept are shown:
// one strings query per answer, never one per row.
import type { Database, Statement } from 'better-sqlite3';
import { statusClass, type GroupField } from '../../../../../shared/fields.js';
import { derivedRefText } from '../../derived-sessions.js';
import { groupColumn, isCodeName } from './catalog.js';
import type { ColumnTable } from './table.js';

export type KeyValue = string | number | null;
/**
 * A key before it is shown: a strings id for text fields, a session ref, a source id, a kind's
 * text, a status, a status class's text; null for a missing value.
 */
export type RawKey = string | number | null;

/** The raw keys of the row at position `row`. */
export function rawKeysAt(table: ColumnTable, groupBy: readonly GroupField[], row: number): RawKey[] {
  return groupBy.map((field) => {
    const name = groupColumn(field);
    if (isCodeName(name)) {
      const col = table.code(name);
      const code = col.codes[row]!;
      const v = code === 0 ? null : col.values[code - 1]!;
      return field === 'status_class' ? (typeof v === 'number' ? statusClass(v) : null) : v;
    }
    const ref = table.ref(name).data?.[row] ?? 0;
    return ref === 0 ? null : ref;
  });
}

export class KeyDisplay {
  private readonly strings: Statement;
  private readonly sources: Statement;

  constructor(db: Database) {
    this.strings = db.prepare('SELECT id, value FROM strings WHERE id IN (SELECT value FROM json_each(?))').raw(true);
    this.sources = db.prepare('SELECT id, name FROM sources').raw(true);
  }

  /** Each group's keys as shown, from its raw keys (one array per group, one entry per field). */
  show(groupBy: readonly GroupField[], raws: readonly RawKey[][]): KeyValue[][] {
    const refs = new Set<number>();
    groupBy.forEach((field, f) => {
      if (field === 'kind' || field === 'status' || field === 'status_class' || field === 'source') return;
      for (const raw of raws) {
        const v = raw[f];
        if (typeof v === 'number' && v > 0) refs.add(v);
      }
    });
    const texts = new Map<number, string>();
    if (refs.size > 0) for (const [id, value] of this.strings.all(JSON.stringify([...refs])) as [number, string][]) texts.set(id, value);
    const names = groupBy.includes('source') ? new Map(this.sources.all() as [number, string][]) : new Map<number, string>();

    return raws.map((raw) =>
      groupBy.map((field, f) => {
        const v = raw[f] ?? null;
        if (v === null) return null;
        switch (field) {
          case 'status':
          case 'kind':
          case 'status_class':
            return v;
          case 'source':
            return names.get(Number(v)) ?? null;
          case 'session_id': {
            const ref = Number(v);
            if (ref < 0) return derivedRefText(ref);
            return texts.get(ref) ?? null;
          }
          default:
            return texts.get(Number(v)) ?? null;
        }
      }),
    );
  }
}

