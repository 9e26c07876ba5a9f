// The search box's autocomplete: which term the caret is in, what it asks for, and how accepting
// a suggestion rewrites the query and places the caret.
import { describe, expect, it } from 'vitest';
import {
  acceptField, acceptValue, fieldSuggestions, queryWithout, suggestContext, termSpans, type SuggestContext,
} from '../../renderer/src/lib/query-suggest.js';

/** `|` marks the caret. */
function at(withCaret: string): [string, number] {
  const caret = withCaret.indexOf('|');
  return [withCaret.slice(0, caret) + withCaret.slice(caret + 1), caret];
}
const context = (withCaret: string) => suggestContext(...at(withCaret));
const show = (edit: { text: string; caret: number } | null) => (edit ? `${edit.text.slice(0, edit.caret)}|${edit.text.slice(edit.caret)}` : null);

function valueContext(withCaret: string): Extract<SuggestContext, { kind: 'value' }> {
  const ctx = context(withCaret);
  if (ctx?.kind !== 'value') throw new Error(`no value context in ${withCaret}`);
  return ctx;
}
function fieldContext(withCaret: string): Extract<SuggestContext, { kind: 'field' }> {
  const ctx = context(withCaret);
  if (ctx?.kind !== 'field') throw new Error(`no field context in ${withCaret}`);
  return ctx;
}

describe('terms of a query', () => {
  it('splits at spaces and parentheses, keeping quoted text and escapes inside a term', () => {
    const text = 'a route:"/x y" (b\\ c) -d:"open';
    expect(termSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['a', 'route:"/x y"', 'b\\ c', '-d:"open']);
  });
});

describe('what the caret asks for', () => {
  it('offers field names for the start of one, by name or alias', () => {
    expect(context('sta|')).toEqual({ kind: 'field', prefix: 'sta', from: 0, to: 3 });
    expect(fieldSuggestions('sta').map((f) => f.name)).toEqual(['status']);
    expect(fieldSuggestions('US')).toEqual([
      { name: 'user_id', label: 'User', type: 'text', alias: null },
      { name: 'user_agent', label: 'User agent', type: 'text', alias: null },
    ]);
    expect(fieldSuggestions('lat')).toEqual([{ name: 'duration_ms', label: 'Duration', type: 'number', alias: 'latency' }]);
    // The word goes on past the caret: it is replaced whole.
    expect(context('method:GET -me|th')).toMatchObject({ kind: 'field', prefix: 'me', from: 12, to: 16 });
  });

  it('offers nothing for words no field starts with, numbers, phrases or an empty spot', () => {
    for (const q of ['payment|', '404|', '"sta|', 'status:500 |', '|', 'status>=5|', 'stat|us:404']) expect(context(q), q).toBeNull();
  });

  it('offers values after `field:`, with the prefix typed and the rest of the query', () => {
    expect(valueContext('status:|')).toEqual({ kind: 'value', field: 'status', prefix: '', from: 0, to: 7, name: 'status', rest: '' });
    expect(valueContext('method:GET -status_code:4|04 url:x')).toMatchObject({ field: 'status', prefix: '4', name: 'status_code', from: 12, to: 27, rest: 'method:GET url:x' });
    expect(valueContext('user:"a \\"b|')).toMatchObject({ field: 'user_id', prefix: 'a "b' });
    // Fields with too many values to list, and unknown ones, get nothing.
    expect(context('url:/a|')).toBeNull();
    expect(context('nosuch:a|')).toBeNull();
  });

  it('leaves no operator hanging in the rest of the query', () => {
    expect(queryWithout('status:500 OR method:G', { start: 14, end: 22 })).toBe('status:500');
    expect(queryWithout('method:G AND status:500', { start: 0, end: 8 })).toBe('status:500');
    expect(queryWithout('a NOT method:G b', { start: 6, end: 14 })).toBe('a b');
  });
});

describe('accepting a suggestion', () => {
  it('writes a field name with its colon, the caret after it for the values', () => {
    const accept = (q: string, name: string) => show(acceptField(at(q)[0], fieldContext(q), name));
    expect(accept('kind:api sta|', 'status')).toBe('kind:api status:|');
    expect(accept('-sta|tu x', 'status')).toBe('-status:| x');
  });

  it('writes a value quoted as the language reads it back, then a space for the next term', () => {
    const accept = (q: string, value: string) => show(acceptValue(at(q)[0], valueContext(q), value));
    expect(accept('status:4|', '404')).toBe('status:404 |');
    expect(accept('method:GET -user:a| x', 'a b')).toBe('method:GET -user:"a b" |x');
    expect(accept('page:"/<|', '/<script>"x"</script>')).toBe('page:"/<script>\\"x\\"</script>" |');
    expect(accept('(method:|)', 'GET')).toBe('(method:GET|)');
    // A route template is quoted; a concrete path would also find its template's events.
    expect(accept('route:/u|', '/users/:id')).toBe('route:"/users/:id" |');
    // A value the language cannot write (a control character beside a star) is not offered.
    expect(acceptValue('user:|', valueContext('user:|'), 'a*\u0001')).toBeNull();
  });
});
