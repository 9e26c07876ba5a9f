// `?`: the keys the app answers (lib/shortcuts.ts). Esc, the button or a click outside closes it.
import { useEffect, useRef } from 'react';
import { SHORTCUT_GROUPS } from '../lib/shortcuts.js';

export function KeyboardHelp({ onClose }: { onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => back?.focus();
  }, []);
  return (
    <div className="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="keyboard-help" role="dialog" aria-modal="true" aria-labelledby="keyboard-help-title" data-testid="keyboard-help">
        <div className="keyboard-help-head">
          <h2 id="keyboard-help-title">Keyboard shortcuts</h2>
          <button ref={closeRef} type="button" className="button" onClick={onClose} data-testid="keyboard-help-close">
            Close
          </button>
        </div>
        {SHORTCUT_GROUPS.map((g) => (
          <section key={g.title}>
            <h3>{g.title}</h3>
            <dl>
              {g.keys.map((k) => (
                <div key={k.does} className="keyboard-help-row">
                  <dt>
                    {k.keys.map((key) => (
                      <kbd key={key}>{key}</kbd>
                    ))}
                  </dt>
                  <dd>{k.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
