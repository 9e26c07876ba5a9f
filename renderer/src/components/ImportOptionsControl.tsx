// How the next files are read, for when detection cannot know: a CSV that looks like text, an
// nginx log with a custom log_format. Collapsed by default because detection is usually right.
import { useCallback, useId, useRef, useState } from 'react';
import { useDismiss } from '../hooks/useDismiss.js';
import { IMPORT_FORMATS } from '../../../shared/api.js';
import { FORMAT_LABELS, isImportFormat, takesLogFormat, type ImportChoice } from '../lib/import-options.js';

interface Props {
  choice: ImportChoice;
  onChange(choice: ImportChoice): void;
}

export function ImportOptionsControl({ choice, onChange }: Props) {
  const id = useId();
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  // A popover is expected to close on a click elsewhere or Escape; <details> alone does neither.
  const close = useCallback(() => {
    if (ref.current) ref.current.open = false;
  }, []);
  useDismiss(open, ref, close);
  const custom = choice.format !== 'auto' || choice.logFormat.trim() !== '';
  return (
    <details ref={ref} className="import-options" data-testid="import-options" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="button" title="How the next files you open or drop are read">
        <span className="label-long">Import options</span>
        <span className="label-short">Options</span>
        {custom && <span className="import-options-badge">{choice.format === 'auto' ? 'log format' : choice.format}</span>}
      </summary>
      <div className="import-options-card">
        <label htmlFor={`${id}-format`}>Format</label>
        <select
          id={`${id}-format`}
          className="select"
          value={choice.format}
          onChange={(e) => {
            const format = e.target.value;
            if (isImportFormat(format)) onChange({ ...choice, format });
          }}
        >
          {IMPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-log-format`}>Log format</label>
        <input
          id={`${id}-log-format`}
          className="text-input mono"
          value={choice.logFormat}
          disabled={!takesLogFormat(choice.format)}
          spellCheck={false}
          placeholder={'$remote_addr - $remote_user [$time_local] "$request" $status …'}
          onChange={(e) => onChange({ ...choice, logFormat: e.target.value })}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className="import-options-hint dim">
          For access logs in a custom layout: paste the nginx <code>log_format</code> or Apache <code>LogFormat</code> string. Applies to the next
          files you open or drop.
        </p>
      </div>
    </details>
  );
}
