// Export of the current result: the core writes it (export.start). In browser mode it answers
// with a one-time link the browser downloads natively, streamed, never held in the page; in
// the desktop app it has asked where to save and written the file itself.
import { useCallback, useState } from 'react';
import type { Client } from '../api/client.js';
import type { ExportFormat, ExportRequest } from '../../../shared/export.js';
import { groupDigits } from '../lib/format.js';

export type ExportStatus = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'failed'; text: string };

/** Hands a URL to the browser's own download manager. */
function download(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

export function useExport(client: Client, current: () => Omit<ExportRequest, 'format'>) {
  const [status, setStatus] = useState<ExportStatus>({ kind: 'idle' });
  const run = useCallback(
    async (format: ExportFormat) => {
      setStatus({ kind: 'busy' });
      try {
        const r = await client.call('export.start', { ...current(), format });
        if (r.kind === 'download') {
          download(r.url, r.file_name);
          setStatus({ kind: 'done', text: `Downloading ${r.file_name}` });
        } else if (r.kind === 'saved') {
          setStatus({ kind: 'done', text: `Saved ${groupDigits(r.events)} events to ${r.path}` });
        } else {
          setStatus({ kind: 'idle' });
        }
      } catch (err) {
        setStatus({ kind: 'failed', text: `Export failed: ${err instanceof Error ? err.message : String(err)}` });
      }
    },
    [client, current],
  );
  return { status, run, clear: () => setStatus({ kind: 'idle' }) };
}
