// The import options the user picks for the next files, and what they become on the wire.
import { IMPORT_FORMATS, type ImportFormat, type ImportOptions } from '../../../shared/api.js';

/** How the next files are read; chosen in the import options control. */
export interface ImportChoice {
  format: ImportFormat;
  /** An nginx/Apache log format string; empty for the standard layouts. */
  logFormat: string;
}

export const DEFAULT_IMPORT_CHOICE: ImportChoice = { format: 'auto', logFormat: '' };

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  auto: 'Detect automatically',
  access: 'Access log (nginx, Apache)',
  jsonl: 'JSON lines',
  csv: 'CSV',
  har: 'HAR (browser network export)',
  otlp: 'OpenTelemetry JSON',
  segment: 'Segment export',
  posthog: 'PostHog export',
  w3c: 'IIS / W3C extended log',
  cloudfront: 'Amazon CloudFront log',
  alb: 'AWS ALB access log',
  haproxy: 'HAProxy HTTP log',
  'apache-error': 'Apache error log',
  'nginx-error': 'nginx error log',
  logfmt: 'logfmt (Go, logrus, Heroku)',
};

export function isImportFormat(s: string): s is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(s);
}

/** True when a log format string means something for the chosen format. */
export function takesLogFormat(format: ImportFormat): boolean {
  return format === 'auto' || format === 'access';
}

/** The options sent with every piece of an upload. */
export function toUploadOptions(choice: ImportChoice): Pick<ImportOptions, 'format' | 'log_format'> {
  const logFormat = choice.logFormat.trim();
  // Kept out for JSON lines and the like, where the core would refuse or ignore it.
  const send = logFormat !== '' && takesLogFormat(choice.format);
  return { format: choice.format, ...(send ? { log_format: logFormat } : {}) };
}
