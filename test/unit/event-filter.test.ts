import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '../../electron/core/query/ast.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import { compileFilter } from '../../electron/core/store/sqlite/event-filter.js';
import { openStore } from '../../electron/core/store/sqlite/open.js';
import { ftsBody } from '../../electron/core/store/sqlite/strings.js';

const T0 = Date.UTC(2015, 4, 17, 10, 0, 0);

interface Row {
  id: number;
  kind: 'api' | 'user' | 'log';
  source: number;
  status?: number;
  duration_ms?: number;
  method?: string;
  url?: string;
  route?: string;
  type?: string;
  page?: string;
  target?: string;
  level?: string;
  message?: string;
  session_id?: string;
  user_id?: string;
  attrs?: Record<string, unknown>;
}

// Event n happens n minutes after 10:00 UTC on 2015-05-17.
const EVENTS: Row[] = [
  // The DESIGN.md example matches 1 and 3; each of 2 and 4-8 misses exactly one of its terms.
  { id: 1, kind: 'api', source: 1, method: 'POST', url: '/api/cart/checkout', route: '/api/cart/checkout', status: 502, duration_ms: 1500, user_id: 'alice', session_id: 'S1', message: 'payment declined by bank' },
  { id: 2, kind: 'api', source: 1, method: 'PUT', url: '/api/cart/items/9', route: '/api/cart/items/:id', status: 500, duration_ms: 2000, user_id: 'bot', message: 'payment declined' },
  { id: 3, kind: 'api', source: 1, method: 'put', url: '/api/cart/items/3', route: '/api/cart/items/:id', status: 503, duration_ms: 1200, message: 'Payment Declined' },
  { id: 4, kind: 'api', source: 1, method: 'GET', url: '/api/cart', route: '/api/cart', status: 500, duration_ms: 5000, user_id: 'carol', message: 'payment declined' },
  { id: 5, kind: 'api', source: 1, method: 'POST', url: '/api/cart', route: '/api/cart', status: 500, duration_ms: 500, user_id: 'dave', message: 'payment declined' },
  { id: 6, kind: 'api', source: 1, method: 'POST', url: '/api/cart', route: '/api/cart', status: 200, duration_ms: 3000, message: 'payment declined' },
  { id: 7, kind: 'api', source: 1, method: 'POST', url: '/api/orders', route: '/api/orders', status: 500, duration_ms: 3000, message: 'payment declined' },
  { id: 8, kind: 'api', source: 1, method: 'POST', url: '/api/cart', route: '/api/cart', status: 500, duration_ms: 3000, message: 'declined payment' },
  { id: 9, kind: 'user', source: 3, type: 'button_click', page: '/checkout', target: '#pay', user_id: 'BOT', session_id: 's1', attrs: { button: 'Pay now', n: 7, flag: true, nested: { deep: 'treasure' }, list: ['alpha', 2] } },
  { id: 10, kind: 'log', source: 2, level: 'error', message: '100% done_ok', attrs: { pct: '100%', code: 'a_b', n: 'abc' } },
  { id: 11, kind: 'log', source: 2, level: 'warn', message: 'NEAR(x) col: "a" OR x body:secret' },
  { id: 12, kind: 'api', source: 4, method: 'GET', url: '/files/50%_off', status: 404, duration_ms: 3, attrs: { n: '7', total: 12.5 } },
  { id: 13, kind: 'api', source: 4, method: 'GET', url: '/files/50XYoff', status: 404, duration_ms: 4 },
  { id: 14, kind: 'log', source: 3, level: 'info', message: "it's fine", attrs: { n: 8, flag: false } },
];
const ALL = EVENTS.map((e) => e.id);

let db: Database.Database;

beforeAll(() => {
  // The real schema and insert path: dictionary columns and the per-string full-text index.
  const store = openStore({ path: ':memory:' });
  db = store.db;
  const source = db.prepare("INSERT INTO sources (id, kind, name, created_at) VALUES (?, 'file', ?, 0)");
  // Source 4's name has LIKE's metacharacters; source 3's would match them unescaped.
  for (const [id, name] of [[1, 'access.log'], [2, 'app.jsonl'], [3, 'appX100ZZv1.log'], [4, 'app_100%_v1.log']] as const) {
    source.run(id, name);
  }
  for (const e of EVENTS) {
    const { id, source: sourceId, ...fields } = e;
    const { ids } = store.events.insertMany(sourceId, [{ ...fields, time: T0 + id * 60_000, raw: '' }]);
    expect(ids).toEqual([id]);
  }
});

