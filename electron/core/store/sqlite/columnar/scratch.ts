// Working arrays reused from one answer to the next. An aggregate over a million rows needs
// tens of megabytes of temporary typed arrays; allocated afresh each time, their backing stores
// drove full garbage collections that cost as much as the aggregate itself (measured). Each
// purpose has its own slot; what a slot hands out is only valid until that slot is asked again,
// and holds whatever the last user left in it (callers write before they read).
import { countMask } from './count-mask.js';

export class Scratch {
  private readonly ints = new Map<string, Int32Array>();
  private readonly floats = new Map<string, Float64Array>();

  int32(slot: string, n: number): Int32Array {
    let a = this.ints.get(slot);
    if (!a || a.length < n) this.ints.set(slot, (a = new Int32Array(Math.max(n, Math.ceil((a?.length ?? 0) * 1.25)))));
    return a.subarray(0, n);
  }

  float64(slot: string, n: number): Float64Array {
    let a = this.floats.get(slot);
    if (!a || a.length < n) this.floats.set(slot, (a = new Float64Array(Math.max(n, Math.ceil((a?.length ?? 0) * 1.25)))));
    return a.subarray(0, n);
  }

  /** 0, 1, ..., n - 1, kept between answers (the rows of an unfiltered one). Read only. */
  iota(n: number): Int32Array {
    let a = this.ints.get('iota');
    if (!a || a.length < n) {
      a = new Int32Array(Math.max(n, Math.ceil((a?.length ?? 0) * 1.25)));
      for (let i = 0; i < a.length; i++) a[i] = i;
      this.ints.set('iota', a);
    }
    return a.subarray(0, n);
  }

  private lastMask: Uint8Array | null = null;
  private lastRows: Int32Array | null = null;

  /**
   * Positions of the rows a mask keeps, ascending (all n rows without a mask). Masks are never
   * changed once made (index.ts keeps them for the next answers), so the rows of the last one
   * are kept too: six facets of one search list its rows once.
   */
  matchedRows(mask: Uint8Array | null, n: number): Int32Array {
    if (!mask) return this.iota(n);
    if (mask === this.lastMask && this.lastRows) return this.lastRows;
    const m = countMask(mask, n);
    // One slot more than the matches: the gathers below write each row's place before they know.
    const slots = this.int32('rows', m + 1);
    if (m * SPARSE < n) gatherSparse(mask, n, slots);
    else gatherDense(mask, n, slots);
    this.lastMask = mask;
    this.lastRows = slots.subarray(0, m);
    return this.lastRows;
  }

  bytes(): number {
    let total = 0;
    for (const a of this.ints.values()) total += a.byteLength;
    for (const a of this.floats.values()) total += a.byteLength;
    return total;
  }

  clear(): void {
    this.ints.clear();
    this.floats.clear();
    this.lastMask = null;
    this.lastRows = null;
  }
}

/** Below one match in this many rows a mask is sparse: most of its words are empty. */
const SPARSE = 16;

/*
 * Each row's place is written and the end moves on by the row's byte, with no branch per row: on
 * a mask neither mostly set nor mostly clear a branch is mispredicted every other row (gathering
 * 630k of a million rows took 5 ms with one, 0.8 without; measured).
 */
function gatherDense(mask: Uint8Array, n: number, into: Int32Array): void {
  let at = 0;
  for (let i = 0; i < n; i++) {
    into[at] = i;
    at += mask[i]!;
  }
}

/** A sparse mask read a word (four rows) at a time, empty words skipped: a tenth of gatherDense's time at one match in a thousand. */
function gatherSparse(mask: Uint8Array, n: number, into: Int32Array): void {
  let at = 0;
  let i = 0;
  if (mask.byteOffset % 4 === 0) {
    const words = new Uint32Array(mask.buffer, mask.byteOffset, n >>> 2);
    for (let w = 0; w < words.length; w++) {
      if (words[w] === 0) continue;
      const b = w << 2;
      into[at] = b;
      at += mask[b]!;
      into[at] = b + 1;
      at += mask[b + 1]!;
      into[at] = b + 2;
      at += mask[b + 2]!;
      into[at] = b + 3;
      at += mask[b + 3]!;
    }
    i = words.length * 4;
  }
  for (; i < n; i++) {
    into[at] = i;
    at += mask[i]!;
  }
}
