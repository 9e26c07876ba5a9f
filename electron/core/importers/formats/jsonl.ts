// JSON lines / NDJSON: one JSON object per line, as pino, bunyan, winston, zap, zerolog,
// logrus, slog, Serilog, Docker's json-file driver, nginx's `escape=json` log formats and ECS
// loggers write them. Which key means what is chosen from the first lines (field-map.ts) and
// can be overridden per field with options.mapping.
//
// Decisions worth knowing:
// - Every line needs a time: a line without one (or with one we cannot read) is a bad line with
//   the reason, never an event stamped with the import time, which would sort it wrongly.
// - Keys that were mapped are not repeated in attrs (a nested one is taken out of its parent);
//   every other key stays in attrs, so it can be searched. raw is the line as written, with the
//   client address replaced by its hash.
// - kind: `api` for a status, or a method and a URL; `user` for a type/event with neither a
//   message nor a level; otherwise `log` (field-map.ts).
//
// Speed: one JSON.parse per line; the mapped fields are read through accessors resolved once.
import type { LineFormatDefinition, ParseContext } from '../format-types.js';
import { chooseMapping, mappingReport, timeNotes } from './field-map.js';
import { accessor, exclusions, flatten, isObj, objectLines, rest, sampleObjects, type JsonObject } from './json-line.js';
import { recordReader } from './json-record.js';

const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);

/** A whole OTLP or HAR document on one line is a document format's, not a log line. */
function isDocument(o: JsonObject): boolean {
  return 'resourceSpans' in o || 'resourceLogs' in o || 'resourceMetrics' in o || (isObj(o.log) && 'entries' in o.log);
}

