// One source in the sources panel: what it is and where it came from, its counts and state, and
// what can be done with it. Every name and path is a React text node (file names are the user's
// and may hold markup or bidi controls).
import { useState } from 'react';
import type { Source } from '../../../../shared/api.js';
import { type CallFailed, type Client, isCallFailed } from '../../api/client.js';
import { formatBytes } from '../../lib/format.js';
import { DEFAULT_IMPORT_CHOICE, isImportFormat, toUploadOptions, type ImportChoice } from '../../lib/import-options.js';
import { plural } from '../../lib/progress.js';
import { followBlocked, showEventsQuery, stateOf } from '../../lib/sources.js';
import { Time } from '../../lib/time-zone.js';
import { VisibleText, visibleTitle } from '../../lib/visible-text.js';
import { ImportOptionsControl } from '../ImportOptionsControl.js';

interface Props {
  client: Client;
  source: Source;
  onShowEvents(query: string): void;
  /** Events were removed or read again: the table and the list refresh. */
  onChanged(): void;
  onFatal(err: CallFailed): void;
}

type Mode = { kind: 'idle' } | { kind: 'confirm-remove' } | { kind: 'reimport'; choice: ImportChoice } | { kind: 'busy'; doing: string };

const STATE_TEXT: Record<ReturnType<typeof stateOf>, string> = {
  following: 'following',
  importing: 'importing',
  done: 'done',
  cancelled: 'stopped',
  failed: 'failed',
};

function choiceOf(source: Source): ImportChoice {
  const format = source.options?.format;
  return { format: format && isImportFormat(format) ? format : DEFAULT_IMPORT_CHOICE.format, logFormat: source.options?.log_format ?? '' };
}

export function SourceItem({ client, source, onShowEvents, onChanged, onFatal }: Props) {
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const state = stateOf(source);
  const query = showEventsQuery(source);
  const blocked = followBlocked(source);
  const isFile = source.kind === 'file';

  const run = async (doing: string, action: () => Promise<string>) => {
    setMode({ kind: 'busy', doing });
    setMessage(null);
    try {
      setMessage({ text: await action(), error: false });
    } catch (err) {
      if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
      setMessage({ text: err instanceof Error ? err.message : String(err), error: true });
    } finally {
      setMode({ kind: 'idle' });
      onChanged();
    }
  };

  const remove = () =>
    run('Removing…', async () => {
      const { removed } = await client.call('sources.remove', { source_id: source.id });
      return `Removed ${plural(removed, 'event', 'events')}.`;
    });
  const reimport = (choice: ImportChoice) =>
    run('Reading again…', async () => {
      const s = await client.call('sources.reimport', { source_id: source.id, ...toUploadOptions(choice) });
      if (s.state === 'unchanged') return 'Unchanged since it was read: nothing to read again.';
      return `Read ${plural(s.imported, 'event', 'events')}${s.skipped > 0 ? `, ${plural(s.skipped, 'bad line', 'bad lines')}` : ''}.`;
    });
  const toggleFollow = () =>
    run(source.following ? 'Stopping…' : 'Catching up…', async () => {
      const call = source.following ? 'sources.unfollow' : 'sources.follow';
      const { following } = await client.call(call, { source_id: source.id });
      return following ? 'Following: new lines appear as they are written.' : 'Stopped following.';
    });

  return (
    <li className="source-item" data-testid="source-item" data-source-id={source.id} data-state={state}>
      <div className="source-head">
        <span className="source-name" data-testid="source-name" title={visibleTitle(source.name)}>
          <VisibleText text={source.name} />
        </span>
        <span className={`source-state state-${state}`} data-testid="source-state">
          {STATE_TEXT[state]}
        </span>
      </div>
      {source.path !== null && !source.uploaded && (
        <div className="source-path mono dim" data-testid="source-path" title={visibleTitle(source.path)}>
          <VisibleText text={source.path} />
        </div>
      )}
      <div className="source-facts dim">
        <span>{isFile ? (source.format ?? 'format not known yet') : 'collector'}</span>
        <span data-testid="source-events">{plural(source.imported, 'event', 'events')}</span>
        <span data-testid="source-bad" className={source.skipped > 0 ? 'source-bad' : undefined}>
          {plural(source.skipped, 'bad line', 'bad lines')}
        </span>
        {source.size !== null && <span>{formatBytes(source.size)}</span>}
        <span>
          <Time ms={source.created_at} />
        </span>
        {source.uploaded && <span title={blocked ?? undefined}>uploaded: cannot be followed</span>}
      </div>
      {mode.kind === 'confirm-remove' ? (
        <div className="source-confirm" role="alert" data-testid="source-confirm">
          <span>
            Remove <VisibleText text={source.name} limit={200} /> and its {plural(source.imported, 'event', 'events')}? The file itself stays where it is.
          </span>
          <button type="button" className="button small danger" data-testid="source-remove-confirm" onClick={() => void remove()}>
            Remove
          </button>
          <button type="button" className="button small" onClick={() => setMode({ kind: 'idle' })}>
            Keep
          </button>
        </div>
      ) : mode.kind === 'reimport' ? (
        <div className="source-reimport" data-testid="source-reimport">
          <ImportOptionsControl choice={mode.choice} onChange={(choice) => setMode({ kind: 'reimport', choice })} />
          <button type="button" className="button small primary" data-testid="source-reimport-go" onClick={() => void reimport(mode.choice)}>
            Read again with these options
          </button>
          <button type="button" className="button small" onClick={() => setMode({ kind: 'idle' })}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="source-actions">
          {query !== null && (
            <button type="button" className="button small" data-testid="source-show" onClick={() => onShowEvents(query)}>
              Show events
            </button>
          )}
          {isFile && (
            <>
              <button
                type="button"
                className="button small"
                data-testid="source-follow"
                disabled={mode.kind === 'busy' || blocked !== null}
                title={blocked ?? (source.following ? 'Stop reading new lines' : 'Read new lines as the file grows')}
                onClick={() => void toggleFollow()}
              >
                {source.following ? 'Stop following' : 'Follow'}
              </button>
              <button
                type="button"
                className="button small"
                data-testid="source-reimport-open"
                disabled={mode.kind === 'busy'}
                title="Read the file again, with other options if you choose them; its events are replaced"
                onClick={() => setMode({ kind: 'reimport', choice: choiceOf(source) })}
              >
                Re-import…
              </button>
              <button type="button" className="button small" data-testid="source-remove" disabled={mode.kind === 'busy'} onClick={() => setMode({ kind: 'confirm-remove' })}>
                Remove…
              </button>
            </>
          )}
          {mode.kind === 'busy' && <span className="dim">{mode.doing}</span>}
        </div>
      )}
      {message && (
        <div className={message.error ? 'source-message error' : 'source-message dim'} data-testid="source-message" role={message.error ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
    </li>
  );
}
