// The dashboard's drill-down queries, read back by the real parser: every value the charts can
// show comes back as the same value, and the user's query keeps its meaning inside them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsed, parseQuery } from '../helpers/parsed-query.js';
import { composeQuery, drillQuery, quoteValue, termText, timeValue } from '../../renderer/src/lib/dashboard-query.js';
import { parseTimeValue } from '../../shared/time.js';

const T0 = Date.UTC(2026, 0, 2, 10, 0, 0, 0);

describe('quoteValue', () => {
  it.each([
    ['/api/cart', '/api/cart'],
    ['POST', 'POST'],
    ['OR', 'OR'],
    ['/api/*', '"/api/*"'],
    ['-x', '"-x"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\temp\\', '"C:\\\\temp\\\\"'],
    ['/users/:id', '"/users/:id"'],
  ])('%s -> %s', (value, out) => {
    expect(quoteValue(value)).toBe(out);
  });

  it('reads back bare tokens, keywords among them, as themselves', () => {
    for (const v of ['OR', 'AND', 'NOT', 'POST', '/api/v1.2/users', 'a-b_c']) {
      expect(parseQuery(`method:${quoteValue(v)}`)).toMatchObject({ type: 'field', value: v, wildcard: false });
    }
  });

  it('reads back as the same value for any text without control characters', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/.test(s));
    // Concrete paths too: bare, the language would widen them to their route template.
    const path = fc.array(fc.oneof(fc.constantFrom('api', 'users', 'v1.2'), fc.integer({ min: 0, max: 99_999 }).map(String)), { minLength: 1, maxLength: 4 }).map((p) => `/${p.join('/')}`);
    fc.assert(
      fc.property(fc.oneof(text, path), (v) => {
        const node = parseQuery(termText({ kind: 'is', field: 'route', value: v })!);
        expect(node).toMatchObject({ type: 'field', field: 'route', op: ':', value: v, wildcard: false });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the markup of hostile text literal', () => {
    const v = '<img src=x onerror=window.__pwned=1> (a OR b) -x:* "q"';
    expect(parseQuery(`page:${quoteValue(v)}`)).toMatchObject({ type: 'field', field: 'page', value: v, wildcard: false });
  });

  it('puts a wildcard where the language refuses a character, escaping the rest', () => {
    const q = quoteValue('/a b\u0001(c)');
    expect(q).toBe('/a\\ b*\\(c\\)');
    expect(parseQuery(`route:${q}`)).toMatchObject({ type: 'field', value: '/a b*(c)', wildcard: true });
  });

  it('gives up on a value it cannot say without also matching other values', () => {
    expect(quoteValue('\u0001\u0002')).toBeNull();
    expect(quoteValue('a*\u0001')).toBeNull();
  });
});

describe('termText', () => {
  it('writes a missing value as the field not existing', () => {
    expect(parsed(termText({ kind: 'is', field: 'route', value: null })!)).toEqual({ not: 'route:* (wildcard)' });
  });

  it('writes a status class as its range, and the null class as everything outside 100-599', () => {
    expect(parsed(termText({ kind: 'status_class', value: '5xx' })!)).toEqual({ and: ['status>=500', 'status<600'] });
    expect(parsed(termText({ kind: 'status_class', value: null })!)).toEqual({
      or: [{ not: 'status:* (wildcard)' }, 'status<100', 'status>=600'],
    });
    expect(termText({ kind: 'status_class', value: '9xx' })).toBeNull();
  });

  it('writes numbers unquoted and lists of statuses as one group', () => {
    expect(parsed(termText({ kind: 'is', field: 'status', value: 404 })!)).toBe('status:404');
    expect(parsed(termText({ kind: 'status_in', values: [401, 403] })!)).toEqual({ or: ['status:401', 'status:403'] });
  });

  it('writes the bridge classes: failed, slow, and neither', () => {
    expect(parsed(termText({ kind: 'failed' })!)).toBe('status>=500');
    expect(parsed(termText({ kind: 'slow', than: 812.5 })!)).toEqual({ and: [{ not: 'status>=500' }, 'duration_ms>812.5'] });
    expect(parsed(termText({ kind: 'present', field: 'session_id' })!)).toBe('session_id:* (wildcard)');
    expect(parsed(termText({ kind: 'normal', slowerThan: 812.5 })!)).toEqual({ and: [{ not: 'status>=500' }, { not: 'duration_ms>812.5' }] });
    expect(parsed(termText({ kind: 'normal', slowerThan: null })!)).toEqual({ not: 'status>=500' });
  });

  it('writes times that the parser reads back to the same millisecond', () => {
    const text = termText({ kind: 'time', from: T0, to: T0 + 60_000 })!;
    expect(text).toBe('time>=2026-01-02T10:00:00.000Z time<2026-01-02T10:01:00.000Z');
    expect(parseTimeValue(timeValue(T0 + 7))?.start).toBe(T0 + 7);
    expect(parseTimeValue(timeValue(Date.UTC(12000, 0, 1)))?.start).toBe(Date.UTC(12000, 0, 1));
  });
});

describe('composeQuery', () => {
  it('wraps the user query so its OR stays inside', () => {
    const { query, dropped } = composeQuery('status:404 OR status:500', [{ kind: 'is', field: 'route', value: '/api/cart' }]);
    expect(query).toBe('(status:404 OR status:500) route:/api/cart');
    expect(dropped).toEqual([]);
    expect(parsed(query)).toEqual({ and: [{ or: ['status:404', 'status:500'] }, 'route:/api/cart'] });
  });

  it('treats an empty query and * as everything', () => {
    expect(composeQuery('  ', [{ kind: 'failed' }]).query).toBe('status>=500');
    expect(composeQuery(' * ', [{ kind: 'failed' }]).query).toBe('status>=500');
    expect(composeQuery('', []).query).toBe('');
  });

  it('keeps a trailing backslash a literal backslash instead of escaping the closing parenthesis', () => {
    for (const user of ['url:C:\\temp\\', 'url:a\\\\', 'cart\\\\\\']) {
      expect(parsed(composeQuery(user, [{ kind: 'failed' }]).query)).toEqual({ and: [parsed(user), 'status>=500'] });
    }
    expect(parsed(composeQuery('url:x\\', [{ kind: 'failed' }]).query)).toEqual({ and: ['url:x\\', 'status>=500'] });
  });

  it('drops a term it cannot write and names it', () => {
    const { query, dropped } = composeQuery('', [{ kind: 'is', field: 'user_id', value: '\u0001' }, { kind: 'failed' }]);
    expect(query).toBe('status>=500');
    expect(dropped).toEqual(['user_id']);
  });
});

describe('drillQuery', () => {
  it('is the example of the brief: query, route, method, failed, one bucket', () => {
    const { query } = drillQuery('user:ann', undefined, [
      { kind: 'is', field: 'route', value: '/api/cart' },
      { kind: 'is', field: 'method', value: 'POST' },
      { kind: 'failed' },
      { kind: 'time', from: T0, to: T0 + 60_000 },
    ]);
    expect(query).toBe('(user:ann) route:/api/cart method:POST status>=500 time>=2026-01-02T10:00:00.000Z time<2026-01-02T10:01:00.000Z');
  });

  it('narrows a bucket to the dashboard range (the first bucket starts before it)', () => {
    const { query } = drillQuery('', { from: T0 + 30_000, to: T0 + 600_000 }, [{ kind: 'time', from: T0, to: T0 + 60_000 }]);
    expect(query).toBe('time>=2026-01-02T10:00:30.000Z time<2026-01-02T10:01:00.000Z');
  });

  it('adds the range when the element has no time of its own', () => {
    expect(drillQuery('', { from: T0 }, [{ kind: 'is', field: 'type', value: 'click' }]).query).toBe('type:click time>=2026-01-02T10:00:00.000Z');
    expect(drillQuery('', undefined, [{ kind: 'is', field: 'type', value: 'click' }]).query).toBe('type:click');
  });
});

describe('none_of', () => {
  it('excludes each value, a missing one by requiring the field', () => {
    const text = termText({ kind: 'none_of', field: 'user_id', values: ['ann', null, 'b"o'] })!;
    expect(parsed(text)).toEqual({ and: [{ not: 'user_id:ann' }, 'user_id:* (wildcard)', { not: 'user_id:b"o' }] });
  });

  it('is nothing for no values, and dropped when a value cannot be written', () => {
    expect(composeQuery('', [{ kind: 'none_of', field: 'user_id', values: [] }, { kind: 'failed' }]).query).toBe('status>=500');
    expect(composeQuery('', [{ kind: 'none_of', field: 'user_id', values: ['\u0001'] }]).dropped).toEqual(['user_id']);
  });
});
