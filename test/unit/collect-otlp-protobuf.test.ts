// The protobuf side of OTLP: hand-built messages for the wire rules (unknown fields, oneofs,
// negative and 64-bit numbers), and properties that hostile bytes only ever produce a 400.
import { SpanKind } from '@opentelemetry/api';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { otlpLogsFormat, otlpTracesFormat } from '../../electron/core/collect/formats/otlp.js';
import { bytesField, varintField } from '../../electron/core/collect/formats/otlp-protobuf.js';
import { PayloadError, type DecodedPayload, type WireFormat } from '../../electron/core/collect/ingest-types.js';
import { ingestRequest } from '../helpers/ingest-request.js';

const PROTO_REQ = ingestRequest('/v1/traces', { contentType: 'application/x-protobuf', now: Date.UTC(2026, 10, 23) });

const START_NS = 1_763_900_000_005_000_000n;

/** A field's key: field number and wire type, as a varint. */
function key(fieldNo: number, wireType: number): Buffer {
  const out: number[] = [];
  let v = fieldNo * 8 + wireType;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}
function fixed64Field(fieldNo: number, value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(value);
  return Buffer.concat([key(fieldNo, 1), b]);
}
function fixed32Field(fieldNo: number, value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return Buffer.concat([key(fieldNo, 5), b]);
}
function doubleField(fieldNo: number, value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return Buffer.concat([key(fieldNo, 1), b]);
}
const cat = (...parts: Buffer[]) => Buffer.concat(parts);
const attr = (key: string, anyValue: Buffer) => bytesField(9, cat(bytesField(1, key), bytesField(2, anyValue)));

/** ExportTraceServiceRequest { resource_spans { scope_spans { spans: [span] } } } */
const traceRequest = (...spans: Buffer[]) => bytesField(1, bytesField(2, cat(...spans.map((s) => bytesField(2, s)))));

