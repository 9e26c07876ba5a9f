// OpenTelemetry traces and logs saved as OTLP/JSON: one ExportTraceServiceRequest or
// ExportLogsServiceRequest (pretty-printed or not, possibly huge), or the OpenTelemetry
// Collector's file exporter output, one export request per line. Spans and log records are
// mapped exactly as the collector maps them (mapping/otlp-map.ts).
//
// Each span and record is streamed out on its own, with its resource and scope read as small
// items of their own just before it: a whole resource group is often the whole file (one
// service's dump), so reading groups whole would not keep memory flat, and each event points
// at its own bytes. Encoders write `resource` before `scopeSpans` and `scope` before `spans`
// (protobuf field order); a file written otherwise still imports, without that context.
import type { NewEvent } from '../../../../shared/events.js';
import { fileContext, type MapContext } from '../../mapping/context.js';
import { MAX_ITEM_DEPTH } from '../../mapping/limits.js';
import { mapLogRecord, mapSpan, readResource, readScope, type MappedItem, type Origin } from '../../mapping/otlp-map.js';
import { asObject, ItemError, nestsDeeperThan, unixNanos, type JsonValue } from '../../mapping/otlp-values.js';
import type { DetectSample, DocumentFormatDefinition, DocumentSink, FormatReport, ItemLocation, ParseContext } from '../format-types.js';
import { createItemExtractor, guardedItem, headText, parseItem, type ItemPlace, type ItemTarget, type TopLevelValue } from '../json-items.js';
import { OTLP_FILE_SAMPLES } from './otlp-file-samples.js';

interface Signal {
  resourceKey: 'resourceSpans' | 'resourceLogs';
  scopeKey: 'scopeSpans' | 'scopeLogs';
  itemsKey: 'spans' | 'logRecords';
  noun: string;
  map(item: Record<string, unknown>, origin: Origin, raw: string, ctx: MapContext): MappedItem;
  /** Why an item cannot be imported from a file although the collector would take it. */
  fileCheck?(item: Record<string, unknown>): string | undefined;
}

const SIGNALS: readonly Signal[] = [
  { resourceKey: 'resourceSpans', scopeKey: 'scopeSpans', itemsKey: 'spans', noun: 'span', map: mapSpan },
  {
    resourceKey: 'resourceLogs',
    scopeKey: 'scopeLogs',
    itemsKey: 'logRecords',
    noun: 'log record',
    map: mapLogRecord,
    // The collector dates a record without times by its arrival; a file has no arrival time, and
    // the moment of the import would put the record on the timeline where it never happened.
    fileCheck: (item) =>
      unixNanos(item, 'timeUnixNano') === undefined && unixNanos(item, 'observedTimeUnixNano') === undefined
        ? 'the log record has neither timeUnixNano nor observedTimeUnixNano'
        : undefined,
  },
];
// Three targets per signal, in this order: its resources, its scopes, its items.
const RESOURCE = 0;
const SCOPE = 1;
const TARGETS: readonly ItemTarget[] = SIGNALS.flatMap((s) => [
  { path: [s.resourceKey, '*', 'resource'], noun: 'resource' },
  { path: [s.resourceKey, '*', s.scopeKey, '*', 'scope'], noun: 'scope' },
  { path: [s.resourceKey, '*', s.scopeKey, '*', s.itemsKey, '*'], noun: s.noun },
]);
const OTHER_SIGNALS = ['resourceMetrics', 'resourceProfiles'];
/** How far into the file detection looks for the envelope key: it leads each document. */
const DETECT_CHARS = 4096;
const ENVELOPE = /"resource(?:Spans|Logs)"\s*:\s*\[/;

function detect(sample: DetectSample): number {
  const t = sample.text.trimStart();
  if (!t.startsWith('{')) return 0;
  const head = t.slice(0, DETECT_CHARS);
  if (ENVELOPE.test(head)) return 0.95;
  if (ENVELOPE.test(t)) return 0.75;
  // Metrics are not imported, but claiming them gets the user that answer instead of "unknown format".
  return /"resource(?:Metrics|Profiles)"\s*:\s*\[/.test(head) ? 0.6 : 0;
}

/** The value read, or the reason it cannot be. */
function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false; reason: string } {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    if (err instanceof ItemError) return { ok: false, reason: err.message };
    throw err;
  }
}

/** The resource or scope of the group an item is in, as last read; `key` names that group. */
interface Context<T> {
  key: string;
  read: { ok: true; value: T } | { ok: false; reason: string };
}

