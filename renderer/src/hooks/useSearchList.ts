// What the search box's drop-down shows for the text and caret: recent searches (an empty box,
// or asked for), field names, or a field's top values once they arrive; null for no list.
import { useMemo } from 'react';
import type { Client } from '../api/client.js';
import { acceptValue, fieldSuggestions, suggestContext, type SuggestContext } from '../lib/query-suggest.js';
import type { SearchOption } from '../components/SearchSuggestions.js';
import { requestKey, useValueSuggestions, type ValueRequest } from './useValueSuggestions.js';

export interface SearchList {
  mode: 'history' | 'field' | 'value';
  title: string;
  options: SearchOption[];
  note: string | null;
  /** The term the options are for (field and value lists). */
  context: SuggestContext | null;
}

interface Input {
  client: Client;
  text: string;
  caret: number;
  /** The box has the focus and the user has not closed the list. */
  open: boolean;
  /** Recent searches asked for (the button, ArrowDown), whatever the box holds. */
  historyAsked: boolean;
  history: readonly string[];
  hideAssets: boolean;
}

export function useSearchList({ client, text, caret, open, historyAsked, history, hideAssets }: Input): SearchList | null {
  const showHistory = open && (historyAsked || text.trim() === '');
  const context = useMemo(() => (open && !showHistory ? suggestContext(text, caret) : null), [open, showHistory, text, caret]);
  const request = useMemo<ValueRequest | null>(
    () => (context?.kind === 'value' ? { field: context.field, prefix: context.prefix, query: context.rest, hideAssets } : null),
    [context, hideAssets],
  );
  const answer = useValueSuggestions(client, request);

  return useMemo((): SearchList | null => {
    if (showHistory) {
      // An empty box with nothing remembered shows nothing, unless the list was asked for.
      if (history.length === 0 && !historyAsked) return null;
      return {
        mode: 'history',
        title: 'Recent searches',
        options: history.map((query) => ({ kind: 'history', query })),
        note: history.length === 0 ? 'No recent searches yet: a search you apply with Enter is kept here.' : null,
        context: null,
      };
    }
    if (context?.kind === 'field') {
      const options = fieldSuggestions(context.prefix).map((f): SearchOption => ({ kind: 'field', ...f }));
      return { mode: 'field', title: 'Fields', options, note: null, context };
    }
    if (context?.kind === 'value' && request) {
      const title = `Top values of ${context.field}`;
      if (answer?.key !== requestKey(request)) return { mode: 'value', title, options: [], note: 'Counting values…', context };
      // A value the language cannot write (rare control characters) is not offered.
      const options = answer.values
        .filter((v) => acceptValue(text, context, v.value) !== null)
        .map((v): SearchOption => ({ kind: 'value', value: v.value, count: v.count }));
      const note = options.length > 0 ? null
        : context.prefix === '' ? `No event matching the rest of the search has a ${context.field}; press Enter to search as it is.`
        : `No ${context.field} starts with “${context.prefix.slice(0, 80)}” among the events the rest of the search matches; edit it, or press Enter to search as it is.`;
      return { mode: 'value', title, options, note, context };
    }
    return null;
  }, [showHistory, history, historyAsked, context, request, answer, text]);
}
