// `logbridge serve`: prints the URL on its first line, then runs until interrupted.
import { z } from 'zod';
import { serve } from '../serve.js';
import { parseCommandArgs, PortSchema } from './args.js';
import type { Io } from './data-commands.js';

export async function serveCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'serve',
    argv,
    { db: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' }, open: { type: 'boolean' } },
    z.object({
      db: z.string().min(1).default(defaultDb),
      host: z.string().min(1, '--host must not be empty').default('127.0.0.1'),
      port: PortSchema.default(4318),
      token: z.string().min(16, '--token must be at least 16 characters').optional(),
      open: z.boolean().default(false),
      positionals: z.array(z.string()).max(0, 'serve takes no positional arguments'),
    }),
  );
  const server = await serve({ db: args.db, host: args.host, port: args.port, token: args.token }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') throw new Error(`port ${args.port} on ${args.host} is already in use (another Logbridge?); pass --port with another number, or 0 for any free port.`);
    if (err.code === 'EACCES') throw new Error(`not allowed to listen on ${args.host}:${args.port}; pass --port with a number above 1024.`);
    throw err;
  });
  io.out(`Logbridge is listening on ${server.url}`);
  io.err(`Database: ${args.db}. Collector: POST ${server.origin}/api/analytics/collect. Press Ctrl+C to stop.`);
  if (args.open) await openInBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.stop().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function openInBrowser(url: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}
