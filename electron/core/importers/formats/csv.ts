// CSV (or TSV, or ;- or |-separated) with a header row, as spreadsheets, databases and log
// tools export them. Header names are mapped like JSON lines keys (field-map.ts); the user can
// override each with options.mapping, naming a header.
//
// Decisions worth knowing:
// - The delimiter is the one the header line uses most (, tab ; |), so a European export with
//   `;` and decimal commas reads right.
// - A row with a different number of fields than the header is a bad line, never guessed at:
//   a shifted column would put a status into a duration.
// - Unmapped columns go to attrs as text (a leading zero or a long id must survive); empty
//   cells are left out. Mapped values are typed: status and duration are numbers.
// - A quoted field may hold line breaks; the record then spans lines (and its event points at
//   its first line). A quote still open after 1 MiB is reported bad there and reading restarts
//   at the next line, so one stray quote cannot swallow the rest of the file.
import type { FieldMapping, LineFormatDefinition, LineResult } from '../format-types.js';
import { CsvReader, detectDelimiter } from './csv-reader.js';
import { chooseMapping, isCandidate, mappingReport, normalizeName, timeNotes, type HeadRecord, type Mapping } from './field-map.js';
import { isBlank, setAttr } from './json-line.js';
import { recordReader, type RecordReader } from './json-record.js';
import { readTime } from './time-value.js';

const MAX_RECORD_CHARS = 1024 * 1024;
const MAX_HEADER_NAME = 100;
/** What a header cell looks like: a name, not a value (no quotes, brackets or braces). */
const HEADER_NAME = /^[\p{L}\p{N}_ .\-@$#/()%:+]+$/u;
const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);

/** Header cells trimmed, blanks named by position, repeats numbered, so every column has one name. */
function headerNames(cells: readonly string[]): string[] {
  const seen = new Set<string>();
  return cells.map((c, i) => {
    let name = c.trim() || `column_${i + 1}`;
    for (let n = 2; seen.has(name); n++) name = `${c.trim() || `column_${i + 1}`}_${n}`;
    seen.add(name);
    return name;
  });
}

/** The sample's records (header first), read with `delim`; a record cut by the sample's end is dropped. */
function sampleRecords(lines: readonly string[], delim: string): string[][] {
  const reader = new CsvReader(delim);
  const out: string[][] = [];
  for (const l of lines) {
    const r = reader.push(l);
    if (r !== null) out.push(r);
  }
  return out;
}

function looksLikeHeader(cells: readonly string[]): boolean {
  if (cells.length < 2) return false;
  let blanks = 0;
  for (const c of cells) {
    const name = c.trim();
    if (name === '') {
      blanks++;
      continue;
    }
    if (name.length > MAX_HEADER_NAME || !HEADER_NAME.test(name) || /^[\d.,:+-]+$/.test(name)) return false;
    if (!Number.isNaN(readTime(name))) return false;
  }
  return blanks <= 1;
}

/** Our mapping override of a header, in the file's own spelling when only case or `_` differ. */
function resolver(header: readonly string[]): (p: string) => string {
  return (p) => (header.includes(p) ? p : (header.find((h) => normalizeName(h) === normalizeName(p)) ?? p));
}

interface Columns {
  header: string[];
  mapping: Mapping;
  reader: RecordReader;
  /** Column of each mapped field (-1: no such column). */
  index: number[];
  /** Whether column j is mapped. */
  mapped: boolean[];
}

