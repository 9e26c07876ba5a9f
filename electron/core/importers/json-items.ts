// Finds the items of a JSON document (HAR entries, OTLP spans and log records) in a stream of bytes
// without building the document: a HAR of several gigabytes is one JSON value, and JSON.parse
// would need all of it, several times over, in memory. Only the current item's bytes are kept.
//
// This is the part formats use (targets, sinks, limits); the scanner is json-scan.ts and the
// byte tables it reads with are json-bytes.ts.
import type { ItemLocation } from './format-types.js';
import { headText } from './json-bytes.js';
import { Scanner } from './json-scan.js';

export { formatSize, headText } from './json-bytes.js';

/** An item larger than this is skipped (and reported) rather than kept in memory. */
export const MAX_ITEM_BYTES = 32 * 1024 * 1024;
/** Deeper nesting is refused: the scanner's stack and the later JSON.parse stay small. */
export const MAX_JSON_NESTING = 512;

export interface ItemTarget {
  /**
   * Keys from the top-level value down, where `*` stands for each element of an array (in an
   * object, `*` is just a key). `[]` makes each top-level value an item. The input may hold any
   * number of top-level values (JSON lines, concatenated documents): each is matched on its own.
   * Inside an item no further targets are looked for.
   */
  path: readonly string[];
  /** What one item is called in reasons: "entry". */
  noun: string;
}

/** A top-level value that ended, with its first keys when it is an object. */
export interface TopLevelValue {
  at: ItemLocation;
  kind: 'object' | 'array' | 'scalar';
  keys: readonly string[];
}

/** Which item this is: the top-level value it sits in (0-based), and its index in each array on its path. */
export interface ItemPlace {
  doc: number;
  indexes: readonly number[];
}

export interface ItemSink {
  /** `bytes` may be a view into the caller's chunk: use it before returning, never keep it. */
  item(target: number, bytes: Buffer, at: ItemLocation, place: ItemPlace): void;
  bad(reason: string, at: ItemLocation, text: string): void;
  value?(v: TopLevelValue): void;
}

export interface ItemExtractor {
  write(chunk: Buffer): void;
  end(): void;
}

/** JSON.parse of one item; the reason names what is wrong without quoting the whole item. */
export function parseItem(bytes: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: `malformed JSON: ${msg.length > 200 ? `${msg.slice(0, 200)}…` : msg}` };
  }
}

/**
 * `item` as a sink's item handler, with a throw reported as that item being bad: a mapping bug
 * must cost the item, not the rest of the file.
 */
export function guardedItem(targets: readonly ItemTarget[], bad: ItemSink['bad'], item: ItemSink['item']): ItemSink['item'] {
  return (target, bytes, at, place) => {
    try {
      item(target, bytes, at, place);
    } catch (err) {
      bad(`this ${targets[target]!.noun} could not be read (${err instanceof Error ? err.message : String(err)})`, at, headText(bytes));
    }
  };
}

type Limits = { maxItemBytes?: number; maxNesting?: number };

export function createItemExtractor(targets: readonly ItemTarget[], sink: ItemSink, opts: Limits = {}): ItemExtractor {
  return new Scanner(targets, sink, opts.maxItemBytes ?? MAX_ITEM_BYTES, opts.maxNesting ?? MAX_JSON_NESTING);
}
