// Words and numbers for a running import: what the progress bar's caption says. Pure, so the
// rounding and the "time left" wording are unit-tested rather than eyeballed.
import type { ImportProgress } from '../../../shared/api.js';
import { formatBytes, groupDigits } from './format.js';

/** 0..1, or null when the total is unknown (a bar without a value is indeterminate). */
export function fraction(done: number, total: number): number | null {
  if (!(total > 0)) return null;
  return Math.min(1, Math.max(0, done / total));
}

export function formatPercent(f: number | null): string {
  if (f === null) return '';
  // Floor, so 99.6% never reads "100%" while work is left.
  return `${Math.floor(f * 100)}%`;
}

/** `14.2 MB/s`; empty until there is a rate worth showing. */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '';
  const mb = bytesPerSecond / (1024 * 1024);
  if (mb >= 100) return `${Math.round(mb)} MB/s`;
  if (mb >= 0.1) return `${mb.toFixed(1)} MB/s`;
  return `${Math.max(1, Math.round(bytesPerSecond / 1024))} KB/s`;
}

/**
 * "about 2 min left". Rounded coarsely on purpose: an ETA that changes every tick by a second
 * or two reads as noise, not information.
 */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '';
  const s = ms / 1000;
  if (s < 1) return 'less than a second left';
  if (s < 60) return `${Math.ceil(s)} s left`;
  const min = s / 60;
  if (min < 60) return `about ${Math.round(min)} min left`;
  const h = Math.floor(min / 60);
  const restMin = Math.round(min - h * 60);
  return restMin === 0 ? `about ${h} h left` : `about ${h} h ${restMin} min left`;
}

export const plural = (n: number, one: string, many: string) => `${groupDigits(n)} ${n === 1 ? one : many}`;

/** The facts line under a parsing import's bar, parts that have nothing to say left out. */
export function progressParts(p: ImportProgress): string[] {
  const parts = [
    p.total_bytes > 0 ? `${formatBytes(p.bytes)} of ${formatBytes(p.total_bytes)}` : formatBytes(p.bytes),
    plural(p.lines, 'line', 'lines'),
    plural(p.events, 'event', 'events'),
  ];
  if (p.bad > 0) parts.push(plural(p.bad, 'bad line', 'bad lines'));
  const rate = formatRate(p.bytes_per_s);
  if (rate) parts.push(rate);
  const eta = p.state === 'running' ? formatEta(p.eta_ms) : '';
  if (eta) parts.push(eta);
  return parts;
}

/** Rate and time left measured here, for the upload (the server reports neither for it). */
export function estimate(done: number, total: number, elapsedMs: number): { bytesPerSecond: number; etaMs: number | null } {
  // Under a quarter second the rate is dominated by the first request's latency.
  if (elapsedMs < 250 || done <= 0) return { bytesPerSecond: 0, etaMs: null };
  const bytesPerSecond = (done / elapsedMs) * 1000;
  return { bytesPerSecond, etaMs: (Math.max(0, total - done) / bytesPerSecond) * 1000 };
}

export function uploadParts(sent: number, total: number, elapsedMs: number): string[] {
  const { bytesPerSecond, etaMs } = estimate(sent, total, elapsedMs);
  const parts = [`${formatBytes(sent)} of ${formatBytes(total)} sent`];
  const rate = formatRate(bytesPerSecond);
  if (rate) parts.push(rate);
  const eta = formatEta(etaMs);
  if (eta) parts.push(eta);
  return parts;
}

/** "Cancelled — 1,204 events kept". */
export function cancelledText(kept: number): string {
  return `Cancelled — ${plural(kept, 'event', 'events')} kept`;
}
