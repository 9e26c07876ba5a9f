import { describe, expect, it } from 'vitest';
import { routeTerms } from '../../electron/core/analysis/call-records.js';

const values = (route: string) => routeTerms(route).map((t) => (t.type === 'field' ? [t.value, t.wildcard] : t.type));

describe('the browser routes a server route names', () => {
  it('widens each parameter segment of a template, whatever the framework called it', () => {
    expect(values('/users/:userId/orders/{orderId}')).toEqual([['/users/:userId/orders/{orderId}', false], ['/users/*/orders/*', true]]);
    expect(values('/files/<int:id>')).toEqual([['/files/<int:id>', false], ['/files/*', true]]);
    expect(values('/api/cart')).toEqual([['/api/cart', false]]);
  });

  it('keeps a catch-all or a name that is not a path exact, so it cannot swallow every browser record', () => {
    expect(values('/<path:rest>')).toEqual([['/<path:rest>', false]]);
    expect(values('/:a/:b')).toEqual([['/:a/:b', false]]);
    expect(values('<img src=x onerror=alert(1)>')).toEqual([['<img src=x onerror=alert(1)>', false]]);
  });
});
