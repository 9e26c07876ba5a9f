// Whether times show in UTC. A context rather than a column dependency keeps the column
// definitions static, so toggling does not rebuild the table's models.
import { createContext, useContext } from 'react';
import { formatTime, formatUtcOffset } from './format.js';

export const UtcContext = createContext(false);

/** The date is dimmed so the eye runs down the clock times, which is what changes row to row. */
export function Time({ ms }: { ms: number }) {
  const utc = useContext(UtcContext);
  const text = formatTime(ms, utc);
  const space = text.indexOf(' ');
  return (
    <>
      <span className="date">{text.slice(0, space + 1)}</span>
      {text.slice(space + 1)}
    </>
  );
}

/** The time column's header: its label, then the zone times are shown in. */
export function TimeHeader({ label }: { label: string }) {
  const utc = useContext(UtcContext);
  return (
    <>
      {label} <span className="header-note">{utc ? 'UTC' : formatUtcOffset(Date.now())}</span>
    </>
  );
}
