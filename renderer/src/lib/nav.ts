// Where the user is: the view and what it shows, kept in the URL's fragment so a reload, the back
// button and a copied link bring the same screen back. The fragment is read as URL parameters
// because browser mode's secret arrives there too (`#token=`, taken out by api/ui-secret.ts).
// Isomorphic: takes and gives strings, so it is tested without a DOM.
import type { SortSpec } from '../../../shared/sort.js';
import { isDefaultSort, parseSortText, sortText } from './table-sort.js';
import { parseRangeParams, RANGE_PARAMS, setRangeParams, type ExplorerRange } from './explorer-range.js';

export type View = 'explorer' | 'sessions' | 'session' | 'dashboard';
const VIEWS: readonly View[] = ['explorer', 'sessions', 'session', 'dashboard'];

export interface Nav {
  view: View;
  /** The search, shared by every view (the explorer's table, the session list, the dashboard). */
  query: string;
  /** The open session (view `session`). */
  session?: string;
  /** The event the timeline centres on ("open in session" from a row). */
  focus?: string;
  /** The explorer's time range (absent: all time). */
  range?: ExplorerRange;
  /** The explorer's order (absent: newest first). */
  sort?: SortSpec;
}

export const HOME: Nav = { view: 'explorer', query: '' };

const MAX_PARAM = 10_000;

export function parseNav(hash: string): Nav {
  const p = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const raw = p.get('view');
  const view = VIEWS.find((v) => v === raw) ?? 'explorer';
  const query = (p.get('q') ?? '').slice(0, MAX_PARAM);
  const session = p.get('session')?.slice(0, 200) || undefined;
  const focus = p.get('focus')?.slice(0, 40) || undefined;
  const range = view === 'explorer' ? parseRangeParams(p) : undefined;
  const sort = view === 'explorer' ? parseSortText(p.get('sort')) : null;
  if (view === 'session' && !session) return { view: 'sessions', query };
  return { view, query, ...(session ? { session } : {}), ...(focus ? { focus } : {}), ...(range ? { range } : {}), ...(sort && !isDefaultSort(sort) ? { sort } : {}) };
}

/** The fragment for a place, keeping parameters that are not ours (a secret not yet adopted). */
export function formatNav(nav: Nav, currentHash = ''): string {
  const p = new URLSearchParams(currentHash.startsWith('#') ? currentHash.slice(1) : currentHash);
  for (const key of ['view', 'q', 'session', 'focus', 'sort', ...RANGE_PARAMS]) p.delete(key);
  if (nav.view !== 'explorer') p.set('view', nav.view);
  if (nav.query !== '') p.set('q', nav.query);
  if (nav.view === 'session' && nav.session) p.set('session', nav.session);
  if (nav.view === 'session' && nav.focus) p.set('focus', nav.focus);
  if (nav.view === 'explorer') setRangeParams(p, nav.range);
  if (nav.view === 'explorer' && nav.sort && !isDefaultSort(nav.sort)) p.set('sort', sortText(nav.sort));
  const text = p.toString();
  return text === '' ? '' : `#${text}`;
}

/** A session's place: its timeline, centred on one event when given. */
export function sessionNav(session: string, query: string, focus?: string): Nav {
  return { view: 'session', query, session, ...(focus ? { focus } : {}) };
}
