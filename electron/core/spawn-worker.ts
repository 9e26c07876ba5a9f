// Starts a worker thread from its TypeScript source (tests importing the core, tsx) or from its
// bundled script (the command line's dist/cli, the desktop app's dist/electron). From source the
// thread needs tsx's loader before it can import .ts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { z } from 'zod';

/** tsx's ESM register API, found through its package exports (works under any loader). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const TsxPackage = z.object({ exports: z.object({ './esm/api': z.object({ import: z.object({ default: z.string() }) }) }) });
  const pkg = TsxPackage.parse(JSON.parse(fs.readFileSync(pkgFile, 'utf8')));
  return pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href;
}

/**
 * Inside a bundle, `new URL('./x-worker.ts', import.meta.url)` names a file beside the bundle,
 * where no .ts exists: the build (scripts/worker-entries.mjs) put x-worker.cjs there.
 */
function bundledBeside(sourceFile: string): string {
  const name = path.basename(sourceFile, path.extname(sourceFile));
  const file = path.join(path.dirname(sourceFile), `${name}.cjs`);
  if (fs.existsSync(file)) return file;
  throw new Error(`worker ${name} not found: neither ${sourceFile} nor its bundle (${name}.cjs) exists; rebuild (npm run build:cli, or build:electron for the app)`);
}

/**
 * `source` is the worker's .ts URL, resolved from the caller's import.meta.url. When that file
 * exists we run from source; when it does not, we run inside a bundle and start the bundled
 * worker beside it (so no caller passes paths, and the app, the CLI and tests agree).
 */
export function spawnWorker(source: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const sourceFile = fileURLToPath(source);
  if (!fs.existsSync(sourceFile)) return new Worker(bundledBeside(sourceFile), { workerData, resourceLimits });
  const tsx = tsxEsmApi();
  const entry = pathToFileURL(sourceFile).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}
