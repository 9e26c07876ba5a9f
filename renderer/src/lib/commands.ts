// The command palette's registry: every command the palette offers, built from the actions the
// App hands over, and the fuzzy filter that ranks them as the user types. Pure (no DOM, no
// React) so the ranking is unit-tested; the palette component only shows and runs them.
import type { SavedView } from '../../../shared/views.js';
import { EXPORT_FORMATS, EXPORT_FORMAT_LABELS, type ExportFormat } from '../../../shared/export.js';

export interface Command {
  /** Stable: tests and the list's keys use it. */
  id: string;
  title: string;
  /** Shown at the right: the key that does the same, if any. */
  keys?: string;
  run(): void;
}

export type PaletteView = 'explorer' | 'sessions' | 'dashboard';

/** What the App can do; a command exists for each action it passes. */
export interface CommandActions {
  switchView(view: PaletteView): void;
  openFile(): void;
  focusSearch(): void;
  toggleUtc(): void;
  toggleTheme(): void;
  toggleAssets(): void;
  exportAs(format: ExportFormat): void;
  saveView(): void;
  applyView(view: SavedView): void;
  help(): void;
  /** The sources panel, where the App has one. */
  openSources?(): void;
}

const VIEWS: readonly { view: PaletteView; title: string; keys: string }[] = [
  { view: 'explorer', title: 'Go to Explorer', keys: 'Alt 1' },
  { view: 'sessions', title: 'Go to Sessions', keys: 'Alt 2' },
  { view: 'dashboard', title: 'Go to Dashboard', keys: 'Alt 3' },
];

export function buildCommands(a: CommandActions, savedViews: readonly SavedView[], state: { utc: boolean; hideAssets: boolean }): Command[] {
  const commands: Command[] = [
    ...VIEWS.map((v) => ({ id: `view.${v.view}`, title: v.title, keys: v.keys, run: () => a.switchView(v.view) })),
    { id: 'search.focus', title: 'Focus search', keys: '/', run: a.focusSearch },
    { id: 'file.open', title: 'Open a log file…', keys: 'Ctrl O', run: a.openFile },
    { id: 'time.utc', title: state.utc ? 'Show local times' : 'Show times in UTC', keys: 'U', run: a.toggleUtc },
    { id: 'theme.toggle', title: 'Change theme (system, light, dark)', run: a.toggleTheme },
    { id: 'assets.toggle', title: state.hideAssets ? 'Show static assets' : 'Hide static assets', run: a.toggleAssets },
    ...EXPORT_FORMATS.map((f) => ({ id: `export.${f}`, title: `Export results as ${EXPORT_FORMAT_LABELS[f]}`, run: () => a.exportAs(f) })),
    { id: 'view.save', title: 'Save current view…', run: a.saveView },
    ...savedViews.map((v) => ({ id: `view.apply.${v.name}`, title: `Apply view: ${v.name}`, run: () => a.applyView(v) })),
    { id: 'help.keys', title: 'Keyboard shortcuts', keys: '?', run: a.help },
  ];
  const { openSources } = a;
  if (openSources) commands.push({ id: 'sources.open', title: 'Open sources', run: openSources });
  return commands;
}

/**
 * How well `query` matches `text` as a subsequence, case-insensitive: null when some letter is
 * missing. Letters that start words and runs of consecutive letters count more, so "ej" finds
 * "Export … JSON lines" and "exp" puts "Export" before "Keyboard shortcuts … help".
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (q === '') return 0;
  const t = text.toLowerCase();
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const at = t.indexOf(ch, from);
    if (at < 0) return null;
    const wordStart = at === 0 || /[^a-z0-9]/.test(t[at - 1]!);
    score += 1 + (at === previous + 1 ? 3 : 0) + (wordStart ? 2 : 0);
    previous = at;
    from = at + 1;
  }
  // Among equal matches, the shorter title is the closer one.
  return score - text.length / 1000;
}

/** The commands matching `query`, best first; every command, in order, for an empty query. */
export function filterCommands(commands: readonly Command[], query: string): Command[] {
  const scored: { c: Command; s: number; i: number }[] = [];
  commands.forEach((c, i) => {
    const s = fuzzyScore(query, c.title);
    if (s !== null) scored.push({ c, s, i });
  });
  if (query.trim() === '') return scored.map((x) => x.c);
  return scored.sort((x, y) => y.s - x.s || x.i - y.i).map((x) => x.c);
}
