// Turns a format description (types.ts) into a line format: detection by the share of sample
// lines that read (so a few odd lines at the top do not hide a good file), a parser, and the
// notes describe() shows. Nothing here knows any one format.
import type { DetectSample, LineFormatDefinition, LineResult } from '../../format-types.js';
import { isBlank } from '../json-line.js';
import { readRecord, ruleLookup, type Notes, type RuleOf } from './record.js';
import { logfmtPairs, patternFields, quotedWords, shown, w3cHeader, type Fields } from './split.js';
import type { FormatDescription } from './types.js';

const SKIP = { skip: true } as const;

/** `not an AWS ALB access log line`, the start of every refusal. */
function notA(d: FormatDescription): string {
  const an = 'AEIOUaeiou'.includes(d.title[0] ?? '') || d.title.startsWith('nginx');
  return `not ${an ? 'an' : 'a'} ${d.title} line`;
}
type Split = Fields | string | typeof SKIP;
const isSkip = (f: Split): f is typeof SKIP => typeof f === 'object' && !Array.isArray(f);

function zip(names: readonly string[], values: readonly string[]): Fields {
  return values.map((v, i): [string, string] => [names[i] ?? `field_${i + 1}`, v]);
}

/** The first `#Fields:` header among `lines`, if any. */
function headerIn(lines: readonly string[]): string[] | null {
  for (const l of lines) {
    const h = w3cHeader(l);
    if (h !== null) return h;
  }
  return null;
}

/** A splitter for one file; W3C's keeps the latest header (IIS writes one again after a restart). */
function splitter(d: FormatDescription, head: readonly string[]): (line: string) => Split {
  const layout = d.layout;
  switch (layout.kind) {
    case 'pattern':
      return (line) => patternFields(layout.patterns, line) ?? `${notA(d)}: ${shown(line)} does not match its layout`;
    case 'w3c': {
      let names: readonly string[] | null = headerIn(head) ?? layout.defaultFields ?? null;
      return (line) => {
        if (line.charCodeAt(0) === 35) {
          names = w3cHeader(line) ?? names;
          return SKIP;
        }
        if (names === null) return 'a data line before any #Fields: header, so its fields have no names';
        const values = line.split(layout.separator);
        if (values.length !== names.length) return `${values.length} fields where the #Fields: header names ${names.length}`;
        return zip(names, values);
      };
    }
    case 'words':
      return (line) => {
        const words = quotedWords(line);
        if (typeof words === 'string') return `${notA(d)}: ${words}`;
        if (words.length < layout.min) return `${notA(d)}: ${words.length} fields where it has at least ${layout.min}`;
        return zip(layout.names, words);
      };
    case 'logfmt':
      return (line) => {
        let from = 0;
        let prefix: Fields = [];
        const m = layout.prefix?.exec(line);
        if (m) {
          from = m[0].length;
          prefix = Object.entries(m.groups ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
        }
        const pairs = logfmtPairs(line, from);
        // An app's own line under the prefix (Heroku's `app[web.1]: Started GET "/"`) is a message.
        if (typeof pairs === 'string' && m) return [...prefix, ['msg', line.slice(from)]];
        if (typeof pairs === 'string') return `not key=value pairs: ${pairs}`;
        if (pairs.length < layout.minPairs) return `not key=value pairs: ${pairs.length} where a line has at least ${layout.minPairs}`;
        return [...prefix, ...pairs];
      };
  }
}

/** Why a line's fields are not this format's, or null. */
function mustFail(d: FormatDescription, fields: Fields): string | null {
  if (d.must === undefined) return null;
  for (const [name, re] of Object.entries(d.must)) {
    const f = fields.find(([n]) => n === name);
    if (f === undefined) return `${notA(d)}: no ${name}`;
    if (!re.test(f[1])) return `${notA(d)}: ${name} is ${shown(f[1])}`;
  }
  return null;
}

/** Enough of the line is this format's own (logfmt: at least two keys we know). */
function counts(d: FormatDescription, ruleOf: RuleOf, fields: Fields): boolean {
  if (mustFail(d, fields) !== null) return false;
  if (d.layout.kind !== 'logfmt') return true;
  let known = 0;
  for (const [name] of fields) if (ruleOf(name) !== undefined) known++;
  return known >= 2;
}

function headerFits(d: FormatDescription, names: readonly string[]): boolean {
  const lower = names.map((n) => n.toLowerCase());
  if (d.headerHas && !d.headerHas.some((n) => lower.includes(n))) return false;
  return !(d.headerLacks && d.headerLacks.some((n) => lower.includes(n)));
}

export function detectDescribed(d: FormatDescription, ruleOf: RuleOf, sample: DetectSample): number {
  const lines = sample.lines.length > 0 ? sample.lines : [sample.text];
  let scale = 1;
  if (d.layout.kind === 'w3c') {
    const header = headerIn(lines);
    if (header === null && d.layout.defaultFields === undefined) return 0;
    if (header !== null && !headerFits(d, header)) return 0;
    // Without a header the column count and a few values are all there is to go on.
    if (header === null) scale = 0.95;
  }
  const split = splitter(d, lines);
  let total = 0;
  let ok = 0;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const f = split(line);
    if (isSkip(f)) continue;
    total++;
    if (typeof f !== 'string' && counts(d, ruleOf, f)) ok++;
  }
  // A W3C file that is only its header is still that file.
  if (total === 0) return d.layout.kind === 'w3c' && headerIn(lines) !== null ? d.confidence * 0.9 : 0;
  return d.confidence * scale * (ok / total);
}

export function describedFormat(d: FormatDescription): LineFormatDefinition {
  const ruleOf = ruleLookup(d);
  return {
    name: d.name,
    title: d.title,
    shape: 'lines',
    // A W3C file names its columns in a `#Fields:` header that IIS writes again after each
    // restart; a parser started mid-file would only see the head's. A grown file is read again.
    ...(d.layout.kind === 'w3c' ? { resumable: false } : {}),
    samples: d.samples,
    detect: (sample) => detectDescribed(d, ruleOf, sample),
    create(ctx, head) {
      const split = splitter(d, head.lines);
      const notes: Notes = new Set();
      return {
        line(text, lineNo): LineResult {
          if (isBlank(text)) return SKIP;
          const f = split(text);
          if (isSkip(f)) return SKIP;
          if (typeof f === 'string') return { ok: false, reason: f };
          const wrong = mustFail(d, f);
          if (wrong !== null) return { ok: false, reason: wrong };
          return readRecord(d, ruleOf, f, text, lineNo, ctx, notes);
        },
        describe: () => ({ notes: [...d.notes, ...notes] }),
      };
    },
  };
}
