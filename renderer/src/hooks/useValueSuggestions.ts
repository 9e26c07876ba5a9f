// A field's top values for the search box (events.suggest), asked a moment after typing stops;
// an answer for anything but the latest request is dropped, so a slow answer for `status:4`
// never replaces the one for `status:40`.
import { useEffect, useState } from 'react';
import { isCallFailed, type Client } from '../api/client.js';
import type { SuggestField } from '../../../shared/suggest.js';

export const SUGGEST_DEBOUNCE_MS = 120;
export const SUGGEST_LIMIT = 10;

export interface ValueRequest {
  field: SuggestField;
  prefix: string;
  /** The query without the term being typed. */
  query: string;
  hideAssets: boolean;
}

export interface SuggestedValue {
  value: string;
  count: number;
}

/** The answer and the request it answers (compared by requestKey). */
export interface ValueAnswer {
  key: string;
  values: SuggestedValue[];
}

export const requestKey = (r: ValueRequest): string => JSON.stringify([r.field, r.prefix, r.query, r.hideAssets]);

export function useValueSuggestions(client: Client, request: ValueRequest | null): ValueAnswer | null {
  const [answer, setAnswer] = useState<ValueAnswer | null>(null);
  const key = request ? requestKey(request) : null;
  useEffect(() => {
    if (!request || key === null) return;
    let current = true;
    const ask = (query: string) =>
      client.call('events.suggest', { field: request.field, prefix: request.prefix, query, hide_assets: request.hideAssets, limit: SUGGEST_LIMIT });
    const timer = setTimeout(() => {
      ask(request.query)
        .catch((err: unknown) => {
          // The rest of a half-typed query may not parse yet: values of the whole store then.
          if (request.query !== '' && isCallFailed(err, 'QUERY_SYNTAX')) return ask('');
          throw err;
        })
        .then(
          (r) => {
            if (current) setAnswer({ key, values: r.values });
          },
          () => {
            // Suggestions are a help, not the search: a failure shows none (the search reports its own).
            if (current) setAnswer({ key, values: [] });
          },
        );
    }, SUGGEST_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `key` stands for the request's content: a new object with the same content asks nothing again.
  }, [client, key]);
  return answer;
}
