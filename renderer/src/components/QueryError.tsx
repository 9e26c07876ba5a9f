// A call's failure shown where the search was typed or in the view that made the call (a
// mistyped query must not look like "no sessions"). Points at the column of a syntax error.
import type { CallFailed } from '../api/client.js';
import { excerptAt } from '../lib/query-pointer.js';
import { AlertIcon } from './icons.js';

interface Props {
  error: CallFailed;
  query: string;
  testId: string;
  /** The box's own look: under the search box, or in a view. */
  className: 'search-error' | 'view-error';
  id?: string;
}

export function QueryError({ error, query, testId, className, id }: Props) {
  const column = error.code === 'QUERY_SYNTAX' && error.column !== undefined ? error.column : null;
  const excerpt = column === null ? null : excerptAt(query, column);
  return (
    <div id={id} className={className} role="alert" data-testid={testId}>
      <div className="query-error-message">
        <AlertIcon />
        <span>{error.message}</span>
        {column !== null && !/column/i.test(error.message) && <span className="query-error-column">column {column}</span>}
      </div>
      {excerpt && (
        <pre className="query-error-excerpt" aria-hidden="true">
          {excerpt.clippedStart && <span className="dim">…</span>}
          {excerpt.before}
          <mark>{excerpt.at}</mark>
          {excerpt.after}
          {excerpt.clippedEnd && <span className="dim">…</span>}
          {'\n'}
          <span className="caret">{`${' '.repeat(excerpt.before.length + (excerpt.clippedStart ? 1 : 0))}^`}</span>
        </pre>
      )}
    </div>
  );
}
