// A call's failure shown in the view that made it: the search box only shows the explorer's, and
// a mistyped query must not look like "no sessions". Points at the column for a syntax error.
import type { CallFailed } from '../../api/client.js';
import { excerptAt } from '../../lib/query-pointer.js';
import { AlertIcon } from '../icons.js';

export function QueryError({ error, query, testId }: { error: CallFailed; query: string; testId: string }) {
  const column = error.code === 'QUERY_SYNTAX' && error.column !== undefined ? error.column : null;
  const excerpt = column === null ? null : excerptAt(query, column);
  return (
    <div className="view-error" role="alert" data-testid={testId}>
      <div className="view-error-message">
        <AlertIcon />
        <span>{error.message}</span>
        {column !== null && !/column/i.test(error.message) && <span className="dim">column {column}</span>}
      </div>
      {excerpt && (
        <pre className="view-error-excerpt" aria-hidden="true">
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
