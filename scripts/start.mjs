#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run, otherwise the same UI in browser mode.
//   1. build the renderer (vite) when dist/renderer/index.html is missing or older than its sources;
//   2. unless LOGBRIDGE_BROWSER=1: find (or, bounded, download) the Electron binary, check for a
//      display, bundle main/preload, make sure better-sqlite3 is built for Electron's ABI, launch;
//   3. when any of that is impossible, say why in one line and run `logbridge serve` instead.
// Arguments after `npm start --` go to `logbridge serve` in browser mode.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';
import { buildCli } from './build-cli.mjs';
import { ensureElectronNative, unreachable } from './electron-native.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_INDEX = path.join(ROOT, 'dist', 'renderer', 'index.html');
const RENDERER_SOURCES = ['renderer', 'shared', 'index.html', 'vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs', 'tsconfig.renderer.json'];
const DOWNLOAD_TIMEOUT_MS = Number(process.env.LOGBRIDGE_ELECTRON_DOWNLOAD_TIMEOUT_MS) || 180_000;
/** An Electron that dies this soon after launch with an error "cannot run here" (no X server, sandbox helper, libs). */
const EARLY_EXIT_MS = 15_000;
const serveArgs = process.argv.slice(2);

const say = (line) => process.stderr.write(`${line}\n`);
const firstLine = (text) => String(text).trim().split('\n')[0].replace(/\.$/, '');

// ---- 1. renderer ------------------------------------------------------------------------

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

function rendererIsStale() {
  if (!fs.existsSync(RENDERER_INDEX)) return true;
  const built = fs.statSync(RENDERER_INDEX).mtimeMs;
  return RENDERER_SOURCES.some((rel) => newestMtime(path.join(ROOT, rel)) > built);
}

function runInherit(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
    child.on('error', (err) => resolve({ code: -1, error: err.message }));
    child.on('exit', (code, signal) => resolve({ code: code ?? -1, signal }));
  });
}

async function buildRenderer() {
  if (!rendererIsStale()) return;
  const require = createRequire(path.join(ROOT, 'package.json'));
  const vitePkg = require.resolve('vite/package.json');
  const viteBin = path.join(path.dirname(vitePkg), JSON.parse(fs.readFileSync(vitePkg, 'utf8')).bin.vite);
  say('Building the renderer (vite build)…');
  const res = await runInherit(process.execPath, [viteBin, 'build']);
  if (res.code !== 0 || !fs.existsSync(RENDERER_INDEX)) {
    say(`The renderer did not build (vite ${res.error ?? `exit ${res.code}`}); fix the errors above and run npm start again.`);
    process.exit(1);
  }
}

// ---- 2. electron ------------------------------------------------------------------------

const ELECTRON_DIR = path.join(ROOT, 'node_modules', 'electron');

