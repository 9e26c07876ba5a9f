// Lines into named fields, one way per layout. Everything is a hand scan or one anchored
// pattern per line, so a line costs time linear in its length whatever it holds.

/** A line's fields in order, names as the format writes them. */
export type Fields = [name: string, value: string][];

const MAX_SHOWN = 40;

export function shown(s: string): string {
  return JSON.stringify(s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);
}

/** The named groups of the first pattern that matches, or null. */
export function patternFields(patterns: readonly RegExp[], line: string): Fields | null {
  for (const re of patterns) {
    const m = re.exec(line);
    if (m?.groups === undefined) continue;
    const out: Fields = [];
    const groups = m.groups;
    for (const k in groups) {
      const v = groups[k];
      if (v !== undefined) out.push([k, v]);
    }
    return out;
  }
  return null;
}

/** `#Fields: date time c-ip ...` -> the names, or null for another line. */
export function w3cHeader(line: string): string[] | null {
  if (!line.startsWith('#Fields:')) return null;
  return line.slice(8).trim().split(/[ \t]+/).filter((n) => n !== '');
}

/**
 * The string quoted by the `"` at `open`: its text, each backslash escape replaced by what
 * `escape` makes of the character after it, and where its closing quote is; null if unclosed.
 */
function readQuoted(line: string, open: number, escape: (char: string) => string): { value: string; close: number } | null {
  let value = '';
  let start = open + 1;
  for (let j = start; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 92 && j + 1 < line.length) {
      value += line.slice(start, j) + escape(line[j + 1]!);
      start = j + 2;
      j++;
    } else if (c === 34) {
      return { value: value + line.slice(start, j), close: j };
    }
  }
  return null;
}

/** Words separated by single spaces; a word starting with `"` runs to its closing quote (\" inside). */
export function quotedWords(line: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    if (line.charCodeAt(i) === 34) {
      const q = readQuoted(line, i, (e) => e);
      if (q === null) return `a quote opened at column ${i + 1} is not closed`;
      out.push(q.value);
      i = q.close + 1;
    } else {
      let j = line.indexOf(' ', i);
      if (j === -1) j = n;
      out.push(line.slice(i, j));
      i = j;
    }
    if (i < n) {
      if (line.charCodeAt(i) !== 32) return `expected a space at column ${i + 1}`;
      i++;
    }
  }
  return out;
}

function isKeyChar(c: number): boolean {
  // Printable ASCII and beyond, but not space, quote or =.
  return c > 32 && c !== 34 && c !== 61 && c !== 127;
}

/** logfmt: `key=value key="quoted \"value\""`. A word without = is not logfmt (plain text would pass as flags). */
export function logfmtPairs(line: string, from: number): Fields | string {
  const out: Fields = [];
  const n = line.length;
  let i = from;
  while (i < n) {
    const c0 = line.charCodeAt(i);
    if (c0 === 32 || c0 === 9) {
      i++;
      continue;
    }
    const k0 = i;
    while (i < n && isKeyChar(line.charCodeAt(i))) i++;
    if (i === k0) return `expected a key at column ${i + 1}, found ${shown(line.slice(i))}`;
    const key = line.slice(k0, i);
    if (i >= n || line.charCodeAt(i) !== 61) return `expected = after ${shown(key)} at column ${i + 1}`;
    i++;
    if (i < n && line.charCodeAt(i) === 34) {
      const q = readQuoted(line, i, (e) => (e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e));
      if (q === null) return `the value of ${shown(key)} opens a quote at column ${i + 1} that is not closed`;
      out.push([key, q.value]);
      i = q.close + 1;
      if (i < n && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) return `expected a space after the value of ${shown(key)} at column ${i + 1}`;
    } else {
      const v0 = i;
      while (i < n && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
      out.push([key, line.slice(v0, i)]);
    }
  }
  return out;
}

/**
 * `, key: value, key: "quoted, with commas"` from `marker` on, as nginx's and Apache's error
 * logs end their messages. Returns the message before the marker and the pairs, or null.
 */
export function trailerPairs(message: string, marker: string): { message: string; pairs: Fields } | null {
  const at = message.indexOf(marker);
  if (at === -1) return null;
  const pairs: Fields = [];
  const n = message.length;
  let i = at + 2;
  while (i < n) {
    const colon = message.indexOf(': ', i);
    if (colon === -1) return null;
    const key = message.slice(i, colon);
    if (key.length === 0 || key.length > 40 || key.includes(' ')) return null;
    i = colon + 2;
    let value: string;
    if (message.charCodeAt(i) === 34) {
      const close = message.indexOf('"', i + 1);
      if (close === -1) return null;
      value = message.slice(i + 1, close);
      i = close + 1;
    } else {
      let end = message.indexOf(', ', i);
      if (end === -1) end = n;
      value = message.slice(i, end);
      i = end;
    }
    pairs.push([key, value]);
    if (i < n) {
      if (message.charCodeAt(i) !== 44 || message.charCodeAt(i + 1) !== 32) return null;
      i += 2;
    }
  }
  return { message: message.slice(0, at), pairs };
}
