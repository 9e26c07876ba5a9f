import { describe, expect, it } from 'vitest';
import { buildCommands, filterCommands, fuzzyScore, type CommandActions } from '../../renderer/src/lib/commands.js';
import type { SavedView } from '../../shared/views.js';

function actions() {
  const calls: string[] = [];
  const a: CommandActions = {
    switchView: (v) => calls.push(`view:${v}`),
    openFile: () => calls.push('open'),
    focusSearch: () => calls.push('search'),
    toggleUtc: () => calls.push('utc'),
    toggleTheme: () => calls.push('theme'),
    toggleAssets: () => calls.push('assets'),
    exportAs: (f) => calls.push(`export:${f}`),
    saveView: () => calls.push('save'),
    applyView: (v) => calls.push(`apply:${v.name}`),
    help: () => calls.push('help'),
  };
  return { a, calls };
}

const VIEWS: SavedView[] = [{ name: 'Server errors', query: 'status:>=500' }, { name: '<b>x</b>', query: 'kind:user' }];
const titles = (q: string, cmds = buildCommands(actions().a, VIEWS, { utc: false, hideAssets: false })) => filterCommands(cmds, q).map((c) => c.title);

describe('command palette registry', () => {
  it('lists every command for an empty query, in registry order, and each runs its action', () => {
    const { a, calls } = actions();
    const cmds = buildCommands(a, VIEWS, { utc: true, hideAssets: true });
    expect(filterCommands(cmds, '   ').map((c) => c.id)).toEqual(cmds.map((c) => c.id));
    for (const c of cmds) c.run();
    expect(calls).toEqual([
      'view:explorer', 'view:sessions', 'view:dashboard', 'search', 'open', 'utc', 'theme', 'assets',
      'export:jsonl', 'export:csv', 'export:har', 'save', 'apply:Server errors', 'apply:<b>x</b>', 'help',
    ]);
    // The toggles say what they will do now.
    expect(cmds.map((c) => c.title)).toEqual(expect.arrayContaining(['Show local times', 'Show static assets']));
    expect(cmds.some((c) => c.id === 'sources.open')).toBe(false);
    expect(buildCommands({ ...a, openSources: () => calls.push('sources') }, [], { utc: false, hideAssets: false }).at(-1)?.id).toBe('sources.open');
  });

  it('matches letters in order, case-insensitive, and ranks word starts and runs first', () => {
    expect(fuzzyScore('xyz', 'Export results as CSV')).toBeNull();
    expect(fuzzyScore('vsc', 'Export results as CSV')).toBeNull();
    // Initials of words beat the same letters met side by side inside a word.
    expect(fuzzyScore('gd', 'Go to Dashboard')!).toBeGreaterThan(fuzzyScore('gd', 'Bagdad')!);
    // A run beats letters scattered inside words.
    expect(fuzzyScore('ort', 'Export')!).toBeGreaterThan(fuzzyScore('ort', 'Open a report')!);
    expect(titles('csv')).toEqual(['Export results as CSV']);
    expect(titles('ejs')[0]).toBe('Export results as JSON lines');
    expect(titles('EXPORT').slice(0, 3)).toEqual(['Export results as CSV', 'Export results as JSON lines', 'Export results as HAR (API calls)']);
    expect(titles('dash')).toEqual(['Go to Dashboard']);
    expect(titles('server')).toEqual(['Apply view: Server errors']);
    // A saved view's name is matched as plain text, markup and all.
    expect(titles('<b>')).toEqual(['Apply view: <b>x</b>']);
    expect(titles('utc')[0]).toBe('Show times in UTC');
    expect(titles('zzzz')).toEqual([]);
  });
});
