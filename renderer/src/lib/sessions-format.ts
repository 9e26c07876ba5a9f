// Words for the session list and the timeline's header. Pure, no DOM, no Intl (fixed formats
// read the same on every machine and in every test).
import { groupDigits } from './format.js';

/** How long a session lasted, in the two largest units that matter: `350 ms`, `4.2 s`, `12 min 5 s`, `2 h 3 min`. */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const totalS = Math.floor(ms / 1_000);
  if (ms < 3_600_000) {
    const s = totalS % 60;
    return `${Math.floor(totalS / 60)} min${s === 0 ? '' : ` ${s} s`}`;
  }
  const totalMin = Math.floor(totalS / 60);
  const min = totalMin % 60;
  return `${groupDigits(Math.floor(totalMin / 60))} h${min === 0 ? '' : ` ${min} min`}`;
}

/** "1 session", "1,204 sessions"; `truncated`: the core had more than it sent. */
export function formatSessionCount(shown: number, truncated: boolean): string {
  const noun = shown === 1 ? 'session' : 'sessions';
  return truncated ? `The newest ${groupDigits(shown)} ${noun}` : `${groupDigits(shown)} ${noun}`;
}
