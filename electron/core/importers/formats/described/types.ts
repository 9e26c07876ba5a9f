// Formats described as data, the way lnav keeps its formats: how a line splits into named
// fields, what each field means to us, and sample lines that run as tests. The engine
// (engine.ts) turns a description into a line format; adding a format is a new description.
import type { FormatSample } from '../../format-types.js';

/** What a field of the log becomes in our event. Anything not named goes to attrs. */
export type Target =
  /** A whole time: ISO 8601, CLF, epoch, asctime or HTTP date (time-value.ts readTimeText). */
  | 'time'
  /** A date and a clock in separate fields (W3C's `date` and `time`), joined. */
  | 'date'
  | 'clock'
  | 'method'
  /** A URL or path, query included. */
  | 'url'
  /** A path and a query in separate fields (W3C's cs-uri-stem and cs-uri-query), joined. */
  | 'path'
  | 'query'
  /** A request line, `GET /x HTTP/1.1`: method, URL and protocol. */
  | 'request'
  | 'status'
  /** The request's duration; several duration fields add up (AWS ALB's three timers). */
  | 'duration'
  /** A duration kept in attrs in milliseconds (Heroku's connect=1ms). */
  | 'attr_ms'
  /** The client address: stored only as its keyed hash, and erased from raw. */
  | 'client'
  /** Other addresses of the end user (X-Forwarded-For): kept only as hashes, in attrs as `<name>_hash`. */
  | 'hashed'
  /** A value that may hold a secret (cookies): kept redacted in attrs and raw. */
  | 'secret'
  | 'user_agent'
  | 'referrer'
  | 'level'
  | 'message'
  | 'trace_id'
  | 'span_id'
  | 'session_id'
  | 'user_id'
  | 'req_bytes'
  | 'resp_bytes'
  /** Read nowhere (a field that repeats another one). */
  | 'drop';

export interface FieldRule {
  to: Target;
  /** duration: ms per unit of a bare number (time-value.ts's SECOND, MS, MICROSECOND). */
  unit?: number;
  /** Why that unit, for the note describe() shows ("AWS writes seconds"). */
  unitWhy?: string;
  /** How the log escapes text: `plus` is IIS's + for a space, `percent` is URL encoding. */
  decode?: 'plus' | 'percent';
  /** client: the address is followed by `:port`. */
  port?: boolean;
  /** duration: also keep the value as written in attrs under the field's name. */
  keep?: boolean;
}

export type Rule = Target | FieldRule;

export type Layout =
  /** Regular expressions with named groups, tried in order; the first that matches wins. */
  | { kind: 'pattern'; patterns: readonly RegExp[] }
  /**
   * W3C extended log: field names come from the `#Fields:` header (other `#` lines skipped);
   * `defaultFields` are used for data lines seen before any header.
   */
  | { kind: 'w3c'; separator: ' ' | '\t'; defaultFields?: readonly string[] }
  /** Space-separated words, double-quoted where they hold spaces, named by position. */
  | { kind: 'words'; names: readonly string[]; min: number }
  /**
   * key=value pairs (logfmt), after an optional prefix whose named groups are fields too
   * (Heroku's `2024-01-02T03:04:05+00:00 heroku[router]: `).
   */
  | { kind: 'logfmt'; prefix?: RegExp; minPairs: number };

export interface FormatDescription {
  /** The name `--format` takes. */
  name: string;
  title: string;
  layout: Layout;
  /** Field name (lower case) -> meaning. */
  fields: Readonly<Record<string, Rule>>;
  /**
   * The message ends with `, key: value` pairs from this marker on (nginx's
   * `, client: 1.2.3.4, server: x, request: "GET / HTTP/1.1"`); the pairs are fields too.
   */
  trailer?: string;
  /** `log` for error logs: a request named in an error is not an API call of its own. */
  kind?: 'log';
  /** Values named fields must have for a line to be this format (checked in detection and parsing). */
  must?: Readonly<Record<string, RegExp>>;
  /** W3C only: the `#Fields:` header must name one of these (CloudFront's x-edge-location). */
  headerHas?: readonly string[];
  /** W3C only: a header naming one of these belongs to another format. */
  headerLacks?: readonly string[];
  /** The best detection score (for a sample whose every line reads); below 1 to leave room. */
  confidence: number;
  /** One sentence each, shown with the import: zones, units and conventions assumed. */
  notes: readonly string[];
  samples: readonly FormatSample[];
}
