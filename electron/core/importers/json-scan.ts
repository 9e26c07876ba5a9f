// The byte scanner behind createItemExtractor (json-items.ts): one pass over the input, chunk by
// chunk, keeping only a stack of open containers, the keys on the way to each target and the
// bytes of the item in progress. It checks the grammar between tokens (commas, colons, brackets)
// so that a broken document is noticed where it breaks; the tokens inside an item (numbers,
// escapes) are left to the JSON.parse of that item.
import {
  BACKSLASH, BOM, DELIMITER, describeByte, formatSize, HEAD_BYTES, headText, indexOr, NL, QUOTE, STRING_STOP, TOKEN_START,
} from './json-bytes.js';
import type { ItemExtractor, ItemPlace, ItemSink, ItemTarget, TopLevelValue } from './json-items.js';

// Plain numbers rather than const enums, which per-file transpilers do not inline.
// Frame flags, per depth: the container's type, and LIVE when it lies on the way to a target.
const OBJ = 1, ARR = 2, LIVE = 4;
// Scanner modes.
const BETWEEN = 0, IN_STRING = 1, IN_TOKEN = 2, RESYNC = 3;
// What the grammar allows next, in BETWEEN mode.
const TOP = 0; // a top-level value (or whitespace, or the end)
const VALUE = 1; // after ':', or after ',' in an array
const FIRST_VALUE = 2; // a value or ']'
const KEY = 3; // after ',' in an object
const FIRST_KEY = 4; // a key or '}'
const COLON = 5;
const NEXT = 6; // ',' or the closer

const MAX_KEY_BYTES = 256;
const MAX_TOP_KEYS = 50;

export class Scanner implements ItemExtractor {
  private mode = BETWEEN;
  private expect = TOP;
  private depth = 0;
  private readonly frames: Uint8Array;
  private readonly index: Int32Array; // element index in each live array
  private docs = 0;
  /** seg[d]: the key (or '*') selecting the current child of the container at depth d. */
  private readonly seg: (string | null)[] = [];
  private base = 0; // absolute offset of the current chunk
  private line = 1;
  private lineStart = 0; // absolute offset of the current line's first byte
  private bom = 0;
  // Next '"', '\' and line break at or after the scan position in the current chunk (the chunk's
  // length when there is none): a long string with many escapes must not be searched again and
  // again to its end.
  private nextQuote = -1;
  private nextSlash = -1;
  private nextNl = -1;
  private escaped = false; // a string's backslash ended the last chunk
  private isKey = false;
  private keyParts: Buffer[] = [];
  private keyLen = 0;
  private resyncAtLineStart = false;
  private top = { start: 0, line: 1, kind: 'scalar' as TopLevelValue['kind'], keys: [] as string[], doc: 0 };
  // The item in progress: its target (-1: none), depth, offset and line.
  private cap = -1;
  private capDepth = 0;
  private capStart = 0;
  private capLine = 0;
  private capFrom = 0; // index in the current chunk where its bytes start
  private capParts: Buffer[] = []; // its bytes from earlier chunks
  private capLen = 0;
  private capHead: Buffer | null = null; // first bytes of an oversize item, once the rest is dropped
  private capPlace: ItemPlace = { doc: 0, indexes: [] };

  constructor(
    private readonly targets: readonly ItemTarget[],
    private readonly sink: ItemSink,
    private readonly maxItem: number,
    private readonly maxNesting: number,
  ) {
    this.frames = new Uint8Array(maxNesting + 2);
    this.index = new Int32Array(maxNesting + 2);
  }

  write(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (this.bom < 3 && i < n && this.base + i === this.bom && chunk[i] === BOM[this.bom]) {
      this.bom++;
      i++;
    }
    if (this.base + i > this.bom) this.bom = 3; // not a BOM: its bytes are ordinary input
    if (this.cap !== -1) this.capFrom = i;
    this.nextQuote = this.nextSlash = this.nextNl = -1;
    while (i < n) {
      if (this.mode === IN_STRING) i = this.scanString(chunk, i);
      else if (this.mode === IN_TOKEN) i = this.scanToken(chunk, i);
      else if (this.mode === RESYNC) i = this.resync(chunk, i);
      else i = this.between(chunk, i);
    }
    if (this.cap !== -1) this.keepCaptured(chunk.subarray(this.capFrom, n));
    this.base += n;
  }

