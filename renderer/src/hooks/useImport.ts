// Importing files the user opened or dropped. Files go one at a time: each is read fully
// into memory to cross the boundary, and two large ones at once would double the peak.
import { useCallback, useRef, useState } from 'react';
import { MAX_UPLOAD_CHARS, type ImportSummary } from '../../../shared/api.js';
import { isCallFailed, type CallFailed, type Client } from '../api/client.js';

export type ImportItem =
  | { key: number; name: string; size: number; phase: 'waiting' | 'reading' | 'importing' }
  | { key: number; name: string; size: number; phase: 'done'; summary: ImportSummary }
  | { key: number; name: string; size: number; phase: 'failed'; message: string };

export interface Importer {
  items: ImportItem[];
  busy: boolean;
  importFiles(files: readonly File[]): void;
  dismiss(): void;
}

export function useImport(client: Client, onImported: () => void, onFatal: (err: CallFailed) => void): Importer {
  const [items, setItems] = useState<ImportItem[]>([]);
  const queue = useRef<Array<{ key: number; file: File }>>([]);
  const running = useRef(false);
  const nextKey = useRef(1);
  const latestOnImported = useRef(onImported);
  latestOnImported.current = onImported;

  const update = (key: number, item: ImportItem) => setItems((all) => all.map((it) => (it.key === key ? item : it)));

  const drain = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let job = queue.current.shift(); job; job = queue.current.shift()) {
        const { key, file } = job;
        const base = { key, name: file.name, size: file.size };
        if (file.size > MAX_UPLOAD_CHARS) {
          update(key, { ...base, phase: 'failed', message: 'This file is larger than 512 MB; import it with `logbridge import`.' });
          continue;
        }
        try {
          update(key, { ...base, phase: 'reading' });
          const content = await file.text();
          update(key, { ...base, phase: 'importing' });
          const summary = await client.call('import.file', { name: file.name, content });
          update(key, { ...base, phase: 'done', summary });
          latestOnImported.current();
        } catch (err) {
          if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
          const message = err instanceof Error ? err.message : String(err);
          update(key, { ...base, phase: 'failed', message });
        }
      }
    } finally {
      running.current = false;
    }
  }, [client, onFatal]);

  const importFiles = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return;
      const jobs = files.map((file) => ({ key: nextKey.current++, file }));
      queue.current.push(...jobs);
      setItems((all) => [
        // A new batch replaces finished results so the panel shows what the user just did.
        ...all.filter((it) => it.phase !== 'done' && it.phase !== 'failed'),
        ...jobs.map(({ key, file }): ImportItem => ({ key, name: file.name, size: file.size, phase: 'waiting' })),
      ]);
      void drain();
    },
    [drain],
  );

  const dismiss = useCallback(() => {
    setItems((all) => all.filter((it) => it.phase !== 'done' && it.phase !== 'failed'));
  }, []);

  const busy = items.some((it) => it.phase !== 'done' && it.phase !== 'failed');
  return { items, busy, importFiles, dismiss };
}
