import { describe, expect, it } from 'vitest';
import { QuerySyntaxError, type QueryNode } from '../../electron/core/query/ast.js';
import { MAX_TERMS, parseQuery } from '../../electron/core/query/parse.js';
import { parseTimeValue } from '../../shared/time.js';
import { parsed } from '../helpers/parsed-query.js';

function syntaxError(q: string): QuerySyntaxError {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(q)} to be rejected`);
}

describe('parseQuery: terms', () => {
  it('returns null for an empty, blank or match-everything query', () => {
    expect(parseQuery('')).toBeNull();
    expect(parseQuery('   \t')).toBeNull();
    expect(parseQuery(' * ')).toBeNull();
  });

  it('parses the DESIGN.md example with columns', () => {
    const q = 'status>=500 route:/api/cart* method:(POST OR PUT) -user:bot "payment declined" duration>1000';
    expect(parsed(q)).toEqual({
      and: [
        'status>=500',
        'route:/api/cart* (wildcard)',
        { or: ['method:POST', 'method:PUT'] },
        { not: 'user_id:bot' },
        'phrase:payment declined',
        'duration_ms>1000',
      ],
    });
    const node = parseQuery(q);
    if (node?.type !== 'and') throw new Error('expected an AND');
    const columns = (n: QueryNode): unknown =>
      'column' in n ? n.column : n.type === 'not' ? columns(n.child) : n.children.map(columns);
    // A term points at its field name; a value inside a field group points at the value.
    expect(node.children.map(columns)).toEqual([1, 13, [38, 46], 52, 61, 80]);
  });

  it('resolves field aliases case-insensitively', () => {
    expect(parsed('USER:bot Status_Code:404 latency<=20 @timestamp>=0 msg:hi ua:curl*')).toEqual({
      and: ['user_id:bot', 'status:404', 'duration_ms<=20', 'time>=0', 'message:hi', 'user_agent:curl* (wildcard)'],
    });
  });

  it('reads comparison operators, including the :>= spelling and a space after ":"', () => {
    expect(parsed('status>500 status<600 status>=1 status<=2')).toEqual({
      and: ['status>500', 'status<600', 'status>=1', 'status<=2'],
    });
    expect(parsed('status:>=500')).toBe('status>=500');
    expect(parsed('user: bot')).toBe('user_id:bot');
  });

  it('keeps colons, slashes and comparison signs inside values', () => {
    expect(parsed('url:http://host:8080/a?b=c')).toBe('url:http://host:8080/a?b=c');
    expect(parsed('message:a<b>c')).toBe('message:a<b>c');
    expect(parsed('time>=2015-05-17T10:00:00Z')).toBe('time>=2015-05-17T10:00:00Z');
  });

  it('quoted values are literal: no wildcard, keywords and parentheses kept', () => {
    expect(parsed('message:"a * (b OR c)"')).toBe('message:a * (b OR c)');
    expect(parsed('message:"say \\"hi\\""')).toBe('message:say "hi"');
    expect(parsed('source:"C:\\logs\\app.log"')).toBe('source:C:\\logs\\app.log');
  });

  it('backslash escapes in bare values make *, ( and : literal', () => {
    expect(parsed('url:/a\\*b')).toBe('url:/a*b');
    expect(parsed('url:/f\\(1\\)')).toBe('url:/f(1)');
    expect(parsed('a\\:b')).toBe('text:a:b');
  });

  it('bare words and phrases are full text; a trailing * is a prefix', () => {
    expect(parsed('timeout')).toBe('text:timeout');
    expect(parsed('"payment declined"')).toBe('phrase:payment declined');
    expect(parsed('pay*')).toBe('text:pay*');
    expect(parsed('and or not')).toEqual({ and: ['text:and', 'text:or', 'text:not'] });
  });

  it('reads attrs paths, and attrs.<column> for the columns --json prints inside attrs', () => {
    expect(parsed('attrs.a.b:1')).toBe('attrs[a|b]:1');
    expect(parsed('ATTRS.Cart.Total>10')).toBe('attrs[Cart|Total]>10');
    expect(parsed('attrs.user_agent:curl')).toBe('user_agent:curl');
    expect(parsed('attrs.tags:(a b)')).toEqual({ or: ['attrs[tags]:a', 'attrs[tags]:b'] });
  });

  it('normalises kind and id values', () => {
    expect(parsed('kind:API')).toBe('kind:api');
    expect(parsed('id:12 id:evt_12 id:EVT_7')).toEqual({ and: ['id:12', 'id:12', 'id:7'] });
  });

  it('allows wildcards on numbers with ":" and field:* for "has a value"', () => {
    expect(parsed('status:5*')).toBe('status:5* (wildcard)');
    expect(parsed('user:*')).toBe('user_id:* (wildcard)');
    expect(parsed('time:*')).toBe('time:* (wildcard)');
  });
});

describe('parseQuery: boolean structure', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parsed('a OR b c')).toEqual({ or: ['text:a', { and: ['text:b', 'text:c'] }] });
    expect(parsed('a OR b AND c')).toEqual({ or: ['text:a', { and: ['text:b', 'text:c'] }] });
    expect(parsed('a b OR c')).toEqual({ or: [{ and: ['text:a', 'text:b'] }, 'text:c'] });
    expect(parsed('NOT a b')).toEqual({ and: [{ not: 'text:a' }, 'text:b'] });
    expect(parsed('NOT a OR b')).toEqual({ or: [{ not: 'text:a' }, 'text:b'] });
    expect(parsed('(a OR b) c')).toEqual({ and: [{ or: ['text:a', 'text:b'] }, 'text:c'] });
  });

  it('accepts && and || and flattens nested groups of the same operator', () => {
    expect(parsed('a && b || c')).toEqual({ or: [{ and: ['text:a', 'text:b'] }, 'text:c'] });
    expect(parsed('a (b c) AND d')).toEqual({ and: ['text:a', 'text:b', 'text:c', 'text:d'] });
  });

  it('negates with - and NOT: fields, phrases, groups, double negation', () => {
    expect(parsed('-user:bot')).toEqual({ not: 'user_id:bot' });
    expect(parsed('-"some phrase"')).toEqual({ not: 'phrase:some phrase' });
    expect(parsed('-(a OR b)')).toEqual({ not: { or: ['text:a', 'text:b'] } });
    expect(parsed('NOT NOT a')).toEqual({ not: { not: 'text:a' } });
    expect(parsed('a-b')).toBe('text:a-b');
    expect(parsed('duration>-5')).toBe('duration_ms>-5');
  });

  it('treats juxtaposition inside a field group as OR, with explicit AND and NOT still working', () => {
    expect(parsed('method:(POST PUT)')).toEqual({ or: ['method:POST', 'method:PUT'] });
    expect(parsed('method:(POST OR PUT)')).toEqual({ or: ['method:POST', 'method:PUT'] });
    expect(parsed('url:(*cart* AND *v2*)')).toEqual({ and: ['url:*cart* (wildcard)', 'url:*v2* (wildcard)'] });
    expect(parsed('status:(NOT 200)')).toEqual({ not: 'status:200' });
    expect(parsed('method:((GET OR HEAD) -POST) x')).toEqual({
      and: [{ or: ['method:GET', 'method:HEAD', { not: 'method:POST' }] }, 'text:x'],
    });
    expect(parsed('-method:(POST "PUT")')).toEqual({ not: { or: ['method:POST', 'method:PUT'] } });
  });
});

describe('parseQuery: errors name the problem and its column', () => {
  const cases: [query: string, column: number, message: RegExp][] = [
    ['stauts:500', 1, /^Unknown field "stauts" at column 1 \(did you mean "status"\?\); known fields: id, time, /],
    ['status:500 methd:GET', 12, /Unknown field "methd" at column 12 \(did you mean "method"\?\)/],
    ['zzz:1', 1, /^Unknown field "zzz" at column 1; known fields:/],
    ['message:"unclosed', 9, /quote opened at column 9 is never closed/],
    ['(a OR b', 1, /"\(" at column 1 is never closed/],
    ['method:(GET', 8, /"\(" at column 8 is never closed/],
    ['NEAR(', 5, /"\(" at column 5 is never closed/],
    ['a OR b)', 7, /"\)" at column 7 has no matching "\("/],
    ['()', 1, /parentheses at column 1 are empty/],
    ['a AND', 3, /"AND" at column 3 needs a search term after it/],
    ['a OR OR b', 3, /"OR" at column 3 needs a search term after it/],
    ['AND a', 1, /"AND" at column 1 has no search term before it/],
    ['a (OR b)', 4, /"OR" at column 4 has no search term before it/],
    ['NOT', 1, /"NOT" at column 1 needs a search term after it/],
    ['a -', 3, /"-" at column 3 must be followed directly by the term it excludes/],
    ['a - b', 3, /"-" at column 3/],
    ['status:', 1, /"status:" at column 1 is missing its value/],
    ['status: )', 1, /missing its value/],
    ['status:abc', 8, /Field "status" needs a number, not "abc" at column 8/],
    ['duration>fast', 10, /Field "duration" needs a number/],
    ['id:evt_x', 4, /Field "id" needs a number/],
    ['method>GET', 7, /Field "method" holds text, so ">" at column 7 does not apply; use ":" instead/],
    ['url<=/a', 4, /Field "url" holds text/],
    ['status>=5*', 7, /Wildcards only work with ":", not ">=" at column 7/],
    ['status>=(500 600)', 7, /only works with ":", not ">="/],
    ['time>=yesterday', 7, /Cannot read "yesterday" as a time at column 7; use ISO 8601/],
    ['time:2015-02-30', 6, /Cannot read "2015-02-30" as a time/],
    ['time:2015-05-17T25:00Z', 6, /as a time/],
    ['time:2015*', 6, /as a time/],
    ['kind:metric', 6, /Field "kind" must be api, user or log, not "metric" at column 6/],
    ['attrs.total>lots', 13, /"attrs.total>" needs a number, not "lots" at column 13/],
    ['attrs..x:1', 1, /not a valid attribute path/],
    [':500', 1, /Expected a field name before ":" at column 1/],
    ['a >5', 3, /Expected a field name before ">" at column 3/],
    ['status=500', 1, /write status:500 instead of "status=500" at column 1/],
    ['*pay', 1, /"\*" only at the end of a word/],
    ['a *', 3, /no letters or digits/],
    ['...', 1, /no letters or digits/],
    ['""', 1, /no letters or digits/],
    ['url:/a\\*b*', 5, /mixes an escaped/],
    ['http://example.com', 1, /Unknown field "http"/],
  ];
  it.each(cases)('%j -> column %i', (query, column, message) => {
    const err = syntaxError(query);
    expect(err.message).toMatch(message);
    expect(err.column).toBe(column);
    expect(err.name).toBe('QuerySyntaxError');
  });

  it('refuses absurd nesting with a syntax error instead of overflowing the stack', () => {
    expect(syntaxError(`${'('.repeat(5000)}a${')'.repeat(5000)}`).message).toMatch(/nests too deeply/);
    expect(syntaxError(`${'NOT '.repeat(5000)}a`).message).toMatch(/nests too deeply/);
  });

  it('refuses control characters, NUL first of all, naming the code point and its column', () => {
    for (const [query, code, column] of [
      ['a\u0000b', 'U+0000', 2],
      ['"payment\u0000declined"', 'U+0000', 9],
      ['url:/x\u001b[31m', 'U+001B', 7],
      ['ab \u007f', 'U+007F', 4],
      ['x\u0085', 'U+0085', 2],
    ] as const) {
      const err = syntaxError(query);
      expect(err.message, JSON.stringify(query)).toBe(`The query holds a control character (${code}) at column ${column}; remove it.`);
      expect(err.column).toBe(column);
    }
    // Tabs and line breaks are only spaces between terms.
    expect(parsed('a\tb\r\nc')).toEqual({ and: ['text:a', 'text:b', 'text:c'] });
  });

  it(`bounds a query to ${MAX_TERMS} search terms, pointing at the first one over`, () => {
    const words = (n: number) => Array.from({ length: n }, () => 'w').join(' ');
    expect(parsed(words(MAX_TERMS))).toMatchObject({ and: expect.any(Array) });
    const err = syntaxError(words(3333));
    expect(err.message).toMatch(new RegExp(`more than ${MAX_TERMS} search terms \\(the one at column ${2 * MAX_TERMS + 1} is over\\)`));
    expect(err.column).toBe(2 * MAX_TERMS + 1);
    // Field values and group members count too: each is one comparison in SQL.
    expect(syntaxError(`method:(${words(MAX_TERMS + 1)})`).message).toMatch(/search terms/);
    expect(syntaxError(`status:1 ${Array.from({ length: MAX_TERMS }, (_, i) => `OR status:${i}`).join(' ')}`).message).toMatch(/search terms/);
  });
});

describe('parseTimeValue', () => {
  const utc = Date.UTC;
  it('reads ISO 8601 at its written precision, as UTC unless an offset is given', () => {
    expect(parseTimeValue('2015-05-17')).toEqual({ start: utc(2015, 4, 17), end: utc(2015, 4, 18) });
    expect(parseTimeValue('2015-05')).toEqual({ start: utc(2015, 4, 1), end: utc(2015, 5, 1) });
    expect(parseTimeValue('2015-12')).toEqual({ start: utc(2015, 11, 1), end: utc(2016, 0, 1) });
    expect(parseTimeValue('2015-05-17T10:00')).toEqual({ start: utc(2015, 4, 17, 10), end: utc(2015, 4, 17, 10, 1) });
    expect(parseTimeValue('2015-05-17T10:00:00Z')).toEqual({ start: utc(2015, 4, 17, 10), end: utc(2015, 4, 17, 10, 0, 1) });
    expect(parseTimeValue('2015-05-17T10:00:00.5Z')?.start).toBe(utc(2015, 4, 17, 10, 0, 0, 500));
    expect(parseTimeValue('2015-05-17T12:00:00+02:00')?.start).toBe(utc(2015, 4, 17, 10));
    expect(parseTimeValue('2015-05-17T05:30:00-0430')?.start).toBe(utc(2015, 4, 17, 10));
  });

  it('reads epoch milliseconds as one millisecond', () => {
    expect(parseTimeValue('1431856800000')).toEqual({ start: 1431856800000, end: 1431856800001 });
  });

  it('rejects impossible dates and other text', () => {
    for (const bad of ['2015-13-01', '2015-02-29', '2015-05-17T24:00Z', '2015-05-17T10:60', 'now', '2015-05-17T10:00+25:00', '']) {
      expect(parseTimeValue(bad), bad).toBeNull();
    }
    expect(parseTimeValue('2016-02-29')).not.toBeNull();
  });
});
