// What a finished import did: counts, what the parser decided, and the first lines it could
// not read, so the user can tell a wrong format from a few broken lines.
import type { ImportSummary } from '../../../shared/api.js';
import type { ImportItem, ReimportInput } from '../hooks/useImport.js';
import { formatBytes, formatElapsed, groupDigits } from '../lib/format.js';
import { doneTone } from '../lib/import-state.js';
import { cancelledText } from '../lib/progress.js';
import { AlertIcon, CheckIcon } from './icons.js';
import { MappingSection } from './MappingSection.js';

interface Props {
  item: ImportItem;
  onReimport(input: ReimportInput): void;
}

export function ImportResult({ item, onReimport }: Props) {
  if (item.phase === 'failed') {
    return (
      <div className="import-item failed" data-testid="import-item" data-state="failed">
        <AlertIcon />
        <div className="import-body">
          <div className="import-title">
            Could not import <span className="file-name">{item.name}</span>
          </div>
          <div className="import-detail">{item.message}</div>
        </div>
      </div>
    );
  }
  if (item.phase === 'stopped') {
    return (
      <div className="import-item cancelled" data-testid="import-item" data-state="cancelled">
        <AlertIcon />
        <div className="import-title">
          {cancelledText(0)} · <span className="file-name">{item.name}</span>
          <span className="dim"> was not imported</span>
        </div>
      </div>
    );
  }
  if (item.phase !== 'done') return null;
  return <DoneImport summary={item.summary} onReimport={onReimport} />;
}

function DoneImport({ summary: s, onReimport }: { summary: ImportSummary; onReimport(input: ReimportInput): void }) {
  const tone = doneTone(s);
  return (
    <div className={`import-item ${tone === 'nothing' ? 'failed' : tone}`} data-testid="import-item" data-state={s.state} data-tone={tone}>
      {tone === 'ok' ? <CheckIcon /> : <AlertIcon />}
      <div className="import-body">
        <Headline summary={s} />
        {s.state === 'unchanged' && <div className="import-note">Already imported; nothing changed since.</div>}
        {s.resumed_from > 0 && (
          <div className="import-note">
            Read on from byte {groupDigits(s.resumed_from)} ({formatBytes(s.resumed_from)}): the file grew.
          </div>
        )}
        {s.notes && s.notes.length > 0 && (
          <ul className="import-notes" aria-label="Notes">
            {s.notes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        )}
        <BadLines summary={s} />
        {s.mapping && <MappingSection summary={s} mapping={s.mapping} onReimport={onReimport} />}
      </div>
    </div>
  );
}

function Headline({ summary: s }: { summary: ImportSummary }) {
  const facts = (
    <span className="dim">
      {' '}· {s.format} format · {formatBytes(s.bytes)}, {groupDigits(s.lines)} {s.lines === 1 ? 'line' : 'lines'} in {formatElapsed(s.elapsed_ms)}
    </span>
  );
  if (s.state === 'cancelled') {
    return (
      <div className="import-title">
        <strong>{cancelledText(s.imported)}</strong> from <span className="file-name">{s.name}</span>
        {facts}
      </div>
    );
  }
  if (doneTone(s) === 'nothing') {
    return (
      <div className="import-title">
        <strong>Nothing imported</strong> from <span className="file-name">{s.name}</span>
        {s.skipped > 0 ? `: all ${groupDigits(s.skipped)} lines read were bad as ${s.format}; pick another format in Import options` : `: it holds no events the ${s.format} format reads`}
        {facts}
      </div>
    );
  }
  return (
    <div className="import-title">
      Imported <strong>{groupDigits(s.imported)}</strong> {s.imported === 1 ? 'event' : 'events'} from <span className="file-name">{s.name}</span>
      {', '}skipped <strong>{groupDigits(s.skipped)}</strong>
      {s.truncated > 0 && (
        <>
          {', '}cut <strong>{groupDigits(s.truncated)}</strong> lines over 1 MiB
        </>
      )}
      {facts}
    </div>
  );
}

function BadLines({ summary: s }: { summary: ImportSummary }) {
  const more = s.skipped - s.errors.length;
  return (
    <>
      {s.errors.length > 0 && (
        <table className="import-errors" aria-label="Lines that could not be read">
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
      {more > 0 && <div className="dim">and {groupDigits(more)} more skipped lines</div>}
    </>
  );
}
