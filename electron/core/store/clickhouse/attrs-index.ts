// An event's attribute object, flattened at insert into parallel arrays (attr_paths, attr_types,
// attr_texts, attr_nums), because clickhouse-server 18.16 has no function that reads a nested
// JSON path. Each object key reached through objects (not into arrays: the search language's
// `attrs.a.b` names keys only) is one entry, holding what SQLite's json_type/json_extract
// would give for that path, so `attrs.` queries mean the same on both adapters.

/** json_type, as a small number. */
export const ATTR_TYPE = { null: 1, true: 2, false: 3, integer: 4, real: 5, text: 6, array: 7, object: 8 } as const;

export interface AttrIndex {
  /** Each entry's path as JSON text of its keys, e.g. `["a","b c"]`. */
  paths: string[];
  types: number[];
  /** json_extract's value as text (true as 1, objects as JSON), ASCII letters lowered. */
  texts: string[];
  /** The number for integer, real, true (1) and false (0); 0 otherwise. */
  nums: number[];
  /** The words free text looks at: every string, number and boolean leaf, arrays included. */
  leaves: string[];
}

/** Deeper objects than this stop being indexed (a hostile client's nesting costs nothing). */
const MAX_DEPTH = 32;
/** Leaves for free text stop at the depth the SQLite adapter uses. */
const LEAF_DEPTH = 16;

export const EMPTY_ATTRS: AttrIndex = { paths: [], types: [], texts: [], nums: [], leaves: [] };

/** Lowers A-Z only, as SQLite's NOCASE and LIKE do. */
export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

export function indexAttrs(json: string | null): AttrIndex {
  if (json === null) return EMPTY_ATTRS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return EMPTY_ATTRS;
  }
  if (!isObject(parsed)) return EMPTY_ATTRS;
  const out: AttrIndex = { paths: [], types: [], texts: [], nums: [], leaves: [] };
  walk(parsed, [], out, 0);
  collectLeaves(parsed, out.leaves, 0);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(obj: Record<string, unknown>, prefix: string[], out: AttrIndex, depth: number): void {
  for (const [key, value] of Object.entries(obj)) {
    const path = [...prefix, key];
    out.paths.push(JSON.stringify(path));
    const { type, text, num } = describe(value);
    out.types.push(type);
    out.texts.push(asciiLower(text));
    out.nums.push(num);
    if (isObject(value) && depth + 1 < MAX_DEPTH) walk(value, path, out, depth + 1);
  }
}

function describe(v: unknown): { type: number; text: string; num: number } {
  if (v === null || v === undefined) return { type: ATTR_TYPE.null, text: '', num: 0 };
  if (v === true) return { type: ATTR_TYPE.true, text: '1', num: 1 };
  if (v === false) return { type: ATTR_TYPE.false, text: '0', num: 0 };
  if (typeof v === 'number') return { type: Number.isInteger(v) ? ATTR_TYPE.integer : ATTR_TYPE.real, text: String(v), num: v };
  if (typeof v === 'string') return { type: ATTR_TYPE.text, text: v, num: 0 };
  return { type: Array.isArray(v) ? ATTR_TYPE.array : ATTR_TYPE.object, text: JSON.stringify(v), num: 0 };
}

function collectLeaves(value: unknown, out: string[], depth: number): void {
  if (typeof value === 'string') {
    if (value.trim() !== '') out.push(value);
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    out.push(String(value));
  } else if (value !== null && typeof value === 'object' && depth < LEAF_DEPTH) {
    for (const v of Object.values(value)) collectLeaves(v, out, depth + 1);
  }
}
