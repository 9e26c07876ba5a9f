// Whether a file needs reading again: the same path, size, modification time and head hash as
// a finished import means nothing changed; the same head with more bytes means it grew (a log
// still being written) and is read on from where the last read stopped; anything else is
// another file at that path, whose old events point at content that is gone.
import type { FileSourceRow } from '../store/port.js';

export interface FileFacts {
  path: string;
  size: number;
  mtimeMs: number;
  headHash: string;
}

export type ReadPlan =
  | { kind: 'new' }
  | { kind: 'unchanged'; sourceId: number }
  | { kind: 'resume'; sourceId: number; bytes: number; lines: number }
  | { kind: 'replace'; sourceId: number };

/**
 * `headMatches`: the file still starts with the bytes the earlier read hashed (its first 64 KiB,
 * or all of it when it was shorter then).
 */
/** A file that gave nothing is read again, so opening it again says why instead of "unchanged". */
export const gaveNothing = (source: FileSourceRow): boolean => source.imported === 0 && source.read_bytes > 0;

export function planRead(prior: FileSourceRow | undefined, now: FileFacts, optionsJson: string, gzip: boolean, headMatches: boolean): ReadPlan {
  if (!prior) return { kind: 'new' };
  // Other options (a corrected mapping) mean reading it all again.
  if (prior.options !== optionsJson) return { kind: 'replace', sourceId: prior.id };
  const sameContent = headMatches && prior.size === now.size && prior.mtime_ms === now.mtimeMs;
  if (sameContent && prior.state === 'done') return gaveNothing(prior) ? { kind: 'replace', sourceId: prior.id } : { kind: 'unchanged', sourceId: prior.id };
  // A gzip stream cannot be entered in the middle; it is read again whole.
  if (gzip) return { kind: 'replace', sourceId: prior.id };
  const grew = now.size >= prior.read_bytes && prior.read_bytes > 0;
  if (grew && headMatches) {
    return { kind: 'resume', sourceId: prior.id, bytes: prior.read_bytes, lines: prior.read_lines };
  }
  return { kind: 'replace', sourceId: prior.id };
}
