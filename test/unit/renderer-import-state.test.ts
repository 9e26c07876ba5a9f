import { describe, expect, it } from 'vitest';
import type { ImportProgress, ImportSummary } from '../../shared/api.js';
import { doneTone, importReducer, type ImportAction, type ImportItem } from '../../renderer/src/lib/import-state.js';

function progress(job_id: string, name: string, over: Partial<ImportProgress> = {}): ImportProgress {
  return { job_id, name, state: 'running', bytes: 10, total_bytes: 100, lines: 1, events: 1, bad: 0, bytes_per_s: 0, eta_ms: null, ...over };
}

function summary(job_id: string, name: string, over: Partial<ImportSummary> = {}): ImportSummary {
  return {
    job_id, source_id: 1, name, format: 'access', state: 'done', resumed_from: 0, bytes: 100, lines: 1,
    imported: 1, skipped: 0, truncated: 0, errors: [], elapsed_ms: 1, ...over,
  };
}

const run = (actions: ImportAction[], start: ImportItem[] = []) => actions.reduce(importReducer, start);
const queued = (...names: string[]): ImportAction => ({ type: 'queued', items: names.map((name, i) => ({ key: i + 1, name, size: 100 })) });
const phaseOf = (items: ImportItem[]) => items.map((it) => `${it.name}:${it.phase}`);

describe('import state', () => {
  it('walks a file through waiting, uploading, parsing and done', () => {
    let items = run([queued('a.log', 'b.log'), { type: 'upload-started', key: 1 }, { type: 'sent', key: 1, bytes: 40, elapsedMs: 500 }]);
    expect(phaseOf(items)).toEqual(['a.log:uploading', 'b.log:waiting']);
    expect(items[0]).toMatchObject({ sent: 40, elapsedMs: 500 });
    items = run([{ type: 'finalizing', key: 1 }, { type: 'progress', progress: progress('j1', 'a.log') }], items);
    expect(items[0]).toMatchObject({ phase: 'parsing', jobId: 'j1', progress: { bytes: 10 } });
    items = run([{ type: 'finished', key: 1, summary: summary('j1', 'a.log') }], items);
    expect(phaseOf(items)).toEqual(['a.log:done', 'b.log:waiting']);
  });

  it('ignores progress for a name until that file\'s final piece has gone', () => {
    const items = run([queued('a.log'), { type: 'upload-started', key: 1 }, { type: 'progress', progress: progress('j9', 'a.log') }]);
    expect(items[0]).toMatchObject({ phase: 'uploading' });
  });

  it('matches by job id once known, even when another import has the same name', () => {
    let items = run([queued('a.log'), { type: 'finalizing', key: 1 }, { type: 'progress', progress: progress('j1', 'a.log', { bytes: 20 }) }]);
    items = run([{ type: 'progress', progress: progress('j2', 'other.log') }, { type: 'progress', progress: progress('j1', 'a.log', { bytes: 60 }) }], items);
    expect(items[0]).toMatchObject({ jobId: 'j1', progress: { bytes: 60 } });
  });

  it('keeps a finished job from being matched by name again', () => {
    let items = run([queued('a.log', 'a.log'), { type: 'finalizing', key: 1 }, { type: 'progress', progress: progress('j1', 'a.log') }]);
    items = run([{ type: 'finished', key: 1, summary: summary('j1', 'a.log') }, { type: 'finalizing', key: 2 }], items);
    items = run([{ type: 'progress', progress: progress('j1', 'a.log', { state: 'done' }) }], items);
    expect(items[1]).toMatchObject({ phase: 'parsing', jobId: null });
  });

  it('cancels a waiting file at once, and flags a running one until the core answers', () => {
    let items = run([queued('a.log', 'b.log'), { type: 'upload-started', key: 1 }, { type: 'cancel-requested', key: 2 }]);
    expect(phaseOf(items)).toEqual(['a.log:uploading', 'b.log:stopped']);
    items = run([{ type: 'cancel-requested', key: 1 }], items);
    expect(items[0]).toMatchObject({ phase: 'uploading', cancelRequested: true });
    // A cancel clicked while the last piece is on its way carries over to the parsing phase.
    items = run([{ type: 'finalizing', key: 1 }], items);
    expect(items[0]).toMatchObject({ phase: 'parsing', cancelRequested: true, jobId: null });
    items = run([{ type: 'cancel-refused', key: 1 }], items);
    expect(items[0]).toMatchObject({ cancelRequested: false });
  });

  it('ends a cancelled import with its summary, kept events and all', () => {
    const items = run([queued('big.log'), { type: 'finalizing', key: 1 }, { type: 'cancel-requested', key: 1 }, { type: 'finished', key: 1, summary: summary('j1', 'big.log', { state: 'cancelled', imported: 500 }) }]);
    expect(items[0]).toMatchObject({ phase: 'done', summary: { state: 'cancelled', imported: 500 } });
  });

  it('never lets a late action reopen a finished item', () => {
    const done = run([queued('a.log'), { type: 'finalizing', key: 1 }, { type: 'finished', key: 1, summary: summary('j1', 'a.log') }]);
    expect(run([{ type: 'failed', key: 1, message: 'x' }, { type: 'stopped', key: 1 }, { type: 'sent', key: 1, bytes: 1, elapsedMs: 1 }], done)).toBe(done);
  });

  it('sends a finished import back through the queue to re-import it', () => {
    let items = run([queued('a.csv'), { type: 'finalizing', key: 1 }, { type: 'finished', key: 1, summary: summary('j1', 'a.csv') }]);
    items = run([{ type: 'reimport-queued', key: 1 }], items);
    expect(phaseOf(items)).toEqual(['a.csv:waiting']);
    items = run([{ type: 'finalizing', key: 1 }, { type: 'progress', progress: progress('j2', 'a.csv') }], items);
    expect(items[0]).toMatchObject({ phase: 'parsing', jobId: 'j2' });
  });

  it('replaces finished results with a new batch, and dismiss clears only finished ones', () => {
    let items = run([queued('a.log', 'b.log'), { type: 'failed', key: 1, message: 'bad' }, { type: 'upload-started', key: 2 }]);
    items = run([{ type: 'queued', items: [{ key: 3, name: 'c.log', size: 1 }] }], items);
    expect(phaseOf(items)).toEqual(['b.log:uploading', 'c.log:waiting']);
    items = run([{ type: 'stopped', key: 2 }, { type: 'dismiss' }], items);
    expect(phaseOf(items)).toEqual(['c.log:waiting']);
  });
});

describe('doneTone', () => {
  it('calls a file with lines but no events a failure, and tells partial and clean imports apart', () => {
    expect(doneTone(summary('a', 'x.log', { imported: 0, skipped: 2000, bytes: 90_000 }))).toBe('nothing');
    expect(doneTone(summary('a', 'x.log', { imported: 0, skipped: 0, bytes: 90_000 }))).toBe('nothing');
    expect(doneTone(summary('a', 'x.log', { imported: 5, skipped: 2 }))).toBe('partial');
    expect(doneTone(summary('a', 'x.log'))).toBe('ok');
    // Nothing new read is not a failure: an unchanged file, or a grown one with nothing added.
    expect(doneTone(summary('a', 'x.log', { state: 'unchanged', imported: 0, bytes: 0 }))).toBe('ok');
    expect(doneTone(summary('a', 'x.log', { imported: 0, bytes: 0 }))).toBe('ok');
    expect(doneTone(summary('a', 'x.log', { state: 'cancelled', imported: 0, bytes: 50 }))).toBe('cancelled');
  });
});
