// The explorer toolbar's "Views" menu: save what is shown under a name, apply or delete a saved
// one. Names come from users (and from a views file anyone could edit): text nodes only.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SavedView } from '../../../shared/views.js';
import { MAX_VIEW_NAME } from '../../../shared/views.js';
import type { SavedViews } from '../hooks/useSavedViews.js';
import { useDismiss } from '../hooks/useDismiss.js';
import { BookmarkIcon } from './icons.js';

interface Props {
  saved: SavedViews;
  /** What "save" keeps: the explorer as it is now, without a name. */
  current(): Omit<SavedView, 'name'>;
  onApply(view: SavedView): void;
  /** The palette asked to save: the menu opens on its name field, then says so with onSaveShown. */
  saveRequested: boolean;
  onSaveShown(): void;
}

export function ViewsMenu({ saved, current, onApply, saveRequested, onSaveShown }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const nameId = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  /** The view waiting for "replace?" after its name turned out taken. */
  const [pending, setPending] = useState<SavedView | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const close = useCallback(() => {
    setOpen(false);
    setPending(null);
  }, []);
  useDismiss(open, ref, close);

  useEffect(() => {
    if (!saveRequested) return;
    setOpen(true);
    setNote(null);
    onSaveShown();
  }, [saveRequested, onSaveShown]);
  // The field exists once the menu has rendered open.
  useEffect(() => {
    if (open) nameRef.current?.focus();
  }, [open]);

  const store = async (view: SavedView, replace: boolean) => {
    const outcome = await saved.save(view, replace);
    if (outcome === 'exists') {
      setPending(view);
      return;
    }
    setPending(null);
    if (outcome !== null) {
      setName('');
      setNote(outcome === 'replaced' ? `Replaced “${view.name}”.` : `Saved “${view.name}”.`);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setNote('Give the view a name first.');
      return;
    }
    void store({ ...current(), name: trimmed }, false);
  };

  return (
    <div ref={ref} className="menu views-menu">
      <button type="button" className={`button${open ? ' on' : ''}`} aria-expanded={open} aria-haspopup="true" data-testid="views-button" title="Save the current search and apply saved ones" aria-label="Views" onClick={() => (open ? close() : setOpen(true))}>
        <BookmarkIcon />
        <span className="button-label">Views</span>
      </button>
      {open && (
        <div className="menu-card" data-testid="views-menu">
          <form className="views-save" onSubmit={onSubmit}>
            <label htmlFor={nameId}>Save current view as</label>
            <input
              ref={nameRef}
              id={nameId}
              className="text-input"
              value={name}
              maxLength={MAX_VIEW_NAME}
              placeholder="Name, e.g. Server errors"
              data-testid="view-name"
              onChange={(e) => {
                setName(e.target.value);
                setPending(null);
              }}
            />
            <button type="submit" className="button primary" data-testid="view-save">
              Save
            </button>
          </form>
          {pending && (
            <div className="views-replace" role="alert" data-testid="view-replace">
              <span>A view named “{pending.name}” exists. Replace it?</span>
              <button type="button" className="button" data-testid="view-replace-yes" onClick={() => void store(pending, true)}>
                Replace
              </button>
              <button type="button" className="button" onClick={() => setPending(null)}>
                Choose another name
              </button>
            </div>
          )}
          {saved.error && <p className="menu-error" role="alert" data-testid="views-error">{saved.error}</p>}
          {note && !saved.error && <p className="menu-note" aria-live="polite">{note}</p>}
          {saved.views.length === 0 ? (
            <p className="menu-empty" data-testid="views-empty">
              No saved views yet. Search for something, then save it here to come back to it in one click.
            </p>
          ) : (
            <ul className="views-list" aria-label="Saved views">
              {saved.views.map((v) => (
                <li key={v.name}>
                  <button
                    type="button"
                    className="views-apply"
                    data-testid="view-apply"
                    title={v.query === '' ? 'Every event' : v.query}
                    onClick={() => {
                      onApply(v);
                      close();
                    }}
                  >
                    <span className="views-name">{v.name}</span>
                    <span className="views-query">{v.query === '' ? 'every event' : v.query}</span>
                  </button>
                  <button type="button" className="icon-button views-delete" aria-label={`Delete view ${v.name}`} data-testid="view-delete" onClick={() => void saved.remove(v.name)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
