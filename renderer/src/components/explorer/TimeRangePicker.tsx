// The explorer's time range: presets that stay relative to now, or a from/to typed in the zone
// the app shows times in (the UTC switch). A typed range that does not read as one says why
// under the inputs and changes nothing.
import { useContext, useEffect, useState, type FormEvent } from 'react';
import { RANGE_PRESETS, type RangePreset } from '../../lib/dashboard-range.js';
import { absoluteRange, formatTimeInput, type ExplorerRange } from '../../lib/explorer-range.js';
import { formatUtcOffset } from '../../lib/format.js';
import { UtcContext } from '../../lib/time-zone.js';
import { Segmented } from '../dashboard/ChartCard.js';

type Choice = RangePreset | 'custom';

/** Short names: the toolbar row has little room (the presets' own labels say "Last …"). */
const SHORT: Record<RangePreset, string> = { '15m': '15 min', '1h': '1 h', '24h': '24 h', '7d': '7 days', '30d': '30 days', all: 'All time' };

const CHOICES: readonly { id: Choice; label: string }[] = [...RANGE_PRESETS.map((p) => ({ id: p.id, label: SHORT[p.id] })), { id: 'custom', label: 'Custom' }];

interface Props {
  range: ExplorerRange | undefined;
  onChange(range: ExplorerRange | undefined): void;
}

const HOUR = 3_600_000;

export function TimeRangePicker({ range, onChange }: Props) {
  const utc = useContext(UtcContext);
  const absolute = range && !('preset' in range) ? range : undefined;
  const [editing, setEditing] = useState(false);
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [error, setError] = useState<string | null>(null);

  // The inputs show the range in force, in the zone shown, whenever either changes.
  const shownFrom = absolute?.from;
  const shownTo = absolute?.to;
  useEffect(() => {
    const now = Date.now();
    setFromText(formatTimeInput(shownFrom ?? now - HOUR, utc));
    setToText(formatTimeInput(shownTo ?? now, utc));
    setError(null);
  }, [shownFrom, shownTo, utc]);

  const choice: Choice = editing || absolute ? 'custom' : range && 'preset' in range ? range.preset : 'all';
  const choose = (id: Choice) => {
    setError(null);
    if (id === 'custom') return setEditing(true);
    setEditing(false);
    onChange(id === 'all' ? undefined : { preset: id });
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const read = absoluteRange(fromText, toText, utc);
    if ('error' in read) return setError(read.error);
    setError(null);
    setEditing(false);
    onChange(read.range);
  };

  return (
    <div className="range-picker" data-testid="range-picker">
      <Segmented<Choice> options={CHOICES} value={choice} onChange={choose} label="Time range" testId="range" />
      {choice === 'custom' && (
        <form className="range-custom" onSubmit={apply} noValidate>
          <label>
            From
            <input className="range-input" data-testid="range-from" value={fromText} onChange={(e) => setFromText(e.target.value)} spellCheck={false} aria-invalid={error?.startsWith('"From"') || undefined} />
          </label>
          <label>
            To
            <input className="range-input" data-testid="range-to" value={toText} onChange={(e) => setToText(e.target.value)} spellCheck={false} aria-invalid={error !== null && !error.startsWith('"From"') ? true : undefined} />
          </label>
          <span className="dim range-zone">{utc ? 'UTC' : formatUtcOffset(Date.now())}</span>
          <button type="submit" className="button" data-testid="range-apply">
            Apply
          </button>
          {error && (
            <span className="range-error" role="alert" data-testid="range-error">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
