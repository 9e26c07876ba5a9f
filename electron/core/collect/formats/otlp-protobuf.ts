// A small protobuf wire-format reader and writer, driven by message tables (otlp-proto-schema.ts)
// rather than generated code. The reader turns a message into the object its proto3 JSON form
// would parse to (lowerCamelCase names, 64-bit integers as decimal strings, OTLP's hex ids), so
// one mapper serves both OTLP encodings and `raw` for a protobuf record is readable JSON.
//
// The body comes from the network: every length is checked against the bytes that remain,
// every step consumes at least one byte (so no input loops), and nesting is bounded, so the
// only thing that can escape is a PayloadError.
import { MAX_ANY_DEPTH } from '../../mapping/limits.js';
import type { JsonObject, JsonValue } from '../../mapping/otlp-values.js';
import { PayloadError } from '../ingest-types.js';

/** How a field's bytes are read and what JSON value it becomes. */
export type ScalarType =
  | 'string'
  | 'bool'
  | 'int64' // varint, signed: decimal string
  | 'uint32' // varint: number
  | 'enum' // varint, int32: number
  | 'fixed64' // unsigned: decimal string (nanosecond times)
  | 'fixed32' // number
  | 'double' // number, or "NaN"/"Infinity"/"-Infinity" as proto3 JSON writes them
  | 'hex' // bytes: lower-case hex (OTLP ids)
  | 'base64'; // bytes: base64, as proto3 JSON writes bytes

export interface FieldSpec {
  name: string;
  type: ScalarType | MessageSpec;
  repeated?: boolean;
}

export interface MessageSpec {
  name: string;
  fields: Map<number, FieldSpec>;
  /** All fields form one oneof: the last one on the wire wins. */
  oneof?: boolean;
  /** Counts towards MAX_ANY_DEPTH (AnyValue, the only recursive message). */
  nests?: boolean;
}

/**
 * Told as each message of `spec` starts, before it is read: it throws to stop the body there,
 * so a request of 400,000 spans costs 2,501 of them rather than all.
 */
export interface ItemCounter {
  spec: MessageSpec;
  seen(): void;
}

const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

function wireTypeOf(type: FieldSpec['type']): number {
  if (typeof type !== 'string') return LEN;
  switch (type) {
    case 'bool':
    case 'int64':
    case 'uint32':
    case 'enum':
      return VARINT;
    case 'fixed64':
    case 'double':
      return I64;
    case 'fixed32':
      return I32;
    default:
      return LEN;
  }
}

function malformed(what: string, at: number): PayloadError {
  return new PayloadError(400, `The protobuf body is malformed: ${what} (at byte ${at}).`);
}

/** A cursor over buf[pos, end); `end` is the end of the enclosing message, never of the buffer. */
class WireReader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  /** A varint as its low and high 32 bits (both unsigned). */
  varint(): { lo: number; hi: number } {
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw malformed('a number runs past the end of its message', start);
      const b = this.buf[this.pos++]!;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if ((b & 0x80) === 0) return { lo: lo >>> 0, hi: hi >>> 0 };
    }
    throw malformed('a number is longer than 10 bytes', start);
  }

  /** Reserves n bytes and returns where they start. */
  take(n: number, what: string): number {
    const start = this.pos;
    if (n > this.end - this.pos) throw malformed(`${what} runs past the end of its message`, start);
    this.pos += n;
    return start;
  }

  /** The extent of a length-delimited value. */
  lengthDelimited(): { start: number; end: number } {
    const at = this.pos;
    const { lo, hi } = this.varint();
    if (hi !== 0) throw malformed('a length is larger than the body', at);
    const start = this.take(lo, 'a length-delimited field');
    return { start, end: start + lo };
  }

  skip(wireType: number, at: number): void {
    switch (wireType) {
      case VARINT:
        this.varint();
        return;
      case I64:
        this.take(8, 'a 64-bit field');
        return;
      case LEN:
        this.lengthDelimited();
        return;
      case I32:
        this.take(4, 'a 32-bit field');
        return;
      default:
        // 3 and 4 are proto2 groups, which OTLP never uses; 6 and 7 do not exist.
        throw malformed(`unsupported wire type ${wireType}`, at);
    }
  }
}

