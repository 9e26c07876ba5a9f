#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into its own folder,
//   node_modules/.cache/logbridge/electron-native/<electron version>/better_sqlite3.node
// and never touches node_modules/better-sqlite3/build, which stays the Node build that the
// tests, browser mode and the CLI load. main.ts passes this file as `nativeBinding`; a packaged
// app ships it through electron-builder's extraResources (build/electron-builder.yml).
//
// How: copy the better-sqlite3 package (without its build/) to a temp folder; there, try a
// prebuilt Electron binary (prebuild-install), else compile with node-gyp against Electron's
// headers. Both need the network once; after that the result is cached.
//
// Usage: node scripts/electron-native.mjs [--force]   (prints the path; one sentence on failure)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Same folder as ELECTRON_NATIVE_CACHE in electron/shell/policy.ts (a unit test checks they agree). */
export const ELECTRON_NATIVE_CACHE = 'node_modules/.cache/logbridge/electron-native';
export const NATIVE_BINDING_FILE = 'better_sqlite3.node';
export const ELECTRON_HEADERS_URL = process.env.LOGBRIDGE_ELECTRON_HEADERS_URL || 'https://electronjs.org/headers';

export class ElectronNativeError extends Error {
  name = 'ElectronNativeError';
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

export function electronVersion(root = ROOT) {
  return readJson(path.join(root, 'node_modules', 'electron', 'package.json')).version;
}

/** Electron's NODE_MODULE_VERSION, shipped by the electron package as `abi_version`. */
export function electronAbi(root = ROOT) {
  try {
    return fs.readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  } catch {
    return null;
  }
}

export function nativeBindingPath(root = ROOT, version = electronVersion(root)) {
  return path.join(root, ELECTRON_NATIVE_CACHE, version, NATIVE_BINDING_FILE);
}

function stampFor(root, version, arch) {
  return {
    electron: version,
    betterSqlite3: readJson(path.join(root, 'node_modules', 'better-sqlite3', 'package.json')).version,
    platform: process.platform,
    arch,
  };
}

/** True when an Electron-ABI build for this electron + better-sqlite3 + arch is already cached. */
export function isElectronNativeReady(root = ROOT, version = electronVersion(root), arch = process.arch) {
  const out = nativeBindingPath(root, version);
  try {
    const stamp = readJson(path.join(path.dirname(out), 'stamp.json'));
    return fs.existsSync(out) && JSON.stringify(stamp) === JSON.stringify(stampFor(root, version, arch));
  } catch {
    return false;
  }
}

/** Child env without npm's config: ~/.npmrc's `nodedir` would make node-gyp build for Node, silently. */
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_config_/i.test(k)) env[k] = v;
  return env;
}

