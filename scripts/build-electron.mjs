#!/usr/bin/env node
// Bundles Electron's two entry points with esbuild:
//   electron/main.ts    -> dist/electron/main.cjs     (Node side; electron and better-sqlite3 stay external)
//   electron/preload.ts -> dist/electron/preload.cjs  (sandboxed: CommonJS, self-contained)
//   the worker threads (scripts/worker-entries.mjs) -> dist/electron/<name>.cjs, e.g. parse-worker.cjs
// The preload needs only the contract's names (CALL_NAMES, TOPIC_NAMES) from shared/api.ts. They
// are computed from the real contract at build time and inlined as plain arrays, so the preload
// does not carry zod and the schemas (~750 KB) into every window.
// Usage: node scripts/build-electron.mjs [--out DIR] [--minify]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { WORKER_ENTRIES, workerName } from './worker-entries.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** CALL_NAMES and TOPIC_NAMES, read from shared/api.ts itself (bundled and imported once). */
export async function contractNames() {
  const tmpDir = path.join(ROOT, 'node_modules', '.cache', 'logbridge');
  fs.mkdirSync(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `contract-${process.pid}-${Date.now()}.mjs`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, 'shared', 'api.ts')],
    outfile: tmp,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  });
  try {
    const api = await import(pathToFileURL(tmp).href);
    const names = { CALL_NAMES: [...api.CALL_NAMES], TOPIC_NAMES: [...api.TOPIC_NAMES] };
    if (!names.CALL_NAMES.every((n) => typeof n === 'string') || !names.TOPIC_NAMES.every((n) => typeof n === 'string')) {
      throw new Error('shared/api.ts: CALL_NAMES and TOPIC_NAMES must be arrays of strings');
    }
    return names;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** For the preload only: `import { CALL_NAMES, TOPIC_NAMES } from '../shared/api.js'` becomes the two arrays. */
function contractNamesPlugin(names) {
  return {
    name: 'logbridge-contract-names',
    setup(b) {
      b.onResolve({ filter: /(^|\/)shared\/api(\.[jt]s)?$/ }, () => ({ path: 'shared/api (names only)', namespace: 'logbridge-contract' }));
      b.onLoad({ filter: /.*/, namespace: 'logbridge-contract' }, () => ({
        loader: 'js',
        contents: Object.entries(names)
          .map(([k, v]) => `export const ${k} = Object.freeze(${JSON.stringify(v)});`)
          .join('\n'),
      }));
    },
  };
}

/** Bundles main and preload into outDir; resolves with esbuild's metafiles. */
export async function buildElectron({ outDir = path.join(ROOT, 'dist', 'electron'), minify = false, sourcemap = true, logLevel = 'warning' } = {}) {
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    format: 'cjs',
    external: ['electron'],
    legalComments: 'none',
    minify,
    sourcemap: sourcemap ? 'linked' : false,
    metafile: true,
    logLevel,
  };
  const names = await contractNames();
  const [main, preload] = await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'electron', 'main.ts')],
      outfile: path.join(outDir, 'main.cjs'),
      platform: 'node',
      target: 'node20',
      // playwright-core: only the demo's Chromium driver imports it, never in the app (it runs the http driver).
      external: ['electron', 'better-sqlite3', 'playwright-core'],
      // The sources are ESM; in the CommonJS bundle import.meta.url is the bundle's own URL,
      // so `new URL('./x', import.meta.url)` resolves beside dist/electron/main.cjs.
      define: { 'import.meta.url': '__logbridge_import_meta_url' },
      banner: { js: "const __logbridge_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    }),
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'electron', 'preload.ts')],
      outfile: path.join(outDir, 'preload.cjs'),
      // A sandboxed preload has no Node: 'browser' makes any node:* import a build error.
      platform: 'browser',
      plugins: [contractNamesPlugin(names)],
      target: 'chrome120',
    }),
    // Threads started from these files (beside main.cjs); only the ones that open the database
    // need better-sqlite3, which stays outside the bundle as the native module it is.
    ...WORKER_ENTRIES.map((worker) =>
      build({
        ...common,
        entryPoints: [path.join(ROOT, ...worker.source.split('/'))],
        outfile: path.join(outDir, `${workerName(worker)}.cjs`),
        platform: 'node',
        target: 'node20',
        external: worker.sqlite ? ['electron', 'better-sqlite3'] : ['electron'],
      }),
    ),
  ]);
  return { outDir, main: main.metafile, preload: preload.metafile };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 && args[outAt + 1] ? path.resolve(args[outAt + 1]) : undefined;
  try {
    const res = await buildElectron({ outDir, minify: args.includes('--minify') });
    console.log(`Built ${path.relative(process.cwd(), path.join(res.outDir, 'main.cjs'))} and preload.cjs`);
  } catch (err) {
    // esbuild has already printed the located errors.
    console.error(`Electron bundle failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    process.exit(1);
  }
}
