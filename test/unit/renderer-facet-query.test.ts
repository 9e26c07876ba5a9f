// The facet sidebar's query edits, read back by the real parser: a clicked value comes back as
// exactly that value whatever it holds, the user's query keeps its meaning around it, and a
// second click gives the user's text back unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsed } from '../helpers/parsed-query.js';
import { facetState, facetTermText, toggleFacet, topLevelChunks } from '../../renderer/src/lib/facet-query.js';
import { FACET_FIELDS, type FacetField } from '../../shared/facets.js';

const is = (field: string, value: string) => `${field}:${value}`;

/** The parser's AND of a and b, flattened as it flattens them. */
function andOf(a: unknown, b: unknown): unknown {
  const parts = (x: unknown) => (x !== null && typeof x === 'object' && 'and' in x ? (x as { and: unknown[] }).and : [x]);
  return { and: [...parts(a), ...parts(b)] };
}

const HOSTILE = [
  'two words',
  'say "hi"',
  'a:b:c',
  'back\\slash\\',
  '/x/<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  'abc\u202Egnp.exe',
  '\u2066isolated\u2069',
  'ünïcödé 日本語 🙂',
  '(paren) OR AND NOT -minus',
  '*star*',
  'line\nbreak',
  '/users/123',
];

/** Text the tokenizer accepts (no control characters but tab and line breaks). */
const valueArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => !/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/.test(s));
const BASES = ['', 'status>=400', 'GET', 'a OR b', 'route:/api/* OR -method:POST', 'kind:api AND user:"x y"', '"quoted phrase" (a OR b)', 'foo\\'];

describe('facet terms', () => {
  it.each(HOSTILE)('write %j so the parser reads back exactly that value', (value) => {
    const term = facetTermText('route', value);
    expect(term).not.toBeNull();
    expect(parsed(term!)).toBe(is('route', value));
  });

  it('write any value of any text field as itself', () => {
    fc.assert(
      fc.property(valueArb, fc.constantFrom(...FACET_FIELDS.filter((f) => f !== 'status' && f !== 'kind')), (value, field) => {
        expect(parsed(facetTermText(field, value)!)).toBe(is(field, value));
      }),
    );
  });

  it('write a status as its number and a kind as its name', () => {
    expect(facetTermText('status', 404)).toBe('status:404');
    expect(parsed(facetTermText('status', 404)!)).toBe('status:404');
    expect(parsed(facetTermText('kind', 'user')!)).toBe('kind:user');
  });
});

describe('clicking a value', () => {
  it.each(BASES)('includes it ANDed with %j and a second click gives the query back', (base) => {
    for (const value of HOSTILE) {
      const included = toggleFacet(base, 'route', value, 'include')!;
      const want = base.trim() === '' ? is('route', value) : andOf(parsed(base), is('route', value));
      expect(parsed(included)).toEqual(want);
      expect(facetState(included, 'route', value)).toBe('include');
      expect(toggleFacet(included, 'route', value, 'include')).toBe(base.trim() === '' ? '' : base.endsWith('\\') ? `${base}\\` : base);
    }
  });

  it('excludes it with alt-click, and swaps an inclusion for an exclusion in place', () => {
    const excluded = toggleFacet('status>=400', 'method', 'POST', 'exclude')!;
    expect(excluded).toBe('status>=400 -method:POST');
    expect(parsed(excluded)).toEqual({ and: ['status>=400', { not: 'method:POST' }] });
    expect(facetState(excluded, 'method', 'POST')).toBe('exclude');
    const swapped = toggleFacet('method:POST status>=400', 'method', 'POST', 'exclude');
    expect(swapped).toBe('-method:POST status>=400');
    expect(toggleFacet(swapped!, 'method', 'POST', 'include')).toBe('method:POST status>=400');
    expect(toggleFacet(excluded, 'method', 'POST', 'exclude')).toBe('status>=400');
  });

  it('keeps any value and any query round the click', () => {
    fc.assert(
      fc.property(valueArb, fc.constantFrom(...BASES), fc.constantFrom<'include' | 'exclude'>('include', 'exclude'), (value, base, mode) => {
        const after = toggleFacet(base, 'user_id', value, mode)!;
        const term = mode === 'include' ? is('user_id', value) : { not: is('user_id', value) };
        expect(parsed(after)).toEqual(base.trim() === '' ? term : andOf(parsed(base), term));
        expect(facetState(after, 'user_id', value)).toBe(mode);
        expect(parsed(toggleFacet(after, 'user_id', value, mode)!)).toEqual(parsed(base));
      }),
    );
  });

  it('recognises the term as the user typed it: aliases, NOT, AND, and case where the store ignores it', () => {
    expect(facetState('method:get', 'method', 'GET')).toBe('include');
    expect(facetState('user:ann', 'user_id', 'ann')).toBe('include');
    expect(facetState('NOT status:500', 'status', 500)).toBe('exclude');
    expect(toggleFacet('NOT status:500 route:/x', 'status', 500, 'exclude')).toBe('route:/x');
    expect(toggleFacet('kind:api AND method:GET', 'method', 'GET', 'include')).toBe('kind:api');
    expect(toggleFacet('method:GET AND kind:api', 'method', 'GET', 'include')).toBe('kind:api');
    // Sessions compare exactly: another case is another session.
    expect(facetState('session:S-1', 'session_id', 's-1')).toBeNull();
    // Not an equality of that value: a wildcard, a list, or a term under a top-level OR.
    expect(facetState('method:G*', 'method', 'G')).toBeNull();
    expect(facetState('method:(GET POST)', 'method', 'GET')).toBeNull();
    expect(facetState('method:GET OR status:500', 'method', 'GET')).toBeNull();
    // A bare concrete path also finds its template's events: not just this value.
    expect(facetState('route:/users/123', 'route', '/users/123')).toBeNull();
  });

  it('wraps a top-level OR so the value narrows all of it', () => {
    expect(toggleFacet('a OR b', 'kind', 'api', 'include')).toBe('(a OR b) kind:api');
    expect(toggleFacet('(a OR b) kind:api', 'kind', 'api', 'include')).toBe('a OR b');
    // Parentheses that are not round the whole query stay.
    expect(toggleFacet('(a) OR (b) kind:api', 'kind', 'api', 'exclude')).toBe('((a) OR (b) kind:api) -kind:api');
    expect(toggleFacet('(a OR b) (c OR d) kind:api', 'kind', 'api', 'include')).toBe('(a OR b) (c OR d)');
  });
});

describe('top-level chunks', () => {
  it('keep quotes, escapes and parentheses whole', () => {
    expect(topLevelChunks('a "b c" d\\ e (f OR g) route:"x \\" y"').map((c) => c.text)).toEqual(['a', '"b c"', 'd\\ e', '(f OR g)', 'route:"x \\" y"']);
  });
});

describe('values the language cannot say', () => {
  it('give null, for the UI to explain', () => {
    const field: FacetField = 'route';
    expect(facetTermText(field, 'a\u0001*b')).toBeNull();
    expect(toggleFacet('x', field, 'a\u0001*b', 'include')).toBeNull();
  });
});
