// Readers for the field values of one OTLP span or log record, in the proto3 JSON shape that
// both encodings arrive in. A value that is wrong throws ItemError: the item is rejected with
// that reason and the rest of the request still counts.
import { MAX_ANY_DEPTH } from './limits.js';

/** A value in the proto3 JSON shape: what OTLP/JSON parses to, and what the protobuf reader builds. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Why one span or log record was refused; never escapes the format. */
export class ItemError extends Error {
  override name = 'ItemError';
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The field, or undefined when it is absent or null (proto3 JSON's spelling of "default"). */
function field(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj[key] ?? undefined) : undefined;
}

export function asObject(v: unknown, what: string): Record<string, unknown> {
  if (!isRecord(v)) throw new ItemError(`${what} must be an object`);
  return v;
}

export function optString(obj: Record<string, unknown>, key: string, path = key): string | undefined {
  const v = field(obj, key);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ItemError(`${path} must be a string`);
  return v;
}

const INT64 = /^-?\d{1,19}$/;
const UINT64 = /^\d{1,20}$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const SPECIAL_DOUBLES = new Set(['NaN', 'Infinity', '-Infinity']);

/** An int64 as JSON: a number while it is exact, else its decimal string. */
function int64Json(v: unknown, path: string): number | string {
  let big: bigint | undefined;
  if (typeof v === 'number' && Number.isInteger(v)) big = BigInt(v);
  else if (typeof v === 'string' && INT64.test(v)) big = BigInt(v);
  if (big === undefined || big < INT64_MIN || big > INT64_MAX) {
    throw new ItemError(`${path} must be a 64-bit integer`);
  }
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big.toString();
}

function doubleJson(v: unknown, path: string): number | string {
  if (typeof v === 'number') return v;
  // proto3 JSON may quote doubles; NaN and the infinities have no JSON number, so they stay text.
  if (typeof v === 'string') {
    if (SPECIAL_DOUBLES.has(v)) return v;
    const n = v.trim() === '' ? NaN : Number(v);
    if (Number.isFinite(n)) return n;
  }
  throw new ItemError(`${path} must be a number`);
}

/** AnyValue -> plain JSON; `depth` is the number of AnyValues around this one. */
export function anyValueJson(v: unknown, path: string, depth = 0): JsonValue {
  if (v === undefined || v === null) return null;
  if (depth + 1 > MAX_ANY_DEPTH) throw new ItemError(`${path} is nested more than ${MAX_ANY_DEPTH} levels deep`);
  if (!isRecord(v)) throw new ItemError(`${path} must be an AnyValue object such as {"stringValue": "text"}`);
  let x: unknown;
  if ((x = field(v, 'stringValue')) !== undefined) {
    if (typeof x !== 'string') throw new ItemError(`${path}.stringValue must be a string`);
    return x;
  }
  if ((x = field(v, 'boolValue')) !== undefined) {
    if (typeof x !== 'boolean') throw new ItemError(`${path}.boolValue must be true or false`);
    return x;
  }
  if ((x = field(v, 'intValue')) !== undefined) return int64Json(x, `${path}.intValue`);
  if ((x = field(v, 'doubleValue')) !== undefined) return doubleJson(x, `${path}.doubleValue`);
  if ((x = field(v, 'arrayValue')) !== undefined) {
    const arr = asObject(x, `${path}.arrayValue`);
    const values = field(arr, 'values') ?? [];
    if (!Array.isArray(values)) throw new ItemError(`${path}.arrayValue.values must be an array`);
    return values.map((item, i) => anyValueJson(item, `${path}.arrayValue.values[${i}]`, depth + 1));
  }
  if ((x = field(v, 'kvlistValue')) !== undefined) {
    const list = asObject(x, `${path}.kvlistValue`);
    return Object.fromEntries(keyValues(field(list, 'values'), `${path}.kvlistValue.values`, depth + 1));
  }
  if ((x = field(v, 'bytesValue')) !== undefined) {
    if (typeof x !== 'string') throw new ItemError(`${path}.bytesValue must be a base64 string`);
    return x;
  }
  return null; // an empty AnyValue is how OTLP writes "no value"
}

/**
 * A KeyValue list as a Map (the last of repeated keys wins). A Map, not an object, so keys such
 * as `__proto__` are data; Object.fromEntries later defines them as plain own properties.
 */
export function keyValues(list: unknown, path: string, depth = 0): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) throw new ItemError(`${path} must be an array`);
  list.forEach((kv, i) => {
    const entry = asObject(kv, `${path}[${i}]`);
    const key = field(entry, 'key');
    if (typeof key !== 'string') throw new ItemError(`${path}[${i}].key must be a string`);
    out.set(key, anyValueJson(field(entry, 'value'), `${path}[${i}].value`, depth));
  });
  return out;
}

export function attributes(obj: Record<string, unknown>, path: string): Map<string, JsonValue> {
  return keyValues(field(obj, 'attributes'), path);
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * A trace or span id as lower-case hex; empty and all-zero ids (OTLP's "no id") are absent.
 * OTLP/JSON writes ids in hex; base64 (the generic proto3 JSON rule some encoders follow) is
 * read too, since its length tells it apart.
 */
export function otlpId(obj: Record<string, unknown>, key: string, bytes: 8 | 16): string | undefined {
  const v = field(obj, key);
  if (v === undefined || v === '') return undefined;
  let hex: string | undefined;
  if (typeof v === 'string') {
    if (v.length === bytes * 2 && /^[\da-f]+$/i.test(v)) hex = v.toLowerCase();
    else if (BASE64.test(v)) {
      const decoded = Buffer.from(v, 'base64');
      if (decoded.length === bytes) hex = decoded.toString('hex');
    }
  }
  if (hex === undefined) throw new ItemError(`${key} must be ${bytes * 2} hex digits (${bytes} bytes)`);
  return /^0+$/.test(hex) ? undefined : hex;
}

/** A *UnixNano field: absent, null and 0 (OTLP's "unknown") are undefined. */
export function unixNanos(obj: Record<string, unknown>, key: string): bigint | undefined {
  const v = field(obj, key);
  if (v === undefined) return undefined;
  let big: bigint | undefined;
  if (typeof v === 'string' && UINT64.test(v)) big = BigInt(v);
  else if (typeof v === 'number' && Number.isInteger(v) && v >= 0) big = BigInt(v);
  if (big === undefined || big > UINT64_MAX) {
    throw new ItemError(`${key} must be a whole number of nanoseconds since 1970, as a string or a number`);
  }
  return big === 0n ? undefined : big;
}

export const nanosToMs = (ns: bigint): number => Number(ns / 1_000_000n);
export const nanosSpanMs = (start: bigint, end: bigint): number => Number(end - start) / 1e6;

/** An enum as its number; proto3 JSON parsers also accept the value's name, so we do too. */
export function enumValue(obj: Record<string, unknown>, key: string, names: readonly string[]): number | undefined {
  const v = field(obj, key);
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const i = names.indexOf(v);
    if (i !== -1) return i;
  }
  throw new ItemError(`${key} must be an integer${names.length > 0 ? ` or one of ${names.join(', ')}` : ''}`);
}

/**
 * True when a value nests deeper than `max` containers. It recurses, but never more than `max`
 * frames, so a hostile JSON body cannot exhaust the stack here; run before JSON.stringify,
 * which would.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (max <= 0) return true;
  if (Array.isArray(value)) {
    for (const child of value) if (nestsDeeperThan(child, max - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && nestsDeeperThan((value as Record<string, unknown>)[key], max - 1)) return true;
  }
  return false;
}
