// The store contract's filter table (see store-contract.ts): ten events from four sources, and
// what each query of the search language finds among them.
import { expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { everything, file, fresh, MIN, T0, type Open } from './store-contract-support.js';

/** Event n happens n minutes after T0; `tag` names it in expectations. */
interface Row extends Omit<NewEvent, 'time' | 'raw'> {
  tag: number;
  source: 'access' | 'jsonl' | 'odd' | 'meta';
}

const FILTER_ROWS: Row[] = [
  { tag: 1, source: 'access', kind: 'api', method: 'POST', url: '/api/cart/checkout', route: '/api/cart/checkout', status: 502, duration_ms: 1500, user_id: 'alice', session_id: 'S1', message: 'payment declined by bank' },
  { tag: 2, source: 'access', kind: 'api', method: 'PUT', url: '/api/cart/items/9', route: '/api/cart/items/:id', status: 500, duration_ms: 2000, user_id: 'bot', message: 'payment declined' },
  { tag: 3, source: 'access', kind: 'api', method: 'put', url: '/api/cart/items/3', route: '/api/cart/items/:id', status: 503, duration_ms: 1200, message: 'Payment Declined' },
  { tag: 4, source: 'access', kind: 'api', method: 'GET', url: '/api/cart', route: '/api/cart', status: 500, duration_ms: 5000, user_id: 'carol', message: 'payment declined' },
  { tag: 5, source: 'access', kind: 'api', method: 'POST', url: '/api/cart', route: '/api/cart', status: 200, duration_ms: 3000, message: 'declined payment' },
  { tag: 6, source: 'odd', kind: 'user', type: 'button_click', page: '/checkout', target: '#pay', user_id: 'BOT', session_id: 's1', attrs: { button: 'Pay now', n: 7, flag: true, nested: { deep: 'treasure' }, list: ['alpha', 2] } },
  { tag: 7, source: 'jsonl', kind: 'log', level: 'error', message: '100% done_ok', attrs: { pct: '100%', code: 'a_b', n: 'abc' } },
  { tag: 8, source: 'meta', kind: 'api', method: 'GET', url: '/files/50%_off', status: 404, duration_ms: 3, attrs: { n: '7', total: 12.5 } },
  { tag: 9, source: 'meta', kind: 'api', method: 'GET', url: '/files/50XYoff', status: 404, duration_ms: 4 },
  { tag: 10, source: 'odd', kind: 'log', level: 'info', message: "it's fine", attrs: { n: 8, flag: false } },
];
const ALL_TAGS = FILTER_ROWS.map((r) => r.tag);
const except = (...gone: number[]) => ALL_TAGS.filter((t) => !gone.includes(t));

/** Query text -> the tags it matches. Free text only where words and substrings agree. */
const FILTER_TABLE: [string, number[]][] = [
  ['', ALL_TAGS],
  ['status>=500 route:/api/cart* method:(POST OR PUT) -user:bot "payment declined" duration>1000', [1, 3]],
  ['status>=500', [1, 2, 3, 4]],
  ['status:500', [2, 4]],
  ['status:5*', [1, 2, 3, 4]],
  // A bare status finds that status (and the text, as a word: tag 7 says "100% done").
  ['404', [8, 9]],
  ['502 OR 503', [1, 3]],
  ['-404 kind:api', [1, 2, 3, 4, 5]],
  ['100', [7]],
  // A concrete path finds the events of its route template.
  ['route:/api/cart/items/42', [2, 3]],
  ['route:"/api/cart/items/42"', []],
  ['route:/api/cart', [4, 5]],
  ['duration<10', [8, 9]],
  ['duration>=1200 duration<=1500', [1, 3]],
  ['method:put', [2, 3]],
  ['level:ERROR', [7]],
  ['session:s1', [6]],
  ['session:S1', [1]],
  ['session:*', [1, 6]],
  ['kind:log', [7, 10]],
  ['kind:user OR kind:LOG', [6, 7, 10]],
  ['time:2015-05-17T10:05', [5]],
  ['time:2015-05-17T12:05+02:00', [5]],
  ['time:2015-05-17', ALL_TAGS],
  ['time:2015-05-18', []],
  ['time<2015-05-17T10:03', [1, 2]],
  ['time<=2015-05-17T10:03', [1, 2, 3]],
  ['time>2015-05-17T10:08', [9, 10]],
  ['status:502 OR status:500 method:GET', [1, 4]],
  ['(status:502 OR status:500) method:GET', [4]],
  ['NOT status:500 method:GET', [8, 9]],
  ['-user:bot', except(2, 6)],
  ['NOT status:500', except(2, 4)],
  ['-(user:bot OR status:500)', except(2, 4, 6)],
  ['user:*', [1, 2, 4, 6]],
  ['-user:*', except(1, 2, 4, 6)],
  ['-attrs.n:7', except(6, 8)],
  ['url:/files/50%_off', [8]],
  ['url:*50%_*', [8]],
  ['url:/files/50*off', [8, 9]],
  ['message:*%*', [7]],
  ['message:*e_o*', [7]],
  ['url:/api/cart*', [1, 2, 3, 4, 5]],
  ['source:ACCESS.LOG', [1, 2, 3, 4, 5]],
  ['source:app_100%_v1.log', [8, 9]],
  ['source:app_1*', [8, 9]],
  ['file:app*', [6, 7, 8, 9, 10]],
  ['-source:app*', [1, 2, 3, 4, 5]],
  ['attrs.n:7', [6, 8]],
  ['attrs.n>5', [6, 10]],
  // Text values never compare as numbers ("7" and "abc" stay out).
  ['attrs.n<7.5', [6]],
  ['attrs.total>=12.5', [8]],
  ['attrs.flag:true', [6]],
  ['attrs.flag:false', [10]],
  ['attrs.nested.deep:TREASURE', [6]],
  ['attrs.button:"pay now"', [6]],
  ['attrs.button:Pay*', [6]],
  ['attrs.pct:100%', [7]],
  ['attrs.code:a_b', [7]],
  ['attrs.n:*', [6, 7, 8, 10]],
  ['attrs.missing:* OR attrs.missing:x', []],
  ['payment declined', [1, 2, 3, 4, 5]],
  ['"payment declined"', [1, 2, 3, 4]],
  ['bank OR treasure', [1, 6]],
  ['pay*', [1, 2, 3, 4, 5, 6]],
  ['treasure alpha', [6]],
  ['button_click', [6]],
  ['declined -bank', [2, 3, 4, 5]],
  ['"it\'s fine"', [10]],
  [`message:"x' OR 1=1; DROP TABLE events; --"`, []],
  [`"'); DELETE FROM events; --" OR attrs.a:"$.b') --"`, []],
];

export function describeFilters(open: Open): void {
  it('matches each query of the filter table, as the search language means it', async () => {
    const store = await fresh(open);
    const names = { access: 'access.log', jsonl: 'app.jsonl', odd: 'appX100ZZv1.log', meta: 'app_100%_v1.log' } as const;
    const ids = new Map<string, number>();
    for (const [key, name] of Object.entries(names)) ids.set(key, await store.sources.createFile(name, 'jsonl', file(`/logs/${name}`), null));
    const tagOf = new Map<string, number>();
    for (const { tag, source, ...fields } of FILTER_ROWS) {
      const [id] = await store.append(ids.get(source)!, [{ ...fields, time: T0 + tag * MIN, raw: '' }]);
      tagOf.set(id!, tag);
    }
    const tags = async (query: string) => (await everything(store, query)).map((e) => tagOf.get(e.id)!).sort((a, b) => a - b);
    for (const [query, want] of FILTER_TABLE) expect(await tags(query), query).toEqual(want);
    // Ids are compared as the store hands them out.
    const third = [...tagOf].find(([, t]) => t === 3)![0];
    expect(await tags(`id:${third}`)).toEqual([3]);
    expect(await tags(`-id:${third}`)).toEqual(except(3));
    // Bad values are the user's mistake, told as such.
    // A node the parser would refuse, as another caller might build it: the store refuses it too.
    await expect(store.count({ type: 'field', field: 'status', op: ':', value: 'abc', wildcard: false, column: 1 })).rejects.toThrow(/number/);
    // A kind the parser would refuse matches nothing rather than failing.
    expect((await store.count({ type: 'field', field: 'kind', op: ':', value: 'nothing', wildcard: false, column: 1 })).count).toBe(0);
    expect((await store.count(null)).count).toBe(FILTER_ROWS.length);
  });
}
