import { describe, expect, it } from 'vitest';
import { isIdSegment, routeTemplate } from '../../shared/route.js';

describe('routeTemplate', () => {
  it.each([
    ['/presentations/logstash-monitorama-2013/images/kibana-search.png', '/presentations/logstash-monitorama-2013/images/kibana-search.png'],
    ['/users/123/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0', '/users/:id/orders/:id'],
    ['/users/123', '/users/:id'],
    ['/api/items/550e8400-e29b-41d4-a716-446655440000/tags', '/api/items/:id/tags'],
    ['/api/items/550E8400-E29B-41D4-A716-446655440000', '/api/items/:id'],
    ['/objects/507f1f77bcf86cd799439011', '/objects/:id'],
    ['/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV/logs', '/jobs/:id/logs'],
    ['/share/aZ3kQ9pX7mN2bV8cL1rT', '/share/:id'],
    ['/pay/pi_3MtwBwLkdIwHu7ix28a3tqPa', '/pay/:id'],
    ['/reset/Xk9-Fq2_Lm8zR4tY7wQ1pB', '/reset/:id'],
  ])('templates %s', (input, expected) => {
    expect(routeTemplate(input)).toBe(expected);
  });

  it.each([
    ['https://shop.example.com:8443/cart/42?x=1#top', '/cart/:id'],
    ['http://example.com', '/'],
    ['http://example.com?q=1', '/'],
    ['/search?q=/users/123', '/search'],
    ['/page#/users/123', '/page'],
    ['/redirect/http://other/x', '/redirect/http:/other/x'],
    ['', '/'],
    ['/', '/'],
    ['//', '/'],
    ['?a=1', '/'],
  ])('strips scheme, host, query and fragment: %s', (input, expected) => {
    expect(routeTemplate(input)).toBe(expected);
  });

  it('collapses duplicate slashes and keeps a trailing slash', () => {
    expect(routeTemplate('//a///b//')).toBe('/a/b/');
    expect(routeTemplate('/presentations/logstash-monitorama-2013/')).toBe('/presentations/logstash-monitorama-2013/');
    expect(routeTemplate('/users/7/')).toBe('/users/:id/');
  });

  it('keeps file names, versions and addresses, even with digits in them', () => {
    expect(routeTemplate('/static/js/main.8f3a2b1c9d4e5f60a1b2.js')).toBe('/static/js/main.8f3a2b1c9d4e5f60a1b2.js');
    expect(routeTemplate('/users/123.json')).toBe('/users/123.json');
    expect(routeTemplate('/files/logstash-1.3.2-monolithic.jar')).toBe('/files/logstash-1.3.2-monolithic.jar');
    expect(routeTemplate('/hosts/10.0.0.1')).toBe('/hosts/10.0.0.1');
    expect(routeTemplate('/fonts/xjAJXh38I15wypJXxuGMBp0EAVxt0G0biEntp43Qt6E.ttf')).toBe(
      '/fonts/xjAJXh38I15wypJXxuGMBp0EAVxt0G0biEntp43Qt6E.ttf',
    );
  });

  it('keeps forms that are not paths as written', () => {
    expect(routeTemplate('*')).toBe('*');
    expect(routeTemplate('example.com:443')).toBe('example.com:443');
  });
});

describe('isIdSegment', () => {
  it.each(['0', '123', '2015', 'deadbeefdeadbeef', '9F8E7D6C5B4A3928', '550e8400-e29b-41d4-a716-446655440000', '01ARZ3NDEKTSV4RRFFQ69G5FAV'])(
    'treats %s as an id',
    (seg) => expect(isIdSegment(seg)).toBe(true),
  );

  it.each([
    '',
    'users',
    'v1',
    'api',
    'a1b2c3',
    '9f8e7d6', // a short hash is too ambiguous to template
    'logstash-monitorama-2013',
    'logstash-puppetconf-2012',
    'kibana-4-0-0-linux-x64',
    'top-10-tips-for-ubuntu-2204',
    'windows10-upgrade-assistant',
    'x86_64-unknown-linux-gnu',
    'getUserProfileSettingsV2',
    'oauth2AuthorizeCallback',
    'HTML5VideoPlayerDemo2020',
    'averyveryverylongwordwithoutdigits',
    'user@example.com',
    '%7Bid%7D',
  ])('keeps %s', (seg) => expect(isIdSegment(seg)).toBe(false));

  it('recognises most random alphanumeric tokens of 20+ characters', () => {
    // Seeded so the test is stable; a mixed-case alphabet is how session and share tokens look.
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let hits = 0;
    let tried = 0;
    for (let i = 0; i < 1000; i++) {
      let s = '';
      for (let j = 0; j < 24; j++) s += alphabet[next() % alphabet.length];
      if (!/\d/.test(s)) continue;
      tried++;
      if (isIdSegment(s)) hits++;
    }
    expect(hits / tried).toBeGreaterThan(0.9);
  });
});
