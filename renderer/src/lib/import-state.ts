// The imports the panel shows, as a reducer: every change arrives as an action, in order, from
// three places that do not know about each other (the upload loop, the `import.progress`
// topic, the user's buttons). Pure, so the matching of progress messages to uploads is tested
// without a browser.
import type { ImportProgress, ImportSummary } from '../../../shared/api.js';

export type ImportPhase =
  | { phase: 'waiting' }
  | { phase: 'uploading'; sent: number; elapsedMs: number; cancelRequested: boolean }
  /** The call with done:true (or sources.reimport) is out; the core is reading the file. */
  | { phase: 'parsing'; jobId: string | null; progress: ImportProgress | null; cancelRequested: boolean }
  | { phase: 'done'; summary: ImportSummary }
  /** Cancelled before the core started reading: nothing was imported. */
  | { phase: 'stopped' }
  | { phase: 'failed'; message: string };

export type ImportItem = { key: number; name: string; size: number } & ImportPhase;

export type ImportAction =
  | { type: 'queued'; items: Array<{ key: number; name: string; size: number }> }
  | { type: 'upload-started'; key: number }
  | { type: 'sent'; key: number; bytes: number; elapsedMs: number }
  | { type: 'finalizing'; key: number }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'finished'; key: number; summary: ImportSummary }
  | { type: 'stopped'; key: number }
  | { type: 'failed'; key: number; message: string }
  | { type: 'cancel-requested'; key: number }
  | { type: 'cancel-refused'; key: number }
  | { type: 'reimport-queued'; key: number }
  | { type: 'dismiss' };

export function isFinished(item: ImportItem): boolean {
  return item.phase === 'done' || item.phase === 'stopped' || item.phase === 'failed';
}

export function isRunning(item: ImportItem): boolean {
  return !isFinished(item);
}

function updateItem(items: ImportItem[], key: number, fn: (item: ImportItem) => ImportItem): ImportItem[] {
  let changed = false;
  const next = items.map((it) => {
    if (it.key !== key) return it;
    const updated = fn(it);
    if (updated !== it) changed = true;
    return updated;
  });
  return changed ? next : items;
}

const base = ({ key, name, size }: ImportItem) => ({ key, name, size });

/**
 * Which item a progress message belongs to: the one that already has its job id, else the
 * first item of that name whose import started but has not heard from the core yet. Job ids
 * that finished items already used are never taken again, so a late message from an earlier
 * import of the same file cannot attach to the next one.
 */
export function findProgressTarget(items: readonly ImportItem[], p: ImportProgress): number {
  const byJob = items.findIndex((it) => it.phase === 'parsing' && it.jobId === p.job_id);
  if (byJob >= 0) return byJob;
  if (items.some((it) => it.phase === 'done' && it.summary.job_id === p.job_id)) return -1;
  return items.findIndex((it) => it.phase === 'parsing' && it.jobId === null && it.name === p.name);
}

export function importReducer(items: ImportItem[], action: ImportAction): ImportItem[] {
  switch (action.type) {
    case 'queued':
      // A new batch replaces finished results so the panel shows what the user just did.
      return [...items.filter(isRunning), ...action.items.map((it): ImportItem => ({ ...it, phase: 'waiting' }))];
    case 'upload-started':
      return updateItem(items, action.key, (it) => (it.phase === 'waiting' ? { ...base(it), phase: 'uploading', sent: 0, elapsedMs: 0, cancelRequested: false } : it));
    case 'sent':
      return updateItem(items, action.key, (it) => (it.phase === 'uploading' ? { ...it, sent: action.bytes, elapsedMs: action.elapsedMs } : it));
    case 'finalizing':
      return updateItem(items, action.key, (it) =>
        it.phase === 'uploading' || it.phase === 'waiting'
          ? { ...base(it), phase: 'parsing', jobId: null, progress: null, cancelRequested: it.phase === 'uploading' && it.cancelRequested }
          : it,
      );
    case 'progress': {
      const i = findProgressTarget(items, action.progress);
      const target = items[i];
      if (!target || target.phase !== 'parsing') return items;
      const next = items.slice();
      next[i] = { ...target, jobId: action.progress.job_id, progress: action.progress };
      return next;
    }
    case 'finished':
      return updateItem(items, action.key, (it) => (isFinished(it) ? it : { ...base(it), phase: 'done', summary: action.summary }));
    case 'stopped':
      return updateItem(items, action.key, (it) => (isFinished(it) ? it : { ...base(it), phase: 'stopped' }));
    case 'failed':
      return updateItem(items, action.key, (it) => (isFinished(it) ? it : { ...base(it), phase: 'failed', message: action.message }));
    case 'cancel-requested':
      return updateItem(items, action.key, (it) => {
        if (it.phase === 'waiting') return { ...base(it), phase: 'stopped' };
        if (it.phase === 'uploading' || it.phase === 'parsing') return { ...it, cancelRequested: true };
        return it;
      });
    case 'cancel-refused':
      return updateItem(items, action.key, (it) => (it.phase === 'parsing' || it.phase === 'uploading' ? { ...it, cancelRequested: false } : it));
    case 'reimport-queued':
      return updateItem(items, action.key, (it) => (it.phase === 'done' ? { ...base(it), phase: 'waiting' } : it));
    case 'dismiss':
      return items.filter(isRunning);
  }
}

export type DoneTone = 'ok' | 'partial' | 'cancelled' | 'nothing';

/**
 * How a finished import reads at a glance. A file that had lines yet gave no event is a failure
 * to say so, not a success with a big "skipped" count: the format was most likely wrong.
 */
export function doneTone(s: ImportSummary): DoneTone {
  if (s.state === 'cancelled') return 'cancelled';
  if (s.state === 'done' && s.imported === 0 && s.bytes > 0) return 'nothing';
  return s.skipped > 0 ? 'partial' : 'ok';
}
