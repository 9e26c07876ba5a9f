// Every import the user started in this window: running ones with their progress and a
// Cancel button, finished ones with what they did.
import type { ImportItem, ReimportInput } from '../hooks/useImport.js';
import { isRunning } from '../lib/import-state.js';
import { CloseIcon } from './icons.js';
import { ImportResult } from './ImportResult.js';
import { RunningImport } from './RunningImport.js';

interface Props {
  items: ImportItem[];
  onDismiss(): void;
  onCancel(key: number): void;
  onReimport(key: number, input: ReimportInput): void;
}

export function ImportPanel({ items, onDismiss, onCancel, onReimport }: Props) {
  if (items.length === 0) return null;
  const busy = items.some(isRunning);
  return (
    <section className="import-panel" data-testid="import-summary" aria-label="Imports">
      <div className="import-items">
        {items.map((item) =>
          isRunning(item) ? (
            <RunningImport key={item.key} item={item} onCancel={() => onCancel(item.key)} />
          ) : (
            <ImportResult key={item.key} item={item} onReimport={(input) => onReimport(item.key, input)} />
          ),
        )}
      </div>
      <button type="button" className="icon-button" onClick={onDismiss} disabled={busy} aria-label="Dismiss import results" title="Dismiss (Esc)">
        <CloseIcon />
      </button>
    </section>
  );
}
