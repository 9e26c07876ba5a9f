// An RFC 4180 record reader fed one physical line at a time (the import pipeline splits lines
// before a format sees them), so a quoted field holding a line break spans several calls.
//
// Leniencies, as spreadsheet programs and Python's csv module allow: text after a closing quote
// is kept as part of the field (`"a"b` reads `ab`), a quote inside an unquoted field is an
// ordinary character, and a line break inside a quoted field reads as \n whatever the file used.

export const CSV_DELIMITERS = [',', '\t', ';', '|'] as const;
const QUOTE = 34;

/** The delimiter a header line uses: the candidate seen most often outside quotes (`,` on a tie or none). */
export function detectDelimiter(header: string): string {
  const counts = new Map<number, number>(CSV_DELIMITERS.map((d) => [d.charCodeAt(0), 0]));
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted) {
      const n = counts.get(c);
      if (n !== undefined) counts.set(c, n + 1);
    }
  }
  let best: string = ',';
  let bestCount = 0;
  for (const d of CSV_DELIMITERS) {
    const n = counts.get(d.charCodeAt(0)) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

export class CsvReader {
  private fields: string[] = [];
  /** The quoted field being read, while `quoted`. */
  private cur = '';
  private quoted = false;
  /** The record's text: its physical lines joined by \n. */
  private text = '';

  constructor(private readonly delim: string) {}

  /** True while a quoted field is open: the record goes on in the next line. */
  get open(): boolean {
    return this.quoted;
  }

  /** Characters of the record so far (to cap a quote that never closes). */
  get size(): number {
    return this.text.length;
  }

  /** The text of the record last completed or still open. */
  get raw(): string {
    return this.text;
  }

  /** Forgets an open record. */
  reset(): void {
    this.fields = [];
    this.cur = '';
    this.quoted = false;
    this.text = '';
  }

  /** One physical line, without its line break: the record's fields once complete, else null. */
  push(line: string): string[] | null {
    if (this.quoted) {
      this.text += `\n${line}`;
      this.cur += '\n';
    } else {
      this.text = line;
      this.fields = [];
    }
    return this.scan(line);
  }

  private scan(line: string): string[] | null {
    const d = this.delim;
    let i = 0;
    for (;;) {
      if (this.quoted) {
        const q = line.indexOf('"', i);
        if (q === -1) {
          this.cur += line.slice(i);
          return null;
        }
        this.cur += line.slice(i, q);
        if (line.charCodeAt(q + 1) === QUOTE) {
          this.cur += '"';
          i = q + 2;
          continue;
        }
        this.quoted = false;
        const end = line.indexOf(d, q + 1);
        this.cur += line.slice(q + 1, end === -1 ? line.length : end);
        this.fields.push(this.cur);
        this.cur = '';
        if (end === -1) return this.done();
        i = end + 1;
        continue;
      }
      if (line.charCodeAt(i) === QUOTE) {
        this.quoted = true;
        this.cur = '';
        i++;
        continue;
      }
      const end = line.indexOf(d, i);
      if (end === -1) {
        this.fields.push(line.slice(i));
        return this.done();
      }
      this.fields.push(line.slice(i, end));
      i = end + 1;
    }
  }

  private done(): string[] {
    const f = this.fields;
    this.fields = [];
    return f;
  }
}

/** A field as RFC 4180 writes it: quoted when it holds the delimiter, a quote or a line break. */
export function csvField(value: string, delim = ','): string {
  return value.includes(delim) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
