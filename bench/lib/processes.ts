// Servers under test run in their own processes, as users run them, so the load generator
// never shares their event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface Child {
  proc: ChildProcess;
  origin: string;
  stop(): Promise<void>;
}

/** Spawns `node <args>` and waits for a line matching `ready` whose first group is the origin. */
export function spawnServer(args: string[], ready: RegExp): Promise<Child> {
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        resolve({
          proc,
          origin: m[1]!,
          stop: () =>
            new Promise<void>((done) => {
              if (proc.exitCode !== null) return done();
              proc.once('exit', () => done());
              proc.kill('SIGTERM');
            }),
        });
      }
    });
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${err.trim()}`)));
  });
}