const span = (...extra: Buffer[]) =>
  cat(
    bytesField(1, Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex')),
    bytesField(2, Buffer.from('00f067aa0ba902b7', 'hex')),
    bytesField(5, 'work'),
    fixed64Field(7, START_NS),
    fixed64Field(8, START_NS + 3_000_000n),
    ...extra,
  );

function decodeOne(format: WireFormat, body: Buffer) {
  const out = format.decode(body, PROTO_REQ);
  expect(out.rejected).toEqual([]);
  expect(out.accepted).toHaveLength(1);
  return out.accepted[0]!.event;
}

describe('the protobuf reader', () => {
  it('reads a hand-built span', () => {
    const event = decodeOne(otlpTracesFormat, traceRequest(span()));
    expect(event).toMatchObject({
      kind: 'log',
      message: 'work',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
      time: 1_763_900_000_005,
      duration_ms: 3,
    });
  });

  it('skips fields it does not know, of every wire type, at every level', () => {
    const unknown = cat(varintField(50, 2n ** 63n), fixed64Field(51, 7n), bytesField(52, 'future'), fixed32Field(53, 9));
    const plain = decodeOne(otlpTracesFormat, traceRequest(span()));
    const padded = decodeOne(otlpTracesFormat, cat(traceRequest(span(unknown)), unknown));
    expect({ ...padded, raw: '' }).toEqual({ ...plain, raw: '' });
  });

  it('reads negative, 64-bit and non-finite numbers the way OTLP/JSON writes them', () => {
    const event = decodeOne(
      otlpTracesFormat,
      traceRequest(
        span(
          varintField(6, -1n), // kind: a negative enum arrives as a 10-byte varint
          attr('neg', varintField(3, -5n)),
          attr('max', varintField(3, 2n ** 63n - 1n)),
          attr('nan', doubleField(4, NaN)),
          attr('inf', doubleField(4, -Infinity)),
          attr('half', doubleField(4, 0.5)),
          attr('yes', varintField(2, 1n)),
          attr('bin', bytesField(7, Buffer.from([1, 2, 3]))),
        ),
      ),
    );
    expect(event.attrs).toMatchObject({ neg: -5, max: '9223372036854775807', nan: 'NaN', inf: '-Infinity', half: 0.5, yes: true, bin: 'AQID', 'span.kind': -1 });
    expect(JSON.parse(event.raw)).toMatchObject({ kind: -1, startTimeUnixNano: String(START_NS) });
  });

  it('lets the last member of a oneof win and merges a repeated singular message', () => {
    const event = decodeOne(
      otlpTracesFormat,
      traceRequest(
        span(
          attr('v', cat(bytesField(1, 'text'), varintField(3, 7n))),
          bytesField(15, bytesField(2, 'first')), // status { message }
          bytesField(15, varintField(3, 2n)), // status { code: ERROR }, merged into the first
        ),
      ),
    );
    expect(event.attrs).toMatchObject({ v: 7, 'span.status': 'error', 'span.status_message': 'first' });
    expect(event.level).toBe('error');
  });

  it('treats empty and all-zero id bytes as no id', () => {
    const event = decodeOne(
      otlpTracesFormat,
      traceRequest(cat(bytesField(1, Buffer.alloc(16)), bytesField(2, Buffer.alloc(0)), fixed64Field(7, START_NS))),
    );
    expect(event.trace_id).toBeNull();
    expect(event.span_id).toBeNull();
  });

  it('rejects a span whose id has the wrong length, keeping the rest', () => {
    const out = otlpTracesFormat.decode(traceRequest(span(bytesField(1, Buffer.from([1, 2, 3]))), span()), PROTO_REQ);
    expect(out.rejected).toEqual([{ index: 0, reason: 'traceId must be 32 hex digits (16 bytes)' }]);
    expect(out.accepted.map((a) => a.index)).toEqual([1]);
  });
});

// ---- Properties: hostile input ----

function expectOnlyPayloadErrors(format: WireFormat, body: Uint8Array): void {
  let out: DecodedPayload;
  try {
    out = format.decode(Buffer.from(body), PROTO_REQ);
  } catch (err) {
    expect(err).toBeInstanceOf(PayloadError);
    expect((err as PayloadError).status).toBe(400);
    return;
  }
  const indexes = [...out.accepted.map((a) => a.index), ...out.rejected.map((r) => r.index)];
  expect(new Set(indexes).size).toBe(indexes.length);
  for (const { event } of out.accepted) {
    expect(Number.isSafeInteger(event.time)).toBe(true);
    expect(() => JSON.parse(event.raw) as unknown).not.toThrow();
  }
}

// Exports that follow the OTLP schema with random values, so they get past the framing and
// exercise the mapper: odd id lengths, huge and negative numbers, deep and odd attributes.
const ATTR_KEYS = [
  'http.request.method',
  'http.method',
  'url.path',
  'url.query',
  'http.target',
  'url.full',
  'http.route',
  'http.response.status_code',
  'http.status_code',
  'http.request.body.size',
  'session.id',
  'user.id',
  'exception.message',
  '__proto__',
  'constructor',
];
const u64 = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constant(START_NS), fc.constant(0n));
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('GET', '/users/42', '_OTHER', 'exception', 'ERROR', '200'));
const anyValue = fc.letrec<{ value: Buffer; kv: Buffer }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((t) => bytesField(1, t)),
    fc.tuple(fc.constantFrom(2, 3), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })).map(([n, v]) => varintField(n, v)), // bool, int
    fc.double().map((d) => doubleField(4, d)),
    fc.uint8Array({ maxLength: 6 }).map((b) => bytesField(7, Buffer.from(b))),
    fc.array(tie('value'), { maxLength: 3 }).map((vs) => bytesField(5, cat(...vs.map((v) => bytesField(1, v))))),
    fc.array(tie('kv'), { maxLength: 3 }).map((kvs) => bytesField(6, cat(...kvs.map((kv) => bytesField(1, kv))))),
    fc.constant(Buffer.alloc(0)),
  ),
  kv: fc.tuple(fc.oneof(fc.constantFrom(...ATTR_KEYS), text), tie('value')).map(([k, v]) => cat(bytesField(1, k), bytesField(2, v))),
}));
const attributes = (fieldNo: number) => fc.array(anyValue.kv, { maxLength: 5 }).map((kvs) => cat(...kvs.map((kv) => bytesField(fieldNo, kv))));
const idBytes = (size: number) =>
  fc
    .oneof({ arbitrary: fc.uint8Array({ minLength: size, maxLength: size }), weight: 6 }, fc.uint8Array({ maxLength: 17 }))
    .map((b) => Buffer.from(b));
