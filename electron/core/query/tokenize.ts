// The search language's tokenizer. It is context-sensitive in one way: the text after
// `field:` (or inside `field:( ... )`) is a value, where `:`, `<`, `>` and keywords at the
// very start are ordinary characters, so `url:http://x` and `time>=2015-05-17T10:00:00Z` work
// without quoting.
import { QuerySyntaxError, type CompareOp } from './ast.js';

export type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus' | 'eof'; col: number; raw: string }
  /** `name:` / `name>=` etc.; the value follows as the next token(s). */
  | { kind: 'field'; name: string; op: CompareOp; col: number; opCol: number; raw: string }
  /** A quoted string, quotes removed and `\"` / `\\` unescaped. */
  | { kind: 'phrase'; text: string; col: number; raw: string }
  /**
   * An unquoted word with backslash escapes removed. `stars` holds the indexes in `text` of
   * the `*` characters that were not escaped, i.e. the wildcards.
   */
  | { kind: 'word'; text: string; stars: number[]; escapedStar: boolean; col: number; raw: string };

export type WordToken = Extract<Token, { kind: 'word' }>;
export type PhraseToken = Extract<Token, { kind: 'phrase' }>;

const KEYWORDS: Record<string, 'and' | 'or' | 'not'> = { AND: 'and', '&&': 'and', OR: 'or', '||': 'or', NOT: 'not' };

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
/** Characters that end an unquoted word. */
const isDelimiter = (c: string | undefined) => c === undefined || c === '(' || c === ')' || c === '"' || isSpace(c);

/**
 * Control characters other than tab and line breaks: nobody types them, a NUL ends the string
 * early in SQLite's full-text parser, and the rest are invisible in every answer that quotes them.
 */
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;

export function tokenize(text: string): Token[] {
  const control = CONTROL.exec(text);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new QuerySyntaxError(`The query holds a control character (${code}) at column ${control.index + 1}; remove it.`, control.index + 1);
  }
  const out: Token[] = [];
  let i = 0;
  // The previous token was `field<op>`: the next word is its value, read literally.
  let valueNext = false;
  // Inside `field:( ... )` every word is a value; counts nested parentheses.
  let groupDepth = 0;

  for (;;) {
    while (isSpace(text[i])) i++;
    const col = i + 1;
    const c = text[i];
    if (c === undefined) {
      out.push({ kind: 'eof', col, raw: '' });
      return out;
    }
    if (c === '(') {
      out.push({ kind: 'lparen', col, raw: c });
      i++;
      if (valueNext) groupDepth = 1;
      else if (groupDepth > 0) groupDepth++;
      valueNext = false;
      continue;
    }
    if (c === ')') {
      out.push({ kind: 'rparen', col, raw: c });
      i++;
      if (groupDepth > 0) groupDepth--;
      valueNext = false;
      continue;
    }
    if (c === '"') {
      const phrase = readPhrase(text, i);
      out.push(phrase.token);
      i = phrase.next;
      valueNext = false;
      continue;
    }
    if (valueNext) {
      const word = readWord(text, i, false);
      out.push(word.token);
      i = word.next;
      valueNext = false;
      continue;
    }
    if (c === '-') {
      if (isDelimiter(text[i + 1]) && text[i + 1] !== '(' && text[i + 1] !== '"') {
        throw new QuerySyntaxError(
          `A "-" at column ${col} must be followed directly by the term it excludes, as in -user:bot.`,
          col,
        );
      }
      out.push({ kind: 'minus', col, raw: c });
      i++;
      continue;
    }
    const word = readWord(text, i, groupDepth === 0);
    i = word.next;
    if (word.field) {
      out.push(word.field);
      valueNext = true;
      continue;
    }
    const keyword = KEYWORDS[word.token.raw];
    out.push(keyword ? { kind: keyword, col, raw: word.token.raw } : word.token);
  }
}

function readPhrase(text: string, start: number): { token: PhraseToken; next: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const c = text[i];
    if (c === undefined) {
      throw new QuerySyntaxError(`The quote opened at column ${start + 1} is never closed.`, start + 1);
    }
    if (c === '"') break;
    // Only \" and \\ are escapes inside quotes, so Windows paths keep their backslashes.
    if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  return { token: { kind: 'phrase', text: value, col: start + 1, raw: text.slice(start, i + 1) }, next: i + 1 };
}

/**
 * Reads an unquoted word. With `splitField`, the first unescaped `:`, `<` or `>` ends the word
 * and turns it into a field token instead (`status>=` then the value as the next token).
 */
function readWord(
  text: string,
  start: number,
  splitField: boolean,
): { token: WordToken; field?: Extract<Token, { kind: 'field' }>; next: number } {
  let value = '';
  const stars: number[] = [];
  let escapedStar = false;
  let i = start;
  while (!isDelimiter(text[i])) {
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] !== undefined) {
      const escaped = text[i + 1] as string;
      if (escaped === '*') escapedStar = true;
      value += escaped;
      i += 2;
      continue;
    }
    if (splitField && (c === ':' || c === '<' || c === '>')) {
      const opCol = i + 1;
      if (value === '') {
        throw new QuerySyntaxError(`Expected a field name before "${c}" at column ${opCol}.`, opCol);
      }
      const op = readOp(text, i);
      return {
        token: { kind: 'word', text: value, stars, escapedStar, col: start + 1, raw: text.slice(start, i) },
        field: { kind: 'field', name: value, op: op.op, col: start + 1, opCol, raw: text.slice(start, op.next) },
        next: op.next,
      };
    }
    if (c === '*') stars.push(value.length);
    value += c;
    i++;
  }
  return { token: { kind: 'word', text: value, stars, escapedStar, col: start + 1, raw: text.slice(start, i) }, next: i };
}

/** `:`, `>`, `>=`, `<`, `<=`, and Elasticsearch's `:>=` spelling of the same comparisons. */
function readOp(text: string, i: number): { op: CompareOp; next: number } {
  let j = i;
  if (text[j] === ':' && (text[j + 1] === '>' || text[j + 1] === '<')) j++;
  const c = text[j];
  if (c === ':') return { op: ':', next: j + 1 };
  if (text[j + 1] === '=') return { op: c === '>' ? '>=' : '<=', next: j + 2 };
  return { op: c === '>' ? '>' : '<', next: j + 1 };
}
