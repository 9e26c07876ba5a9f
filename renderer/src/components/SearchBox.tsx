// The search box. Typing applies the query after a pause, Enter applies it at once; a query
// the core rejects leaves the previous results in place and shows where the problem is.
import { useEffect, useMemo, useRef, useState, type Ref } from 'react';
import type { CallFailed } from '../api/client.js';
import { debounce } from '../lib/debounce.js';
import { SearchIcon } from './icons.js';
import { QueryError } from './QueryError.js';

export const SEARCH_DEBOUNCE_MS = 250;

interface Props {
  /** The query shown: set from outside when the place changes (a drill-down, back, a link). */
  value: string;
  inputRef: Ref<HTMLInputElement>;
  onApply(query: string, force: boolean): void;
  error: CallFailed | null;
  errorQuery: string;
  busy: boolean;
  /** Leave the box for the results (Escape or ArrowDown). */
  onEscape(): void;
}

export function SearchBox({ value, inputRef, onApply, error, errorQuery, busy, onEscape }: Props) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const latest = useRef(onApply);
  latest.current = onApply;
  const apply = useMemo(() => debounce((q: string) => latest.current(q, false), SEARCH_DEBOUNCE_MS), []);
  useEffect(() => () => apply.cancel(), [apply]);

  return (
    <div className="search">
      <div className={`search-field${error ? ' has-error' : ''}`}>
        <SearchIcon />
        <input
          ref={inputRef}
          data-testid="search-input"
          type="text"
          value={text}
          placeholder='Search: status>=500 route:/api/cart* method:(POST OR PUT) "payment declined"'
          aria-label="Search events"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'search-error' : undefined}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          onChange={(e) => {
            setText(e.target.value);
            apply(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              apply.cancel();
              onApply(text, true);
            } else if (e.key === 'ArrowDown') {
              // Straight from the query to the results, like a command palette.
              e.preventDefault();
              onEscape();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onEscape();
            }
          }}
        />
        {busy ? <span className="spinner" aria-hidden="true" /> : <kbd className="search-hint">/</kbd>}
      </div>
      {error && <QueryError error={error} query={errorQuery} testId="search-error" className="search-error" id="search-error" />}
    </div>
  );
}
