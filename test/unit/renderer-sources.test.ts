// The sources panel's rules (renderer/src/lib/sources.ts): the state shown, the query that shows
// a source's events, which sources can be followed, which files count as recent.
import { describe, expect, it } from 'vitest';
import type { Source } from '../../shared/api.js';
import { followBlocked, listedSources, progressChangesList, recentFiles, showEventsQuery, sourcesButtonLabel, stateOf } from '../../renderer/src/lib/sources.js';

function source(over: Partial<Source> = {}): Source {
  return {
    id: 1, kind: 'file', name: 'access.log', format: 'access', imported: 10, skipped: 0, created_at: 1_000, path: '/logs/access.log',
    state: 'done', size: 100, options: { format: 'auto' }, following: false, uploaded: false, ...over,
  };
}

describe('stateOf', () => {
  it('says following while the app reads the file on, whatever the stored state', () => {
    expect(stateOf(source({ following: true, state: 'importing' }))).toBe('following');
    expect(stateOf(source({ state: 'failed' }))).toBe('failed');
  });
});

describe('showEventsQuery', () => {
  it('writes a plain name bare and a name with spaces or quotes as a phrase the parser reads back (the e2e test searches it)', () => {
    expect(showEventsQuery({ name: 'access.log' })).toBe('source:access.log');
    const hostile = '<img src=x> "quoted" ‮evil.log';
    const q = showEventsQuery({ name: hostile });
    expect(q).toBe('source:"<img src=x> \\"quoted\\" ‮evil.log"');
  });
});

describe('followBlocked', () => {
  it('allows a file of the user, refuses the collector and an upload with a reason', () => {
    expect(followBlocked(source())).toBeNull();
    expect(followBlocked(source({ uploaded: true }))).toMatch(/no file on this machine/);
    expect(followBlocked(source({ kind: 'collector', path: null }))).toMatch(/collector/);
  });
});

describe('recentFiles', () => {
  it('lists files opened from disk newest first, each path once, leaving out uploads and the collector', () => {
    const list = [
      source({ id: 1, name: 'old.log', path: '/a/old.log', created_at: 1 }),
      source({ id: 2, name: 'up.log', path: '/uploads/x/up.log', uploaded: true, created_at: 5 }),
      source({ id: 3, kind: 'collector', name: 'collector', path: null, created_at: 6 }),
      source({ id: 4, name: 'new.log', path: '/a/new.log', created_at: 4 }),
      source({ id: 5, name: 'old.log', path: '/a/old.log', created_at: 3 }),
    ];
    expect(recentFiles(list).map((s) => s.id)).toEqual([4, 5]);
    expect(recentFiles(list, 1).map((s) => s.id)).toEqual([4]);
  });
});

describe('listedSources and the button', () => {
  it('counts every file and the collector only once it received events; numbers grouped', () => {
    const list = [source({ id: 1 }), source({ id: 2, kind: 'collector', imported: 0, path: null })];
    expect(listedSources(list).map((s) => s.id)).toEqual([1]);
    expect(listedSources([source({ id: 2, kind: 'collector', imported: 3, path: null })])).toHaveLength(1);
    expect(sourcesButtonLabel(3)).toBe('Sources · 3');
    expect(sourcesButtonLabel(12_345)).toBe('Sources · 12,345');
    expect(sourcesButtonLabel(null)).toBe('Sources');
  });
});

describe('progressChangesList', () => {
  it('asks for the list when a job starts and when it ends, not on every message of a running (followed) job', () => {
    const seen = new Set<string>();
    expect(progressChangesList(seen, { job_id: 'a', state: 'running' })).toBe(true);
    expect(progressChangesList(seen, { job_id: 'a', state: 'running' })).toBe(false);
    expect(progressChangesList(seen, { job_id: 'a', state: 'cancelled' })).toBe(true);
    expect(seen.size).toBe(0);
    expect(progressChangesList(seen, { job_id: 'b', state: 'done' })).toBe(true);
  });
});
