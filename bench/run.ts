// `npm run bench [-- name...]`: runs the named benchmarks (default: all), each printing a table
// with the peer's figure measured in the same run beside ours.
import { runCollectorBench } from './collector/index.js';
import { runHostileBench } from './hostile/index.js';
import { runImportBench } from './import/index.js';
import { runSoakBench } from './soak/index.js';

const BENCHES: Record<string, () => Promise<unknown>> = {
  collector: runCollectorBench,
  hostile: runHostileBench,
  import: runImportBench,
  soak: runSoakBench,
  startup: async () => (await import('./startup/index.js')).runStartupBench(),
  aggregates: async () => (await import('./aggregates/index.js')).runAggregatesBench(),
  dashboard: async () => (await import('./dashboard/index.js')).runDashboardBench(),
  timeline: async () => (await import('./timeline/index.js')).runTimelineBench(),
  explorer: async () => (await import('./explorer/index.js')).runExplorerBench(),
};

// Benchmarks run the command line as users do: its bundle, built from the sources as they are.
const buildCliScript = new URL('../scripts/build-cli.mjs', import.meta.url).href;
await ((await import(buildCliScript)) as { buildCli(o: { logLevel: string }): Promise<unknown> }).buildCli({ logLevel: 'error' });

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(2);
}
console.log(`Benchmarks on ${process.platform} ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
// The soak runs for ten minutes, so it runs only when named.
const OPT_IN = new Set(['soak']);
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES).filter((n) => !OPT_IN.has(n))) await BENCHES[name]!();