export const csvFormat: LineFormatDefinition = {
  name: 'csv',
  title: 'CSV with a header row',
  shape: 'lines',
  resumable: false,

  detect(sample) {
    const first = sample.lines[0];
    if (first === undefined || sample.lines.length < 2 || /^\s*[[{]/.test(first)) return 0;
    const delim = detectDelimiter(first);
    const records = sampleRecords(sample.lines, delim);
    const header = records[0];
    if (header === undefined || records.length < 2 || !looksLikeHeader(header)) return 0;
    let same = 0;
    for (let i = 1; i < records.length; i++) if (records[i]!.length === header.length) same++;
    const share = same / (records.length - 1);
    if (share < 0.8) return 0.3 * share;
    const known = header.filter((h) => isCandidate(h.trim())).length;
    // Below JSON lines (0.9) and the access log, whose lines never pass as a header anyway.
    return 0.7 + (known > 0 ? 0.1 : 0) + (known >= 3 ? 0.05 : 0);
  },

  create(ctx, head) {
    let reader: CsvReader | null = null;
    let cols: Columns | null = null;
    let delim = ',';
    let startLine = 0;
    const values: unknown[] = [];
    const notes: string[] = [];

    // The header, while the mapping waits for a first row to vote (a head sample without rows).
    let waiting: string[] | null = null;

    const setHeader = (cells: string[], rows: string[][]) => {
      const header = headerNames(cells);
      const headRecords: HeadRecord[] = rows.map((r) => header.map((h, j) => [h, r[j]?.trim()] as const));
      // A header-only sample still votes for its names (as empty values).
      headRecords.push(header.map((h) => [h, undefined] as const));
      const overrides: FieldMapping | undefined = ctx.options.mapping;
      const mapping = chooseMapping(headRecords, overrides, resolver(header));
      // The clock column (a Time beside a Date) is read after the mapped fields.
      const index = [...mapping.fields.map((f) => f.path), ...(mapping.clock === undefined ? [] : [mapping.clock])].map((p) => header.indexOf(p));
      const mapped = header.map((_, j) => index.includes(j));
      cols = { header, mapping, reader: recordReader(mapping, ctx), index, mapped };
      values.length = index.length;
      notes.push(...mapping.notes);
      const t = mapping.fields.findIndex((f) => f.field === 'time');
      if (t >= 0 && index[t]! >= 0) notes.push(...timeNotes(rows.map((r) => r[index[t]!]), mapping.fields[t]!.path));
      if (delim !== ',') notes.push(`Fields are separated by ${delim === '\t' ? 'tabs' : `"${delim}"`}.`);
    };

    const record = (fields: string[], raw: string, lineNo: number): LineResult => {
      if (cols === null && waiting === null) {
        // A file whose head holds no whole row (one row, no final line break) maps by its first row.
        const rows = sampleRecords(head.lines, delim).slice(1);
        if (rows.length > 0) setHeader(fields, rows);
        else waiting = fields;
        return { skip: true };
      }
      if (cols === null) {
        const header = waiting!;
        if (fields.length !== header.length) return { ok: false, reason: `expected ${header.length} fields (as in the header), found ${fields.length}` };
        setHeader(header, [fields]);
        if (cols === null) return { skip: true };
      }
      const { header, index, mapped } = cols;
      if (fields.length !== header.length) {
        return { ok: false, reason: `expected ${header.length} fields (as in the header), found ${fields.length}` };
      }
      for (let i = 0; i < index.length; i++) {
        const j = index[i]!;
        values[i] = j < 0 ? undefined : fields[j]!.trim();
      }
      let attrs: Record<string, unknown> | null = null;
      for (let j = 0; j < fields.length; j++) {
        if (!mapped[j] && fields[j] !== '') setAttr((attrs ??= {}), header[j]!, fields[j]);
      }
      return cols.reader.read(values, attrs, raw, lineNo);
    };

    return {
      line(text, lineNo) {
        if (reader === null) {
          if (isBlank(text)) return { skip: true };
          delim = detectDelimiter(text);
          reader = new CsvReader(delim);
        }
        if (!reader.open) {
          if (isBlank(text)) return { skip: true };
          startLine = lineNo;
        }
        const fields = reader.push(text);
        if (fields === null) {
          if (reader.size <= MAX_RECORD_CHARS) return { pending: true };
          reader.reset();
          return { ok: false, reason: `a quoted field opened on line ${startLine} is still open after 1 MiB; reading goes on at the next line` };
        }
        return record(fields, reader.raw, startLine);
      },
      end() {
        if (cols === null && waiting !== null) setHeader(waiting, []);
        if (reader === null || !reader.open) return null;
        reader.reset();
        return { ok: false, reason: `the file ends inside a quoted field (opened in the record starting on line ${startLine})` };
      },
      describe: () => (cols === null ? { notes } : { mapping: mappingReport(cols.mapping), notes }),
    };
  },

  samples: [
    {
      title: 'comma-separated with the usual header names',
      input:
        'timestamp,level,method,url,status,duration_ms,session_id,user_id,message\n' +
        '2015-05-17T10:05:03Z,info,GET,/api/users/42,200,12.5,s-1,u-1,request handled\n' +
        '2015-05-17T10:05:04Z,error,POST,/api/orders,502,1030,s-1,u-1,"upstream failed, retrying"\n',
      events: [
        { time: T0, kind: 'api', level: 'info', method: 'GET', url: '/api/users/42', route: '/api/users/:id', status: 200, duration_ms: 12.5, session_id: 's-1', user_id: 'u-1', message: 'request handled', attrs: null },
        { time: T0 + 1000, kind: 'api', level: 'error', status: 502, duration_ms: 1030, message: 'upstream failed, retrying' },
      ],
    },
    {
      title: 'semicolons, "" escapes, a line break inside a quoted field, extra columns in attrs',
      input:
        'Time;Severity;Message;Host;Zone\n' +
        '2015-05-17 10:05:03;WARNING;"disk ""data"" at 91%\nsecond line";db-1;eu\n' +
        '2015-05-17 10:05:04;notice;ok;db-2;\n',
      events: [
        { time: T0, kind: 'log', level: 'warn', message: 'disk "data" at 91%\nsecond line', attrs: { Host: 'db-1', Zone: 'eu' }, line: 2 },
        { time: T0 + 1000, kind: 'log', level: 'info', message: 'ok', attrs: { Host: 'db-2' }, line: 4 },
      ],
    },
    {
      title: 'tab-separated, epoch seconds, a duration in seconds named by its suffix',
      input: 'ts\tverb\tpath\tstatus_code\tlatency_s\tzip\n1431857103\tget\t/health\t204\t0.25\t01234\n',
      events: [{ time: T0, kind: 'api', method: 'GET', url: '/health', status: 204, duration_ms: 250, attrs: { zip: '01234' } }],
    },
    {
      title: 'separate Date and Time columns are one time; Content is the message (Loghub-style exports)',
      input:
        'LineId,Date,Time,Level,Component,Content\n' +
        '1,2015-05-17,10:05:03,INFO,org.apache.zookeeper.server.NIOServerCnxnFactory,binding to port 2181\n' +
        '2,2015-05-17,"10:05:04,747",WARN,org.apache.zookeeper.server.quorum.QuorumCnxManager,Cannot open channel\n',
      events: [
        { time: T0, kind: 'log', level: 'info', message: 'binding to port 2181', attrs: { LineId: '1', Component: 'org.apache.zookeeper.server.NIOServerCnxnFactory' } },
        { time: T0 + 1747, level: 'warn', message: 'Cannot open channel' },
      ],
    },
    {
      title: 'an asctime Time column (Loghub Apache error log export)',
      input: 'LineId,Time,Level,Content\n1,Sun May 17 10:05:03 2015,notice,workerEnv.init() ok /etc/httpd/conf/workers2.properties\n',
      events: [{ time: T0, level: 'info', message: 'workerEnv.init() ok /etc/httpd/conf/workers2.properties', attrs: { LineId: '1' } }],
    },
    {
      title: 'options.mapping names a header; null turns a field off',
      input: 'when,what,status\n2015-05-17T10:05:03Z,started,n/a\n',
      options: { mapping: { time: 'WHEN', message: 'what', status: null } },
      events: [{ time: T0, kind: 'log', message: 'started', status: null, attrs: { status: 'n/a' } }],
    },
    {
      title: 'bad rows: a wrong field count, no time, a quote never closed',
      input: 'time,msg\n2015-05-17T10:05:03Z,ok\nonly-one-field\n,empty time\n2015-05-17T10:05:04Z,"never closed\nstill open\n',
      events: [{ time: T0, message: 'ok' }],
      bad: [/expected 2 fields \(as in the header\), found 1/, /no time: "time" is missing/, /the file ends inside a quoted field/],
    },
  ],
};
