// Command-line arguments: node's parseArgs for the shape, zod for the values, and one clear
// sentence (exit 2) for anything wrong.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';

export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<S extends z.ZodType>(
  command: string,
  argv: string[],
  options: Options,
  schema: S,
): z.output<S> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs messages are good but long; keep the first sentence and name the command.
    const msg = (err as Error).message.split(/\.\s|\n/)[0]!.replace(/\.$/, '');
    throw new UsageError(`${command}: ${msg}.`);
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) throw new UsageError(`${command}: ${describeArgIssues(result.error).replace(/\.$/, '')}.`);
  return result.data;
}

/** Each issue as the user typed it: by its flag (`--limit ...`), and positionals by their message alone. */
function describeArgIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((issue) => {
      const key = String(issue.path[0] ?? '');
      if (key === '' || key === 'positionals' || issue.message.includes(`--${key}`)) return issue.message;
      if (issue.message.startsWith(`${key} `)) return `--${issue.message}`;
      return `--${key}: ${issue.message}`;
    })
    .join('; ');
}

export const PortSchema = z.coerce
  .number({ error: 'port must be a number' })
  .int('port must be a whole number')
  .min(0, 'port must be between 0 and 65535')
  .max(65535, 'port must be between 0 and 65535');

export const LimitSchema = z.coerce
  .number({ error: '--limit must be a number' })
  .int('--limit must be a whole number')
  .min(1, '--limit must be at least 1')
  .max(1_000_000, '--limit must be at most 1000000');
