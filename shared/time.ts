// Reading a time written as ISO 8601 or epoch ms. Used by the search language (parser and SQL
// compiler) and by the collector's timestamp check, so both read the same text the same way.

/**
 * A time value covers an interval whose width is the precision it was written with:
 * `2015-05-17` is the whole day, `2015-05-17T10:00` the whole minute, epoch ms one millisecond.
 * That lets `time:2015-05-17` mean "on that day" and `time<=2015-05-17` include the whole day,
 * the way Elasticsearch rounds date math.
 */
export interface TimeRange {
  /** First epoch ms inside the interval. */
  start: number;
  /** First epoch ms after the interval. */
  end: number;
}

const ISO =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?$/i;

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Parses ISO 8601 (`2015-05-17T10:00:00Z`, `2015-05-17T10:00:00.123+02:00`, `2015-05-17`,
 * `2015-05`) or epoch milliseconds (`1431856800000`). Returns null when the text is neither.
 * Without an offset the time is read as UTC, not the machine's zone, so the same query gives the
 * same answer on every machine and in the CLI; the stored times are UTC too.
 */
export function parseTimeValue(text: string): TimeRange | null {
  if (/^\d{1,16}$/.test(text)) {
    const ms = Number(text);
    return { start: ms, end: ms + 1 };
  }
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo) - 1;
  if (month < 0 || month > 11) return null;
  if (d === undefined) {
    return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  }
  const day = Number(d);
  // Date.UTC rolls 2015-02-30 over into March; reject it instead of searching the wrong day.
  if (day < 1 || day > new Date(Date.UTC(year, month + 1, 0)).getUTCDate()) return null;
  const midnight = Date.UTC(year, month, day);
  if (h === undefined || mi === undefined) return { start: midnight, end: midnight + DAY };

  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offset = zone === undefined ? 0 : zoneOffsetMs(zone);
  if (offset === null) return null;
  // Digits past milliseconds cannot be stored, so they only narrow the interval to one ms.
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const start = midnight + hour * 3_600_000 + minute * MINUTE + second * 1000 + ms - offset;
  const width = frac !== undefined ? 1 : s !== undefined ? 1000 : MINUTE;
  return { start, end: start + width };
}

function zoneOffsetMs(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 23 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * MINUTE;
}
