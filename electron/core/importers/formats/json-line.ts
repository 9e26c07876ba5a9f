// What every JSON-lines format shares: one object per line, checked before use (a file is
// outside input), the head sample as objects, and fast access to fields chosen once per file.
import type { DetectSample, LineResult } from '../format-types.js';
import type { HeadRecord } from './field-map.js';

export type JsonObject = Record<string, unknown>;

export const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const MAX_REASON_CHARS = 120;
/** Deeper keys are not offered as mapping candidates: nobody logs a status five levels down. */
const MAX_HEAD_DEPTH = 4;
const MAX_HEAD_KEYS = 500;

/** Empty or only spaces and tabs. */
export function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  return (c === 32 || c === 9) && text.trim() === '';
}

function firstChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return c;
  }
  return -1;
}

/** The line's JSON object, or why it has none (a string). */
export function parseObjectLine(text: string): JsonObject | string {
  // Not even the start of an object: no need to run the JSON parser over it.
  if (firstChar(text) !== 123) return 'not a JSON object';
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return `not a JSON object: invalid JSON (${why.length > MAX_REASON_CHARS ? `${why.slice(0, MAX_REASON_CHARS)}…` : why})`;
  }
  return isObj(v) ? v : 'not a JSON object';
}

/**
 * A line parser's `line` for one JSON object per line: blank lines are skipped and a line without
 * an object is bad, so `read` sees objects only.
 */
export function objectLines(read: (o: JsonObject, text: string, lineNo: number) => LineResult): (text: string, lineNo: number) => LineResult {
  return (text, lineNo) => {
    if (isBlank(text)) return { skip: true };
    const o = parseObjectLine(text);
    return typeof o === 'string' ? { ok: false, reason: o } : read(o, text, lineNo);
  };
}

/** The sample lines that are JSON objects, and how many lines there were. */
export function sampleObjects(sample: DetectSample): { objects: JsonObject[]; lines: number } {
  const objects: JsonObject[] = [];
  let lines = 0;
  for (const l of sample.lines) {
    if (isBlank(l)) continue;
    lines++;
    const o = parseObjectLine(l);
    if (typeof o !== 'string') objects.push(o);
  }
  return { objects, lines };
}

/** Every key of `o` down to MAX_HEAD_DEPTH, as dot paths with their values. */
export function flatten(o: JsonObject): HeadRecord {
  const out: [string, unknown][] = [];
  const walk = (obj: JsonObject, prefix: string, depth: number) => {
    for (const k of Object.keys(obj)) {
      if (out.length >= MAX_HEAD_KEYS) return;
      const v = obj[k];
      const path = prefix + k;
      out.push([path, v]);
      if (isObj(v) && depth + 1 < MAX_HEAD_DEPTH) walk(v, `${path}.`, depth + 1);
    }
  };
  walk(o, '', 0);
  return out;
}

/** attrs[k] = v without `__proto__` reaching the prototype setter. */
export function setAttr(attrs: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(attrs, k, { value: v, enumerable: true, writable: true, configurable: true });
  else attrs[k] = v;
}

export type Accessor = (o: JsonObject) => unknown;

/** A key read from a parsed object: own properties only, so `constructor` finds nothing. */
function ownGetter(key: string): (o: JsonObject) => unknown {
  if (key in Object.prototype) return (o) => (Object.hasOwn(o, key) ? o[key] : undefined);
  return (o) => o[key];
}

/**
 * Reads `path` from an object: a literal key first ("http.method": "GET", as some loggers
 * flatten), then the nested path ({"http": {"method": "GET"}}).
 */
export function accessor(path: string): Accessor {
  const whole = ownGetter(path);
  const segs = path.split('.');
  if (segs.length === 1) return whole;
  const steps = segs.map(ownGetter);
  return (o) => {
    const lit = whole(o);
    if (lit !== undefined) return lit;
    let cur: unknown = o;
    for (const step of steps) {
      if (!isObj(cur)) return undefined;
      cur = step(cur);
    }
    return cur;
  };
}

/** Keys to leave out of attrs: true for a whole key, a subtree for a nested mapped field. */
export type Exclusions = Map<string, true | Exclusions>;

export function exclusions(paths: readonly string[]): Exclusions {
  const root: Exclusions = new Map();
  for (const path of paths) {
    root.set(path, true);
    const segs = path.split('.');
    let node: Exclusions | null = segs.length > 1 ? root : null;
    for (let i = 0; node !== null && i < segs.length - 1; i++) {
      const next: true | Exclusions | undefined = node.get(segs[i]!);
      if (next === true) node = null; // the whole parent is mapped already
      else if (next === undefined) {
        const sub: Exclusions = new Map();
        node.set(segs[i]!, sub);
        node = sub;
      } else node = next;
    }
    node?.set(segs[segs.length - 1]!, true);
  }
  return root;
}

/** `o` without its mapped fields (a nested one leaves its parent's other keys); null if nothing is left. */
export function rest(o: JsonObject, ex: Exclusions): JsonObject | null {
  let out: JsonObject | null = null;
  for (const k in o) {
    const rule = ex.get(k);
    if (rule === true) continue;
    let v = o[k];
    if (rule !== undefined && isObj(v)) {
      v = rest(v, rule);
      if (v === null) continue;
    }
    setAttr((out ??= {}), k, v);
  }
  return out;
}

/** Share of sample lines whose object passes `test`, over all non-blank sample lines. */
export function shareOf(sample: DetectSample, test: (o: JsonObject) => boolean): number {
  const { objects, lines } = sampleObjects(sample);
  if (lines === 0) return 0;
  let n = 0;
  for (const o of objects) if (test(o)) n++;
  return n / lines;
}
