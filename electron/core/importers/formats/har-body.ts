// Request and response bodies of a HAR entry. At most MAX_BODY_BYTES of each is kept, and only
// after redaction: a secret in a JSON body sits under a key (`"password": ...`) that the
// redactor can only see once the text is parsed, and cutting first could hide the key from it
// while keeping the value.
import type { NewEvent } from '../../../../shared/events.js';
import { tooDeep } from '../../mapping/json-issues.js';
import type { ParseContext } from '../format-types.js';
import { cutText, text } from './har-values.js';

export const MAX_BODY_BYTES = 4 * 1024;
/** The redactor hides deeper values whole; a body nested deeper is kept as text instead. */
const MAX_BODY_NESTING = 60;
/** Form bodies are cut to this before the redaction pass, which is a regex over the text. */
const FORM_SCAN_BYTES = 64 * 1024;

export interface Body {
  /** For attrs: the parsed, redacted JSON when it fits, else its text cut to size. */
  attr: unknown;
  /** What stands for the body text in `raw`. */
  raw: string;
}

function redactValue(value: unknown, ctx: ParseContext): unknown {
  const probe: NewEvent = { time: 0, kind: 'log', raw: '', attrs: { body: value } };
  return ctx.redact(probe).attrs?.['body'];
}

/** Form fields are query parameters after a `?`: the URL rules hide secret-named ones. */
function redactForm(form: string, ctx: ParseContext): string {
  const probe: NewEvent = { time: 0, kind: 'api', raw: '', url: `?${form}` };
  return (ctx.redact(probe).url ?? '?').slice(1);
}

function parseJson(t: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(t) };
  } catch {
    return undefined;
  }
}

/** A HAR postData or content object (text, mimeType, encoding) -> what to keep of its text. */
export function readBody(holder: Record<string, unknown>, ctx: ParseContext): Body | undefined {
  const t = text(holder, 'text');
  if (t === undefined) return undefined;
  // Binary bodies (images, fonts) arrive base64-encoded: a few KiB of them tell nobody anything.
  if (text(holder, 'encoding') === 'base64') return { attr: undefined, raw: cutText(t, MAX_BODY_BYTES) };
  const mime = (text(holder, 'mimeType') ?? '').toLowerCase();
  if (mime.includes('json') || /^\s*[[{]/.test(t)) {
    const parsed = parseJson(t);
    if (parsed !== undefined && tooDeep(parsed.value, MAX_BODY_NESTING) === null) {
      const red = redactValue(parsed.value, ctx);
      const json = JSON.stringify(red) ?? 'null';
      if (Buffer.byteLength(json) <= MAX_BODY_BYTES) return { attr: red, raw: json };
      const cut = cutText(json, MAX_BODY_BYTES);
      return { attr: cut, raw: cut };
    }
  }
  if (mime.includes('x-www-form-urlencoded')) {
    const cut = cutText(redactForm(cutText(t, FORM_SCAN_BYTES), ctx), MAX_BODY_BYTES);
    return { attr: cut, raw: cut };
  }
  const cut = cutText(t, MAX_BODY_BYTES);
  return { attr: cut, raw: cut };
}
