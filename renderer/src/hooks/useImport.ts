// Importing files the user opened or dropped, and re-importing a source with a corrected
// mapping. Jobs run one at a time, in the order given, so several files dropped together land
// in the timeline one after another and never compete for the core's single writer.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CallInput, ImportOptions } from '../../../shared/api.js';
import { isCallFailed, type CallFailed, type Client } from '../api/client.js';
import { importReducer, isRunning, type ImportItem } from '../lib/import-state.js';
import { DEFAULT_IMPORT_CHOICE, toUploadOptions, type ImportChoice } from '../lib/import-options.js';
import { uploadFile } from '../lib/upload.js';

export type { ImportItem } from '../lib/import-state.js';
export type { ImportChoice } from '../lib/import-options.js';

export type ReimportInput = CallInput<'sources.reimport'>;

type Job =
  | { kind: 'upload'; key: number; file: File; options: Pick<ImportOptions, 'format' | 'log_format'> }
  | { kind: 'reimport'; key: number; input: ReimportInput };

export interface Importer {
  items: ImportItem[];
  busy: boolean;
  choice: ImportChoice;
  setChoice(choice: ImportChoice): void;
  importFiles(files: readonly File[]): void;
  cancel(key: number): void;
  reimport(key: number, input: ReimportInput): void;
  dismiss(): void;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useImport(client: Client, onImported: () => void, onFatal: (err: CallFailed) => void): Importer {
  const [items, dispatch] = useReducer(importReducer, []);
  const [choice, setChoice] = useState<ImportChoice>(DEFAULT_IMPORT_CHOICE);
  const queue = useRef<Job[]>([]);
  const running = useRef(false);
  const nextKey = useRef(1);
  // Read by the upload loop between pieces, which cannot wait for a render to see a click.
  const stopRequested = useRef(new Set<number>());
  const cancelSent = useRef(new Set<string>());
  // Jobs whose summary arrived. The summary (an RPC answer) and the job's last progress message
  // (a push) travel separately, so the message can come second; it must not attach to the next
  // import of a file with the same name once the finished row is gone from the panel.
  const finishedJobs = useRef(new Set<string>());
  const latestOnImported = useRef(onImported);
  latestOnImported.current = onImported;
  const choiceRef = useRef(choice);
  choiceRef.current = choice;

  const fail = useCallback(
    (key: number, err: unknown) => {
      if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
      dispatch({ type: 'failed', key, message: messageOf(err) });
    },
    [onFatal],
  );

  const runJob = useCallback(
    async (job: Job) => {
      const { key } = job;
      if (job.kind === 'reimport') {
        dispatch({ type: 'finalizing', key });
        const summary = await client.call('sources.reimport', job.input);
        finishedJobs.current.add(summary.job_id);
        dispatch({ type: 'finished', key, summary });
        return;
      }
      dispatch({ type: 'upload-started', key });
      const started = performance.now();
      const summary = await uploadFile(client, job.file, job.options, {
        onSent: (bytes) => dispatch({ type: 'sent', key, bytes, elapsedMs: performance.now() - started }),
        onFinalizing: () => dispatch({ type: 'finalizing', key }),
        shouldStop: () => stopRequested.current.has(key),
      });
      if (summary) finishedJobs.current.add(summary.job_id);
      dispatch(summary ? { type: 'finished', key, summary } : { type: 'stopped', key });
    },
    [client],
  );

  const drain = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let job = queue.current.shift(); job; job = queue.current.shift()) {
        if (stopRequested.current.has(job.key)) continue;
        try {
          await runJob(job);
          // Refresh after a cancelled import too: what it committed stays and is searchable.
          latestOnImported.current();
        } catch (err) {
          fail(job.key, err);
        }
      }
    } finally {
      running.current = false;
    }
  }, [runJob, fail]);

  useEffect(
    () =>
      client.subscribe('import.progress', (progress) => {
        if (!finishedJobs.current.has(progress.job_id)) dispatch({ type: 'progress', progress });
      }),
    [client],
  );

  // A cancel clicked before the core named the job waits here until the first progress
  // message brings the job id.
  useEffect(() => {
    for (const it of items) {
      if (it.phase !== 'parsing' || !it.cancelRequested || it.jobId === null || cancelSent.current.has(it.jobId)) continue;
      const { key, jobId } = it;
      cancelSent.current.add(jobId);
      client.call('import.cancel', { job_id: jobId }).then(
        ({ cancelled }) => {
          // Not cancelled means it had already finished; its summary is on the way.
          if (!cancelled) dispatch({ type: 'cancel-refused', key });
        },
        (err: unknown) => {
          if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
          cancelSent.current.delete(jobId);
          dispatch({ type: 'cancel-refused', key });
        },
      );
    }
  }, [items, client, onFatal]);

  const importFiles = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return;
      const options = toUploadOptions(choiceRef.current);
      const jobs = files.map((file) => ({ kind: 'upload' as const, key: nextKey.current++, file, options }));
      queue.current.push(...jobs);
      dispatch({ type: 'queued', items: jobs.map(({ key, file }) => ({ key, name: file.name, size: file.size })) });
      void drain();
    },
    [drain],
  );

  const reimport = useCallback(
    (key: number, input: ReimportInput) => {
      stopRequested.current.delete(key);
      queue.current.push({ kind: 'reimport', key, input });
      dispatch({ type: 'reimport-queued', key });
      void drain();
    },
    [drain],
  );

  const cancel = useCallback((key: number) => {
    stopRequested.current.add(key);
    dispatch({ type: 'cancel-requested', key });
  }, []);

  const dismiss = useCallback(() => dispatch({ type: 'dismiss' }), []);

  return { items, busy: items.some(isRunning), choice, setChoice, importFiles, cancel, reimport, dismiss };
}
