// OTLP/HTTP receivers for traces (/v1/traces) and logs (/v1/logs), in both encodings the spec
// defines: binary protobuf and OTLP/JSON. Protobuf is first decoded into the JSON shape, so
// validation and mapping (mapping/otlp-map.ts) are one code path and `raw` is always JSON text.
// Answers follow the spec too: exporters parse them, and retry or log based on what they read.
import { z } from 'zod';
import type { DecodedPayload, FormatAnswer, IngestOutcome, IngestRequest, WireFormat } from '../ingest-types.js';
import { PayloadError } from '../ingest-types.js';
import { MAX_BODY_BYTES } from '../limits.js';
import { parseJsonText } from '../json-body.js';
import { header } from '../../mapping/request-ids.js';
import { mapLogRecord, mapSpan, readResource, readScope, type MappedItem, type Origin } from '../../mapping/otlp-map.js';
import { countItems } from '../batch-size.js';
import {
  EXPORT_LOGS_REQUEST,
  EXPORT_TRACE_REQUEST,
  LOG_RECORD,
  PARTIAL_SUCCESS_ERROR_MESSAGE,
  PARTIAL_SUCCESS_REJECTED,
  RESPONSE_PARTIAL_SUCCESS,
  SPAN,
} from './otlp-proto-schema.js';
import { bytesField, decodeMessage, varintField, type MessageSpec } from './otlp-protobuf.js';
import { MAX_ITEM_DEPTH } from '../../mapping/limits.js';
import type { MapContext } from '../../mapping/context.js';
import { asObject, ItemError, nestsDeeperThan } from '../../mapping/otlp-values.js';

type Encoding = 'json' | 'protobuf';

const CONTENT_TYPES: Record<Encoding, string> = { json: 'application/json', protobuf: 'application/x-protobuf' };

