// `logbridge serve`: prints the URL on its first line, then runs until interrupted.
import { z } from 'zod';
import { serve } from '../serve.js';
import { ServerConfigError } from '../core/http/server.js';
import { parseCommandArgs, PortSchema, UsageError } from './args.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '../core/collect/collector.js';
import { parseAllowedOrigins } from '../core/collect/cors.js';
import { parseRedactionRules, type RedactionRules } from '../core/privacy/redact.js';
import { DEFAULT_RETENTION_DAYS, RetentionDaysSchema } from '../core/privacy/retention.js';
import type { Io } from './core-call.js';
import { storeArgs, storeLabel, storeOf, storeOptions } from './store-arg.js';

export async function serveCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'serve',
    argv,
    {
      ...storeOptions,
      host: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      open: { type: 'boolean' },
      'allow-origin': { type: 'string', multiple: true },
      'rate-limit': { type: 'string' },
      'retention-days': { type: 'string' },
      redact: { type: 'string', multiple: true },
      'redact-header': { type: 'string', multiple: true },
    },
    z.object({
      ...storeArgs,
      host: z.string().min(1, '--host must not be empty').default('127.0.0.1'),
      port: PortSchema.default(4318),
      token: z.string().min(16, '--token must be at least 16 characters').optional(),
      open: z.boolean().default(false),
      'allow-origin': z.array(z.string().min(1, '--allow-origin must not be empty')).default([]),
      'rate-limit': z.coerce
        .number({ error: '--rate-limit must be a number of events per minute' })
        .int('--rate-limit must be a whole number')
        .min(0, '--rate-limit must be 0 (off) or more')
        .default(DEFAULT_RATE_LIMIT_PER_MINUTE),
      'retention-days': z.coerce.number({ error: '--retention-days must be a number of days' }).pipe(RetentionDaysSchema).default(DEFAULT_RETENTION_DAYS),
      redact: z.array(z.string()).default([]),
      'redact-header': z.array(z.string()).default([]),
      positionals: z.array(z.string()).max(0, 'serve takes no positional arguments'),
    }),
  );
  let allowedOrigins: string[];
  let redaction: RedactionRules;
  try {
    allowedOrigins = parseAllowedOrigins(args['allow-origin']);
    redaction = parseRedactionRules({ extraKeys: args.redact, headers: args['redact-header'] });
  } catch (err) {
    throw new UsageError(`serve: ${(err as Error).message}`);
  }
  const collector = { allowedOrigins, rateLimitPerMinute: args['rate-limit'] };
  const store = storeOf(args, defaultDb);
  const server = await serve({ store, host: args.host, port: args.port, token: args.token, collector, retentionDays: args['retention-days'], redaction }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') throw new Error(`port ${args.port} on ${args.host} is already in use (another Logbridge?); pass --port with another number, or 0 for any free port.`);
    if (err.code === 'EACCES') throw new Error(`not allowed to listen on ${args.host}:${args.port}; pass --port with a number above 1024.`);
    // The user's --host names nothing this machine can listen on.
    if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EADDRNOTAVAIL') {
      throw new UsageError(`--host ${args.host} is not an address of this machine; pass --host 127.0.0.1 (the default) or one of its own addresses.`);
    }
    if (err instanceof ServerConfigError) throw new UsageError(err.message);
    throw err;
  });
  io.out(`Logbridge is listening on ${server.url}`);
  io.err(`Database: ${storeLabel(store)}. Collector: POST ${server.origin}/api/analytics/collect. Press Ctrl+C to stop.`);
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
