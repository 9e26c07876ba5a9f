// JSON bodies for every format: one parse, one depth check, the same 400 wording.
import { MAX_JSON_DEPTH } from './limits.js';
import { PayloadError } from './ingest-types.js';

/** A container waiting to be walked: its parent's entry, so a path is spelled only when needed. */
interface Visit {
  value: object;
  depth: number;
  key: string;
  parent: Visit | null;
}

/**
 * The path to the first container deeper than `max`, or null; iterative so depth cannot hurt it.
 * Scalars are never pushed and paths are built only for the answer: a megabyte body holds
 * hundreds of thousands of values, and a string per value made this the slowest step of a decode.
 */
export function tooDeep(value: unknown, max: number): string | null {
  if (value === null || typeof value !== 'object') return null;
  const stack: Visit[] = [{ value, depth: 0, key: '', parent: null }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at.depth >= max) {
      const keys: string[] = [];
      for (let v: Visit | null = at; v !== null && v.parent !== null; v = v.parent) keys.push(v.key);
      return keys.reverse().join('.');
    }
    const push = (k: string, child: unknown) => {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: at.depth + 1, key: k, parent: at });
    };
    if (Array.isArray(at.value)) for (let i = 0; i < at.value.length; i++) push(String(i), at.value[i]);
    else for (const k in at.value) if (Object.hasOwn(at.value, k)) push(k, (at.value as Record<string, unknown>)[k]);
  }
  return null;
}

/** JSON text as clients send it (a byte-order mark included); PayloadError 400 naming `what` otherwise. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new PayloadError(400, `${what} is not valid JSON: ${(err as Error).message.replace(/\.$/, '')}.`);
  }
}

/**
 * Parses a JSON body; throws PayloadError 400 for bad JSON or nesting past MAX_JSON_DEPTH.
 * `first` sees the value before the depth walk, so a count limit can refuse it without one.
 */
export function parseJsonBody(body: Buffer, first?: (json: unknown) => void): unknown {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new PayloadError(400, 'Invalid JSON', [{ path: '', message: (err as Error).message }]);
  }
  first?.(json);
  const deep = tooDeep(json, MAX_JSON_DEPTH);
  if (deep !== null) throw new PayloadError(400, 'Invalid event', [{ path: deep, message: `nested more than ${MAX_JSON_DEPTH} levels deep` }]);
  return json;
}

/** zod issues as the `details` our 400 answers carry, and as one line for per-event reasons. */
export function issueDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function issueLine(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issueDetails(issues)
    .map((d) => (d.path ? `${d.path}: ${d.message}` : d.message))
    .join('; ');
}
