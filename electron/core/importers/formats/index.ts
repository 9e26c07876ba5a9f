// Every file format Logbridge reads, and detection from content (never the file name).
// Order matters for ties: specific formats come before the generic ones that would also accept
// their input (a Segment export is valid JSON lines too).
import type { DetectSample, FormatDefinition } from '../format-types.js';
import { accessFormat } from './access.js';
import { csvFormat } from './csv.js';
import { harFormat } from './har.js';
import { jsonlFormat } from './jsonl.js';
import { otlpFileFormat } from './otlp-file.js';
import { posthogExportFormat } from './posthog-export.js';
import { segmentExportFormat } from './segment-export.js';

export const FORMATS: readonly FormatDefinition[] = [
  harFormat, otlpFileFormat, segmentExportFormat, posthogExportFormat, accessFormat, jsonlFormat, csvFormat,
];

export class UnknownFormatError extends Error {
  override name = 'UnknownFormatError';
}

const names = () => FORMATS.map((f) => f.name).join(', ');

export function formatByName(name: string): FormatDefinition {
  const f = FORMATS.find((x) => x.name === name);
  if (!f) throw new UnknownFormatError(`Unknown format "${name}"; known formats: auto, ${names()}.`);
  return f;
}

/** The format the sample most looks like, or a clear error naming what was tried. */
export function detectFormat(sample: DetectSample): FormatDefinition {
  if (sample.text.trim() === '') throw new UnknownFormatError('The file is empty: there is nothing to import.');
  let best: FormatDefinition | undefined;
  let bestScore = 0.5;
  for (const f of FORMATS) {
    let score = 0;
    try {
      score = f.detect(sample);
    } catch {
      score = 0;
    }
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  if (best) return best;
  const first = (sample.lines[0] ?? sample.text).slice(0, 120);
  throw new UnknownFormatError(
    `Unrecognised log format: the first lines do not look like any format Logbridge reads (${names()}); first line: ${JSON.stringify(first)}. Name one with --format.`,
  );
}
