// The line formats the importer knows, and content-based detection (never the file name).
import type { NewEvent } from '../../../shared/events.js';
import { looksLikeAccessLog, parseAccessLine } from './access-log.js';

export type LineResult = { ok: true; event: NewEvent } | { ok: false; reason: string };

export interface LineContext {
  ipHash: (ip: string) => string;
}

export interface LineFormat {
  name: string;
  detect(sample: readonly string[]): boolean;
  parse(line: string, lineNo: number, ctx: LineContext): LineResult;
}

export const LINE_FORMATS: Record<string, LineFormat> = {
  access: {
    name: 'access',
    detect: (sample) => looksLikeAccessLog([...sample]),
    parse: (line, lineNo, ctx) => parseAccessLine(line, lineNo, ctx.ipHash),
  },
};

export class UnknownFormatError extends Error {
  override name = 'UnknownFormatError';
}

export function detectFormat(sample: readonly string[]): LineFormat {
  const lines = sample.filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new UnknownFormatError('The file is empty: there is nothing to import.');
  for (const f of Object.values(LINE_FORMATS)) if (f.detect(lines)) return f;
  const first = (lines[0] ?? '').slice(0, 120);
  throw new UnknownFormatError(
    `Unrecognised log format: the first lines do not look like any format Logbridge reads (${Object.keys(LINE_FORMATS).join(', ')}); first line: ${JSON.stringify(first)}.`,
  );
}

export function formatByName(name: string): LineFormat {
  const f = LINE_FORMATS[name];
  if (!f) throw new UnknownFormatError(`Unknown format "${name}"; known formats: auto, ${Object.keys(LINE_FORMATS).join(', ')}.`);
  return f;
}
