// JSON bodies for every format: one parse, one depth check, the same 400 wording.
import { tooDeep } from '../mapping/json-issues.js';
import { MAX_JSON_DEPTH } from './limits.js';
import { PayloadError } from './ingest-types.js';

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
