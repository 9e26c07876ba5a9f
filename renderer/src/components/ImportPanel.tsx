// What an import did: counts, and the first lines that could not be read, so the user can
// tell a wrong format from a few broken lines.
import type { ImportItem } from '../hooks/useImport.js';
import { formatBytes, formatElapsed } from '../lib/format.js';
import { AlertIcon, CheckIcon, CloseIcon } from './icons.js';

export function ImportPanel({ items, onDismiss }: { items: ImportItem[]; onDismiss(): void }) {
  if (items.length === 0) return null;
  const busy = items.some((it) => it.phase !== 'done' && it.phase !== 'failed');
  return (
    <section className="import-panel" data-testid="import-summary" aria-label="Import results" aria-live="polite">
      <div className="import-items">
        {items.map((item) => (
          <ImportRow key={item.key} item={item} />
        ))}
      </div>
      <button type="button" className="icon-button" onClick={onDismiss} disabled={busy} aria-label="Dismiss import results" title="Dismiss (Esc)">
        <CloseIcon />
      </button>
    </section>
  );
}

function ImportRow({ item }: { item: ImportItem }) {
  if (item.phase === 'failed') {
    return (
      <div className="import-item failed">
        <AlertIcon />
        <div>
          <div className="import-title">
            Could not import <span className="file-name">{item.name}</span>
          </div>
          <div className="import-detail">{item.message}</div>
        </div>
      </div>
    );
  }
  if (item.phase !== 'done') {
    const label = item.phase === 'waiting' ? 'Waiting' : item.phase === 'reading' ? 'Reading' : 'Importing';
    return (
      <div className="import-item working">
        <span className="spinner" aria-hidden="true" />
        <div className="import-title">
          {label} <span className="file-name">{item.name}</span> <span className="dim">({formatBytes(item.size)})</span>
        </div>
      </div>
    );
  }
  const s = item.summary;
  const more = s.skipped - s.errors.length;
  return (
    <div className={`import-item ${s.skipped > 0 ? 'partial' : 'ok'}`}>
      {s.skipped > 0 ? <AlertIcon /> : <CheckIcon />}
      <div className="import-body">
        <div className="import-title">
          Imported <strong>{s.imported}</strong> {s.imported === 1 ? 'event' : 'events'} from <span className="file-name">{s.name}</span>
          {', '}skipped <strong>{s.skipped}</strong>
          {s.truncated > 0 && <>{', '}cut <strong>{s.truncated}</strong> lines over 1 MiB</>}
          <span className="dim">
            {' '}· {s.format} format · {formatElapsed(s.elapsed_ms)}
          </span>
        </div>
        {s.errors.length > 0 && (
          <table className="import-errors">
            <tbody>
              {s.errors.map((err, i) => (
                <tr key={`${err.line}:${i}`}>
                  <td className="import-line">line {err.line}</td>
                  <td className="import-reason" title={err.reason}>
                    {err.reason}
                  </td>
                  <td className="import-text" title={err.text}>
                    {err.text}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {more > 0 && <div className="dim">and {more} more skipped lines</div>}
      </div>
    </div>
  );
}
