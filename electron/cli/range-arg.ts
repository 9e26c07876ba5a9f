// `--from TIME` and `--to TIME`: the time range a command looks at, start inclusive and end
// exclusive like the contract's range (shared/analysis.ts). ISO 8601 only: Date.parse alone
// would take "10/11/2025" and guess which is the month.
import { z } from 'zod';
import { UsageError } from './args.js';

export const rangeOptions = { from: { type: 'string' }, to: { type: 'string' } } as const;

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

const TimeArg = z
  .string()
  .regex(ISO_TIME, 'takes an ISO 8601 date or time, e.g. 2025-10-10 or 2025-10-10T14:30:00Z')
  .transform((s, ctx) => {
    const [, y, m, d] = ISO_TIME.exec(s)!.map(Number);
    // Date.parse rolls 2025-02-30 over into March rather than refuse it.
    const daysInMonth = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
    // A date alone is midnight local time, like a time without a zone (Date.parse would read it as UTC).
    const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00` : s.replace(' ', 'T'));
    if (Number.isNaN(t) || m! < 1 || m! > 12 || d! < 1 || d! > daysInMonth) {
      ctx.addIssue({ code: 'custom', message: `${s} is not a date that exists` });
      return z.NEVER;
    }
    return t;
  });

export const rangeArgs = { from: TimeArg.optional(), to: TimeArg.optional() };

/** The contract's range, or none when neither end is given. */
export function rangeOf(args: { from?: number; to?: number }): { from?: number; to?: number } | undefined {
  if (args.from === undefined && args.to === undefined) return undefined;
  if (args.from !== undefined && args.to !== undefined && args.from >= args.to) throw new UsageError('--from must come before --to.');
  return { ...(args.from !== undefined ? { from: args.from } : {}), ...(args.to !== undefined ? { to: args.to } : {}) };
}
