// `logbridge serve` as a real child process (what users run), for tests that must kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { REPO_ROOT } from './temp.js';

export const BIN = path.join(REPO_ROOT, 'bin', 'logbridge.mjs');

export interface ServeProcess {
  child: ChildProcess;
  /** The collector's base URL (no UI secret). */
  origin: string;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Starts `logbridge serve --port 0` and resolves once it printed the URL it listens on. */
export function startServeProcess(args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^/\s]+)/.exec(out);
      if (m) resolve({ child, origin: m[1]!, exited });
    });
    void exited.then((code) => reject(new Error(`logbridge serve exited (${String(code)}) before listening: ${err.trim()}`)));
  });
}
