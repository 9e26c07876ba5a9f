// What each row sorts by, as one number per row: the value itself for number fields, and for
// text fields its rank among the texts the rows hold (code-point order, shared/sort.ts), so
// ordering a million rows compares numbers rather than strings. NaN: the row has no value.
//
// A text field's ranks cost one read of its distinct texts and one sort of them: done once per
// generation of the rows held and kept; rows added later are ranked from what is kept, unless
// they bring a text not ranked yet (then the ranking is made again).
import type { Database, Statement } from 'better-sqlite3';
import { TARGET_JOIN, compareCodePoints, type SortField } from '../../../../../shared/sort.js';
import { derivedRefText } from '../../derived-sessions.js';
import type { CodeName, ColumnName, RefName } from './catalog.js';
import type { CodeColumn } from './columns.js';
import { NotColumnarError } from './errors.js';
import type { ColumnTable } from './table.js';

/** The columns a sort by `field` reads (time always: it breaks ties). */
export function sortColumns(field: SortField): ColumnName[] {
  switch (field) {
    case 'time':
    case 'duration_ms':
    case 'req_bytes':
    case 'resp_bytes':
    case 'kind':
    case 'status':
      return ['time', field];
    case 'session_id':
      return ['time', 'session_ref'];
    case 'source':
      return ['time', 'source_id'];
    case 'user_id':
      return ['time', 'user_ref'];
    case 'action':
      return ['time', 'kind', 'method_ref', 'type_ref', 'level_ref'];
    case 'target':
      return ['time', 'kind', 'route_ref', 'url_ref', 'message_ref', 'target_ref', 'page_ref'];
    default:
      return ['time', `${field}_ref` as RefName];
  }
}

export interface RowKeys {
  /** One per row held: the value or rank, NaN where the row has none. */
  key: Float64Array;
  /** Where a cursor's value falls among the keys: its rank, or halfway between two when no row holds it. */
  place(value: string | number): number;
}

/** A row's text as atoms: a positive dictionary ref or code, a negative composite, 0 for none. */
type AtomOf = (row: number) => number;

interface Ranking {
  generation: number;
  n: number;
  key: Float64Array;
  /** Rank by positive atom (NaN: not ranked) and by composite. */
  byAtom: Float64Array;
  byComposite: number[];
  texts: string[];
}

const CHUNK_IDS = 50_000;

export class SortKeys {
  private readonly rankings = new Map<SortField, Ranking>();
  private status: { generation: number; n: number; key: Float64Array } | null = null;
  private readonly strings: Statement;
  private readonly sources: Statement;

  constructor(db: Database, private readonly table: ColumnTable) {
    this.strings = db.prepare('SELECT id, value FROM strings WHERE id IN (SELECT value FROM json_each(?))').raw(true);
    this.sources = db.prepare('SELECT id, name FROM sources').raw(true);
  }

  keys(field: SortField): RowKeys {
    switch (field) {
      case 'time':
      case 'duration_ms':
      case 'req_bytes':
      case 'resp_bytes': {
        const col = this.table.float(field);
        if (col.mixed) throw new NotColumnarError(`A ${field} is stored as text; only SQL orders it.`);
        return { key: col.data, place: (v) => Number(v) };
      }
      case 'status':
        return { key: this.statusKey(), place: (v) => Number(v) };
      default:
        return this.textKeys(field);
    }
  }

  /** Whether `field`'s keys for the rows held are made (number fields need nothing made). */
  holds(field: SortField): boolean {
    const t = this.table;
    const fresh = (k: { generation: number; n: number } | null | undefined) => k !== null && k !== undefined && k.generation === t.generation && k.n === t.n;
    switch (field) {
      case 'time':
      case 'duration_ms':
      case 'req_bytes':
      case 'resp_bytes':
        return true;
      case 'status':
        return fresh(this.status);
      default:
        return fresh(this.rankings.get(field));
    }
  }

  forget(): void {
    this.rankings.clear();
    this.status = null;
    this.composites = [];
    this.compositeIndex = new Map();
    this.compositeGeneration = -1;
    this.lookup = new Map();
  }

