// The explorer toolbar's "Export" menu: the current result as CSV, JSON lines or HAR, written
// by the core (hooks/useExport.ts) so a million rows never pass through the page.
import { useCallback, useRef, useState } from 'react';
import { EXPORT_FORMATS, EXPORT_FORMAT_LABELS, type ExportFormat } from '../../../shared/export.js';
import type { ExportStatus } from '../hooks/useExport.js';
import { useDismiss } from '../hooks/useDismiss.js';
import { DownloadIcon } from './icons.js';

interface Props {
  status: ExportStatus;
  onExport(format: ExportFormat): void;
  /** No rows: there is nothing to export. */
  empty: boolean;
}

export function ExportMenu({ status, onExport, empty }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, ref, close);
  return (
    <div ref={ref} className="menu export-menu">
      <button type="button" className={`button${open ? ' on' : ''}`} aria-expanded={open} aria-haspopup="true" data-testid="export-button" title="Export the current result" aria-label="Export" onClick={() => setOpen(!open)}>
        <DownloadIcon />
        <span className="button-label">{status.kind === 'busy' ? 'Exporting…' : 'Export'}</span>
      </button>
      {open && (
        <div className="menu-card" data-testid="export-menu">
          {empty ? (
            <p className="menu-empty">Nothing to export: no event matches this search. Change the search or open a log file.</p>
          ) : (
            <ul className="export-list">
              {EXPORT_FORMATS.map((f) => (
                <li key={f}>
                  <button type="button" className="button" data-testid={`export-${f}`} disabled={status.kind === 'busy'} onClick={() => onExport(f)}>
                    {EXPORT_FORMAT_LABELS[f]}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {status.kind === 'done' && <p className="menu-note" aria-live="polite" data-testid="export-status">{status.text}</p>}
          {status.kind === 'failed' && <p className="menu-error" role="alert" data-testid="export-status">{status.text}</p>}
        </div>
      )}
    </div>
  );
}
