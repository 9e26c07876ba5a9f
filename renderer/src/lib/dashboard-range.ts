// The dashboard's time range: a few presets ending now, or everything. Pure: `now` is given.
import type { Range } from './dashboard-query.js';

export const RANGE_PRESETS = [
  { id: '15m', label: 'Last 15 min', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 h', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
  { id: 'all', label: 'All time', ms: null },
] as const;

export type RangePreset = (typeof RANGE_PRESETS)[number]['id'];
export const DEFAULT_RANGE: RangePreset = 'all';

/**
 * The preset as a range ending just after `now` (closed, so the charts' time axis spans the
 * whole window even where it holds no events); undefined for everything.
 */
export function rangeFor(preset: RangePreset, now: number): Range | undefined {
  const def = RANGE_PRESETS.find((p) => p.id === preset);
  if (!def || def.ms === null) return undefined;
  return { from: now - def.ms, to: now + 1 };
}

/** How many minutes after a call the bridge chart looks for the session's end. */
export const BRIDGE_WINDOWS = [1, 5, 15, 60] as const;
export type BridgeWindow = (typeof BRIDGE_WINDOWS)[number];
export const DEFAULT_BRIDGE_WINDOW: BridgeWindow = 5;
