// The loaded columns: one typed array per column of events, position i of each holding row i
// of the index (rows in id order). Three shapes:
//   FloatColumn  numbers as Float64 (exact for every stored number), NaN where missing;
//   RefColumn    dictionary refs (strings.id) as Int32, 0 where missing; no array at all
//                while every row is missing (most text columns of an access log);
//   CodeColumn   few distinct values (kind, status, source, session) kept once each, rows
//                holding a small code: value i is code i + 1, code 0 is missing. Codes start
//                as bytes and widen as values come.
// Each grows by appending what one load chunk (a JSON array from SQLite) holds.

export type Codes = Uint8Array | Uint16Array | Int32Array;

/**
 * Capacity for `need` rows: an eighth more than before, so appends still cost amortised O(1)
 * while a loaded column wastes at most an eighth of its bytes.
 */
function capacityFor(have: number, need: number): number {
  return Math.max(need, Math.ceil(have * 1.125), 1024);
}

export class FloatColumn {
  data = new Float64Array(0);
  length = 0;
  /** Some row held text or a blob: only SQL compares such a row the way SQL does. */
  mixed = false;

  append(values: readonly unknown[]): void {
    const need = this.length + values.length;
    if (need > this.data.length) {
      const next = new Float64Array(capacityFor(this.data.length, need));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    const d = this.data;
    let at = this.length;
    for (const v of values) {
      if (typeof v === 'number') d[at++] = v;
      else {
        if (v !== null) this.mixed = true;
        d[at++] = NaN;
      }
    }
    this.length = at;
  }

  bytes(): number {
    return this.data.byteLength;
  }
}

export class RefColumn {
  /** Null while every row so far is missing. */
  data: Int32Array | null = null;
  length = 0;
  /** The highest ref held: bitsets over string ids need maxRef + 1 entries. */
  maxRef = 0;
  /** Moves whenever rows are added, so values derived from the rows know they are out of date. */
  version = 0;
  mixed = false;

  append(values: readonly unknown[]): void {
    const need = this.length + values.length;
    this.version++;
    let any = this.data !== null;
    if (!any) for (const v of values) if (v !== null) { any = true; break; }
    if (!any) {
      this.length = need;
      return;
    }
    if (this.data === null || need > this.data.length) {
      const next = new Int32Array(capacityFor(this.data?.length ?? 0, need));
      if (this.data) next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    const d = this.data;
    let at = this.length;
    let max = this.maxRef;
    for (const v of values) {
      if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 0x7fffffff) {
        d[at++] = v;
        if (v > max) max = v;
      } else {
        if (v !== null) this.mixed = true;
        d[at++] = 0;
      }
    }
    if (max >= this.present.length) {
      const next = new Uint8Array(capacityFor(this.present.length, max + 1));
      next.set(this.present);
      this.present = next;
    }
    for (let i = this.length; i < at; i++) this.present[d[i]!] = 1;
    this.maxRef = max;
    this.length = at;
  }

  /** present[ref] is 1 when some row holds ref: kept as rows come, so distinct() need not scan them. */
  private present = new Uint8Array(0);
  private known: { version: number; refs: Int32Array; dense: Int32Array | null } | null = null;

  /** The distinct refs held, ascending (0, missing, left out). Kept until rows are added. */
  distinct(): Int32Array {
    if (this.known?.version === this.version) return this.known.refs;
    const present = this.present;
    let count = 0;
    for (let r = 1; r <= this.maxRef; r++) count += present[r]!;
    const refs = new Int32Array(count);
    let at = 0;
    for (let r = 1; r <= this.maxRef; r++) if (present[r]) refs[at++] = r;
    this.known = { version: this.version, refs, dense: null };
    return refs;
  }

  /** Ref -> its place among distinct() plus 1 (0 stays 0, missing): small codes to group by. */
  dense(): Int32Array {
    const refs = this.distinct();
    const known = this.known!;
    if (!known.dense) {
      known.dense = new Int32Array(this.maxRef + 1);
      for (let k = 0; k < refs.length; k++) known.dense[refs[k]!] = k + 1;
    }
    return known.dense;
  }

  bytes(): number {
    return (this.data?.byteLength ?? 0) + this.present.byteLength + (this.known?.dense?.byteLength ?? 0) + (this.known?.refs.byteLength ?? 0);
  }
}

export class CodeColumn {
  codes: Codes = new Uint8Array(0);
  length = 0;
  /** Distinct values in order of first appearance: code c stands for values[c - 1]. */
  readonly values: (string | number)[] = [];
  private readonly byValue = new Map<string | number, number>();

  /** The code of a value, or 0 when no row holds it. */
  codeOf(value: string | number): number {
    return this.byValue.get(value) ?? 0;
  }

  append(values: readonly unknown[]): void {
    const need = this.length + values.length;
    if (need > this.codes.length) this.codes = this.widened(capacityFor(this.codes.length, need));
    let at = this.length;
    for (const v of values) {
      let code = 0;
      if (typeof v === 'number' || typeof v === 'string') {
        code = this.byValue.get(v) ?? 0;
        if (code === 0) {
          this.values.push(v);
          code = this.values.length;
          this.byValue.set(v, code);
          if (code > this.maxCode()) {
            this.length = at;
            this.codes = this.widened(this.codes.length);
          }
        }
      }
      this.codes[at++] = code;
    }
    this.length = at;
  }

  /** True when every value is a number (measures and the status class need numbers). */
  numeric(): boolean {
    return this.values.every((v) => typeof v === 'number');
  }

  private maxCode(): number {
    return this.codes instanceof Uint8Array ? 0xff : this.codes instanceof Uint16Array ? 0xffff : 0x7fffffff;
  }

  /** The codes copied into an array of `capacity` rows, as wide as the values need. */
  private widened(capacity: number): Codes {
    const n = this.values.length;
    const next: Codes = n <= 0xff ? new Uint8Array(capacity) : n <= 0xffff ? new Uint16Array(capacity) : new Int32Array(capacity);
    next.set(this.codes.subarray(0, this.length));
    return next;
  }

  bytes(): number {
    // Each distinct value: its Map entry and array slot, about 40 bytes plus a string's text.
    let dict = 0;
    for (const v of this.values) dict += 40 + (typeof v === 'string' ? v.length * 2 : 0);
    return this.codes.byteLength + dict;
  }
}

export type Column = FloatColumn | RefColumn | CodeColumn;