function mediaType(req: IngestRequest): string | undefined {
  return header(req.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
}

function encodingOf(req: IngestRequest): Encoding {
  const type = mediaType(req);
  if (type === 'application/json') return 'json';
  // application/protobuf is the registered name; OTLP specifies the x- form, which exporters send.
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  throw new PayloadError(
    415,
    `OTLP/HTTP accepts Content-Type application/x-protobuf or application/json, not ${type ? `"${type}"` : 'a request without one'}.`,
  );
}

/** One signal's names: the JSON keys of its envelope and how its items are mapped. */
interface Signal {
  request: MessageSpec;
  /** The item's message, counted while protobuf is read. */
  item: MessageSpec;
  requestName: string;
  resourceKey: 'resourceSpans' | 'resourceLogs';
  scopeKey: 'scopeSpans' | 'scopeLogs';
  itemsKey: 'spans' | 'logRecords';
  /** Singular, for reasons. */
  noun: string;
  /** The count field of the answer's partialSuccess (JSON name). */
  rejectedKey: 'rejectedSpans' | 'rejectedLogRecords';
  map(item: Record<string, unknown>, origin: Origin, raw: string, ctx: MapContext): MappedItem;
}

const NestedObject = z.record(z.string(), z.unknown());

/** The envelope every item sits in; a body without it is refused as a whole. */
function envelopeSchema(s: Signal) {
  const scope = z.object({ scope: NestedObject.nullish(), [s.itemsKey]: z.array(z.unknown()).nullish() });
  const resource = z.object({ resource: NestedObject.nullish(), [s.scopeKey]: z.array(scope).nullish() });
  return z.object({ [s.resourceKey]: z.array(resource).nullish() });
}

interface Group {
  resource: unknown;
  scopes: { scope: unknown; items: unknown[] }[];
}

const ENVELOPE_KEYS = { resourceSpans: '/v1/traces', resourceLogs: '/v1/logs', resourceMetrics: '/v1/metrics' } as const;

function groups(s: Signal, body: unknown): Group[] {
  // Traces posted to /v1/logs would otherwise be an empty, successful export: say where they go.
  if (typeof body === 'object' && body !== null && !Object.hasOwn(body, s.resourceKey)) {
    const other = Object.entries(ENVELOPE_KEYS).find(([key]) => Object.hasOwn(body, key));
    if (other) {
      throw new PayloadError(400, `The body holds ${other[0]}, which OTLP/HTTP sends to ${other[1]}; this endpoint takes ${s.resourceKey}.`);
    }
  }
  const parsed = envelopeSchema(s).safeParse(body);
  if (!parsed.success) {
    throw new PayloadError(
      400,
      `The body is not an OTLP ${s.requestName}: expected {"${s.resourceKey}": [{"${s.scopeKey}": [{"${s.itemsKey}": [...]}]}]}.`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  // The schema was built from s's keys, so these lookups read exactly what it checked.
  const list = (o: Record<string, unknown>, key: string): Record<string, unknown>[] =>
    (o[key] as Record<string, unknown>[] | null | undefined) ?? [];
  return list(parsed.data, s.resourceKey).map((r) => ({
    resource: r['resource'],
    scopes: list(r, s.scopeKey).map((sc) => ({ scope: sc['scope'], items: list(sc, s.itemsKey) })),
  }));
}

/** Items wherever the envelope has arrays, whatever else is wrong with it (groups() says that). */
function jsonItemCount(s: Signal, body: unknown): number {
  const list = (o: unknown, key: string): unknown[] => {
    const v = typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;
    return Array.isArray(v) ? v : [];
  };
  let n = 0;
  for (const r of list(body, s.resourceKey)) for (const sc of list(r, s.scopeKey)) n += list(sc, s.itemsKey).length;
  return n;
}

/** The body as OTLP/JSON's shape, its item count checked before any item is validated or mapped. */
function parseBody(s: Signal, body: Buffer, encoding: Encoding, req: IngestRequest): unknown {
  if (encoding === 'protobuf') {
    let seen = 0;
    return decodeMessage(body, s.request, { spec: s.item, seen: () => countItems(++seen, req, false) });
  }
  const json = parseJsonText(body.toString('utf8'), 'The body');
  countItems(jsonItemCount(s, json), req);
  return json;
}

/** Reads a resource or scope once; an error in it becomes every affected item's reason. */
function attempt<T>(read: () => T): T | ItemError {
  try {
    return read();
  } catch (err) {
    if (err instanceof ItemError) return err;
    throw err;
  }
}

function decode(s: Signal, body: Buffer, req: IngestRequest): DecodedPayload {
  const encoding = encodingOf(req);
  const out: DecodedPayload = { accepted: [], rejected: [] };
  let index = 0;
  for (const group of groups(s, parseBody(s, body, encoding, req))) {
    const resource = attempt(() => readResource(group.resource));
    for (const { scope: scopeValue, items } of group.scopes) {
      const scope = attempt(() => readScope(scopeValue));
      for (const item of items) {
        const at = index++;
        try {
          if (resource instanceof ItemError) throw resource;
          if (scope instanceof ItemError) throw scope;
          const obj = asObject(item, `a ${s.noun}`);
          // The protobuf reader already bounds nesting; JSON.parse does not.
          if (encoding === 'json' && nestsDeeperThan(obj, MAX_ITEM_DEPTH)) {
            throw new ItemError(`the ${s.noun} nests more than ${MAX_ITEM_DEPTH} levels deep`);
          }
          const { event, dedupKey } = s.map(obj, { resource, scope }, JSON.stringify(obj), req);
          out.accepted.push(dedupKey === undefined ? { index: at, event, payload: obj } : { index: at, event, dedupKey, payload: obj });
        } catch (err) {
          if (!(err instanceof ItemError)) throw err;
          out.rejected.push({ index: at, reason: err.message });
        }
      }
    }
  }
  return out;
}

const MAX_REASONS_IN_ANSWER = 3;

function summary(s: Signal, outcome: IngestOutcome): string {
  const n = outcome.rejected.length;
  const total = n + outcome.ids.length;
  const shown = [...outcome.rejected]
    .sort((a, b) => a.index - b.index)
    .slice(0, MAX_REASONS_IN_ANSWER)
    .map((r) => `#${r.index}: ${r.reason}`);
  const more = n > shown.length ? `; and ${n - shown.length} more` : '';
  return `${n} of ${total} ${s.noun}${total === 1 ? '' : 's'} rejected: ${shown.join('; ')}${more}.`;
}

/** ExportTraceServiceResponse / ExportLogsServiceResponse, in the request's own encoding. */
function answer(s: Signal, outcome: IngestOutcome, req: IngestRequest): FormatAnswer {
  const type = mediaType(req);
  const encoding: Encoding = type === 'application/x-protobuf' || type === 'application/protobuf' ? 'protobuf' : 'json';
  const contentType = CONTENT_TYPES[encoding];
  const rejected = outcome.rejected.length;
  // A full success leaves partial_success unset, as the spec asks.
  if (rejected === 0) return { status: 200, contentType, body: encoding === 'json' ? '{}' : Buffer.alloc(0) };
  const errorMessage = summary(s, outcome);
  if (encoding === 'json') {
    return { status: 200, contentType, body: JSON.stringify({ partialSuccess: { [s.rejectedKey]: rejected, errorMessage } }) };
  }
  const partial = Buffer.concat([
    varintField(PARTIAL_SUCCESS_REJECTED, rejected),
    bytesField(PARTIAL_SUCCESS_ERROR_MESSAGE, errorMessage),
  ]);
  return { status: 200, contentType, body: bytesField(RESPONSE_PARTIAL_SUCCESS, partial) };
}

function otlpFormat(name: string, path: string, s: Signal): WireFormat {
  return {
    name,
    paths: [path],
    // OTel exporters batch by count (512 spans by default), not by size.
    bodyLimit: MAX_BODY_BYTES,
    decode: (body, req) => decode(s, body, req),
    answer: (outcome, req) => answer(s, outcome, req),
  };
}

export const otlpTracesFormat: WireFormat = otlpFormat('otlp-traces', '/v1/traces', {
  request: EXPORT_TRACE_REQUEST,
  item: SPAN,
  requestName: 'ExportTraceServiceRequest',
  resourceKey: 'resourceSpans',
  scopeKey: 'scopeSpans',
  itemsKey: 'spans',
  noun: 'span',
  rejectedKey: 'rejectedSpans',
  map: mapSpan,
});

export const otlpLogsFormat: WireFormat = otlpFormat('otlp-logs', '/v1/logs', {
  request: EXPORT_LOGS_REQUEST,
  item: LOG_RECORD,
  requestName: 'ExportLogsServiceRequest',
  resourceKey: 'resourceLogs',
  scopeKey: 'scopeLogs',
  itemsKey: 'logRecords',
  noun: 'log record',
  rejectedKey: 'rejectedLogRecords',
  map: mapLogRecord,
});
