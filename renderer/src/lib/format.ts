// Pure formatting for the table and the detail pane. No Intl here on purpose: these run for
// every visible cell on every scroll frame, and fixed formats keep columns aligned.

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** `2015-05-17 10:05:03.123` in local time, or in UTC when `utc` is set. */
export function formatTime(ms: number, utc: boolean): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const [y, mo, day, h, mi, s, milli] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  return `${y}-${pad2(mo)}-${pad2(day)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}.${pad3(milli)}`;
}

/** The local offset at that instant as `UTC+02:00`, for labelling local times. */
export function formatUtcOffset(ms: number): string {
  const offset = -new Date(ms).getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `UTC${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Thousands separated with commas, independent of the machine's locale. */
export function groupDigits(n: number): string {
  const [int = '', frac] = String(Math.abs(n)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/**
 * Duration in ms for a right-aligned column: sub-millisecond and small values keep a decimal
 * so fast calls do not all read "0"; larger ones are whole and grouped.
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms === 0) return '0';
  if (Math.abs(ms) < 1) return ms.toFixed(2);
  if (Math.abs(ms) < 10) return String(Math.round(ms * 10) / 10);
  return groupDigits(Math.round(ms));
}

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'other';

export function statusClass(status: number | undefined): StatusClass | null {
  if (status === undefined) return null;
  if (status >= 100 && status < 600) return `${Math.floor(status / 100)}xx` as StatusClass;
  return 'other';
}

/** "10,000 events", grouped like every number we show. `approximate`: the store estimated the total; it is shown as such, never as exact. */
export function formatMatchCount(total: number, approximate = false): string {
  return `${approximate ? '≈ ' : ''}${groupDigits(total)} ${total === 1 ? 'event' : 'events'}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
