// The explorer's side views in the benchmark: the facet sidebar and the histogram, each timed
// from a new search (Enter) to its own answer painted, the way a user waits for it.
import type { Page } from 'playwright-core';
import { fmtMs, percentile, type Row } from '../lib/table.js';
import { actThenPainted, CallTimingSchema, PRESS_ENTER, SETTLED, typeQuery, type CallTiming, type Shows } from './page.js';

/** Searches that change what both views show; alternated so each is a real change. */
const QUERIES = ['kind:api', 'status>=500', 'route:/api/checkout', 'kind:user', 'method:POST'];

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const p50p95 = (xs: number[]) => (xs.length === 0 ? 'n/a' : `${fmtMs(percentile(sorted(xs), 50))} / ${fmtMs(percentile(sorted(xs), 95))}`);

async function refreshes(page: Page, rpc: string, runs: number, shows: Shows): Promise<CallTiming[]> {
  const out: CallTiming[] = [];
  for (let i = 0; i < runs; i++) {
    await page.evaluate(SETTLED);
    await page.evaluate(typeQuery(QUERIES[i % QUERIES.length]!));
    out.push(CallTimingSchema.parse(await page.evaluate(actThenPainted(PRESS_ENTER, [rpc], shows))));
  }
  await page.evaluate(typeQuery(''));
  await page.evaluate(PRESS_ENTER);
  return out;
}

export async function explorerExtras(page: Page, runs: number): Promise<{ rows: Row[] }> {
  const rows: Row[] = [];
  // The sidebar's values change in place; the chart marks each drawing on data-drawn.
  const views: [string, string, string, Shows][] = [
    ['facet sidebar', 'events.facets', 'facet-sidebar', { selector: '[data-testid="facet-sidebar"]' }],
    ['histogram', 'stats.aggregate', 'histogram', { selector: '[data-testid="histogram-chart"]', attr: 'data-drawn' }],
  ];
  for (const [name, rpc, testId, shows] of views) {
    if ((await page.getByTestId(testId).count()) === 0) {
      rows.push({ measure: `${name} refresh after a new search`, ours: `no ${name} in the page (data-testid="${testId}")`, peer: '', goal: '≤ 100', met: false });
      continue;
    }
    const t = await refreshes(page, rpc, runs, shows);
    const ms = t.map((x) => x.ms);
    rows.push(
      {
        measure: `${name} refresh after a new search, Enter to its answer painted, ms p50 / p95 (${runs} searches)`,
        ours: p50p95(ms),
        peer: '',
        goal: '≤ 100',
        met: percentile(sorted(ms), 95) <= 100,
      },
      { measure: `  of which the call (${rpc}), ms p50 / p95`, ours: p50p95(t.flatMap((x) => (x.callMs === null ? [] : [x.callMs]))), peer: '', goal: 'reported' },
    );
  }
  return { rows };
}
