#!/usr/bin/env node
// `npm run demo`: starts `logbridge serve` (browser mode) on a database of its own, runs the demo
// shop with a seeded crowd of visitors through its collector (electron/core/demo), prints the
// app's URL and keeps serving until Ctrl+C.
//   --seed N          the crowd's seed (default 7): the same seed always plans the same crowd
//   --visitors N      how many visitors (default 60)
//   --db FILE         the database (default demo.db in your data folder, started afresh each run;
//                     a file you name is added to instead)
//   --driver chromium|http
//                     Chromium when found ($CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser),
//                     else plain HTTP requests that send what the browser SDK would
//   --port N          where `logbridge serve` listens (default 0: any free port)
// Builds nothing: the command line (dist/cli) and the browser SDK (dist/sdk) are built by
// `npm install`. The demo itself is TypeScript, loaded through tsx (a dependency).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { z } from 'zod';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'logbridge.mjs');
const say = (line) => process.stderr.write(`${line}\n`);

function usage(message) {
  say(`demo: ${message}`);
  say('usage: npm run demo -- [--seed N] [--visitors N] [--db FILE] [--driver chromium|http] [--port N]');
  process.exit(2);
}

const Count = (name, max) =>
  z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).min(0, `${name} must not be negative`).max(max, `${name} must be at most ${max}`);

const ArgsSchema = z.object({
  seed: Count('--seed', 2 ** 31).default(7),
  visitors: Count('--visitors', 500).min(1, '--visitors must be at least 1').default(60),
  db: z.string().min(1, '--db must name a file').optional(),
  driver: z.enum(['chromium', 'http'], { error: '--driver must be chromium or http' }).optional(),
  port: Count('--port', 65535).default(0),
});

let args;
try {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, visitors: { type: 'string' }, db: { type: 'string' }, driver: { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) usage(parsed.error.issues[0].message);
  args = parsed.data;
} catch (err) {
  usage(err.message);
}

const demo = await tsImport('../electron/core/demo/index.ts', import.meta.url);
const { defaultDataDir } = await tsImport('../electron/core/paths.ts', import.meta.url);

let driver = args.driver;
let chromiumPath;
if (driver !== 'http') {
  chromiumPath = demo.findChromium() ?? undefined;
  if (!chromiumPath && driver === 'chromium') usage('--driver chromium needs Chromium: set CHROMIUM_PATH or apt-get install chromium');
  if (!chromiumPath) say('No Chromium found (CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser): the crowd visits the shop with plain HTTP requests instead.');
  driver = chromiumPath ? 'chromium' : 'http';
}

const db = args.db ? path.resolve(args.db) : path.join(defaultDataDir(), 'demo.db');
if (!args.db) {
  // The demo's own database starts afresh, so a second run does not add a second crowd.
  fs.mkdirSync(path.dirname(db), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${db}${suffix}`, { force: true });
}

const serve = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', String(args.port)], { stdio: ['ignore', 'pipe', 'inherit'] });
const stopServe = () => {
  if (serve.exitCode === null && serve.signalCode === null) serve.kill('SIGTERM');
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stopServe);
serve.on('exit', (code, signal) => process.exit(process.exitCode ?? (signal ? 0 : (code ?? 0))));

const appUrl = await new Promise((resolve) => {
  let out = '';
  serve.stdout.on('data', (chunk) => {
    out += chunk.toString();
    const m = /listening on (\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
});
const collectorUrl = new URL(appUrl).origin;
// The URL first: the sessions can be watched arriving while the crowd shops.
process.stdout.write(`Open Logbridge: ${appUrl}\n`);

say(`Running the demo shop: ${args.visitors} visitors (seed ${args.seed}) in ${driver === 'chromium' ? 'Chromium' : 'plain HTTP'}…`);
let done = 0;
const visits = demo.planVisitors(args.seed, args.visitors).reduce((n, v) => n + v.visits.length, 0);
try {
  const result = await demo.runDemo({
    collectorUrl,
    seed: args.seed,
    visitors: args.visitors,
    driver,
    chromiumPath,
    log: () => {
      done++;
      if (done === visits || done % 10 === 0) say(`  ${done}/${visits} visits`);
    },
  });
  say(`Loaded ${result.sessions} sessions, ${result.events.toLocaleString('en')} events in ${(result.elapsed_ms / 1000).toFixed(1)} s (database: ${db}).`);
} catch (err) {
  say(`The demo failed: ${err instanceof Error ? err.message : String(err)}`);
  if (driver === 'chromium' && !args.driver) say('Without a browser: npm run demo -- --driver http');
  stopServe();
  process.exitCode = 1;
}
if (process.exitCode !== 1) say(`Still serving ${appUrl} — press Ctrl+C to stop.`);
