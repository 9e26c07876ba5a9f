// The session list sorts by every column over what it loaded: numbers by value, text in a fixed
// order, blanks last both ways, ties in the order the core gave.
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../shared/analysis.js';
import { DEFAULT_SESSION_SORT, nextSort, SESSION_SORT_KEYS, sortSessions, sortValue } from '../../renderer/src/lib/sessions-sort.js';

function session(id: string, over: Partial<SessionSummary> = {}): SessionSummary {
  return {
    session_id: id,
    derived: false,
    user_id: null,
    start: 0,
    end: 0,
    duration_ms: 0,
    pages: 0,
    actions: 0,
    api_calls: 0,
    errors: 0,
    slowest_ms: null,
    ended_after_failure: false,
    ...over,
  };
}

const ids = (list: SessionSummary[]) => list.map((s) => s.session_id);

const list = [
  session('b', { user_id: 'zoe', start: 300, duration_ms: 50, pages: 2, actions: 9, api_calls: 1, errors: 0, slowest_ms: 900, ended_after_failure: true }),
  session('a', { user_id: null, start: 100, duration_ms: 500, pages: 7, actions: 1, api_calls: 12, errors: 3, slowest_ms: null }),
  session('c', { user_id: 'amy', start: 200, duration_ms: 5, pages: 1, actions: 4, api_calls: 0, errors: 1, slowest_ms: 40 }),
];

describe('sortSessions', () => {
  it.each([
    ['session', 'asc', ['a', 'b', 'c']],
    ['session', 'desc', ['c', 'b', 'a']],
    ['start', 'desc', ['b', 'c', 'a']],
    ['start', 'asc', ['a', 'c', 'b']],
    ['duration', 'desc', ['a', 'b', 'c']],
    ['pages', 'desc', ['a', 'b', 'c']],
    ['actions', 'asc', ['a', 'c', 'b']],
    ['api_calls', 'desc', ['a', 'b', 'c']],
    ['errors', 'desc', ['a', 'c', 'b']],
    ['left', 'desc', ['b', 'a', 'c']],
  ] as const)('by %s %s', (key, dir, expected) => {
    expect(ids(sortSessions(list, { key, dir }))).toEqual(expected);
  });

  it('puts sessions without a user or an API call last, whichever way', () => {
    expect(ids(sortSessions(list, { key: 'user', dir: 'asc' }))).toEqual(['c', 'b', 'a']);
    expect(ids(sortSessions(list, { key: 'user', dir: 'desc' }))).toEqual(['b', 'c', 'a']);
    expect(ids(sortSessions(list, { key: 'slowest', dir: 'desc' }))).toEqual(['b', 'c', 'a']);
    expect(ids(sortSessions(list, { key: 'slowest', dir: 'asc' }))).toEqual(['c', 'b', 'a']);
  });

  it('keeps ties in the order they came and leaves the input alone', () => {
    const tied = [session('x', { pages: 1 }), session('y', { pages: 2 }), session('z', { pages: 1 })];
    expect(ids(sortSessions(tied, { key: 'pages', dir: 'asc' }))).toEqual(['x', 'z', 'y']);
    expect(ids(sortSessions(tied, { key: 'pages', dir: 'desc' }))).toEqual(['y', 'x', 'z']);
    expect(ids(tied)).toEqual(['x', 'y', 'z']);
  });

  it('sorts numbers as numbers, not as text', () => {
    const many = [session('p', { api_calls: 9 }), session('q', { api_calls: 10 }), session('r', { api_calls: 100 })];
    expect(ids(sortSessions(many, { key: 'api_calls', dir: 'asc' }))).toEqual(['p', 'q', 'r']);
  });

  it('has a value for every key', () => {
    for (const key of SESSION_SORT_KEYS) expect(sortValue(list[0]!, key), key).not.toBeUndefined();
  });
});

describe('nextSort', () => {
  it('flips the column already sorted by', () => {
    expect(nextSort(DEFAULT_SESSION_SORT, 'start')).toEqual({ key: 'start', dir: 'asc' });
    expect(nextSort({ key: 'start', dir: 'asc' }, 'start')).toEqual({ key: 'start', dir: 'desc' });
  });

  it('starts text A to Z and figures biggest first', () => {
    expect(nextSort(DEFAULT_SESSION_SORT, 'user')).toEqual({ key: 'user', dir: 'asc' });
    expect(nextSort(DEFAULT_SESSION_SORT, 'errors')).toEqual({ key: 'errors', dir: 'desc' });
  });
});
