// Light or dark: the system's choice, unless the user picked one with the status line's switch
// (kept in this browser). The choice is the `data-theme` attribute the theme's colours follow
// (styles/theme.css); charts read the colours again when it changes.

export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'logbridge.theme';
const SYSTEM_DARK = '(prefers-color-scheme: dark)';

export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function storeTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage refused: the choice lasts this page.
  }
}

/** Sets the page's theme for `choice`; with 'system', follows the system until called again. Returns the undo. */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): () => void {
  const media = window.matchMedia(SYSTEM_DARK);
  const set = () => root.setAttribute('data-theme', choice === 'system' ? (media.matches ? 'dark' : 'light') : choice);
  set();
  if (choice !== 'system') return () => {};
  media.addEventListener('change', set);
  return () => media.removeEventListener('change', set);
}

/** The theme shown now. */
export const shownTheme = (root: HTMLElement = document.documentElement): 'light' | 'dark' =>
  root.getAttribute('data-theme') === 'dark' ? 'dark' : 'light';

/** Calls `fn` whenever the page's theme changes (the user's switch, or the system's under 'system'); returns the stop. */
export function onThemeChange(fn: () => void, root: HTMLElement = document.documentElement): () => void {
  const watch = new MutationObserver(fn);
  watch.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  return () => watch.disconnect();
}