const enumNumber = (max: bigint) =>
  fc.oneof({ arbitrary: fc.bigInt({ min: 0n, max }), weight: 4 }, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
const randomSpan = fc
  .tuple(
    fc.option(idBytes(16).map((b) => bytesField(1, b))),
    fc.option(idBytes(8).map((b) => bytesField(2, b))),
    fc.option(idBytes(8).map((b) => bytesField(4, b))),
    fc.option(text.map((t) => bytesField(5, t))),
    fc.option(enumNumber(5n).map((k) => varintField(6, k))),
    fc.option(u64.map((t) => fixed64Field(7, t))),
    fc.option(u64.map((t) => fixed64Field(8, t))),
    attributes(9),
    fc.option(attributes(3).map((a) => bytesField(11, cat(bytesField(2, 'exception'), a)))),
    fc.option(fc.tuple(fc.nat(4), text).map(([c, m]) => bytesField(15, cat(varintField(3, c), bytesField(2, m))))),
  )
  .map((fields) => cat(...fields.filter((f): f is Buffer => f !== null)));
const randomRecord = fc
  .tuple(
    fc.option(u64.map((t) => fixed64Field(1, t))),
    fc.option(u64.map((t) => fixed64Field(11, t))),
    fc.option(enumNumber(24n).map((n) => varintField(2, n))),
    fc.option(text.map((t) => bytesField(3, t))),
    fc.option(anyValue.value.map((v) => bytesField(5, v))),
    attributes(6),
    fc.option(idBytes(16).map((b) => bytesField(9, b))),
    fc.option(idBytes(8).map((b) => bytesField(10, b))),
  )
  .map((fields) => cat(...fields.filter((f): f is Buffer => f !== null)));
/** resource { attributes } and scope { name }, then the items, in the request's nesting. */
const randomExport = (item: fc.Arbitrary<Buffer>) =>
  fc
    .tuple(attributes(1), fc.option(text), fc.array(item, { maxLength: 4 }))
    .map(([resAttrs, scopeName, items]) =>
      bytesField(
        1,
        cat(
          bytesField(1, resAttrs),
          bytesField(2, cat(scopeName === null ? Buffer.alloc(0) : bytesField(1, bytesField(1, scopeName)), ...items.map((i) => bytesField(2, i)))),
        ),
      ),
    );

describe('hostile protobuf bodies', () => {
  let realTraces: Buffer;
  let realLogs: Buffer;

  beforeAll(async () => {
    const spanExporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'fuzz' }),
      spanProcessors: [new SimpleSpanProcessor(spanExporter)],
    });
    const t = tracer.getTracer('fuzz');
    t.startSpan('GET /x/:id', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'url.path': '/x/1', 'http.response.status_code': 500 } }).end();
    t.startSpan('inner', { attributes: { list: ['a', 'b'], n: 3 } }).end();
    await tracer.forceFlush();
    realTraces = Buffer.from(ProtobufTraceSerializer.serializeRequest(spanExporter.getFinishedSpans())!);

    const logExporter = new InMemoryLogRecordExporter();
    const logs = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
    logs.getLogger('fuzz').emit({ severityNumber: 17, body: { a: [1, { b: 'c' }] }, attributes: { 'session.id': 's' } });
    await logs.forceFlush();
    realLogs = Buffer.from(ProtobufLogsSerializer.serializeRequest(logExporter.getFinishedLogRecords())!);
  });

  it('arbitrary bytes never throw anything but PayloadError(400)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (body) => {
        expectOnlyPayloadErrors(otlpTracesFormat, body);
        expectOnlyPayloadErrors(otlpLogsFormat, body);
      }),
      { numRuns: 3000 },
    );
  });

  it('schema-shaped exports with random values never throw anything but PayloadError(400)', () => {
    fc.assert(fc.property(randomExport(randomSpan), (body) => expectOnlyPayloadErrors(otlpTracesFormat, body)), { numRuns: 1500 });
    fc.assert(fc.property(randomExport(randomRecord), (body) => expectOnlyPayloadErrors(otlpLogsFormat, body)), { numRuns: 1500 });
  });

  it('corrupted real exports never throw anything but PayloadError(400)', () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.boolean(), edits, fc.option(fc.nat()), (traces, changes, cut) => {
        const body = Buffer.from(traces ? realTraces : realLogs);
        for (const [at, value] of changes) body[at % body.length] = value;
        const input = cut === null ? body : body.subarray(0, cut % (body.length + 1));
        expectOnlyPayloadErrors(traces ? otlpTracesFormat : otlpLogsFormat, input);
      }),
      { numRuns: 2000 },
    );
  });
});
