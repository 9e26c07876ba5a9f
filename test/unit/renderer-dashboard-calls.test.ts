// The dashboard's calls, as the cards send them and the benchmark times them: each one the
// contract accepts, the user's search and range in every call, the search's ORs kept inside,
// and a card's switch changing only that card's call.
import { describe, expect, it } from 'vitest';
import { api } from '../../shared/api.js';
import { CHART_NAMES, chartCall, dashboardCalls } from '../../renderer/src/lib/dashboard-calls.js';

type QueryNode = { type: string; children?: QueryNode[]; child?: QueryNode; field?: string; value?: string };

// The core's parser, loaded at run time (it is outside the renderer's TypeScript project).
const PARSER = '../../electron/core/query/parse.js';
const { parseQuery: parse } = (await import(PARSER)) as { parseQuery(text: string): QueryNode | null };
/** The tree without the columns its nodes were read at, which move when text is wrapped. */
const parseQuery = (text: string): unknown => JSON.parse(JSON.stringify(parse(text), (k, v: unknown) => (k === 'column' ? undefined : v)));

const SEARCHES = ['', 'route:/api/checkout*', 'status:500 OR method:POST', 'say "hi" \\'];
const RANGES = [undefined, { from: 1_000 }, { from: 1_000, to: 2_000 }];

describe('dashboardCalls', () => {
  it('names every card once, the summary first', () => {
    const names = dashboardCalls('').map((c) => c.name);
    expect(names).toEqual([...CHART_NAMES]);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('summary');
  });

  it('sends inputs the contract accepts, for any search, range and switch', () => {
    for (const query of SEARCHES) {
      for (const range of RANGES) {
        for (const choices of [{}, { unauthorizedBy: 'user_id' as const, bridgeWindow: 60 as const }]) {
          for (const c of dashboardCalls(query, range, choices)) {
            const parsed = api[c.call].input.safeParse(c.input);
            expect(parsed.success, `${c.name} ${JSON.stringify(c.input)}: ${parsed.error?.message}`).toBe(true);
          }
        }
      }
    }
  });

  it('sends the summary the search as typed, so the error it answers points into that text', () => {
    for (const query of SEARCHES) expect(chartCall('summary', query).input.query).toBe(query);
  });

  it('carries the range into every call, and none without one', () => {
    const range = { from: 1_000, to: 2_000 };
    for (const c of dashboardCalls('x', range)) expect(c.input.range, c.name).toEqual(range);
    for (const c of dashboardCalls('x')) expect('range' in c.input, c.name).toBe(false);
  });

  it("keeps the user's search in every call, its OR grouped apart from the card's scope", () => {
    const user = 'status:500 OR method:POST';
    for (const c of dashboardCalls(user)) {
      const tree = parseQuery(c.input.query ?? '') as QueryNode | null;
      if (c.call !== 'stats.aggregate' || c.name === 'summary' || c.name === 'traffic') {
        // Unscoped: the search as typed (the core adds the route table's and the bridge's own scope).
        expect(tree, c.name).toEqual(parseQuery(user));
        continue;
      }
      expect(tree?.type, c.name).toBe('and');
      expect(tree?.children?.[0], c.name).toEqual(parseQuery(user));
    }
  });

  it("changes only the switched card's call", () => {
    const base = dashboardCalls('q');
    const switched = dashboardCalls('q', undefined, { unauthorizedBy: 'user_id', bridgeWindow: 60 });
    const changed = base.filter((c, i) => JSON.stringify(c) !== JSON.stringify(switched[i])).map((c) => c.name);
    expect(changed.sort()).toEqual(['bridge', 'unauthorized']);
    expect(chartCall('unauthorized', 'q', undefined, { unauthorizedBy: 'user_id' }).input.group_by).toEqual(['user_id']);
    expect(chartCall('bridge', 'q', undefined, { bridgeWindow: 60 }).input.window_minutes).toBe(60);
  });
});