function electronPlatformPath() {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (process.platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * The installed Electron executable, or null. Deliberately not `require('electron')`: that
 * downloads the binary synchronously, unbounded, with its output mixed into ours.
 */
function findElectronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, electronPlatformPath());
    return fs.existsSync(p) ? p : null;
  }
  let rel;
  try {
    rel = fs.readFileSync(path.join(ELECTRON_DIR, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  const p = path.join(ELECTRON_DIR, 'dist', rel);
  return fs.existsSync(p) ? p : null;
}

/** Where @electron/get would download this Electron from (for a quick, honest reachability check). */
function electronZipUrl(version) {
  const mirror = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror || 'https://github.com/electron/electron/releases/download/';
  const dir = process.env.ELECTRON_CUSTOM_DIR || `v${version}`;
  return `${mirror.replace(/\/?$/, '/')}${dir}/electron-v${version}-${process.platform}-${process.arch}.zip`;
}

/** Runs electron's own install.js (a cached zip counts) within a time limit; returns an error or null. */
function downloadElectron(version) {
  return new Promise((resolve) => {
    // Announced only if it takes a while, so a fast failure stays a single line.
    const notice = setTimeout(() => say(`Downloading Electron ${version} (once; up to ${Math.round(DOWNLOAD_TIMEOUT_MS / 1000)} s)…`), 1_500);
    const child = spawn(process.execPath, [path.join(ELECTRON_DIR, 'install.js')], { cwd: ELECTRON_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), DOWNLOAD_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      clearTimeout(notice);
      resolve(err.message);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(notice);
      if (signal === 'SIGKILL') resolve(`no download within ${Math.round(DOWNLOAD_TIMEOUT_MS / 1000)} s`);
      else resolve(code === 0 ? null : firstLine(stderr) || `install.js exit ${code}`);
    });
  });
}

function displayProblem() {
  if (process.platform !== 'linux') return null;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'no display: DISPLAY and WAYLAND_DISPLAY are unset';
}

/** Prepares everything Electron needs; returns { binary } or { reason } (why it cannot run here). */
async function prepareElectron() {
  let version;
  try {
    version = JSON.parse(fs.readFileSync(path.join(ELECTRON_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const reasons = [];
  const display = displayProblem();
  let binary = findElectronBinary();
  if (!binary) {
    // Without a display there is no point fetching ~100 MB; still tell whether it could be fetched.
    const why = display ? await unreachable(electronZipUrl(version), 8_000) : await downloadElectron(version);
    if (!display && !why) binary = findElectronBinary();
    if (why) {
      // install.js only says "fetch failed"; the probe names the host and the cause.
      const cause = /fetch failed/i.test(why) ? ((await unreachable(electronZipUrl(version), 8_000)) ?? why) : why;
      reasons.push(`binary not downloadable: ${cause}`);
    } else if (!binary) {
      reasons.push(display ? 'binary not downloaded yet' : 'binary missing after download');
    }
  }
  if (display) reasons.push(display);
  if (reasons.length) return { reason: reasons.join('; ') };

  try {
    await buildElectron({ logLevel: 'error' });
  } catch (err) {
    return { reason: `main/preload do not bundle: ${firstLine(err?.message ?? err)}` };
  }
  try {
    await ensureElectronNative({ root: ROOT, version, log: say });
  } catch (err) {
    const msg = firstLine(err?.message ?? err);
    return { reason: `no Electron build of SQLite: ${msg.charAt(0).toLowerCase()}${msg.slice(1)}` };
  }
  return { binary };
}

function forwardSignals(child) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (child.exitCode === null) child.kill(sig);
    });
  }
}

/** Launches Electron; resolves with a reason if it died at start-up, otherwise exits with it. */
function launchElectron(binary) {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE; // would turn the binary into plain Node
    const started = Date.now();
    const child = spawn(binary, [ROOT], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      tail = (tail + d).slice(-4000);
    });
    forwardSignals(child);
    child.on('error', (err) => resolve(`Electron did not start: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (code !== 0 && Date.now() - started < EARLY_EXIT_MS) {
        const last = tail.trim().split('\n').filter(Boolean).pop();
        resolve(`Electron exited at start-up with ${signal ?? `code ${code}`}${last ? `: ${last.slice(0, 200)}` : ''}`);
      } else {
        process.exit(code ?? 1);
      }
    });
  });
}

// ---- 3. browser mode ------------------------------------------------------------------------

async function serveInBrowser() {
  const cli = path.join(ROOT, 'bin', 'logbridge.mjs');
  if (!fs.existsSync(cli)) {
    say(`Cannot start browser mode either: ${path.relative(process.cwd(), cli)} is missing.`);
    process.exit(1);
  }
  // The command line runs its compiled bundle: built from the sources as they are now.
  await buildCli({ logLevel: 'error' });
  const args = [cli, 'serve', ...serveArgs];
  if (!displayProblem() && !serveArgs.includes('--open')) args.push('--open');
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main() {
  await buildRenderer();
  if (process.env.LOGBRIDGE_BROWSER === '1') {
    say('LOGBRIDGE_BROWSER=1: serving the UI in browser mode.');
    return serveInBrowser();
  }
  const prepared = await prepareElectron();
  const reason = prepared.binary ? await launchElectron(prepared.binary) : prepared.reason;
  say(`Electron can't run here (${reason}); serving the same UI in browser mode instead.`);
  return serveInBrowser();
}

main().catch((err) => {
  say(`npm start failed: ${err?.stack ?? err}`);
  process.exit(1);
});
