// What the sources panel and the recent files show about each source, worked out from
// `sources.list`: the state in one word, the query that shows a source's events, and which
// files count as "recent". Pure, so each rule is tested on its own (test/unit/sources-lib.test.ts).
import type { ImportProgress, Source } from '../../../shared/api.js';
import { quoteValue } from '../../../shared/query-text.js';
import { groupDigits } from './format.js';

export type SourceStateLabel = 'following' | Source['state'];

/** Following is the state the user chose; otherwise the store's (a stopped follow reads "cancelled"). */
export function stateOf(source: Source): SourceStateLabel {
  return source.following ? 'following' : source.state;
}

/** The search for this source's events: `source:` with the name as the language reads it back; null when it cannot be written. */
export function showEventsQuery(source: Pick<Source, 'name'>): string | null {
  const value = quoteValue(source.name);
  return value === null ? null : `source:${value}`;
}

/** Why a source cannot be followed from here, in one sentence; null when it can. */
export function followBlocked(source: Source): string | null {
  if (source.kind !== 'file') return 'The collector receives events as they are sent; there is no file to follow.';
  if (source.uploaded) return 'Uploaded through the browser: there is no file on this machine to follow. Use `logbridge import --follow <path>` where it is written.';
  return null;
}

/** The files the user opened from disk, newest first, each path once: uploads have no path of theirs to open again. */
export function recentFiles(sources: readonly Source[], max = 8): Source[] {
  const seen = new Set<string>();
  const out: Source[] = [];
  for (const s of [...sources].sort((a, b) => b.created_at - a.created_at || b.id - a.id)) {
    if (s.kind !== 'file' || s.uploaded || s.path === null || seen.has(s.path)) continue;
    seen.add(s.path);
    out.push(s);
    if (out.length === max) break;
  }
  return out;
}

/** The sources the panel lists: every file, and the collector once something was sent to it. */
export function listedSources(sources: readonly Source[]): Source[] {
  return sources.filter((s) => s.kind === 'file' || s.imported > 0);
}

/**
 * Whether an import's progress message changes the list: a job it has not heard of (a new
 * source, importing) or one that ended. A followed file reports progress on every poll; its new
 * counts arrive with `events.added`, so those messages need no call. Remembers jobs in `seen`.
 */
export function progressChangesList(seen: Set<string>, p: Pick<ImportProgress, 'job_id' | 'state'>): boolean {
  const fresh = !seen.has(p.job_id);
  if (p.state === 'running') {
    seen.add(p.job_id);
    return fresh;
  }
  seen.delete(p.job_id);
  return true;
}

/** The status line's button: "Sources · 3" counts the files and the collector alike. */
export function sourcesButtonLabel(count: number | null): string {
  return count === null ? 'Sources' : `Sources · ${groupDigits(count)}`;
}
