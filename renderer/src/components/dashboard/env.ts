// What every dashboard chart reads: the client, the search and range its call is narrowed by,
// the refresh tick, the time zone, the palette, and how to drill down. One context instead of
// the same seven props on every chart.
import { createContext, useContext, useEffect, useState } from 'react';
import { onThemeChange } from '../../lib/theme.js';
import type { CallFailed, Client } from '../../api/client.js';
import { FALLBACK_PALETTE, type ChartPalette } from '../../lib/chart-base.js';
import type { DrillTerm, Range } from '../../lib/dashboard-query.js';

export interface DashboardEnv {
  client: Client;
  /** The user's search, as typed. */
  query: string;
  range: Range | undefined;
  /** Changes when the charts should ask again (new events, a range preset re-applied). */
  refresh: number;
  utc: boolean;
  palette: ChartPalette;
  onFatal(err: CallFailed): void;
  /** Opens the explorer on the user's search, the range and these terms. */
  drill(terms: DrillTerm[]): void;
}

export const DashboardEnvContext = createContext<DashboardEnv | null>(null);

export function useDashboardEnv(): DashboardEnv {
  const env = useContext(DashboardEnvContext);
  if (!env) throw new Error('a dashboard chart is used outside the dashboard');
  return env;
}

/** The theme's colours as the charts need them (styles/theme.css), light or dark as shown now. */
export function readPalette(root: Element): ChartPalette {
  const css = getComputedStyle(root);
  const get = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const p = FALLBACK_PALETTE;
  const accent = get('--accent', p.accent);
  const user = get('--kind-user', p.user);
  const ok = get('--ok', p.ok);
  const clientError = get('--client-error', p.clientError);
  const serverError = get('--server-error', p.serverError);
  const redirect = get('--redirect', p.redirect);
  const log = get('--kind-log', p.log);
  return {
    text: get('--text', p.text),
    textDim: get('--text-dim', p.textDim),
    border: get('--border', p.border),
    surface: get('--surface', p.surface),
    ok,
    redirect,
    clientError,
    serverError,
    accent,
    user,
    log,
    series: [accent, user, ok, clientError, serverError, redirect, log, p.series[7] ?? accent],
  };
}

/** The theme's colours, read again when the page switches between light and dark (lib/theme.ts). */
export function usePalette(): ChartPalette {
  const [palette, setPalette] = useState(() => readPalette(document.documentElement));
  useEffect(() => onThemeChange(() => setPalette(readPalette(document.documentElement))), []);
  return palette;
}