  bytes(): number {
    let total = this.status?.key.byteLength ?? 0;
    for (const r of this.rankings.values()) total += r.key.byteLength + r.byAtom.byteLength + r.texts.length * 48;
    return total;
  }

  private statusKey(): Float64Array {
    const t = this.table;
    if (this.status && this.status.generation === t.generation && this.status.n === t.n) return this.status.key;
    const col = t.code('status');
    if (!col.numeric()) throw new NotColumnarError('A status is stored as text; only SQL orders it.');
    const values = Float64Array.from([NaN, ...(col.values as number[])]);
    const key = new Float64Array(t.n);
    const codes = col.codes;
    for (let i = 0; i < t.n; i++) key[i] = values[codes[i]!]!;
    this.status = { generation: t.generation, n: t.n, key };
    return key;
  }

  private textKeys(field: SortField): RowKeys {
    const t = this.table;
    const atomOf = this.atoms(field);
    let r = this.rankings.get(field);
    if (!r || r.generation !== t.generation || r.n > t.n || !this.extend(r, atomOf)) {
      r = this.rank(field, atomOf);
      this.rankings.set(field, r);
    }
    const texts = r.texts;
    return {
      key: r.key,
      place(value) {
        const text = String(value);
        let lo = 0;
        let hi = texts.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (compareCodePoints(texts[mid]!, text) < 0) lo = mid + 1;
          else hi = mid;
        }
        return lo < texts.length && texts[lo] === text ? lo : lo - 0.5;
      },
    };
  }

  /** Ranks rows added since `r` was made from what it knows; false when one brings a new text. */
  private extend(r: Ranking, atomOf: AtomOf): boolean {
    const n = this.table.n;
    if (r.n === n) return true;
    const key = new Float64Array(n);
    key.set(r.key.subarray(0, r.n));
    for (let i = r.n; i < n; i++) {
      const a = atomOf(i);
      const rank = a === 0 ? NaN : a > 0 ? (a < r.byAtom.length ? r.byAtom[a]! : undefined) : r.byComposite[-a - 1];
      if (rank === undefined || (a !== 0 && Number.isNaN(rank))) return false;
      key[i] = rank;
    }
    r.key = key;
    r.n = n;
    return true;
  }

  private rank(field: SortField, atomOf: AtomOf): Ranking {
    const n = this.table.n;
    const atoms = new Int32Array(n);
    let maxAtom = 0;
    for (let i = 0; i < n; i++) {
      const a = atomOf(i);
      atoms[i] = a;
      if (a > maxAtom) maxAtom = a;
    }
    const seen = new Uint8Array(maxAtom + 1);
    for (let i = 0; i < n; i++) if (atoms[i]! > 0) seen[atoms[i]!] = 1;
    const positive: number[] = [];
    for (let a = 1; a <= maxAtom; a++) if (seen[a]) positive.push(a);
    const text = this.texts(field, positive);
    const entries: { atom: number; text: string }[] = positive.map((a) => ({ atom: a, text: text(a) }));
    for (let c = 1; c <= this.composites.length; c++) entries.push({ atom: -c, text: this.compositeText(-c, text) });
    entries.sort((x, y) => compareCodePoints(x.text, y.text));
    const byAtom = new Float64Array(maxAtom + 1).fill(NaN);
    const byComposite: number[] = [];
    const texts: string[] = [];
    for (const e of entries) {
      // Equal texts share a rank (a user event's joined target may read like another's route).
      if (texts.length === 0 || texts[texts.length - 1] !== e.text) texts.push(e.text);
      const rank = texts.length - 1;
      if (e.atom > 0) byAtom[e.atom] = rank;
      else byComposite[-e.atom - 1] = rank;
    }
    const key = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = atoms[i]!;
      key[i] = a === 0 ? NaN : a > 0 ? byAtom[a]! : byComposite[-a - 1]!;
    }
    return { generation: this.table.generation, n, key, byAtom, byComposite, texts };
  }

  /**
   * What a user event's target joins (what it met or acted on, its page), by composite atom -1,
   * -2, ...: numbered once per generation, so rows added later keep the numbers ranked.
   */
  private composites: [number, number][] = [];
  private compositeIndex = new Map<number, number>();
  private compositeGeneration = -1;

  private compositeText(atom: number, text: (a: number) => string): string {
    const [what, page] = this.composites[-atom - 1]!;
    return `${text(what)}${TARGET_JOIN}${text(page)}`;
  }

  /** The text of each positive atom of `field`: dictionary strings, or a code column's values shown. */
  private texts(field: SortField, atoms: number[]): (a: number) => string {
    const code = codeColumnOf(field);
    if (code) {
      const col = this.table.code(code);
      const names = field === 'source' ? new Map(this.sources.all() as [number, string][]) : null;
      // Given sessions' texts are dictionary strings; derived ones are made from their refs.
      if (code === 'session_ref') this.lookup = this.fetch(col.values.filter((v): v is number => typeof v === 'number' && v > 0));
      return (a) => {
        const v = col.values[a - 1]!;
        if (field === 'kind') return String(v);
        if (names) return names.get(Number(v)) ?? '';
        const ref = Number(v);
        return ref < 0 ? derivedRefText(ref) : (this.lookup.get(ref) ?? '');
      };
    }
    this.lookup = this.fetch(atoms);
    const lookup = this.lookup;
    // The composites' parts are refs too.
    const parts = this.composites.flat().filter((a) => !lookup.has(a));
    if (parts.length > 0) for (const [k, v] of this.fetch(parts)) lookup.set(k, v);
    return (a) => lookup.get(a) ?? '';
  }

  private lookup = new Map<number, string>();

  private fetch(ids: number[]): Map<number, string> {
    const out = new Map<number, string>();
    for (let at = 0; at < ids.length; at += CHUNK_IDS) {
      for (const [id, value] of this.strings.all(JSON.stringify(ids.slice(at, at + CHUNK_IDS))) as [number, string][]) out.set(id, value);
    }
    return out;
  }

  /** Row -> atom for `field`, over the loaded columns. */
  private atoms(field: SortField): AtomOf {
    const t = this.table;
    const code = codeColumnOf(field);
    if (code) {
      const codes = t.code(code).codes;
      return (i) => codes[i]!;
    }
    const ref = (name: RefName) => t.ref(name).data;
    if (field === 'action' || field === 'target') return this.kindAtoms(field, t.code('kind'), ref);
    const data = ref(refOf(field));
    return data ? (i) => data[i]! : () => 0;
  }

  private kindAtoms(field: 'action' | 'target', kind: CodeColumn, ref: (name: RefName) => Int32Array | null): AtomOf {
    const kinds = kind.codes;
    const codeOf = (k: string) => kind.codeOf(k);
    const api = codeOf('api');
    const user = codeOf('user');
    const at = (d: Int32Array | null, i: number) => (d ? d[i]! : 0);
    if (field === 'action') {
      const method = ref('method_ref');
      const type = ref('type_ref');
      const level = ref('level_ref');
      return (i) => {
        const k = kinds[i]!;
        return at(k === api ? method : k === user ? type : level, i);
      };
    }
    const route = ref('route_ref');
    const url = ref('url_ref');
    const message = ref('message_ref');
    const target = ref('target_ref');
    const page = ref('page_ref');
    if (this.compositeGeneration !== this.table.generation) {
      this.composites = [];
      this.compositeIndex = new Map();
      this.compositeGeneration = this.table.generation;
    }
    const composites = this.composites;
    const index = this.compositeIndex;
    return (i) => {
      const k = kinds[i]!;
      if (k === api) return at(route, i) || at(url, i);
      if (k !== user) return at(message, i);
      const what = at(message, i) || at(target, i);
      const p = at(page, i);
      if (what === 0 || p === 0) return what || p;
      const pair = what * 2 ** 31 + p;
      let c = index.get(pair);
      if (c === undefined) {
        composites.push([what, p]);
        c = composites.length;
        index.set(pair, c);
      }
      return -c;
    };
  }
}

function codeColumnOf(field: SortField): CodeName | null {
  if (field === 'kind') return 'kind';
  if (field === 'session_id') return 'session_ref';
  if (field === 'source') return 'source_id';
  return null;
}

function refOf(field: SortField): RefName {
  return (field === 'user_id' ? 'user_ref' : `${field}_ref`) as RefName;
}
