// The theme switch in the status line: system, light, dark, and round again.
import { useEffect, useState } from 'react';
import { applyTheme, onThemeChange, shownTheme, storedTheme, storeTheme, type ThemeChoice } from '../lib/theme.js';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

export function ThemeButton() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  const [shown, setShown] = useState(shownTheme);
  useEffect(() => {
    const undo = applyTheme(choice);
    setShown(shownTheme());
    // The system may switch while 'system' is chosen.
    const stop = onThemeChange(() => setShown(shownTheme()));
    return () => {
      undo();
      stop();
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
