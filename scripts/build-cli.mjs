#!/usr/bin/env node
// Bundles the command line with esbuild, so `logbridge` starts compiled JavaScript instead of
// compiling TypeScript through a loader at every start (issue 10):
//   electron/cli.ts -> dist/cli/logbridge.cjs
//   the worker threads (scripts/worker-entries.mjs) -> dist/cli/<name>.cjs, e.g. parse-worker.cjs
// CommonJS, one file: bin/logbridge.mjs compiles it with a V8 code cache (node:vm), which Node 20
// offers for scripts but not for ES modules, and which measured 30 ms faster to a query's first
// line than ESM chunks. The commands stay lazy inside it (electron/cli.ts imports them
// dynamically; esbuild turns each into a module initialised on first use), so --version runs
// almost none of the code it carries. better-sqlite3 (native) and @clickhouse/client stay
// packages; everything else, zod included, is inside.
// Built at install (`prepare`), before `npm test`, and by `npm run build:cli`.
// Usage: node scripts/build-cli.mjs [--out DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { WORKER_ENTRIES, workerName } from './worker-entries.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Packages the bundle loads at run time instead of carrying. */
// playwright-core: only the demo's Chromium driver imports it (dynamically), and only from a checkout.
export const CLI_EXTERNAL = ['better-sqlite3', '@clickhouse/client', 'playwright-core'];

/** Where the bundle sits in a package: <package>/dist/cli (two folders down), wherever the package is (--out too). */
const PACKAGE_FROM_BUNDLE = Array.from({ length: 2 }, () => '..').join('/');

/**
 * `import.meta.dirname` means the source file's folder; bundled, it would be the bundle's. Each
 * use becomes the same folder of the package the bundle is in, so electron/serve.ts still finds
 * <package>/dist/renderer, in the checkout or in a copy of bin/ and dist/.
 */
function sourceDirnamePlugin() {
  return {
    name: 'logbridge-source-dirname',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes('import.meta.dirname') && !text.includes('import.meta.filename')) return undefined;
        const inPackage = path.relative(ROOT, path.dirname(args.path)).split(path.sep).join('/') || '.';
        const dir = `__logbridgeResolve(__dirname, ${JSON.stringify(PACKAGE_FROM_BUNDLE)}, ${JSON.stringify(inPackage)})`;
        const file = `__logbridgeResolve(${dir}, ${JSON.stringify(path.basename(args.path))})`;
        // The helper's import goes last (imports hoist), so the source map's lines stay the file's.
        const contents =
          text.replaceAll('import.meta.dirname', dir).replaceAll('import.meta.filename', file) +
          "\nimport { resolve as __logbridgeResolve } from 'node:path';\n";
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * What an earlier build left in outDir: its bundles, their maps and bin/logbridge.mjs's code
 * cache, which must not outlive the bundle it was made from. Nothing else there is touched.
 */
function removeEarlierBuild(outDir) {
  if (!fs.existsSync(outDir)) return;
  for (const name of fs.readdirSync(outDir)) {
    if (name === '.v8-cache' || name.endsWith('.cjs') || name.endsWith('.cjs.map')) fs.rmSync(path.join(outDir, name), { recursive: true, force: true });
  }
}

/** Builds into outDir; resolves with the entry's path and esbuild's metafile for it. */
export async function buildCli({ outDir = path.join(ROOT, 'dist', 'cli'), sourcemap = true, logLevel = 'warning' } = {}) {
  removeEarlierBuild(outDir);
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: CLI_EXTERNAL,
    legalComments: 'none',
    // Stack traces name the .ts lines when source maps are on (bin/logbridge.mjs, with
    // LOGBRIDGE_DEBUG); the sources stay out of the maps, which keeps them small.
    sourcemap: sourcemap ? 'linked' : false,
    sourcesContent: false,
    // The sources are ESM. In a CommonJS bundle import.meta.url is the bundle's own URL, so
    // `new URL('./x-worker.ts', import.meta.url)` names a file beside dist/cli/logbridge.cjs,
    // where spawn-worker.ts finds x-worker.cjs.
    define: { 'import.meta.url': '__logbridge_import_meta_url' },
    banner: { js: "const __logbridge_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [sourceDirnamePlugin()],
    metafile: true,
    logLevel,
  };
  const [cli] = await Promise.all([
    build({ ...common, entryPoints: [path.join(ROOT, 'electron', 'cli.ts')], outfile: path.join(outDir, 'logbridge.cjs') }),
    ...WORKER_ENTRIES.map((worker) =>
      build({ ...common, entryPoints: [path.join(ROOT, ...worker.source.split('/'))], outfile: path.join(outDir, `${workerName(worker)}.cjs`) }),
    ),
  ]);
  return { outDir, entry: path.join(outDir, 'logbridge.cjs'), metafile: cli.metafile };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 && args[outAt + 1] ? path.resolve(args[outAt + 1]) : undefined;
  try {
    const res = await buildCli({ outDir });
    console.log(`Built ${path.relative(process.cwd(), res.entry)} and its worker threads`);
  } catch (err) {
    // esbuild has already printed the located errors.
    console.error(`Command-line bundle failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    process.exit(1);
  }
}
