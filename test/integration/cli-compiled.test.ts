// The command line users run is the compiled bundle (issue 10): bin/logbridge.mjs starts
// dist/cli/logbridge.cjs, and the bundle starts its worker threads from the bundled workers beside
// it. Proven on an install with no TypeScript in it: the bundle is built from the current
// sources into a temporary package holding only bin/, dist/cli/ and the packages the bundle
// leaves outside (no electron/, no shared/, no tsx, no zod), and every command must work there.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { SAMPLE_ACCESS_LOG_GZ } from '../fixtures/samples.js';
import { REPO_ROOT, tempDir } from '../helpers/temp.js';
import { runNode } from '../helpers/cli.js';

/**
 * Loaded with --require before the bin: reports on stderr, at exit, each package the process
 * required and each worker thread's file, so a test can see what a run touched.
 */
const WATCH_HOOK = `
const Module = require('node:module');
const threads = require('node:worker_threads');
const seen = new Set();
const load = Module._load;
Module._load = function (request, ...rest) {
  if (!request.startsWith('node:') && !Module.isBuiltin(request) && !request.startsWith('.') && !request.startsWith('/')) seen.add('package ' + request);
  return load.call(this, request, ...rest);
};
const Worker = threads.Worker;
threads.Worker = class extends Worker {
  constructor(file, opts) {
    seen.add('worker ' + (opts && opts.eval ? '(eval)' : String(file)));
    super(file, opts);
  }
};
process.on('exit', () => process.stderr.write([...seen].map((s) => 'watch: ' + s + '\\n').join('')));
`;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const watched = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('watch: '))
    .map((l) => l.slice('watch: '.length));

describe('the compiled command line (dist/cli), on an install without TypeScript', () => {
  let root: string;
  let installed: string;
  let bin: string;
  let hook: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-cli-compiled-'));
    installed = path.join(root, 'pkg');
    const { buildCli, CLI_EXTERNAL } = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'build-cli.mjs')).href)) as {
      buildCli(o: { outDir: string; logLevel: string }): Promise<unknown>;
      CLI_EXTERNAL: string[];
    };
    await buildCli({ outDir: path.join(installed, 'dist', 'cli'), logLevel: 'silent' });
    fs.mkdirSync(path.join(installed, 'bin'));
    bin = path.join(installed, 'bin', 'logbridge.mjs');
    fs.copyFileSync(path.join(REPO_ROOT, 'bin', 'logbridge.mjs'), bin);
    // Only the packages the bundle leaves outside; their own dependencies resolve from where
    // they really are, as in any install.
    for (const name of CLI_EXTERNAL) {
      const link = path.join(installed, 'node_modules', ...name.split('/'));
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', ...name.split('/')), link, 'dir');
    }
    hook = path.join(root, 'watch.cjs');
    fs.writeFileSync(hook, WATCH_HOOK);
  }, 120_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('has no TypeScript, tsx or zod to fall back on', () => {
    const from = createRequire(path.join(installed, 'dist', 'cli', 'logbridge.cjs'));
    expect(() => from.resolve('tsx')).toThrow();
    expect(() => from.resolve('zod')).toThrow();
    expect(fs.existsSync(path.join(installed, 'electron'))).toBe(false);
  });

  it('answers --version and --help without loading any package: the commands load when run', async () => {
    const version = await runNode(['--require', hook, bin, '--version'], root);
    expect(version.stderr.replace(/^watch: .*\n/gm, '')).toBe('');
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(`${pkg.version}\n`);
    // better-sqlite3 is the store's: a --version that opened the store's code would load it.
    expect(watched(version.stderr)).toEqual([]);
    const help = await runNode(['--require', hook, bin, '--help'], root);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: logbridge <command>/);
    expect(watched(help.stderr)).toEqual([]);
  });

  it('imports through the bundled parse worker beside the bundle, then queries what it stored', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'compiled.db');
    const imported = await runNode(['--require', hook, bin, 'import', '--db', db, '--json', SAMPLE_ACCESS_LOG_GZ], root);
    expect(imported.status, imported.stderr).toBe(0);
    const summary = JSON.parse(imported.stdout.trim().split('\n')[0]!) as { imported: number };
    expect(summary.imported).toBe(10_000);
    const workers = watched(imported.stderr).filter((w) => w.startsWith('worker '));
    expect(workers).toEqual([`worker ${path.join(installed, 'dist', 'cli', 'parse-worker.cjs')}`]);

    // The command left the code cache that later starts compile from (bin/logbridge.mjs); the
    // query below starts from it.
    expect(fs.readdirSync(path.join(installed, 'dist', 'cli', '.v8-cache'))).toEqual([expect.stringMatching(/^logbridge-.*\.bin$/)]);
    const queried = await runNode([bin, 'query', '--db', db, '--limit', '2', '--json'], root);
    expect(queried.status, queried.stderr).toBe(0);
    expect(queried.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('serves the UI found from the bundle and collects through the bundled worker threads', async () => {
    // import.meta.dirname in electron/serve.ts was the source's folder: bundled, it must still
    // lead from dist/cli to the package's dist/renderer.
    fs.mkdirSync(path.join(installed, 'dist', 'renderer'), { recursive: true });
    fs.writeFileSync(path.join(installed, 'dist', 'renderer', 'index.html'), '<!doctype html><title>compiled-cli-marker</title>');
    const db = path.join(tempDir(), 'serve.db');
    const child = spawn(process.execPath, ['--require', hook, bin, 'serve', '--db', db, '--port', '0', '--rate-limit', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOGBRIDGE_DEBUG: '', NODE_OPTIONS: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/[^/\s#]+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
      });
      expect(await (await fetch(`${origin}/`)).text()).toContain('compiled-cli-marker');
      const event = { event_type: 'page_view', event_data: { page: '/compiled' }, timestamp: '2025-01-01T00:00:00Z', session_id: 's1', user_id: 'u1' };
      const sent = await fetch(`${origin}/api/analytics/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
        body: JSON.stringify({ events: [event] }),
      });
      expect(sent.status, await sent.clone().text()).toBe(200);
      expect(await sent.json()).toMatchObject({ accepted: 1 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const workers = watched(stderr).filter((w) => w.startsWith('worker '));
    expect(workers.length).toBeGreaterThan(0);
    for (const w of workers) expect(w).toMatch(new RegExp(`^worker ${escapeRegExp(path.join(installed, 'dist', 'cli'))}[\\\\/][a-z-]+-worker\\.cjs$`));
  });

  it('says in one line how to build it when the bundle is missing', async () => {
    const bare = path.join(tempDir(), 'bin');
    fs.mkdirSync(bare);
    fs.copyFileSync(bin, path.join(bare, 'logbridge.mjs'));
    const r = await runNode([path.join(bare, 'logbridge.mjs'), '--version'], root);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('logbridge: the command line is not built (dist/cli/logbridge.cjs is missing); run `npm run build:cli`.\n');
  });
});