function run(cmd, args, { cwd, timeoutMs, logFile }) {
  return new Promise((resolve) => {
    const log = fs.openSync(logFile, 'a');
    fs.writeSync(log, `\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd, env: cleanEnv(), stdio: ['ignore', log, log] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      fs.closeSync(log);
      resolve({ code: -1, error: err.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      fs.closeSync(log);
      resolve({ code: code ?? -1, timedOut: signal === 'SIGKILL' });
    });
  });
}

/** Why a URL cannot be fetched ("getaddrinfo ENOTFOUND host", "HTTP 404", "no answer within 15 s"), or null when it can. */
export async function unreachable(url, timeoutMs = 15_000) {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    // Only a definite "not there" counts; a server that dislikes HEAD may still serve the GET.
    return res.status === 404 || res.status === 410 ? `HTTP ${res.status} for ${url}` : null;
  } catch (err) {
    if (err?.name === 'TimeoutError') return `no answer from ${new URL(url).host} within ${Math.round(timeoutMs / 1000)} s`;
    return err?.cause?.message || err?.message || String(err);
  }
}

function resolveNodeGyp(root) {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const bundled = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    return fs.existsSync(bundled) ? bundled : null;
  }
}

function resolvePrebuildInstall(root) {
  try {
    return createRequire(path.join(root, 'node_modules', 'better-sqlite3', 'package.json')).resolve('prebuild-install/bin.js');
  } catch {
    return null;
  }
}

/** Refuses a file that Node itself can load (a Node-ABI build) or that names another ABI. */
function checkAbi(file, abi) {
  const res = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { encoding: 'utf8', env: cleanEnv() });
  if (res.status === 0) return `the result loads in Node ${process.version}, so it was built for Node, not Electron`;
  const m = /NODE_MODULE_VERSION (\d+)/.exec(res.stderr);
  if (abi && m && m[1] !== abi) return `the result targets NODE_MODULE_VERSION ${m[1]}, not Electron's ${abi}`;
  return null;
}

/**
 * Makes sure the Electron-ABI better_sqlite3.node exists and returns its path. Throws
 * ElectronNativeError with one sentence when it cannot be built here.
 */
export async function ensureElectronNative({ root = ROOT, version, arch = process.arch, force = false, log = () => {} } = {}) {
  if (!fs.existsSync(path.join(root, 'node_modules', 'electron', 'package.json'))) {
    throw new ElectronNativeError('Cannot build better-sqlite3 for Electron: the electron package is not installed.');
  }
  version ??= electronVersion(root);
  const out = nativeBindingPath(root, version);
  if (!force && isElectronNativeReady(root, version, arch)) return out;

  const what = `better-sqlite3 for Electron ${version} (${process.platform}-${arch})`;
  const pkgDir = path.join(root, 'node_modules', 'better-sqlite3');
  const outDir = path.dirname(out);
  fs.mkdirSync(outDir, { recursive: true });
  const logFile = path.join(outDir, 'build.log');
  fs.writeFileSync(logFile, `${new Date().toISOString()} building ${what}\n`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-electron-native-'));
  try {
    // A private copy: node-gyp and prebuild-install write build/ in the copy, never in node_modules.
    fs.cpSync(pkgDir, work, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(pkgDir, src).split(path.sep)[0];
        return rel !== 'build' && rel !== 'node_modules' && rel !== 'prebuilds';
      },
    });
    const built = path.join(work, 'build', 'Release', NATIVE_BINDING_FILE);

    let prebuildNote = 'prebuild-install is not available';
    const prebuild = resolvePrebuildInstall(root);
    if (prebuild) {
      const res = await run(process.execPath, [prebuild, '--runtime=electron', `--target=${version}`, `--arch=${arch}`, `--platform=${process.platform}`], {
        cwd: work,
        timeoutMs: 120_000,
        logFile,
      });
      prebuildNote = res.code === 0 ? '' : 'no prebuilt binary could be downloaded';
    }

    if (!fs.existsSync(built)) {
      const headersDir = path.join(root, 'node_modules', '.cache', 'logbridge', 'electron-headers');
      const haveHeaders = fs.existsSync(path.join(headersDir, version, 'include', 'node', 'common.gypi'));
      if (!haveHeaders) {
        const why = await unreachable(`${ELECTRON_HEADERS_URL}/v${version}/node-v${version}-headers.tar.gz`);
        if (why) throw new ElectronNativeError(`Cannot build ${what}: ${prebuildNote} and Electron's headers are not downloadable (${why}).`);
      }
      const nodeGyp = resolveNodeGyp(root);
      if (!nodeGyp) throw new ElectronNativeError(`Cannot build ${what}: ${prebuildNote} and node-gyp is not installed.`);
      log(`Compiling ${what} with node-gyp (a minute or two; log: ${path.relative(process.cwd(), logFile)})…`);
      const res = await run(
        process.execPath,
        [
          nodeGyp,
          'rebuild',
          '--release',
          `--target=${version}`,
          `--arch=${arch}`,
          `--dist-url=${ELECTRON_HEADERS_URL}`,
          '--runtime=electron',
          `--devdir=${headersDir}`,
        ],
        { cwd: work, timeoutMs: 20 * 60_000, logFile },
      );
      if (res.code !== 0 || !fs.existsSync(built)) {
        const how = res.timedOut ? 'took longer than 20 minutes' : res.error ? `could not start (${res.error})` : `failed (exit ${res.code})`;
        throw new ElectronNativeError(`Cannot build ${what}: node-gyp ${how}; see ${logFile}.`);
      }
    }

    const bad = checkAbi(built, electronAbi(root));
    if (bad) throw new ElectronNativeError(`Cannot build ${what}: ${bad}; see ${logFile}.`);
    const tmp = `${out}.${process.pid}.tmp`;
    fs.copyFileSync(built, tmp);
    fs.renameSync(tmp, out);
    fs.writeFileSync(path.join(outDir, 'stamp.json'), JSON.stringify(stampFor(root, version, arch)));
    return out;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const out = await ensureElectronNative({ force: process.argv.includes('--force'), log: (m) => console.error(m) });
    console.log(out);
  } catch (err) {
    console.error(err instanceof ElectronNativeError ? err.message : `Cannot build better-sqlite3 for Electron: ${err?.message ?? err}`);
    process.exit(1);
  }
}
