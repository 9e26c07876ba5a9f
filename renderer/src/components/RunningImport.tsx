// One import still under way: waiting its turn, uploading, or being read by the core. The
// bar shows bytes sent while uploading, then bytes the core has read.
import type { ImportItem } from '../hooks/useImport.js';
import { formatBytes } from '../lib/format.js';
import { formatPercent, fraction, progressParts, uploadParts } from '../lib/progress.js';

interface Props {
  item: ImportItem;
  onCancel(): void;
}

interface View {
  label: string;
  value: number | null;
  max: number;
  facts: string[];
  cancelling: boolean;
}

function viewOf(item: ImportItem): View | null {
  switch (item.phase) {
    case 'waiting':
      return { label: 'Waiting', value: null, max: 1, facts: [formatBytes(item.size)], cancelling: false };
    case 'uploading':
      return {
        label: 'Uploading',
        value: item.sent,
        max: Math.max(1, item.size),
        facts: uploadParts(item.sent, item.size, item.elapsedMs),
        cancelling: item.cancelRequested,
      };
    case 'parsing': {
      const p = item.progress;
      if (!p) return { label: 'Starting import of', value: null, max: 1, facts: [formatBytes(item.size)], cancelling: item.cancelRequested };
      return {
        label: p.state === 'running' ? 'Importing' : 'Finishing',
        value: p.total_bytes > 0 ? Math.min(p.bytes, p.total_bytes) : null,
        max: Math.max(1, p.total_bytes),
        facts: progressParts(p),
        cancelling: item.cancelRequested,
      };
    }
    default:
      return null;
  }
}

export function RunningImport({ item, onCancel }: Props) {
  const view = viewOf(item);
  if (!view) return null;
  const percent = view.value === null ? '' : formatPercent(fraction(view.value, view.max));
  return (
    <div className="import-item working" data-testid="import-item" data-state={item.phase}>
      <span className={item.phase === 'waiting' ? 'spinner idle' : 'spinner'} aria-hidden="true" />
      <div className="import-body">
        <div className="import-title">
          {view.cancelling ? 'Cancelling' : view.label} <span className="file-name">{item.name}</span>
          {percent && <span className="dim"> · {percent}</span>}
        </div>
        <div className="import-bar-row">
          {/* A queued file gets no bar: a row of empty bars reads as stalled work. */}
          {item.phase !== 'waiting' && (
            <progress
              className="import-bar"
              data-testid="import-progress"
              data-phase={item.phase}
              aria-label={`${view.label} ${item.name}`}
              max={view.max}
              // No value makes the bar indeterminate: the core has not said how far it got yet.
              {...(view.value === null ? {} : { value: view.value })}
            />
          )}
          <button
            type="button"
            className="button small"
            data-testid="import-cancel"
            onClick={onCancel}
            disabled={view.cancelling}
            aria-label={`Cancel importing ${item.name}`}
          >
            {view.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
        <div className="import-facts dim" data-testid="import-facts">
          {view.facts.join(' · ')}
        </div>
      </div>
    </div>
  );
}
