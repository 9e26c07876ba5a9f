// Starts a worker thread from its TypeScript source (tests, `npx logbridge`) or from its bundled
// script (the desktop build). From source the thread needs tsx's loader before it can import .ts.
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
 * `source` is the worker's .ts URL; `bundled`, when given, is its built .cjs file, used instead.
 */
export function spawnWorker(source: URL, bundled: string | undefined, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (bundled) return new Worker(bundled, { workerData, resourceLimits });
  const tsx = tsxEsmApi();
  const entry = pathToFileURL(fileURLToPath(source)).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}
