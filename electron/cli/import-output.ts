// What `logbridge import` prints: a summary per file, and a progress line on a terminal.
import type { ImportProgress, ImportSummary } from '../../shared/api.js';
import type { Io } from './data-commands.js';

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function progressLine(p: ImportProgress): string {
  if (p.state !== 'running') return '';
  const pct = p.total_bytes > 0 ? Math.min(100, (p.bytes / p.total_bytes) * 100).toFixed(0) : '?';
  const eta = p.eta_ms === null ? '' : `, ${Math.ceil(p.eta_ms / 1000)} s left`;
  return `${p.name}: ${pct}% (${mb(p.bytes)} of ${mb(p.total_bytes)}, ${p.lines} lines, ${p.events} events, ${mb(p.bytes_per_s)}/s${eta})`;
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
  if (s.mapping) io.out(`  fields: ${Object.entries(s.mapping).map(([ours, theirs]) => `${ours}=${theirs}`).join(' ')}`);
  for (const n of s.notes ?? []) io.out(`  note: ${n}`);
  for (const e of s.errors) io.out(`  line ${e.line}: ${e.reason}`);
}
