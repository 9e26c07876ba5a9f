// The place in the URL fragment: what a reload, back and a copied link bring back.
import { describe, expect, it } from 'vitest';
import { formatNav, HOME, parseNav, sessionNav } from '../../renderer/src/lib/nav.js';

describe('the place in the URL', () => {
  it('round-trips every view with its query, session and focus', () => {
    const places = [
      HOME,
      { view: 'explorer' as const, query: 'status>=500 route:"/api/cart & co"' },
      { view: 'sessions' as const, query: 'user:alice' },
      sessionNav('d3-17', 'status:500', '42'),
      { view: 'dashboard' as const, query: '' },
    ];
    for (const nav of places) expect(parseNav(formatNav(nav))).toEqual(nav);
  });

  it('keeps the parameters that are not its own (a secret not yet taken out of the address)', () => {
    const hash = formatNav({ view: 'sessions', query: 'a b' }, '#token=s3cr3t&view=dashboard');
    const params = new URLSearchParams(hash.slice(1));
    expect([params.get('token'), params.get('view'), params.get('q')]).toEqual(['s3cr3t', 'sessions', 'a b']);
  });

  it('falls back to a place that exists for an unknown view, or a session view without a session', () => {
    expect(parseNav('#view=<script>&q=x')).toEqual({ view: 'explorer', query: 'x' });
    expect(parseNav('#view=session&q=x')).toEqual({ view: 'sessions', query: 'x' });
    expect(parseNav('')).toEqual(HOME);
    expect(formatNav(HOME)).toBe('');
  });

  it('cuts parameters to the lengths the calls accept', () => {
    const nav = parseNav(`#view=session&session=${'s'.repeat(500)}&focus=${'9'.repeat(100)}&q=${'x'.repeat(20_000)}`);
    expect([nav.session?.length, nav.focus?.length, nav.query.length]).toEqual([200, 40, 10_000]);
  });
});
