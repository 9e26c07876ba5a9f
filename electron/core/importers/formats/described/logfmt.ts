// logfmt: `key=value key="quoted value"` lines, as Go's log/slog text handler, logrus, go-kit and
// Heroku's router write them; Heroku's `heroku logs` prefix (time, source[process]) is read too,
// and an app line under that prefix that is not logfmt becomes its message. Durations are Go
// duration text (18ms, 1.5s) whose unit is written; bare numbers follow the key's suffix.
import { MICROSECOND, MS, SECOND } from '../time-value.js';
import { describedFormat } from './engine.js';
import type { FieldRule, FormatDescription, Rule } from './types.js';

const PREFIX = /^(?<logplex_time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})) (?<source>[^ [\]]+)\[(?<process>[^\]]+)\]: /;

const ms: FieldRule = { to: 'duration', unit: MS, unitWhy: 'a unit written with the value wins' };
const s: FieldRule = { to: 'duration', unit: SECOND, unitWhy: 'the key says seconds' };

const FIELDS: Record<string, Rule> = {
  logplex_time: 'time', time: 'time', ts: 'time', timestamp: 'time', t: 'time',
  level: 'level', lvl: 'level', severity: 'level', at: 'level',
  msg: 'message', message: 'message',
  method: 'method',
  path: 'url', url: 'url', uri: 'url', request_uri: 'url',
  status: 'status', status_code: 'status',
  duration: ms, elapsed: ms, latency: ms, took: ms, service: ms, response_time: ms,
  duration_ms: ms, latency_ms: ms, elapsed_ms: ms, took_ms: ms,
  duration_s: s, latency_s: s, elapsed_s: s, duration_seconds: s,
  duration_us: { to: 'duration', unit: MICROSECOND, unitWhy: 'the key says microseconds' },
  connect: { to: 'attr_ms', unit: MS },
  fwd: 'client', client_ip: 'client', remote_addr: 'client', remote_ip: 'client', ip: 'client', client: 'client',
  user_agent: 'user_agent', ua: 'user_agent', useragent: 'user_agent',
  referer: 'referrer', referrer: 'referrer',
  trace_id: 'trace_id', traceid: 'trace_id', span_id: 'span_id', spanid: 'span_id',
  bytes: 'resp_bytes', size: 'resp_bytes',
  user: 'user_id', user_id: 'user_id', uid: 'user_id', session: 'session_id', session_id: 'session_id',
};

const T0 = Date.UTC(2024, 0, 2, 3, 4, 5);

export const logfmtDescription: FormatDescription = {
  name: 'logfmt',
  title: 'logfmt (key=value) log',
  layout: { kind: 'logfmt', prefix: PREFIX, minPairs: 2 },
  fields: FIELDS,
  confidence: 0.88,
  notes: ['logfmt: time, level, msg and request fields read by their usual keys; every other key stays in attrs.'],
  samples: [
    {
      title: "Heroku's router under the heroku logs prefix: Go durations, forwarded-for hashed",
      input:
        '2024-01-02T03:04:05.123456+00:00 heroku[router]: at=info method=GET path="/users/42?tab=1" host=myapp.herokuapp.com request_id=8601b555-6a83-4c12-8269-97c8e32cdb22 fwd="204.204.204.204" dyno=web.1 connect=1ms service=18ms status=200 bytes=1548 protocol=https\n' +
        '2024-01-02T03:04:06+00:00 app[web.1]: Started GET "/" for a visitor\n',
      events: [
        {
          time: T0 + 123, kind: 'api', level: 'info', method: 'GET', url: '/users/42?tab=1', route: '/users/:id', status: 200, duration_ms: 18, resp_bytes: 1548,
          attrs: { source: 'heroku', process: 'router', host: 'myapp.herokuapp.com', request_id: '8601b555-6a83-4c12-8269-97c8e32cdb22', dyno: 'web.1', connect: 1, protocol: 'https' },
        },
        { time: T0 + 1000, kind: 'log', message: 'Started GET "/" for a visitor', attrs: { source: 'app', process: 'web.1' } },
      ],
    },
    {
      title: 'logrus and slog: quoted times with zones, escapes, fractions kept',
      input:
        'time="2015-03-26T01:27:38-04:00" level=debug msg="Started observing beach" animal=walrus number=8\n' +
        'time=2024-01-02T04:04:05.678+01:00 level=INFO msg="request \\"done\\"" method=POST path=/api/items status=201 duration=1.5s trace_id=4bf92f3577b34da6a3ce929d0e0e4736\n',
      events: [
        { time: Date.UTC(2015, 2, 26, 5, 27, 38), kind: 'log', level: 'debug', message: 'Started observing beach', attrs: { animal: 'walrus', number: 8 } },
        { time: T0 + 678, kind: 'api', level: 'info', message: 'request "done"', method: 'POST', status: 201, duration_ms: 1500, trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
      ],
    },
    {
      title: 'go-kit: ts and caller; a line with no time, and one that is not key=value',
      input:
        'ts=2024-01-02T03:04:05Z caller=main.go:42 level=warn msg="slow query" took_ms=1200\n' +
        'level=info msg="no time here"\n' +
        'level=info msg="unclosed\n',
      events: [{ time: T0, level: 'warn', message: 'slow query', duration_ms: 1200, attrs: { caller: 'main.go:42' } }],
      bad: [/^no time in the line/, /^not key=value pairs: the value of "msg" opens a quote at column 16 that is not closed$/],
    },
  ],
};

export const logfmtFormat = describedFormat(logfmtDescription);
