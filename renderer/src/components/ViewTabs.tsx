// The views the search applies to. The session timeline is reached from a session, so it has no
// tab of its own; while it is open the Sessions tab stays lit.
import type { Nav, View } from '../lib/nav.js';

const TABS: readonly { view: View; label: string; key: string }[] = [
  { view: 'explorer', label: 'Explorer', key: '1' },
  { view: 'sessions', label: 'Sessions', key: '2' },
  { view: 'dashboard', label: 'Dashboard', key: '3' },
];

interface Props {
  nav: Nav;
  go(next: Nav): void;
}

export function ViewTabs({ nav, go }: Props) {
  const lit: View = nav.view === 'session' ? 'sessions' : nav.view;
  return (
    <nav className="view-tabs" aria-label="Views">
      {TABS.map((t) => (
        <button
          key={t.view}
          type="button"
          className={`view-tab${lit === t.view ? ' on' : ''}`}
          aria-current={lit === t.view ? 'page' : undefined}
          data-testid={`tab-${t.view}`}
          title={`${t.label} (Alt+${t.key})`}
          onClick={() => go({ view: t.view, query: nav.query })}
        >
          {t.label}
        </button>
      ))}
    </nav>
  );
}

/** Alt+1..3 switch views. */
export function viewForKey(key: string): View | null {
  return TABS.find((t) => t.key === key)?.view ?? null;
}
