// Every key the app answers, as the keyboard help lists them. The handlers live with their views
// (hooks/useShortcuts.ts, LogTable.tsx, timeline/useTimelineKeys.ts); a key added there is added here.

export interface ShortcutGroup {
  title: string;
  keys: readonly { keys: readonly string[]; does: string }[];
}

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Everywhere',
    keys: [
      { keys: ['/'], does: 'Search' },
      { keys: ['Ctrl K', 'Ctrl Shift P'], does: 'Command palette: every command, by name' },
      { keys: ['Ctrl O'], does: 'Open a log file' },
      { keys: ['Alt 1', 'Alt 2', 'Alt 3'], does: 'Explorer, sessions, dashboard' },
      { keys: ['U'], does: 'Times in UTC or local time' },
      { keys: ['S'], does: 'Sources: files, the collector, follow and remove' },
      { keys: ['?'], does: 'This help' },
      { keys: ['Esc'], does: 'Close, or leave the search for the results' },
    ],
  },
  {
    title: 'Explorer table',
    keys: [
      { keys: ['↓', 'J'], does: 'Next event' },
      { keys: ['↑', 'K'], does: 'Previous event' },
      { keys: ['PgDn', 'PgUp'], does: 'A screen down or up' },
      { keys: ['Home', 'End'], does: 'First or last loaded event' },
    ],
  },
  {
    title: 'Search box',
    keys: [
      { keys: ['↓', '↑'], does: 'Through the suggestions (↓ in an empty box: recent searches); with none, ↓ goes to the results' },
      { keys: ['Enter', 'Tab'], does: 'Take the highlighted suggestion (Enter with none: search)' },
      { keys: ['Esc'], does: 'Close the suggestions' },
      { keys: ['Shift Del'], does: 'Remove the highlighted recent search' },
    ],
  },
  {
    title: 'Session timeline',
    keys: [
      { keys: ['↓', '↑'], does: 'Next or previous call' },
      { keys: ['←', '→'], does: 'Previous or next event in time' },
      { keys: ['Shift ←', 'Shift →'], does: 'Pan' },
      { keys: ['+', '−'], does: 'Zoom in or out' },
      { keys: ['0'], does: 'Show the whole session' },
      { keys: ['Esc'], does: 'Clear the selection' },
    ],
  },
];