  end(): void {
    const none = Buffer.alloc(0);
    if (this.mode === IN_TOKEN) {
      this.mode = BETWEEN;
      this.capFrom = 0; // an item's bytes so far are all in capParts
      this.valueEnd(none, 0);
    }
    if (this.cap !== -1) {
      const at = { offset: this.capStart, length: this.base - this.capStart, line: this.capLine };
      this.sink.bad(`the file ends inside this ${this.targets[this.cap]!.noun}: it is cut short`, at, headText(this.head(none)));
    } else if (this.mode !== RESYNC && (this.depth > 0 || this.mode === IN_STRING)) {
      const at = { offset: this.top.start, length: this.base - this.top.start, line: this.top.line };
      this.sink.bad(`the file ends inside the JSON value that starts at line ${this.top.line}: it is cut short`, at, '');
    }
    this.reset();
  }

  // ---- Modes ----

  private between(chunk: Buffer, start: number): number {
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x20 || b === 0x09 || b === 0x0d) continue;
      if (b === NL) {
        this.line++;
        this.lineStart = this.base + i + 1;
        continue;
      }
      const inObject = (this.frames[this.depth]! & OBJ) !== 0;
      switch (this.expect) {
        case NEXT:
          if (b === 0x2c) this.expect = inObject ? KEY : VALUE;
          else if (b === 0x7d || b === 0x5d) {
            if (!this.close(chunk, i, b)) return i;
          } else return this.fail(chunk, i, `expected ',' or '${inObject ? '}' : ']'}' but found ${describeByte(b)}`);
          continue;
        case KEY:
        case FIRST_KEY:
          if (b === QUOTE) return this.startString(i, true);
          if (b !== 0x7d || this.expect !== FIRST_KEY) return this.fail(chunk, i, `expected a quoted key but found ${describeByte(b)}`);
          if (!this.close(chunk, i, b)) return i;
          continue;
        case COLON:
          if (b !== 0x3a) return this.fail(chunk, i, `expected ':' after a key but found ${describeByte(b)}`);
          this.expect = VALUE;
          continue;
        default: // TOP, VALUE, FIRST_VALUE
          if (b === 0x7b || b === 0x5b) {
            if (!this.open(chunk, i, b === 0x7b ? OBJ : ARR)) return i;
          } else if (b === 0x5d && this.expect === FIRST_VALUE) {
            if (!this.close(chunk, i, b)) return i;
          } else if (b === QUOTE) {
            this.valueStart(chunk, i, 'scalar');
            return this.startString(i, false);
          } else if (DELIMITER[b] === 0 && (this.cap !== -1 || TOKEN_START[b] === 1)) {
            // Outside items only a literal's first byte is checked: nothing reads those values.
            this.valueStart(chunk, i, 'scalar');
            this.mode = IN_TOKEN;
            return i;
          } else return this.fail(chunk, i, `expected a value but found ${describeByte(b)}`);
      }
    }
    return chunk.length;
  }

  private startString(i: number, isKey: boolean): number {
    this.mode = IN_STRING;
    this.isKey = isKey;
    this.escaped = false;
    this.keyParts = [];
    this.keyLen = 0;
    return i + 1;
  }

  /** Skips string contents fast: they are most of the bytes, and only '"', '\' and a raw line break matter. */
  private scanString(chunk: Buffer, start: number): number {
    const n = chunk.length;
    let i = this.escaped ? start + 1 : start;
    this.escaped = false;
    while (i < n) {
      // Keys and most values end within a few bytes, where a loop beats native searches.
      let j = i;
      const stop = Math.min(n, i + 32);
      while (j < stop && STRING_STOP[chunk[j]!] === 0) j++;
      if (j === stop && j < n) {
        if (this.nextQuote < j) this.nextQuote = indexOr(chunk, QUOTE, j);
        if (this.nextSlash < j) this.nextSlash = indexOr(chunk, BACKSLASH, j);
        if (this.nextNl < j) this.nextNl = indexOr(chunk, NL, j);
        j = Math.min(this.nextQuote, this.nextSlash, this.nextNl);
      }
      if (j >= n) break;
      if (chunk[j] === BACKSLASH) {
        this.escaped = j + 1 >= n;
        i = j + 2;
        continue;
      }
      if (chunk[j] === NL) return this.fail(chunk, j, 'a string is not closed before the end of its line');
      this.mode = BETWEEN;
      if (this.isKey) this.finishKey(chunk.subarray(start, j));
      else this.valueEnd(chunk, j + 1);
      return j + 1;
    }
    if (this.isKey) this.keepKey(chunk.subarray(start, n));
    return n;
  }

  private scanToken(chunk: Buffer, start: number): number {
    let i = start;
    while (i < chunk.length && DELIMITER[chunk[i]!] === 0) i++;
    if (i < chunk.length) {
      this.mode = BETWEEN;
      this.valueEnd(chunk, i);
    }
    return i;
  }

  private resync(chunk: Buffer, i: number): number {
    if (this.resyncAtLineStart && (chunk[i] === 0x7b || chunk[i] === 0x5b)) {
      this.mode = BETWEEN;
      return i;
    }
    const nl = chunk.indexOf(NL, i);
    this.resyncAtLineStart = nl !== -1;
    if (nl === -1) return chunk.length;
    this.line++;
    this.lineStart = this.base + nl + 1;
    return nl + 1;
  }

  // ---- Values ----

  private open(chunk: Buffer, i: number, type: number): boolean {
    const live = this.valueStart(chunk, i, type === OBJ ? 'object' : 'array');
    if (this.depth >= this.maxNesting) {
      this.fail(chunk, i, `values are nested more than ${this.maxNesting} levels deep`);
      return false;
    }
    this.depth++;
    this.frames[this.depth] = type | (live ? LIVE : 0);
    this.index[this.depth] = -1;
    this.seg[this.depth] = type === ARR ? '*' : null;
    this.expect = type === OBJ ? FIRST_KEY : FIRST_VALUE;
    return true;
  }

  private close(chunk: Buffer, i: number, b: number): boolean {
    const want = (this.frames[this.depth]! & OBJ) !== 0 ? 0x7d : 0x5d;
    if (b !== want) {
      this.fail(chunk, i, `expected '${String.fromCharCode(want)}' but found ${describeByte(b)}`);
      return false;
    }
    this.depth--;
    this.valueEnd(chunk, i + 1);
    return true;
  }

  /** A value begins at chunk[i]: maybe an item, maybe a new top-level value. True when its children may match. */
  private valueStart(chunk: Buffer, i: number, kind: TopLevelValue['kind']): boolean {
    const d = this.depth;
    if (d === 0) this.top = { start: this.base + i, line: this.line, kind, keys: [], doc: this.docs++ };
    if (this.cap !== -1 || (d > 0 && (this.frames[d]! & LIVE) === 0)) return false;
    if ((this.frames[d]! & ARR) !== 0) this.index[d] = this.index[d]! + 1;
    let deeper = false;
    this.targets.forEach(({ path }, t) => {
      if (path.length < d || !path.slice(0, d).every((s, k) => s === this.seg[k + 1])) return;
      if (path.length > d) deeper = true;
      else if (this.cap === -1) {
        this.cap = t;
        this.capDepth = d;
        this.capStart = this.base + i;
        this.capLine = this.line;
        this.capFrom = i;
        this.capLen = 0;
        const indexes: number[] = [];
        for (let k = 1; k <= d; k++) if ((this.frames[k]! & ARR) !== 0) indexes.push(this.index[k]!);
        this.capPlace = { doc: this.top.doc, indexes };
      }
    });
    return this.cap === -1 && deeper;
  }

  /** A value ended just before chunk[endIdx]; the scanner is back at its container's depth. */
  private valueEnd(chunk: Buffer, endIdx: number): void {
    if (this.cap !== -1 && this.depth === this.capDepth) this.emit(chunk, endIdx);
    if (this.depth > 0) {
      this.expect = NEXT;
      return;
    }
    this.expect = TOP;
    const at = { offset: this.top.start, length: this.base + endIdx - this.top.start, line: this.top.line };
    this.sink.value?.({ at, kind: this.top.kind, keys: this.top.keys });
  }

  // ---- Keys: decoded only where a target or the top-level key list needs them ----

  private keyWanted(): boolean {
    return (this.frames[this.depth]! & LIVE) !== 0 || (this.depth === 1 && this.sink.value !== undefined);
  }

  private keepKey(bytes: Buffer): void {
    if (!this.keyWanted() || this.keyLen > MAX_KEY_BYTES) return;
    this.keyParts.push(Buffer.from(bytes));
    this.keyLen += bytes.length;
  }

  private finishKey(last: Buffer): void {
    this.expect = COLON;
    if (!this.keyWanted()) return;
    let key: string | null = null;
    if (this.keyLen + last.length <= MAX_KEY_BYTES) {
      const raw = Buffer.concat([...this.keyParts, last]).toString('utf8');
      try {
        const parsed: unknown = raw.includes('\\') ? JSON.parse(`"${raw}"`) : raw;
        key = typeof parsed === 'string' ? parsed : null;
      } catch {
        key = null; // a broken escape matches no target; the item's own parse reports it
      }
    }
    this.keyParts = [];
    this.seg[this.depth] = key;
    if (this.depth === 1 && key !== null && this.top.keys.length < MAX_TOP_KEYS) this.top.keys.push(key);
  }

  // ---- Items ----

  /** Keeps an item's bytes across chunks up to the cap; past it only the head stays, for the report. */
  private keepCaptured(bytes: Buffer): void {
    if (this.capHead !== null) return;
    if (this.capLen + bytes.length > this.maxItem) {
      this.capHead = this.head(bytes);
      this.capParts = [];
    } else {
      this.capParts.push(Buffer.from(bytes)); // the caller may reuse its chunk
      this.capLen += bytes.length;
    }
  }

  /** The item's first bytes, `tail` being what the current chunk adds: the same however the input was cut. */
  private head(tail: Buffer): Buffer {
    return this.capHead ?? Buffer.concat([...this.capParts, tail.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES);
  }

  private emit(chunk: Buffer, endIdx: number): void {
    const t = this.cap;
    const at = { offset: this.capStart, length: this.base + endIdx - this.capStart, line: this.capLine };
    const tail = chunk.subarray(this.capFrom, endIdx);
    const oversize = at.length > this.maxItem ? this.head(tail) : null;
    const bytes = oversize !== null || this.capParts.length === 0 ? tail : Buffer.concat([...this.capParts, tail]);
    this.cap = -1;
    this.capParts = [];
    this.capHead = null;
    if (oversize === null) this.sink.item(t, bytes, at, this.capPlace);
    else this.sink.bad(`${this.targets[t]!.noun} larger than ${formatSize(this.maxItem)} skipped`, at, headText(oversize));
  }

  /**
   * Reports malformed JSON once and drops what was open. Reading resumes at the next line that
   * starts with '{' or '[': the next record of JSON lines or of concatenated documents; in one
   * indented document no such line follows, so the rest is skipped without more reports.
   */
  private fail(chunk: Buffer, i: number, what: string): number {
    const errAt = this.base + i;
    if (this.cap !== -1) {
      const at = { offset: this.capStart, length: errAt - this.capStart + 1, line: this.capLine };
      const text = headText(this.head(chunk.subarray(this.capFrom, i + 1)));
      this.sink.bad(`malformed ${this.targets[this.cap]!.noun}, line ${this.line}: ${what}`, at, text);
    } else {
      this.sink.bad(`malformed JSON, line ${this.line}: ${what}`, { offset: errAt, length: 1, line: this.line }, '');
    }
    this.reset();
    this.resyncAtLineStart = errAt === this.lineStart;
    return i;
  }

  private reset(): void {
    this.mode = RESYNC;
    this.expect = TOP;
    this.depth = 0;
    this.cap = -1;
    this.capParts = [];
    this.capHead = null;
    this.keyParts = [];
  }
}
