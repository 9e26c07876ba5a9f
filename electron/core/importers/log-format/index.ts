// Compiles a user-given nginx `log_format` or Apache `LogFormat` string into a line parser for
// access logs in a custom layout. See compile.ts for how lines are matched, assign.ts for how
// fields map to event columns, time.ts for time zones.
import type { LineParser, ParseContext } from '../format-types.js';
import { readApache } from './apache.js';
import { compileSegments } from './compile.js';
import { readNginx } from './nginx.js';
import { flavourOf, unwrapConfig } from './source.js';
import type { Flavour } from './types.js';

export { LogFormatError } from './errors.js';
export type { Flavour } from './types.js';

/**
 * A parser for lines written with `format`; throws LogFormatError (one sentence, naming the
 * position) when the format is malformed or cannot give each line a time.
 */
export function compileLogFormat(format: string, ctx: ParseContext): LineParser {
  const text = unwrapConfig(format);
  const flavour = flavourOf(text);
  const segments = flavour === 'nginx' ? readNginx(text) : readApache(text);
  return compileSegments({ flavour, segments }, ctx);
}

const checkOnly: ParseContext = { ipHash: () => '', redact: (e) => e, redactUrl: (u) => u, options: {} };

/** Checks a format before any file is read (the command line does, to fail early); returns its flavour. */
export function validateLogFormat(format: string): Flavour {
  compileLogFormat(format, checkOnly);
  return flavourOf(unwrapConfig(format));
}
