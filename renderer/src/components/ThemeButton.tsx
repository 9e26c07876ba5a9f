// The theme switch in the status line: system, light, dark, and round again.
import { useEffect, useState } from 'react';
import { applyTheme, shownTheme, storedTheme, storeTheme, type ThemeChoice } from '../lib/theme.js';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

export function ThemeButton() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  const [shown, setShown] = useState(shownTheme);
  useEffect(() => {
    const undo = applyTheme(choice);
    setShown(shownTheme());
    // The system may switch while 'system' is chosen.
    const watch = new MutationObserver(() => setShown(shownTheme()));
    watch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      undo();
      watch.disconnect();
    };
  }, [choice]);
  const label = choice === 'system' ? `System theme (${shown})` : choice === 'light' ? 'Light theme' : 'Dark theme';
  return (
    <button
      type="button"
      className="link-button status-item"
      data-testid="theme-toggle"
      data-theme-choice={choice}
      title={`Theme: ${choice}. Click for ${NEXT[choice]}.`}
      onClick={() => {
        const next = NEXT[choice];
        storeTheme(next);
        setChoice(next);
      }}
    >
      {label}
    </button>
  );
}
