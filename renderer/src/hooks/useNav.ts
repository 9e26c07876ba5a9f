// The place in the URL (lib/nav.ts) as React state: go() pushes a history entry, and back and
// forward (or an edited address) come back through hashchange.
import { useCallback, useEffect, useState } from 'react';
import { formatNav, parseNav, type Nav } from '../lib/nav.js';

export interface Navigation {
  nav: Nav;
  /** Goes to a place; `replace` changes the current entry instead of adding one (typing a query). */
  go(next: Nav, replace?: boolean): void;
}

export function useNav(): Navigation {
  const [nav, setNav] = useState<Nav>(() => parseNav(window.location.hash));
  useEffect(() => {
    const onChange = () => setNav(parseNav(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((next: Nav, replace = false) => {
    const hash = formatNav(next, window.location.hash);
    const url = `${window.location.pathname}${window.location.search}${hash}`;
    if (replace) window.history.replaceState(window.history.state, '', url);
    else window.history.pushState(window.history.state, '', url);
    setNav(next);
  }, []);
  return { nav, go };
}