const DOCUMENT_START = /^\s*\{\s*"(?:resource(?:Spans|Logs|Metrics)|log)"/;

/** What a file's mapping resolves to, once: accessors, attrs exclusions, the record reader. */
function prepare(objects: readonly JsonObject[], ctx: ParseContext) {
  const mapping = chooseMapping(objects.map(flatten), ctx.options.mapping);
  const paths = mapping.fields.map((f) => f.path);
  if (mapping.clock !== undefined) paths.push(mapping.clock);
  const getters = paths.map(accessor);
  const timeField = mapping.fields.find((f) => f.field === 'time');
  const notes = [...mapping.notes];
  if (timeField) notes.push(...timeNotes(objects.map(accessor(timeField.path)), timeField.path));
  return {
    mapping,
    getters,
    notes,
    excluded: exclusions(paths),
    reader: recordReader(mapping, ctx),
    values: new Array<unknown>(getters.length).fill(undefined),
  };
}

export const jsonlFormat: LineFormatDefinition = {
  name: 'jsonl',
  title: 'JSON lines (NDJSON) logs',
  shape: 'lines',

  detect(sample) {
    const { objects, lines } = sampleObjects(sample);
    // A first line longer than the 64 KiB sample leaves no whole line to judge: an object's
    // start is all there is, and a document format claims its own documents more surely.
    if (lines === 0) return /^\s*\{\s*"/.test(sample.text) && !DOCUMENT_START.test(sample.text) ? 0.55 : 0;
    const logs = objects.filter((o) => !isDocument(o));
    if (logs.length * 2 < lines) return 0;
    const hasTime = chooseMapping(logs.map(flatten)).fields.some((f) => f.field === 'time');
    // Below the Segment and PostHog exports (0.95), which are JSON lines with known keys.
    return 0.5 + (0.4 * logs.length) / lines - (hasTime ? 0 : 0.1);
  },

  create(ctx, head) {
    const { objects } = sampleObjects(head);
    let file = objects.length > 0 ? prepare(objects, ctx) : null;
    return {
      line: objectLines((o, text, lineNo) => {
        // No whole line in the head sample (a first line over 64 KiB): map from this one.
        file ??= prepare([o], ctx);
        const { getters, values } = file;
        for (let i = 0; i < getters.length; i++) values[i] = getters[i]!(o);
        return file.reader.read(values, rest(o, file.excluded), text, lineNo, o);
      }),
      describe: () => (file === null ? {} : { mapping: mappingReport(file.mapping), notes: file.notes }),
    };
  },

  samples: [
    {
      title: 'pino with pino-http: numeric levels, epoch ms, nested request and response',
      input:
        '{"level":30,"time":1431857103000,"pid":7,"hostname":"web-1","req":{"id":1,"method":"GET","url":"/users/42?tab=1"},"res":{"statusCode":200},"responseTime":12,"msg":"request completed"}\n' +
        '{"level":50,"time":1431857104000,"pid":7,"hostname":"web-1","msg":"db down","err":{"type":"Error"}}\n',
      events: [
        {
          time: T0, kind: 'api', level: 'info', message: 'request completed', method: 'GET', url: '/users/42?tab=1',
          route: '/users/:id', status: 200, duration_ms: 12, attrs: { pid: 7, hostname: 'web-1', req: { id: 1 } },
        },
        { time: T0 + 1000, kind: 'log', level: 'error', message: 'db down', attrs: { pid: 7, hostname: 'web-1', err: { type: 'Error' } } },
      ],
    },
    {
      title: 'Elastic Common Schema: dotted keys, @timestamp, event.duration in nanoseconds',
      input:
        '{"@timestamp":"2015-05-17T10:05:03.250Z","log.level":"WARNING","message":"slow query","trace.id":"4bf92f3577b34da6a3ce929d0e0e4736","event.duration":1500000,"service.name":"api"}\n',
      events: [
        { time: T0 + 250, kind: 'log', level: 'warn', message: 'slow query', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', duration_ms: 1.5, attrs: { 'service.name': 'api' } },
      ],
    },
    {
      title: 'nginx log_format escape=json: $time_local, seconds in $request_time, "-" for empty',
      input:
        '{"time_local":"17/May/2015:12:05:03 +0200","remote_addr":"203.0.113.9","request_method":"POST","request_uri":"/api/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0","status":"201","request_time":"0.012","http_referer":"-","http_user_agent":"curl/8.5.0"}\n',
      events: [
        { time: T0, kind: 'api', method: 'POST', url: '/api/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0', route: '/api/orders/:id', status: 201, duration_ms: 12, user_agent: 'curl/8.5.0', referrer: null, attrs: null },
      ],
    },
    {
      title: 'times without a zone are UTC; Go durations; unknown keys stay in attrs',
      input:
        '{"ts":"2015-05-17 10:05:03","lvl":"dbg","msg":"cache warm","elapsed":"1.5s","keys":120}\n' +
        '{"ts":"2015-05-17 10:05:04.5","lvl":"INFO","msg":"ready","elapsed":"300µs","keys":0}\n',
      events: [
        { time: T0, level: 'debug', message: 'cache warm', duration_ms: 1500, attrs: { keys: 120 } },
        { time: T0 + 1500, level: 'info', message: 'ready', duration_ms: 0.3, attrs: { keys: 0 } },
      ],
    },
    {
      title: 'an analytics event with a type and no message is a user event',
      input: '{"timestamp":1431857103,"event":"signup","user_id":"u-17","session_id":"s-9","page":"/welcome","plan":"pro"}\n',
      events: [{ time: T0, kind: 'user', type: 'signup', user_id: 'u-17', session_id: 's-9', page: '/welcome', attrs: { plan: 'pro' } }],
    },
    {
      title: "Caddy's access log: the nested request, header arrays, duration in seconds (Caddy's convention)",
      input:
        '{"level":"info","ts":1431857103.5241024,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"203.0.113.9","remote_port":"41342","client_ip":"203.0.113.9","proto":"HTTP/2.0","method":"GET","host":"shop.example.com","uri":"/api/items/7?full=1","headers":{"User-Agent":["curl/8.5.0"],"Accept":["*/*"]}},"bytes_read":0,"user_id":"","duration":0.0176,"size":1532,"status":200,"resp_headers":{"Server":["Caddy"]}}\n',
      events: [
        {
          time: T0 + 524, kind: 'api', level: 'info', message: 'handled request', method: 'GET', url: '/api/items/7?full=1',
          route: '/api/items/:id', status: 200, duration_ms: 17.6, user_agent: 'curl/8.5.0',
          attrs: { logger: 'http.log.access.log0', size: 1532, request: { host: 'shop.example.com', proto: 'HTTP/2.0', headers: { Accept: ['*/*'] } } },
        },
      ],
    },
    {
      title: 'Cloudflare Logpush: EdgeStartTimestamp in ns, OriginResponseTime in ns (newer jobs), RayID',
      input:
        '{"ClientIP":"203.0.113.9","ClientRequestHost":"shop.example.com","ClientRequestMethod":"GET","ClientRequestURI":"/api/items/7?full=1","ClientRequestUserAgent":"curl/8.5.0","EdgeEndTimestamp":1431857103300000000,"EdgeResponseStatus":200,"EdgeStartTimestamp":1431857103250000000,"OriginResponseTime":42000000,"RayID":"7c9d2e1f8a3b4c5d"}\n',
      events: [
        {
          time: T0 + 250, kind: 'api', method: 'GET', url: '/api/items/7?full=1', status: 200, duration_ms: 42, user_agent: 'curl/8.5.0',
          trace_id: '7c9d2e1f8a3b4c5d', attrs: { ClientRequestHost: 'shop.example.com', EdgeEndTimestamp: 1431857103300000000 },
        },
      ],
    },
    {
      title: 'Cloudflare Logpush from an older job: RFC 3339 times, OriginResponseTime in ms',
      input:
        '{"EdgeStartTimestamp":"2015-05-17T10:05:03Z","ClientRequestMethod":"POST","ClientRequestURI":"/login","EdgeResponseStatus":302,"OriginResponseTime":87,"RayID":"7c9d2e1f8a3b4c5e"}\n' +
        '{"EdgeStartTimestamp":"2015-05-17T10:05:04Z","ClientRequestMethod":"GET","ClientRequestURI":"/","EdgeResponseStatus":200,"OriginResponseTime":12,"RayID":"7c9d2e1f8a3b4c5f"}\n',
      events: [
        { time: T0, method: 'POST', url: '/login', status: 302, duration_ms: 87, trace_id: '7c9d2e1f8a3b4c5e' },
        { time: T0 + 1000, status: 200, duration_ms: 12 },
      ],
    },
    {
      title: "log4j2's JsonLayout: instant {epochSecond, nanoOfSecond}, sub-second kept",
      input:
        '{"instant":{"epochSecond":1431857103,"nanoOfSecond":250123000},"thread":"main","level":"INFO","loggerName":"com.example.App","message":"started","endOfBatch":false,"threadId":1}\n',
      events: [{ time: T0 + 250, kind: 'log', level: 'info', message: 'started', attrs: { thread: 'main', loggerName: 'com.example.App', endOfBatch: false, threadId: 1 } }],
    },
    {
      title: 'started_at as the time; asctime-style times (Python logging, C ctime) in any time field',
      input:
        '{"started_at":"2015-05-17T10:05:03.5Z","msg":"job done","job":"backup"}\n' +
        '{"started_at":"Sun May 17 10:05:04 2015","msg":"job done","job":"index"}\n' +
        '{"started_at":"Sun May  3 10:05:04.250 2015","msg":"job done","job":"old"}\n',
      events: [
        { time: T0 + 500, message: 'job done', attrs: { job: 'backup' } },
        { time: T0 + 1000, attrs: { job: 'index' } },
        { time: Date.UTC(2015, 4, 3, 10, 5, 4, 250) },
      ],
    },
    {
      title: 'options.mapping overrides the automatic choice; null turns a field off',
      input: '{"when":"2015-05-17T10:05:03Z","event":"cache miss","level":"info","path":"/x"}\n',
      options: { mapping: { time: 'when', message: 'event', url: null, type: 'not-in-this-file' } },
      events: [{ time: T0, kind: 'log', message: 'cache miss', level: 'info', url: null, attrs: { path: '/x' } }],
    },
    {
      title: 'bad lines: not JSON, not an object, no time, an unreadable time',
      input:
        '{"time":"2015-05-17T10:05:03Z","msg":"fine"}\n' +
        'plain text\n[1,2,3]\n{"time":\n{"msg":"no time here"}\n{"time":"yesterday","msg":"?"}\n',
      events: [{ time: T0, message: 'fine' }],
      bad: [/^not a JSON object$/, /^not a JSON object$/, /^not a JSON object: invalid JSON/, /no time: "time" is missing/, /"time" is not a time we can read: "yesterday"/],
    },
  ],
};
