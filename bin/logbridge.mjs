#!/usr/bin/env node
// `logbridge ...`: runs the compiled command line, dist/cli/logbridge.cjs (scripts/build-cli.mjs,
// built at install by `prepare`, before `npm test`, and by `npm run build:cli`).
// A missing build is an error, not a quiet fall back to the TypeScript: that fallback would hide
// a broken install behind a half-second start, and tests would pass on code users never run.
//
// The bundle is compiled through node:vm with a V8 code cache kept beside it (.v8-cache/): later
// starts skip parsing and compiling the ~1.3 MB it carries, ~30 ms of a query's time to its first
// line. Node 22 has module.enableCompileCache for this; Node 20 does not.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/cli/logbridge.cjs', import.meta.url));
const argv = process.argv.slice(2);

let stat;
try {
  stat = fs.statSync(bundle);
} catch (err) {
  if (err?.code !== 'ENOENT') throw err;
  process.stderr.write('logbridge: the command line is not built (dist/cli/logbridge.cjs is missing); run `npm run build:cli`.\n');
  process.exit(1);
}

// Stack traces name the .ts lines when asked for (LOGBRIDGE_DEBUG=1, or node's own switch).
// Node maps only what its loader loaded, so then the bundle is required plainly, uncached.
if (process.env.LOGBRIDGE_DEBUG) process.setSourceMapsEnabled(true);
const cli = process.sourceMapsEnabled ? { exports: createRequire(import.meta.url)(bundle), save() {} } : compileCached();
process.exitCode = await cli.exports.main(argv);
// --version and --help answer before any command's code runs: a cache made by them would lack it.
if (argv[0] !== undefined && !argv[0].startsWith('-') && argv[0] !== 'help') cli.save();

/** The bundle run as CommonJS (Node's own wrapper), compiled with the cache when there is one. */
function compileCached() {
  // One cache per bundle and V8: a rebuilt bundle (size, time) or another Node gets its own.
  const cacheDir = path.join(path.dirname(bundle), '.v8-cache');
  const cacheFile = path.join(cacheDir, `logbridge-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.arch}-v8-${process.versions.v8}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // None yet: this run makes it.
  }
  const source = fs.readFileSync(bundle, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  return {
    exports: module.exports,
    /** After the command ran, so the cache holds the functions it compiled on the way. */
    save() {
      if (cachedData !== undefined && !script.cachedDataRejected) return;
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        // Another bundle's or Node's caches go: only this one is read from now on.
        for (const old of fs.readdirSync(cacheDir)) if (!old.startsWith(path.basename(cacheFile))) fs.rmSync(path.join(cacheDir, old), { force: true });
        // Atomic, for runs in parallel (the tests): a reader sees a whole file or none.
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // A read-only install runs without the cache, only slower.
      }
    },
  };
}
