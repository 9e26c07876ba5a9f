// What `logbridge import` prints: a result per file, and a progress line on a terminal. Every
// line a file's result prints starts with that file's path as typed (compilers' `file:line:`
// way), so output of a folder import can be grepped and no line is about "some file".
import type { ImportProgress, ImportSummary } from '../../shared/api.js';
import type { Io } from './core-call.js';

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function progressLine(p: ImportProgress): string {
  if (p.state !== 'running') return '';
  const pct = p.total_bytes > 0 ? Math.min(100, (p.bytes / p.total_bytes) * 100).toFixed(0) : '?';
  const eta = p.eta_ms === null ? '' : `, ${Math.ceil(p.eta_ms / 1000)} s left`;
  return `${p.name}: ${pct}% (${mb(p.bytes)} of ${mb(p.total_bytes)}, ${p.lines} lines, ${p.events} events, ${mb(p.bytes_per_s)}/s${eta})`;
}

/** What became of one file named (or found in a folder named) on the command line. */
export type FileOutcome =
  | { kind: 'read'; summary: ImportSummary }
  | { kind: 'failed'; error: string }
  | { kind: 'empty' };

/**
 * Why a file that had something to read gave no events, or null when it gave some or rightly
 * read nothing (unchanged since the last import, nothing new since it grew, cancelled).
 */
export function nothingImported(s: ImportSummary): string | null {
  if (s.state !== 'done' || s.imported > 0 || s.bytes === 0) return null;
  const from = s.resumed_from > 0 ? `the ${s.bytes} bytes added since byte ${s.resumed_from}` : 'it';
  if (s.skipped > 0) {
    return `nothing imported: all ${s.skipped} lines read from ${from} were bad (read as ${s.format}); if that is the wrong format, name another with --format.`;
  }
  return `nothing imported: ${from} holds no events that the ${s.format} format reads.`;
}

export const emptyMessage = (file: string) => `${file} is empty: nothing to import.`;

/** The failure message of an outcome that counts against the exit status, or null. */
export function failureOf(outcome: FileOutcome, emptyFails: boolean, file: string): string | null {
  if (outcome.kind === 'failed') return outcome.error;
  if (outcome.kind === 'empty') return emptyFails ? emptyMessage(file) : null;
  const why = nothingImported(outcome.summary);
  return why === null ? null : `${file}: ${why}`;
}

/** One JSON object per file: always its path, whether it counts as imported, and why not. */
export function outcomeJson(file: string, outcome: FileOutcome, failure: string | null): Record<string, unknown> {
  const status = failure === null ? { ok: true } : { ok: false, error: failure };
  if (outcome.kind === 'read') return { file, ...status, ...outcome.summary };
  if (outcome.kind === 'empty') return { file, ...status, state: 'empty', ...(failure === null ? { note: emptyMessage(file) } : {}) };
  return { file, ...status, state: 'failed' };
}

export function printSummary(file: string, s: ImportSummary, io: Io): void {
  if (s.state === 'unchanged') {
    io.out(`${file}: already imported and unchanged since (${s.format}); nothing read.`);
    return;
  }
  const verb = s.state === 'cancelled' ? 'cancelled after importing' : 'imported';
  const resumed = s.resumed_from > 0 ? ` (read on from byte ${s.resumed_from}: the file grew)` : '';
  io.out(
    `${file}: ${verb} ${s.imported} events (${s.format}) in ${(s.elapsed_ms / 1000).toFixed(1)} s${resumed}; skipped ${s.skipped} bad lines` +
      (s.truncated > 0 ? `; cut ${s.truncated} lines longer than 1 MiB.` : '.'),
  );
  if (s.mapping) io.out(`${file}: fields: ${Object.entries(s.mapping).map(([ours, theirs]) => `${ours}=${theirs}`).join(' ')}`);
  for (const n of s.notes ?? []) io.out(`${file}: note: ${n}`);
  for (const e of s.errors) io.out(`${file}:${e.line}: ${e.reason}`);
  const unshown = s.skipped - s.errors.length;
  if (unshown > 0 && s.errors.length > 0) io.out(`${file}: ${unshown} more bad lines not shown.`);
}

/** The closing line of a run where some files failed: how many, and which. */
export function failedFilesLine(failed: readonly string[], total: number): string {
  const shown = failed.slice(0, 5).join(', ');
  const more = failed.length > 5 ? ` and ${failed.length - 5} more` : '';
  return `${failed.length} of ${total} files could not be imported: ${shown}${more}.`;
}
