// What the nginx and Apache readers hand to the compiler: the format as literal text and fields,
// each field saying what it carries (its role) and what its text looks like (its shape). Roles
// are declarative so that priorities (which of $request_time and $upstream_response_time becomes
// duration_ms) are settled once per format, not once per line.
import type { TimeSpec } from './time.js';

export type Flavour = 'nginx' | 'apache';

/**
 * What a field's text looks like.
 * - typed: an exact pattern (regex source without capturing groups); '-' is also accepted and,
 *   like an empty value where the pattern allows one, means "absent".
 * - free: text whose end is found from what follows it in the format (see compile.ts). `spaces`
 *   says the value may hold spaces when it is not quoted; `bare` is the pattern to use then, when
 *   the field is followed by whitespace (the request line); `stops` are characters a one-word value
 *   never holds, which end it even when another field follows directly (`$host$request_uri`).
 */
export type Shape =
  | { kind: 'typed'; source: string; expect: string }
  | { kind: 'free'; spaces: boolean; bare?: string; stops?: string };

/** Event columns a field can fill; when two fields claim one, the lower rank wins. */
export type Slot =
  | 'ip' | 'method' | 'url' | 'protocol' | 'status' | 'resp_bytes' | 'req_bytes' | 'duration_ms'
  | 'referrer' | 'user_agent' | 'session_id' | 'user_id' | 'trace_id' | 'span_id';

export type AttrType = 'text' | 'int' | 'number';

export type Role =
  /** A client address, hashed into ip_hash; `list`: X-Forwarded-For, whose first address is the client. */
  | { kind: 'address'; rank: number; list: boolean }
  /** "METHOD target PROTOCOL". */
  | { kind: 'request' }
  /** The request target with its query ($request_uri). */
  | { kind: 'target' }
  /** The path alone ($uri, %U); a query field, when present, is appended to it. */
  | { kind: 'path' }
  /** The query string, with (%q) or without ($args) its leading '?'. */
  | { kind: 'query'; mark: boolean }
  | { kind: 'method' }
  | { kind: 'protocol' }
  | { kind: 'status'; rank: number }
  | { kind: 'bytes'; slot: 'resp_bytes' | 'req_bytes'; rank: number; dashIsZero: boolean }
  /** A duration written in units of `unitMs` milliseconds; `list`: the first of a list (upstreams). */
  | { kind: 'duration'; unitMs: number; rank: number; list: boolean }
  | { kind: 'text'; slot: 'referrer' | 'user_agent' | 'session_id' | 'user_id'; rank: number }
  /** A bare trace or span id in hex. */
  | { kind: 'hex'; slot: 'trace_id' | 'span_id'; rank: number }
  /** W3C traceparent: 00-<trace>-<span>-<flags>. */
  | { kind: 'traceparent' }
  /** W3C baggage: kept in attrs; its session.id, if any, becomes session_id. */
  | { kind: 'baggage' }
  | { kind: 'time'; time: TimeSpec }
  /** Kept in attrs. `sensitive`: may hold a secret (headers, cookies, variables), so events are redacted. */
  | { kind: 'attr'; type: AttrType; sensitive: boolean }
  /** Printed only to shape the line ($is_args): nothing to keep. */
  | { kind: 'ignore' };

export interface FieldSpec {
  /** As written in the format ("$status", "%>s", "%{User-Agent}i"): used in messages. */
  label: string;
  /** The attrs key when the value is kept in attrs. */
  attr: string;
  role: Role;
  shape: Shape;
  /** '-' is a real value here (Apache's %X: connection closed), not "absent". */
  dashIsValue?: boolean;
}

export type Segment = { lit: string } | { field: FieldSpec; at: number };

export interface ParsedFormat {
  flavour: Flavour;
  segments: Segment[];
}