function int64String(lo: number, hi: number): string {
  if (hi === 0) return String(lo);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

function doubleJson(d: number): number | string {
  if (Number.isFinite(d)) return d;
  return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
}

function readScalar(r: WireReader, type: ScalarType): JsonValue {
  switch (type) {
    case 'bool': {
      const { lo, hi } = r.varint();
      return lo !== 0 || hi !== 0;
    }
    case 'int64': {
      const { lo, hi } = r.varint();
      return int64String(lo, hi);
    }
    case 'uint32':
      return r.varint().lo;
    case 'enum':
      // An int32 enum: negative values arrive sign-extended to 10 bytes; the low 32 bits are the value.
      return r.varint().lo | 0;
    case 'fixed64':
      return r.buf.readBigUInt64LE(r.take(8, 'a 64-bit field')).toString();
    case 'double':
      return doubleJson(r.buf.readDoubleLE(r.take(8, 'a 64-bit field')));
    case 'fixed32':
      return r.buf.readUInt32LE(r.take(4, 'a 32-bit field'));
    case 'string':
    case 'hex':
    case 'base64': {
      const { start, end } = r.lengthDelimited();
      const encoding = type === 'string' ? 'utf8' : type;
      return r.buf.toString(encoding, start, end);
    }
  }
}

function decodeInto(buf: Buffer, start: number, end: number, spec: MessageSpec, depth: number, out: JsonObject, counter?: ItemCounter): JsonObject {
  const anyDepth = spec.nests ? depth + 1 : depth;
  if (anyDepth > MAX_ANY_DEPTH) {
    throw malformed(`values are nested more than ${MAX_ANY_DEPTH} levels deep`, start);
  }
  const r = new WireReader(buf, start, end);
  while (r.pos < r.end) {
    const at = r.pos;
    const { lo: tag, hi } = r.varint();
    const fieldNo = tag >>> 3;
    const wireType = tag & 7;
    if (hi !== 0 || fieldNo === 0) throw malformed('invalid field number', at);
    const field = spec.fields.get(fieldNo);
    if (!field) {
      r.skip(wireType, at); // a field added to OTLP after this reader was written
      continue;
    }
    const expected = wireTypeOf(field.type);
    if (wireType !== expected) {
      throw malformed(`${spec.name}.${field.name} has wire type ${wireType}, expected ${expected}`, at);
    }
    if (spec.oneof) {
      for (const other of spec.fields.values()) if (other !== field) delete out[other.name];
    }
    const prior = out[field.name];
    let value: JsonValue;
    if (typeof field.type === 'string') {
      value = readScalar(r, field.type);
    } else {
      const ext = r.lengthDelimited();
      if (field.type === counter?.spec) counter.seen();
      // A singular message that appears twice is merged into the first, as protobuf specifies.
      const target = !field.repeated && isObject(prior) ? prior : {};
      value = decodeInto(buf, ext.start, ext.end, field.type, anyDepth, target, counter);
    }
    if (field.repeated) {
      if (Array.isArray(prior)) prior.push(value);
      else out[field.name] = [value];
    } else {
      out[field.name] = value;
    }
  }
  return out;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decodes a whole message; throws PayloadError(400) on anything malformed, and what `counter` throws. */
export function decodeMessage(body: Buffer, spec: MessageSpec, counter?: ItemCounter): JsonObject {
  let stopped: unknown;
  const told = counter && {
    spec: counter.spec,
    seen() {
      try {
        counter.seen();
      } catch (err) {
        stopped = err;
        throw err;
      }
    },
  };
  try {
    return decodeInto(body, 0, body.length, spec, 0, {}, told);
  } catch (err) {
    if (err instanceof PayloadError || (stopped !== undefined && err === stopped)) throw err;
    // Only a bug could get here (every read is bounds-checked first); still a 400, not a 500.
    throw new PayloadError(400, 'The protobuf body could not be decoded.');
  }
}

// ---- Writing: only what the export answers need ----

function varintBytes(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** Field `fieldNo` as a varint (int64, uint32, enum, bool). */
export function varintField(fieldNo: number, value: number | bigint): Buffer {
  return Buffer.from([...varintBytes(BigInt((fieldNo << 3) | VARINT)), ...varintBytes(BigInt(value))]);
}

/** Field `fieldNo` as length-delimited bytes (string, bytes, embedded message). */
export function bytesField(fieldNo: number, value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([
    Buffer.from(varintBytes(BigInt((fieldNo << 3) | LEN))),
    Buffer.from(varintBytes(BigInt(bytes.length))),
    bytes,
  ]);
}
