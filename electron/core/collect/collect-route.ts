// POST /api/analytics/collect, exactly as our users' existing clients send it. A 200 means
// the event is committed: the insert runs (synchronously) before the answer is written.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CollectEventSchema } from '../../../shared/events.js';
import type { Service } from '../service.js';
import { readBody, sendJson } from '../http/body.js';
import { mapCollectEvent } from './seed-format.js';

/** Bodies over this are refused with 413 (DESIGN: 1 MB after decompression). */
export const COLLECT_BODY_LIMIT = 1024 * 1024;
/** Deeper payloads are refused: storing and searching them recurses, and no real client nests so. */
export const MAX_JSON_DEPTH = 32;

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

export interface Detail {
  path: string;
  message: string;
}

function fail(res: ServerResponse, status: number, error: string, details: Detail[], headers: Record<string, string>) {
  sendJson(res, status, { success: false, error, details }, headers);
}

export async function handleCollect(
  req: IncomingMessage,
  res: ServerResponse,
  service: Pick<Service, 'recordCollected' | 'hashClientIp'>,
  headers: Record<string, string>,
): Promise<void> {
  const body = await readBody(req, COLLECT_BODY_LIMIT);
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(res, 400, 'Invalid JSON', [{ path: '', message: (err as Error).message }], headers);
    return;
  }
  const deep = tooDeep(json, MAX_JSON_DEPTH);
  if (deep !== null) {
    fail(res, 400, 'Invalid event', [{ path: deep, message: `nested more than ${MAX_JSON_DEPTH} levels deep` }], headers);
    return;
  }
  const parsed = CollectEventSchema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    fail(res, 400, 'Invalid event', details, headers);
    return;
  }
  const addr = req.socket.remoteAddress;
  const event = mapCollectEvent(parsed.data, text, { headers: req.headers, ipHash: addr ? service.hashClientIp(addr) : null }, Date.now());
  const [id] = service.recordCollected([event]);
  sendJson(res, 200, { success: true, event_id: `evt_${id}`, message: 'Event recorded successfully' }, headers);
}
