// The search box. Typing applies the query after a pause, Enter applies it at once; a query
// the core rejects leaves the previous results in place and shows where the problem is.
// As a combobox it offers field names, a field's top values and recent searches: the arrows
// move through them, Enter or Tab takes one, Escape closes the list before it leaves the box.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { CallFailed, Client } from '../api/client.js';
import { debounce } from '../lib/debounce.js';
import { acceptField, acceptValue } from '../lib/query-suggest.js';
import { useQueryHistory } from '../hooks/useQueryHistory.js';
import { useSearchList } from '../hooks/useSearchList.js';
import { HistoryButton } from './HistoryButton.js';
import { SearchIcon } from './icons.js';
import { QueryError } from './QueryError.js';
import { optionId, SearchSuggestions } from './SearchSuggestions.js';

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
  /** Asks for the top values of a field. */
  client: Client;
  /** The results leave out static assets, so the values counted do too. */
  hideAssets: boolean;
  /** The query the shown results are for, and a number that changes each time results arrive. */
  appliedQuery: string;
  appliedKey: number;
}

export function SearchBox({ value, inputRef, onApply, error, errorQuery, busy, onEscape, client, hideAssets, appliedQuery, appliedKey }: Props) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const latest = useRef(onApply);
  latest.current = onApply;
  const apply = useMemo(() => debounce((q: string) => latest.current(q, false), SEARCH_DEBOUNCE_MS), []);
  useEffect(() => () => apply.cancel(), [apply]);

  const input = useRef<HTMLInputElement | null>(null);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [historyAsked, setHistoryAsked] = useState(false);
  const [active, setActive] = useState(-1);
  const history = useQueryHistory();
  const list = useSearchList({ client, text, caret, open, historyAsked, history: history.entries, hideAssets });
  const count = list?.options.length ?? 0;
  const highlighted = active < count ? active : -1;
  const listId = useId();

  // A search applied on purpose (Enter, a suggestion, a recent one) is remembered once its results arrive.
  const toRemember = useRef<string | null>(null);
  useEffect(() => {
    const q = toRemember.current;
    if (q !== null && q === appliedQuery.trim()) {
      toRemember.current = null;
      history.remember(q);
    }
    // Runs per arrival of results (appliedKey), not when the history itself changes.
  }, [appliedKey]);

  // The caret a suggestion leaves, set once React has put the new text in the box.
  const caretAfter = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = caretAfter.current;
    if (at !== null && input.current) {
      caretAfter.current = null;
      input.current.setSelectionRange(at, at);
    }
  }, [text]);

  const closeList = () => {
    setOpen(false);
    setHistoryAsked(false);
    setActive(-1);
  };
  const edit = (next: string, at: number) => {
    setText(next);
    setCaret(at);
    caretAfter.current = at;
    setActive(-1);
  };
  const submit = (q: string) => {
    apply.cancel();
    toRemember.current = q.trim();
    onApply(q, true);
    closeList();
  };
  const accept = (i: number) => {
    const option = list?.options[i];
    const ctx = list?.context;
    if (!option) return;
    if (option.kind === 'history') {
      edit(option.query, option.query.length);
      submit(option.query);
    } else if (option.kind === 'field' && ctx?.kind === 'field') {
      // `status:` alone does not parse: nothing is applied until a value follows.
      apply.cancel();
      const next = acceptField(text, ctx, option.name);
      edit(next.text, next.caret);
      setHistoryAsked(false);
    } else if (option.kind === 'value' && ctx?.kind === 'value') {
      const next = acceptValue(text, ctx, option.value);
      if (!next) return;
      edit(next.text, next.caret);
      submit(next.text);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const shown = list !== null;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (count > 0) setActive((highlighted + 1) % count);
      else if (!shown && text.trim() === '' && history.entries.length > 0) {
        setOpen(true);
        setHistoryAsked(true);
        setActive(0);
      } else {
        // Straight from the query to the results, like a command palette.
        onEscape();
      }
    } else if (e.key === 'ArrowUp' && count > 0) {
      e.preventDefault();
      setActive(highlighted <= 0 ? count - 1 : highlighted - 1);
    } else if ((e.key === 'Enter' || (e.key === 'Tab' && !e.shiftKey)) && highlighted >= 0) {
      e.preventDefault();
      accept(highlighted);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      submit(text);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (shown) closeList();
      else onEscape();
    } else if (e.key === 'Delete' && list?.mode === 'history' && highlighted >= 0 && (e.shiftKey || text === '')) {
      e.preventDefault();
      const option = list.options[highlighted];
      if (option?.kind === 'history') history.forget(option.query);
    }
  };

  const setRefs = (el: HTMLInputElement | null) => {
    input.current = el;
    if (typeof inputRef === 'function') inputRef(el);
    else if (inputRef) inputRef.current = el;
  };

  return (
    <div className="search">
      <div className={`search-field${error ? ' has-error' : ''}`}>
        <SearchIcon />
        <input
          ref={setRefs}
          data-testid="search-input"
          type="text"
          role="combobox"
          aria-expanded={list !== null}
          aria-controls={list !== null ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={highlighted >= 0 ? optionId(listId, highlighted) : undefined}
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
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setOpen(true);
            setHistoryAsked(false);
            setActive(-1);
            apply(e.target.value);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? e.currentTarget.value.length)}
          onFocus={() => setOpen(true)}
          onBlur={closeList}
          onKeyDown={onKeyDown}
        />
        <HistoryButton
          open={list?.mode === 'history'}
          onToggle={() => {
            if (list?.mode === 'history') return closeList();
            input.current?.focus();
            setOpen(true);
            setHistoryAsked(true);
            setActive(-1);
          }}
        />
        {busy ? <span className="spinner late" aria-hidden="true" /> : <kbd className="search-hint">/</kbd>}
      </div>
      {list !== null ? (
        <SearchSuggestions
          listId={listId}
          title={list.title}
          options={list.options}
          active={highlighted}
          note={list.note}
          onPick={accept}
          onHover={setActive}
          {...(list.mode === 'history' ? { onRemove: history.forget, onClear: history.clear } : {})}
        />
      ) : (
        error && <QueryError error={error} query={errorQuery} testId="search-error" className="search-error" id="search-error" />
      )}
    </div>
  );
}
