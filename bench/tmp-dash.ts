import { openCore } from '../electron/core/compose.js';
import { ask, dashboardCalls } from './dashboard/calls.js';
import { oneRecordPerCall } from '../electron/core/analysis/call-records.js';
import { parseQuery } from '../electron/core/query/parse.js';
const core = await openCore({ store: { kind: 'sqlite', path: '/tmp/perf/shop2.db' }, version: 'bench', collectorUrl: null, log: () => {} });
console.log('count', (await core.store.count(null)).count);
const calls = await dashboardCalls('');
for (const c of calls) await ask(core, c.call, c.input);
for (let round = 0; round < 2; round++) {
  for (const c of calls) {
    const t = performance.now();
    await ask(core, c.call, c.input);
    console.log(c.name.padEnd(30), (performance.now() - t).toFixed(1));
  }
}
for (let i = 0; i < 3; i++) { const t = performance.now(); await oneRecordPerCall(core.store, parseQuery('')); console.log('echo', (performance.now() - t).toFixed(1)); }
await core.close();
