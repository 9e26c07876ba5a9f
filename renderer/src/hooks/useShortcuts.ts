// Window-wide keys. Single-character shortcuts are ignored while the user types in a field.
import { useEffect, useRef } from 'react';

export interface Shortcuts {
  focusSearch(): void;
  openFile(): void;
  toggleUtc(): void;
  /** `?`: the keyboard help. */
  help(): void;
  escape(): void;
  /** `S`: the sources panel. */
  sources?(): void;
  /** Alt+digit: the view with that number. */
  view(key: string): void;
  /** Ctrl+K / Cmd+K, Ctrl+Shift+P: the command palette. */
  palette(): void;
}

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function useShortcuts(shortcuts: Shortcuts): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.metaKey || e.ctrlKey;
      const s = latest.current;
      if (mod && !e.altKey && (e.key.toLowerCase() === 'k' || (e.shiftKey && e.key.toLowerCase() === 'p'))) {
        e.preventDefault();
        s.palette();
      } else if (mod && !e.altKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        s.openFile();
      } else if (e.altKey && !mod && /^[1-9]$/.test(e.key)) {
        e.preventDefault();
        s.view(e.key);
      } else if (e.key === 'Escape') {
        s.escape();
      } else if (!mod && !e.altKey && !typingIn(e.target)) {
        if (e.key === '/') {
          e.preventDefault();
          s.focusSearch();
        } else if (e.key === 'u' || e.key === 'U') {
          s.toggleUtc();
        } else if ((e.key === 's' || e.key === 'S') && s.sources) {
          s.sources();
        } else if (e.key === '?') {
          e.preventDefault();
          s.help();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
