// The search box's drop-down: field names, a field's top values with counts, or recent searches.
// It only draws; the box owns the keyboard and the highlighted option (aria-activedescendant),
// and the list keeps the input focused (mousedown does not take focus) so typing goes on.
import type { FieldType } from '../../../shared/fields.js';
import { groupDigits } from '../lib/format.js';
import { VisibleText } from '../lib/visible-text.js';
import { CloseIcon } from './icons.js';
import '../styles/search-suggest.css';

export type SearchOption =
  | { kind: 'field'; name: string; label: string; type: FieldType; alias: string | null }
  | { kind: 'value'; value: string; count: number }
  | { kind: 'history'; query: string };

/** A suggested value or a remembered query is shown up to this long; the box holds all of it. */
const SHOWN_CHARS = 300;

export const optionId = (listId: string, i: number) => `${listId}-option-${i}`;

interface Props {
  listId: string;
  title: string;
  options: SearchOption[];
  active: number;
  /** Shown instead of options: what to do next when there are none, or that they are coming. */
  note: string | null;
  onPick(i: number): void;
  onHover(i: number): void;
  onRemove?(query: string): void;
  onClear?(): void;
}

export function SearchSuggestions({ listId, title, options, active, note, onPick, onHover, onRemove, onClear }: Props) {
  return (
    <div className="search-suggest" data-testid="search-suggestions" onMouseDown={(e) => e.preventDefault()}>
      <div className="search-suggest-title" id={`${listId}-title`}>
        {title}
      </div>
      <ul role="listbox" id={listId} aria-labelledby={`${listId}-title`} className="search-suggest-list">
        {options.map((o, i) => (
          <li
            key={i}
            id={optionId(listId, i)}
            role="option"
            aria-selected={i === active}
            className={`search-option search-option-${o.kind}${i === active ? ' active' : ''}`}
            data-testid="search-option"
            onClick={() => onPick(i)}
            onMouseMove={() => i !== active && onHover(i)}
          >
            <OptionBody option={o} />
            {o.kind === 'history' && onRemove && (
              <button
                type="button"
                tabIndex={-1}
                className="search-option-remove"
                data-testid="history-remove"
                aria-label="Remove from recent searches"
                title="Remove from recent searches (Shift+Delete)"
                onClick={(e) => {
                  e.stopPropagation();
                  onRemove(o.query);
                }}
              >
                <CloseIcon />
              </button>
            )}
          </li>
        ))}
      </ul>
      {note !== null && (
        <p className="search-suggest-note" data-testid="search-suggest-note">
          {note}
        </p>
      )}
      {onClear && options.length > 0 && (
        <button type="button" className="search-suggest-clear" data-testid="history-clear" onClick={onClear}>
          Clear history
        </button>
      )}
    </div>
  );
}

function OptionBody({ option: o }: { option: SearchOption }) {
  switch (o.kind) {
    case 'field':
      return (
        <>
          <span className="search-option-text">{o.name}</span>
          <span className="search-option-detail">
            {o.label}
            {o.alias !== null ? ` (as ${o.alias})` : ''} · {o.type}
          </span>
        </>
      );
    case 'value':
      return (
        <>
          <span className="search-option-text">
            <VisibleText text={o.value} limit={SHOWN_CHARS} />
          </span>
          <span className="search-option-count" data-testid="search-option-count">
            {groupDigits(o.count)}
          </span>
        </>
      );
    case 'history':
      return (
        <span className="search-option-text">
          <VisibleText text={o.query} limit={SHOWN_CHARS} />
        </span>
      );
  }
}
