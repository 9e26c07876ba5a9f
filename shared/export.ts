// Export of the explorer's current result: which formats, what the request holds, and the file
// name it is saved under. The core writes the files (electron/core/export/); this is the contract.
import { z } from 'zod';
import { TimeRangeSchema } from './analysis.js';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'har'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(', ')}` });
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = { csv: 'CSV', jsonl: 'JSON lines', har: 'HAR (API calls)' };

/** The current result as the explorer shows it: the same inputs events.search is given. */
export const ExportRequestSchema = z.object({
  query: z.string().max(10_000, 'query is longer than 10,000 characters').default(''),
  hide_assets: z.boolean().default(false),
  range: TimeRangeSchema.optional(),
  /** The table's sort, passed on to events.search as it is (the sort's own schema checks it there). */
  sort: z.object({ field: z.string().min(1).max(100), dir: z.enum(['asc', 'desc']) }).optional(),
  format: ExportFormatSchema,
});
export type ExportRequest = z.input<typeof ExportRequestSchema>;

const two = (n: number) => String(n).padStart(2, '0');

/** `logbridge-2026-12-07T13-05.csv`, in UTC: colons are not allowed in Windows file names. */
export function exportFileName(format: ExportFormat, now: Date): string {
  const stamp = `${now.getUTCFullYear()}-${two(now.getUTCMonth() + 1)}-${two(now.getUTCDate())}T${two(now.getUTCHours())}-${two(now.getUTCMinutes())}`;
  return `logbridge-${stamp}.${format}`;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  har: 'application/json; charset=utf-8',
};
