// The walk over a format string that nginx's and Apache's syntaxes share: literal text, with some
// backslash escapes read as the server reads them, cut by fields that start with one sigil
// character ($ or %). Each reader says what follows its sigil.
import type { FieldSpec, Segment } from './types.js';

/**
 * What follows a sigil: a field, or literal text (Apache's `%%`), and the index of its last
 * character.
 */
export type SigilRead = { field: FieldSpec; end: number } | { lit: string; end: number };

/**
 * Splits `format` into literals and fields. `escapes` maps the character after a backslash to the
 * text it stands for; a backslash before any other character is literal.
 */
export function splitFormat(
  format: string,
  sigil: string,
  escapes: Readonly<Record<string, string>>,
  /** `i`: the sigil's index; `at`: its 1-based position, for messages. */
  readSigil: (i: number, at: number) => SigilRead,
): Segment[] {
  const out: Segment[] = [];
  let lit = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] ?? '';
    const escaped = c === '\\' ? escapes[format[i + 1] ?? ''] : undefined;
    if (escaped !== undefined) {
      lit += escaped;
      i++;
      continue;
    }
    if (c !== sigil) {
      lit += c;
      continue;
    }
    const at = i + 1;
    const read = readSigil(i, at);
    i = read.end;
    if ('lit' in read) {
      lit += read.lit;
      continue;
    }
    if (lit !== '') out.push({ lit });
    lit = '';
    out.push({ field: read.field, at });
  }
  if (lit !== '') out.push({ lit });
  return out;
}
