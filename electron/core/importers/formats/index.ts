// Every file format Logbridge reads, and detection from content (never the file name).
// Order matters for ties: specific formats come before the generic ones that would also accept
// their input (a Segment export is valid JSON lines too).
import type { DetectSample, FormatDefinition } from '../format-types.js';
import { accessFormat } from './access.js';
import { csvFormat } from './csv.js';
import { DESCRIBED_FORMATS } from './described/index.js';
import { harFormat } from './har.js';
import { jsonlFormat } from './jsonl.js';
import { otlpFileFormat } from './otlp-file.js';
import { posthogExportFormat } from './posthog-export.js';
import { segmentExportFormat } from './segment-export.js';

export const FORMATS: readonly FormatDefinition[] = [
  harFormat, otlpFileFormat, segmentExportFormat, posthogExportFormat, accessFormat, ...DESCRIBED_FORMATS, jsonlFormat, csvFormat,
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

/** Whether any format would read this one line on its own. */
function anyFormatReads(line: string): boolean {
  return FORMATS.some((f) => {
    try {
      return f.detect({ text: line, lines: [line] }) > 0.5;
    } catch {
      return false;
    }
  });
}

/**
 * The format the sample most looks like, or a clear error naming what was tried. `file` (its
 * name, for the message) is said first in the error, which quotes a line that no format reads.
 */
export function detectFormat(sample: DetectSample, file?: string): FormatDefinition {
  if (sample.text.trim() === '') {
    throw new UnknownFormatError(`The file${file === undefined ? '' : ` ${file}`} is empty: there is nothing to import.`);
  }
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
  // Only on refusal: find a line that really fails, rather than quote a good one among bad ones.
  const lines = sample.lines.length > 0 ? sample.lines : [sample.text];
  const index = lines.findIndex((l) => !anyFormatReads(l));
  const shown = index >= 0 ? 'the first line that no format reads' : 'first line';
  const quoted = (lines[Math.max(0, index)] ?? sample.text).slice(0, 120);
  throw new UnknownFormatError(
    `Unrecognised log format${file === undefined ? '' : ` in ${file}`}: the first lines do not look like any format Logbridge reads (${names()}); ${shown}: ${JSON.stringify(quoted)}. Name one with --format.`,
  );
}
