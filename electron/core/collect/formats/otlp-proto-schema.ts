// The OTLP messages we read, as field tables for otlp-protobuf.ts. Numbers and types follow
// opentelemetry/proto (common/v1, resource/v1, trace/v1, logs/v1 and the two collector
// services); names are the proto3 JSON (lowerCamelCase) names that OTLP/JSON uses, so both
// encodings arrive at the mapper in one shape. Fields not listed are skipped, which is how a
// newer sender's additions are tolerated.
import type { FieldSpec, MessageSpec, ScalarType } from './otlp-protobuf.js';

function message(name: string, fields: Record<number, FieldSpec>, extra: Partial<MessageSpec> = {}): MessageSpec {
  return { name, fields: new Map(Object.entries(fields).map(([n, f]) => [Number(n), f])), ...extra };
}
const one = (name: string, type: ScalarType | MessageSpec): FieldSpec => ({ name, type });
const many = (name: string, type: MessageSpec): FieldSpec => ({ name, type, repeated: true });

// AnyValue is recursive (through ArrayValue and KeyValueList), so it is filled in after the
// messages that refer to it exist.
const anyValue = message('AnyValue', {}, { oneof: true, nests: true });
const keyValue = message('KeyValue', { 1: one('key', 'string'), 2: one('value', anyValue) });
const arrayValue = message('ArrayValue', { 1: many('values', anyValue) });
const keyValueList = message('KeyValueList', { 1: many('values', keyValue) });
for (const [n, f] of Object.entries({
  1: one('stringValue', 'string'),
  2: one('boolValue', 'bool'),
  3: one('intValue', 'int64'),
  4: one('doubleValue', 'double'),
  5: one('arrayValue', arrayValue),
  6: one('kvlistValue', keyValueList),
  7: one('bytesValue', 'base64'),
})) {
  anyValue.fields.set(Number(n), f);
}

const resource = message('Resource', {
  1: many('attributes', keyValue),
  2: one('droppedAttributesCount', 'uint32'),
});

const scope = message('InstrumentationScope', {
  1: one('name', 'string'),
  2: one('version', 'string'),
  3: many('attributes', keyValue),
  4: one('droppedAttributesCount', 'uint32'),
});

const spanEvent = message('Span.Event', {
  1: one('timeUnixNano', 'fixed64'),
  2: one('name', 'string'),
  3: many('attributes', keyValue),
  4: one('droppedAttributesCount', 'uint32'),
});

const spanLink = message('Span.Link', {
  1: one('traceId', 'hex'),
  2: one('spanId', 'hex'),
  3: one('traceState', 'string'),
  4: many('attributes', keyValue),
  5: one('droppedAttributesCount', 'uint32'),
  6: one('flags', 'fixed32'),
});

const status = message('Status', {
  2: one('message', 'string'),
  3: one('code', 'enum'),
});

const span = message('Span', {
  1: one('traceId', 'hex'),
  2: one('spanId', 'hex'),
  3: one('traceState', 'string'),
  4: one('parentSpanId', 'hex'),
  5: one('name', 'string'),
  6: one('kind', 'enum'),
  7: one('startTimeUnixNano', 'fixed64'),
  8: one('endTimeUnixNano', 'fixed64'),
  9: many('attributes', keyValue),
  10: one('droppedAttributesCount', 'uint32'),
  11: many('events', spanEvent),
  12: one('droppedEventsCount', 'uint32'),
  13: many('links', spanLink),
  14: one('droppedLinksCount', 'uint32'),
  15: one('status', status),
  16: one('flags', 'fixed32'),
});

const scopeSpans = message('ScopeSpans', {
  1: one('scope', scope),
  2: many('spans', span),
  3: one('schemaUrl', 'string'),
});

const resourceSpans = message('ResourceSpans', {
  1: one('resource', resource),
  2: many('scopeSpans', scopeSpans),
  3: one('schemaUrl', 'string'),
});

export const EXPORT_TRACE_REQUEST = message('ExportTraceServiceRequest', { 1: many('resourceSpans', resourceSpans) });

const logRecord = message('LogRecord', {
  1: one('timeUnixNano', 'fixed64'),
  11: one('observedTimeUnixNano', 'fixed64'),
  2: one('severityNumber', 'enum'),
  3: one('severityText', 'string'),
  5: one('body', anyValue),
  6: many('attributes', keyValue),
  7: one('droppedAttributesCount', 'uint32'),
  8: one('flags', 'fixed32'),
  9: one('traceId', 'hex'),
  10: one('spanId', 'hex'),
  12: one('eventName', 'string'),
});

const scopeLogs = message('ScopeLogs', {
  1: one('scope', scope),
  2: many('logRecords', logRecord),
  3: one('schemaUrl', 'string'),
});

const resourceLogs = message('ResourceLogs', {
  1: one('resource', resource),
  2: many('scopeLogs', scopeLogs),
  3: one('schemaUrl', 'string'),
});

export const EXPORT_LOGS_REQUEST = message('ExportLogsServiceRequest', { 1: many('resourceLogs', resourceLogs) });

/** Field numbers of Export{Trace,Logs}ServiceResponse and its partial_success message. */
export const RESPONSE_PARTIAL_SUCCESS = 1;
export const PARTIAL_SUCCESS_REJECTED = 1;
export const PARTIAL_SUCCESS_ERROR_MESSAGE = 2;

/** The items of each signal, counted as they are read (otlp-protobuf.ts ItemCounter). */
export const SPAN = span;
export const LOG_RECORD = logRecord;