function checkDocument(v: TopLevelValue, sink: DocumentSink): void {
  if (v.kind === 'object' && v.keys.some((k) => k === 'resourceSpans' || k === 'resourceLogs')) return;
  if (v.kind === 'object' && v.keys.length === 0) return; // an empty export request
  const other = v.keys.find((k) => OTHER_SIGNALS.includes(k));
  const reason = other
    ? `${other} are not imported: only traces (resourceSpans) and logs (resourceLogs) are`
    : v.kind === 'object'
      ? `not an OTLP export: expected resourceSpans or resourceLogs, found ${v.keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}`
      : 'not an OTLP export: expected a JSON object with resourceSpans or resourceLogs';
  sink.bad(reason, v.at, '');
}

function createParser(ctx: ParseContext, sink: DocumentSink) {
  // A file has no arrival time to date an item by: fileCheck refuses log records that would need one.
  const context = fileContext(0);
  const resources: Context<Map<string, JsonValue>>[] = SIGNALS.map(() => ({ key: '', read: { ok: true, value: new Map() } }));
  const scopes: Context<[string, JsonValue][]>[] = SIGNALS.map(() => ({ key: '', read: { ok: true, value: [] } }));
  const lastItemGroup = SIGNALS.map(() => '');
  let lateContext = 0;

  const item = (target: number, bytes: Buffer, at: ItemLocation, place: ItemPlace): void => {
    const si = Math.floor(target / 3);
    const s = SIGNALS[si]!;
    const [g = 0, sc = 0, i = 0] = place.indexes;
    const group = `${place.doc}/${g}`;
    const scopeGroup = `${group}/${sc}`;
    const path = `${s.resourceKey}[${g}].${s.scopeKey}[${sc}].${s.itemsKey}[${i}]`;
    const parsed = parseItem(bytes);
    const bad = (reason: string) => sink.bad(`${path}: ${reason}`, at, headText(bytes));
    const role = target % 3;
    if (role === RESOURCE) {
      if (lastItemGroup[si]!.startsWith(`${group}/`)) lateContext++;
      resources[si] = { key: group, read: parsed.ok ? attempt(() => readResource(parsed.value)) : parsed };
      return;
    }
    if (role === SCOPE) {
      if (lastItemGroup[si] === scopeGroup) lateContext++;
      scopes[si] = { key: scopeGroup, read: parsed.ok ? attempt(() => readScope(parsed.value)) : parsed };
      return;
    }
    lastItemGroup[si] = scopeGroup;
    if (!parsed.ok) return bad(parsed.reason);
    const resource = resources[si]!.key === group ? resources[si]!.read : { ok: true as const, value: new Map<string, JsonValue>() };
    const scope = scopes[si]!.key === scopeGroup ? scopes[si]!.read : { ok: true as const, value: [] };
    // A bad resource or scope rejects the items under it, as the collector does.
    if (!resource.ok) return bad(`resource: ${resource.reason}`);
    if (!scope.ok) return bad(`scope: ${scope.reason}`);
    const done = attempt(() => {
      const obj = asObject(parsed.value, `a ${s.noun}`);
      if (nestsDeeperThan(obj, MAX_ITEM_DEPTH)) throw new ItemError(`the ${s.noun} nests more than ${MAX_ITEM_DEPTH} levels deep`);
      const refusal = s.fileCheck?.(obj);
      if (refusal !== undefined) throw new ItemError(refusal);
      const { event, dedupKey } = s.map(obj, { resource: resource.value, scope: scope.value }, JSON.stringify(obj), context);
      const e: NewEvent = { ...event, line: at.line };
      // Span ids are unique: a span imported twice, or also received live, is stored once.
      if (dedupKey !== undefined) e.dedup_key = dedupKey;
      sink.event(ctx.redact(e, obj), at);
    });
    if (!done.ok) bad(done.reason);
  };

  const extractor = createItemExtractor(TARGETS, {
    item: guardedItem(TARGETS, sink.bad, item),
    bad: sink.bad,
    value: (v) => checkDocument(v, sink),
  });
  return {
    write: (chunk: Buffer) => extractor.write(chunk),
    end: () => extractor.end(),
    describe: (): FormatReport =>
      lateContext > 0 ? { notes: [`${lateContext} resource or scope blocks came after their spans or records, which were imported without them`] } : {},
  };
}

export const otlpFileFormat: DocumentFormatDefinition = {
  name: 'otlp',
  title: 'OpenTelemetry traces and logs (OTLP/JSON, one document or one export request per line)',
  shape: 'document',
  detect,
  samples: OTLP_FILE_SAMPLES,
  create: createParser,
};
