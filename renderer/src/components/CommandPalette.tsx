// Ctrl+K / Cmd+K (and Ctrl+Shift+P): every command (lib/commands.ts), filtered as the user
// types, run with Enter. An ARIA combobox over a listbox: focus stays in the field while the
// arrows move the active option, as screen readers expect.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { filterCommands, type Command } from '../lib/commands.js';

interface Props {
  commands: readonly Command[];
  onClose(): void;
}

export function CommandPalette({ commands, onClose }: Props) {
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const shown = useMemo(() => filterCommands(commands, query), [commands, query]);
  const at = Math.min(active, Math.max(0, shown.length - 1));
  /** Focus goes back where it was on a plain close; a command that ran decides it itself. */
  const restoreFocus = useRef(true);

  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    inputRef.current?.focus();
    return () => {
      if (restoreFocus.current) back?.focus();
    };
  }, []);
  useEffect(() => {
    document.getElementById(`${listId}-${at}`)?.scrollIntoView({ block: 'nearest' });
  }, [listId, at]);

  const run = (c: Command | undefined) => {
    if (!c) return;
    // A command that moves focus (search, a menu) must not have it taken back by the close.
    restoreFocus.current = false;
    onClose();
    c.run();
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (shown.length > 0) setActive((at + (e.key === 'ArrowDown' ? 1 : -1) + shown.length) % shown.length);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      setActive(e.key === 'Home' ? 0 : shown.length - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(shown[at]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      // The window's own Escape (close help, dismiss imports) is not for this one.
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div className="overlay palette-overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette">
        <input
          ref={inputRef}
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown.length > 0 ? `${listId}-${at}` : undefined}
          placeholder="Type a command…"
          value={query}
          data-testid="palette-input"
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
        />
        <ul id={listId} className="palette-list" role="listbox" aria-label="Commands">
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === at}
              className={`palette-option${i === at ? ' active' : ''}`}
              data-testid="palette-option"
              onMouseMove={() => setActive(i)}
              onClick={() => run(c)}
            >
              <span className="palette-title">{c.title}</span>
              {c.keys && <kbd>{c.keys}</kbd>}
            </li>
          ))}
        </ul>
        {shown.length === 0 && (
          <p className="palette-empty" data-testid="palette-empty">
            No command matches “{query}”. Try fewer letters, or press Esc to close.
          </p>
        )}
      </div>
    </div>
  );
}
