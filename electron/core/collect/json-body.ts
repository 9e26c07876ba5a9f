// JSON bodies for every format: one parse, one depth check, the same 400 wording.
import { MAX_JSON_DEPTH } from './limits.js';
import { PayloadError } from './ingest-types.js';

/** The path to the first container deeper than `max`, or null; iterative so depth cannot hurt it. */
export function tooDeep(value: unknown, max: number): string | null {
  const stack: [unknown, number, string][] = [[value, 0, '']];
  while (stack.length > 0) {
    const [v, depth, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return path;
    for (const [k, child] of Object.entries(v)) stack.push([child, depth + 1, path ? `${path}.${k}` : k]);
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

/** Parses a JSON body; throws PayloadError 400 for bad JSON or nesting past MAX_JSON_DEPTH. */
export function parseJsonBody(body: Buffer): unknown {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new PayloadError(400, 'Invalid JSON', [{ path: '', message: (err as Error).message }]);
  }
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
