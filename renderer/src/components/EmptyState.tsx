import { UploadIcon } from './icons.js';

interface Props {
  query: string;
  collectorUrl: string | null;
  onOpenFile(): void;
}

export function EmptyState({ query, collectorUrl, onOpenFile }: Props) {
  if (query.trim() !== '') {
    return (
      <div className="empty">
        <div className="empty-title">No events match this search</div>
        <div className="dim">
          Nothing matches <code>{query}</code>. Try fewer terms, or a wildcard such as <code>route:/api/*</code>.
        </div>
      </div>
    );
  }
  return (
    <div className="empty">
      <div className="empty-title">No events yet</div>
      <div className="dim">Open an access log, or drop a file anywhere on this window.</div>
      <button type="button" className="button primary" onClick={onOpenFile}>
        <UploadIcon />
        Open file
      </button>
      {collectorUrl && (
        <div className="dim">
          Or send events from your app to <code>{collectorUrl}</code>
        </div>
      )}
    </div>
  );
}
