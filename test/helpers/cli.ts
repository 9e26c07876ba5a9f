// Runs the real command line (`node bin/logbridge.mjs`) as a user would, without blocking the
// test's event loop (a collector or service in the same test may need to answer meanwhile).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './temp.js';

export const BIN = path.join(REPO_ROOT, 'bin', 'logbridge.mjs');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Stack traces are what the tests look for, so the debug switch that prints them is off. */
export function runCli(args: string[]): Promise<CliRun> {
  return runNode([BIN, ...args]);
}

/** `node <args>` in `cwd`, with no debug switch and no NODE_OPTIONS of the test's own. */
export function runNode(args: string[], cwd?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOGBRIDGE_DEBUG: '', NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A hang is a failure to report, not a reason to hold the suite.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
