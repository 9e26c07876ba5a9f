// The derived sessions a file's import continues from the files next to it in its log's rotation
// (rotation-names.ts), asked of the store through its port: the file before's last session of
// each client, and the file after's first, when that file was read earlier. Only clients active
// within the session gap of the end (or start) of those files can continue, so only those
// events are asked about.
import path from 'node:path';
import type { QueryNode } from '../query/ast.js';
import { field, present } from '../query/nodes.js';
import { keyText as text } from '../../../shared/analysis.js';
import { DERIVED_SPAN, parseDerivedSession } from '../store/derived-sessions.js';
import type { EventStore, SourceRow } from '../store/port.js';
import { rotationNeighbourFiles } from './rotation-names.js';
import type { NeighbourSession, RotationNeighbours } from './session-deriver.js';

/** Sessions handed to the parsing thread per side, at most (a busy site's last half hour). */
const MAX_NEIGHBOUR_SESSIONS = 200_000;

const IN_A_SESSION = present('session_id');

type Side = 'before' | 'after';

/**
 * `file`: the real path of the file being imported. Files still importing (or failed) are left
 * out: their sessions are not all written yet.
 */
export async function rotationNeighbours(store: EventStore, file: string, gapMs: number): Promise<RotationNeighbours> {
  const sources = await store.sources.list();
  const files = sources.flatMap((s) => (s.kind === 'file' && s.path !== null && (s.state === 'done' || s.state === 'cancelled') ? [{ ...s, path: s.path }] : []));
  const { before, after } = rotationNeighbourFiles(file, files);
  return {
    before: before ? await sessionsAtEdge(store, sources, before, 'before', gapMs) : [],
    after: after ? await sessionsAtEdge(store, sources, after, 'after', gapMs) : [],
  };
}

/**
 * One session per client: its last in the file before (`time`: its last event there), or its
 * first in the file after (`time`: its first event there).
 */
async function sessionsAtEdge(store: EventStore, all: readonly SourceRow[], source: SourceRow & { path: string }, side: Side, gapMs: number): Promise<NeighbourSession[]> {
  const named = field('source', ':', source.name);
  // The port filters sources by name. When another source has this name too, its events come
  // along: only sessions numbered by a file of this log's folder are then taken, and every
  // event is asked about (the edge of the file is not known apart from the other's).
  const shared = all.some((s) => s.id !== source.id && s.name.toLowerCase() === source.name.toLowerCase());
  const edge = shared ? null : await edgeTime(store, named, side);
  const window = edge === null ? null : side === 'before' ? field('time', '>=', String(Math.max(0, edge - gapMs))) : field('time', '<=', String(edge + gapMs));
  const result = await store.aggregate({
    filter: { type: 'and', children: window ? [named, IN_A_SESSION, window] : [named, IN_A_SESSION] },
    groupBy: ['session_id', 'ip_hash', 'user_agent'],
    metrics: [{ op: side === 'before' ? 'max' : 'min', field: 'time' }],
    exact: true,
  });
  const folder = shared ? folderSources(all, source.path) : null;
  const byClient = new Map<string, NeighbourSession>();
  for (const row of result.rows) {
    const [session, ip, ua] = row.keys;
    const time = row.values[0];
    const ref = typeof session === 'string' ? parseDerivedSession(session) : null;
    if (ref === null || typeof time !== 'number' || (text(ip) === null && text(ua) === null)) continue;
    if (folder && !folder.has(Math.floor(-ref / DERIVED_SPAN))) continue;
    const s: NeighbourSession = { ip_hash: text(ip), user_agent: text(ua), ref, time };
    const key = JSON.stringify([s.ip_hash ?? '', s.user_agent ?? '']);
    const known = byClient.get(key);
    if (!known || (side === 'before' ? time > known.time : time < known.time)) byClient.set(key, s);
  }
  return [...byClient.values()].slice(0, MAX_NEIGHBOUR_SESSIONS);
}


/** The file's last event time (before) or first (after); null when it has none. */
async function edgeTime(store: EventStore, named: QueryNode, side: Side): Promise<number | null> {
  const r = await store.aggregate({ filter: named, metrics: [{ op: side === 'before' ? 'max' : 'min', field: 'time' }], exact: true });
  const v = r.rows[0]?.values[0];
  return typeof v === 'number' ? v : null;
}

/** Ids of the sources read from the folder of `file`: the ones whose derived sessions its events may carry. */
function folderSources(all: readonly SourceRow[], file: string): Set<number> {
  const dir = path.dirname(file);
  return new Set(all.filter((s) => s.path !== null && path.dirname(s.path) === dir).map((s) => s.id));
}