function ids(query: string): number[] {
  const { where, params } = compileFilter(parseQuery(query));
  const rows = db.prepare(`SELECT e.id FROM events e WHERE ${where} ORDER BY e.id`).pluck().all(...params);
  return rows as number[];
}

const except = (...gone: number[]) => ALL.filter((id) => !gone.includes(id));

describe('compileFilter against SQLite', () => {
  it('matches everything for a null query, with no parameters', () => {
    expect(compileFilter(null)).toEqual({ where: '1', params: [] });
    expect(ids('')).toEqual(ALL);
  });

  it('runs the DESIGN.md example', () => {
    expect(ids('status>=500 route:/api/cart* method:(POST OR PUT) -user:bot "payment declined" duration>1000')).toEqual([1, 3]);
  });

  it('compares numbers numerically and text case-insensitively', () => {
    expect(ids('status>=500')).toEqual([1, 2, 3, 4, 5, 7, 8]);
    expect(ids('status:500')).toEqual([2, 4, 5, 7, 8]);
    expect(ids('duration<10')).toEqual([12, 13]);
    expect(ids('duration>=1200 duration<=1500')).toEqual([1, 3]);
    expect(ids('method:put')).toEqual([2, 3]);
    expect(ids('level:ERROR')).toEqual([10]);
    expect(ids('status:5*')).toEqual([1, 2, 3, 4, 5, 7, 8]);
  });

  it('refuses an attribute key ending in a backslash, which would escape the JSON path\'s closing quote', () => {
    // Found by the property below: `attrs.x\\:a` names the key `x\`, and `$."x\"` is no path.
    expect(() => compileFilter(parseQuery('attrs.x\\\\:a'))).toThrow(/"attrs\.x\\" is not a valid attribute path/);
  });

  it('compares opaque ids exactly', () => {
    expect(ids('session:s1')).toEqual([9]);
    expect(ids('session:S1')).toEqual([1]);
  });

  it('reads ids, kinds and times', () => {
    expect(ids('id:evt_3')).toEqual([3]);
    expect(ids('id>=13')).toEqual([13, 14]);
    expect(ids('kind:log')).toEqual([10, 11, 14]);
    expect(ids('kind:user OR kind:LOG')).toEqual([9, 10, 11, 14]);
    expect(ids('time>=2015-05-17T10:12:00Z')).toEqual([12, 13, 14]);
    expect(ids('time:2015-05-17T10:05')).toEqual([5]);
    expect(ids('time:2015-05-17T12:05+02:00')).toEqual([5]);
    expect(ids('time:2015-05-17')).toEqual(ALL);
    expect(ids('time:2015-05-18')).toEqual([]);
    expect(ids('time<2015-05-17T10:03')).toEqual([1, 2]);
    expect(ids('time<=2015-05-17T10:03')).toEqual([1, 2, 3]);
    expect(ids('time>2015-05-17T10:12')).toEqual([13, 14]);
    expect(ids(`time>=${T0 + 13 * 60_000}`)).toEqual([13, 14]);
  });

  it('applies NOT > AND > OR', () => {
    expect(ids('status:502 OR status:500 method:GET')).toEqual([1, 4]);
    expect(ids('(status:502 OR status:500) method:GET')).toEqual([4]);
    expect(ids('NOT status:500 method:GET')).toEqual([12, 13]);
    expect(ids('method:GET AND NOT url:/api/cart OR kind:user')).toEqual([9, 12, 13]);
  });

  it('keeps events whose column is NULL when negating', () => {
    // 3, 6, 7, 8 and the log events have no user; 2 and 9 are the bot (any case).
    expect(ids('-user:bot')).toEqual(except(2, 9));
    expect(ids('NOT status:500')).toEqual(except(2, 4, 5, 7, 8));
    expect(ids('-(user:bot OR status:500)')).toEqual(except(2, 4, 5, 7, 8, 9));
    expect(ids('-method:(POST OR PUT OR GET)')).toEqual([9, 10, 11, 14]);
    expect(ids('-attrs.n:7')).toEqual(except(9, 12));
    expect(ids('-"payment declined"')).toEqual(except(1, 2, 3, 4, 5, 6, 7));
    expect(ids('user:*')).toEqual([1, 2, 4, 5, 9]);
    expect(ids('-user:*')).toEqual(except(1, 2, 4, 5, 9));
  });

  it('escapes literal % and _ in equality and wildcard values', () => {
    expect(ids('url:/files/50%_off')).toEqual([12]);
    expect(ids('url:*50%_*')).toEqual([12]);
    expect(ids('url:/files/50*off')).toEqual([12, 13]);
    expect(ids('message:*%*')).toEqual([10]);
    expect(ids('message:*e_o*')).toEqual([10]);
    expect(ids('url:"/api/cart*"')).toEqual([]);
    expect(ids('url:/api/cart*')).toEqual([1, 2, 3, 4, 5, 6, 8]);
  });

  it('matches sources by name, with LIKE metacharacters kept literal', () => {
    expect(ids('source:ACCESS.LOG')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ids('source:app_100%_v1.log')).toEqual([12, 13]);
    expect(ids('source:app_1*')).toEqual([12, 13]);
    expect(ids('file:app*')).toEqual([9, 10, 11, 12, 13, 14]);
    expect(ids('-source:app*')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('queries attrs by JSON path, keeping types apart', () => {
    expect(ids('attrs.n:7')).toEqual([9, 12]);
    expect(ids('attrs.n>5')).toEqual([9, 14]);
    expect(ids('attrs.total>=12.5')).toEqual([12]);
    expect(ids('attrs.flag:true')).toEqual([9]);
    expect(ids('attrs.flag:false')).toEqual([14]);
    expect(ids('attrs.nested.deep:TREASURE')).toEqual([9]);
    expect(ids('attrs.button:"pay now"')).toEqual([9]);
    expect(ids('attrs.button:Pay*')).toEqual([9]);
    expect(ids('attrs.pct:100%')).toEqual([10]);
    expect(ids('attrs.code:a_b attrs.code:a?b')).toEqual([]);
    expect(ids('attrs.code:a_b')).toEqual([10]);
    expect(ids('attrs.n:*')).toEqual([9, 10, 12, 14]);
    expect(ids('attrs.missing:* OR attrs.missing:x')).toEqual([]);
  });

  it('searches full text: words, prefixes, phrases, attrs leaves', () => {
    expect(ids('payment declined')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ids('"payment declined"')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ids('bank OR treasure')).toEqual([1, 9]);
    expect(ids('pay*')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ids('treasure alpha')).toEqual([9]);
    expect(ids('button_click')).toEqual([9]);
    expect(ids('declined -bank')).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(ids('"it\'s fine"')).toEqual([14]);
  });

  it('never lets text act as FTS syntax', () => {
    // A real OR of two terms (10 has the token "a" from a_b), then the same text as one phrase.
    expect(ids('"a" OR x')).toEqual([10, 11]);
    expect(ids('"\\"a\\" OR x"')).toEqual([11]);
    expect(ids('"NEAR(x"')).toEqual([11]);
    expect(ids('NEAR x')).toEqual([11]);
    expect(ids('"NEAR(payment declined)"')).toEqual([]);
    expect(ids('"col: a"')).toEqual([11]);
    expect(ids('"body:secret"')).toEqual([11]);
    expect(ids('"body: payment"')).toEqual([]);
    expect(ids('"payment AND"')).toEqual([]);
    expect(ids('"^payment"')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ids('"* OR payment"')).toEqual([]);
    expect(ids('"a\\\\" OR x')).toEqual([10, 11]);
  });

  it('keeps user text out of the SQL', () => {
    const hostile = `message:"x' OR 1=1; DROP TABLE events; --" "'); DELETE FROM events; --" attrs.a:"$.b') --"`;
    const { where, params } = compileFilter(parseQuery(hostile));
    expect(where).not.toMatch(/DROP|DELETE|1=1|\$\.b/);
    expect(params).toContain("x' OR 1=1; DROP TABLE events; --");
    expect(ids(hostile)).toEqual([]);
    expect(ids('')).toEqual(ALL);
  });

  it('either rejects a query with a QuerySyntaxError or compiles it to SQL that runs', () => {
    const pieces = ['a', 'status', ':', '>=', '<', '500', '*', '"', '\\', '(', ')', ' ', '-', 'AND', 'OR', 'NOT', 'attrs.x', 'time', '2015-05-17', 'url', '%', '_', "'", 'NEAR', '^'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const q = parts.join('');
        let node;
        try {
          node = parseQuery(q);
        } catch (err) {
          if (err instanceof QuerySyntaxError && err.column >= 1 && err.column <= q.length + 1) return;
          throw err;
        }
        const { where, params } = compileFilter(node);
        db.prepare(`SELECT count(*) FROM events e WHERE ${where}`).get(...params);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ftsBody', () => {
  it('indexes an attribute object by its string, number and boolean leaves, and other text as it is', () => {
    expect(ftsBody(JSON.stringify({ x: 'one', y: 2, z: true, w: null, nested: { deep: ['two', { n: 3 }] } }))).toBe('one 2 true two 3');
    expect(ftsBody('GET /a')).toBe('GET /a');
    expect(ftsBody('{not json')).toBe('{not json');
  });
});
