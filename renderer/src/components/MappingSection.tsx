// The field mapping a JSON-lines or CSV import used, and a form to correct it. Detection
// guesses from names; when it guesses wrong (a "ts" that is not the time, a session id under a
// name we do not know), the user fixes it here and the source is read again.
import { useId, useState, type FormEvent } from 'react';
import type { ImportSummary } from '../../../shared/api.js';
import type { ReimportInput } from '../hooks/useImport.js';
import { isImportFormat } from '../lib/import-options.js';
import {
  addField,
  initMappingForm,
  isDirty,
  mappingProblems,
  removeField,
  setFieldValue,
  toFieldMapping,
  unmappedFields,
  type MappableField,
  type MappingForm,
} from '../lib/mapping-form.js';
import { CloseIcon } from './icons.js';

interface Props {
  summary: ImportSummary;
  mapping: Record<string, string>;
  onReimport(input: ReimportInput): void;
}

/** Formats whose importer reads field names the user can point elsewhere. */
const EDITABLE_FORMATS: ReadonlySet<string> = new Set(['jsonl', 'csv']);

export function MappingSection({ summary, mapping, onReimport }: Props) {
  const pairs = <MappingPairs mapping={mapping} />;
  // The line is cut to one row; the tooltip has all of it.
  const full = Object.entries(mapping)
    .map(([ours, theirs]) => `${ours} → ${theirs}`)
    .join(', ');
  // An access log's mapping comes from its log format string; it is shown, but changed there.
  if (!EDITABLE_FORMATS.has(summary.format)) {
    return (
      <div className="mapping" data-testid="mapping" title={full}>
        {pairs}
      </div>
    );
  }
  return (
    <details className="mapping" data-testid="mapping">
      <summary title={full}>{pairs}</summary>
      <MappingEditor
        initial={mapping}
        onSubmit={(fields) =>
          onReimport({ source_id: summary.source_id, ...(isImportFormat(summary.format) ? { format: summary.format } : {}), mapping: fields })
        }
      />
    </details>
  );
}

function MappingPairs({ mapping }: { mapping: Record<string, string> }) {
  const entries = Object.entries(mapping);
  return (
    <>
      <span className="mapping-label">Field mapping</span>{' '}
      <span className="mapping-list">
        {entries.length === 0
          ? 'none found'
          : entries.map(([ours, theirs], i) => (
              <span key={ours} className="mapping-pair">
                {i > 0 && ', '}
                <span className="mono">{ours}</span> → <span className="mono">{theirs}</span>
              </span>
            ))}
      </span>
    </>
  );
}

function MappingEditor({ initial, onSubmit }: { initial: Record<string, string>; onSubmit(mapping: ReturnType<typeof toFieldMapping>): void }) {
  const [form, setForm] = useState<MappingForm>(() => initMappingForm(initial));
  const free = unmappedFields(form);
  const [adding, setAdding] = useState<MappableField | ''>('');
  // The row just added takes focus, so the user can type its name right away.
  const [added, setAdded] = useState<MappableField | null>(null);
  const id = useId();
  const problems = mappingProblems(form);
  const dirty = isDirty(form);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems.length === 0 && dirty) onSubmit(toFieldMapping(form));
  };
  const add = () => {
    if (adding === '') return;
    setForm((f) => addField(f, adding));
    setAdded(adding);
    setAdding('');
  };

  return (
    <form className="mapping-form" data-testid="mapping-form" onSubmit={submit}>
      <div className="mapping-grid">
        {form.rows.map((row) => (
          <div key={row.field} className="mapping-row">
            <label htmlFor={`${id}-${row.field}`} className="mono">
              {row.field}
            </label>
            <span className="dim" aria-hidden="true">
              →
            </span>
            <input
              id={`${id}-${row.field}`}
              className="text-input"
              value={row.value}
              placeholder="their field (leave empty to unmap)"
              spellCheck={false}
              autoFocus={row.field === added}
              onChange={(e) => {
                const value = e.target.value;
                setForm((f) => setFieldValue(f, row.field, value));
              }}
            />
            <button type="button" className="icon-button" aria-label={`Unmap ${row.field}`} title="Unmap" onClick={() => setForm((f) => removeField(f, row.field))}>
              <CloseIcon />
            </button>
          </div>
        ))}
      </div>
      <div className="mapping-actions">
        {free.length > 0 && (
          <>
            <select className="select" aria-label="Field to add" value={adding} onChange={(e) => setAdding(e.target.value === '' ? '' : (free.find((f) => f === e.target.value) ?? ''))}>
              <option value="">choose a field…</option>
              {free.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
            <button type="button" className="button small" onClick={add} disabled={adding === ''}>
              Add field
            </button>
          </>
        )}
        <span className="mapping-spacer" />
        <button type="submit" className="button small primary" disabled={!dirty || problems.length > 0}>
          Re-import with this mapping
        </button>
      </div>
      {problems.map((p) => (
        <div key={p} className="mapping-problem" role="alert">
          {p}
        </div>
      ))}
    </form>
  );
}
