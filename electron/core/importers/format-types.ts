// The contract between the import pipeline and each file format. A format only decodes and maps;
// the pipeline around it (reading, gunzip, line splitting, byte offsets, batching, the writer,
// progress, bad-line reporting, derived sessions) is the same for all of them.
//
// Two shapes of format exist:
// - line formats (access logs, JSON lines, CSV, exports) see one line at a time, already split and
//   stripped of its line break; the pipeline knows each line's number and byte offset;
// - document formats (HAR, OTLP JSON documents) see the raw bytes and find their own items,
//   reporting each item's byte range so the event can point back into the file.
import type { NewEvent } from '../../../shared/events.js';

import { MAPPABLE_FIELDS } from '../../../shared/api.js';

/** Fields a JSON-lines or CSV import can map from the file's own field names. */
export { MAPPABLE_FIELDS };
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Our field -> the file's field (a dot path for nested JSON); null: do not map this field. */
export type FieldMapping = Partial<Record<MappableField, string | null>>;

/** What the user may say about an import beyond its format. */
export interface FormatOptions {
  /** An nginx `log_format` or Apache `LogFormat` string, for access logs in a custom layout. */
  logFormat?: string;
  /** Overrides of the automatic field mapping (JSON lines, CSV). */
  mapping?: FieldMapping;
}

/** What a parser may use besides its input. Built once per import, in the parsing thread. */
export interface ParseContext {
  /** Keyed hash of a client address (privacy/ip-hash.ts). Never store the address itself. */
  ipHash(ip: string): string;
  /** Secrets (auth headers, cookies, tokens) replaced as the collector does (privacy/redact.ts). */
  redact(event: NewEvent, payload?: unknown): NewEvent;
  /** The same for one URL or referrer: secret query parameters replaced by markers. */
  redactUrl(url: string): string;
  options: FormatOptions;
}

export type LineResult =
  | { ok: true; event: NewEvent }
  | { ok: true; events: NewEvent[] }
  /** A bad line: counted and shown with its number; the import goes on. */
  | { ok: false; reason: string }
  /** Nothing to import and nothing wrong: a header row, a comment, a blank line. */
  | { skip: true }
  /** The record goes on in the next line (a CSV field holding a line break). */
  | { pending: true };

export interface LineParser {
  /** One line, without its line break. `lineNo` is 1-based. */
  line(text: string, lineNo: number): LineResult;
  /** End of input: a record still pending is finished (or reported bad) here. */
  end?(): LineResult | null;
  /**
   * What this parser decided from the file (the field mapping of JSON lines / CSV), shown to the
   * user so they can override it.
   */
  describe?(): FormatReport;
}

export interface FormatReport {
  /** Our field -> the file's field it was read from. */
  mapping?: Record<string, string>;
  /** Anything else worth showing, one sentence each ("times without a zone read as UTC"). */
  notes?: string[];
}

/** Where an item of a document format sits in the (decompressed) input. */
export interface ItemLocation {
  /** Byte offset of the item's first byte. */
  offset: number;
  /** Its length in bytes. */
  length: number;
  /** 1-based line number of its first byte. */
  line: number;
  /** The record runs over more than one line (a CSV field holding a line break). */
  spansLines?: true;
}

export interface DocumentSink {
  event(e: NewEvent, at: ItemLocation): void;
  bad(reason: string, at: ItemLocation, text: string): void;
}

export interface DocumentParser {
  /** The next piece of input. Chunk boundaries fall anywhere, even inside a UTF-8 sequence. */
  write(chunk: Buffer): void;
  /** End of input: a document cut short is reported bad here, never thrown. */
  end(): void;
  describe?(): FormatReport;
}

/** What detection sees: the start of the (decompressed) input. */
export interface DetectSample {
  /** Up to the first 64 KiB, decoded as UTF-8 (a BOM removed). */
  text: string;
  /** Its first complete lines (at most 50), without line breaks; blank lines removed. */
  lines: readonly string[];
}

/**
 * A sample that doubles as a test (test/unit/format-samples.test.ts runs them all), the way lnav
 * describes its formats: input text, and what must come out.
 */
export interface FormatSample {
  title: string;
  input: string;
  options?: FormatOptions;
  /** Fields each resulting event must have (a subset check), in order. */
  events?: Partial<NewEvent>[];
  /** Reasons of bad lines/items, in order, as regular expressions. */
  bad?: RegExp[];
}

interface FormatBase {
  /** The name `--format` takes. */
  name: string;
  /** One line for people: "Apache/nginx access log". */
  title: string;
  /**
   * How sure we are that the sample is this format: 0 (not it) to 1 (certain). The highest score
   * over 0.5 wins; ties go to the format registered first (specific before generic).
   */
  detect(sample: DetectSample): number;
  samples: readonly FormatSample[];
  /**
   * The file is one client's recording (a HAR: one browser), so derived sessions key on time
   * alone and take in page views and requests with no address or agent (session-deriver.ts).
   */
  oneClient?: boolean;
}

export interface LineFormatDefinition extends FormatBase {
  shape: 'lines';
  /**
   * false when a parser cannot start in the middle of its file (CSV reads its header from the
   * first record): a file that grew is then read again whole instead of read on.
   */
  resumable?: boolean;
  /** A parser for one file. `head` is the detection sample, e.g. to choose a field mapping. */
  create(ctx: ParseContext, head: DetectSample): LineParser;
}

export interface DocumentFormatDefinition extends FormatBase {
  shape: 'document';
  create(ctx: ParseContext, sink: DocumentSink): DocumentParser;
}

export type FormatDefinition = LineFormatDefinition | DocumentFormatDefinition;
