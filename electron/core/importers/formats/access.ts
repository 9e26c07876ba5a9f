// Apache / nginx access logs. Without options, lines are read by the hand-written parser for the
// NCSA common/combined family (access-log.ts: vhost_combined, nginx's extra fields after the
// agent, fractional seconds), which is the fast path a million-line file goes through. With
// options.logFormat (an nginx `log_format` or Apache `LogFormat` string), lines are read by a
// parser compiled from it (log-format/), so any custom layout imports with its own fields.
//
// Decisions worth knowing:
// - Detection knows the default layouts and a few well-known others (KNOWN_LAYOUTS, e.g. mod_ssl's
//   ssl_request_log): any other custom layout is imported by giving its log_format, since a few
//   sample lines cannot tell which variable is which.
// - Detection scores the share of lines read, and forgives a few odd lines at the top.
// - An invalid log_format fails the import at once (LogFormatError, naming the position), before
//   any line is read, rather than reporting every line as bad.
// - Blank lines are skipped, not reported.
import type { DetectSample, LineFormatDefinition, LineParser, ParseContext } from '../format-types.js';
import { parseAccessLine } from '../access-log.js';
import { compileLogFormat } from '../log-format/index.js';

const noHash = (): string => '';
const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);
const detectOnly: ParseContext = { ipHash: noHash, redact: (e) => e, redactUrl: (u) => u, options: {} };
/** Leading lines that may fail (a banner, a header, a half-written first line) before a log starts. */
const MAX_LEADING_ODD = 5;

/**
 * Well-known layouts besides common/combined that Apache or nginx write out of the box: tried
 * (in order) only when the default parser does not read a file, so no one has to find and paste
 * their LogFormat.
 */
const KNOWN_LAYOUTS: readonly { name: string; logFormat: string }[] = [
  { name: "Apache mod_ssl's ssl_request_log", logFormat: '%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b' },
];
let knownForDetection: LineParser[] | null = null;

/**
 * How well `read` reads the lines, 0..1: the share of lines it reads, or, when only a few odd
 * lines at the top fail and nearly all after them read, a score above one half by that later
 * share, so a banner cannot make a log unrecognisable.
 */
function score(lines: readonly string[], read: (line: string, n: number) => boolean): number {
  let ok = 0;
  let leading = 0;
  for (let i = 0; i < lines.length; i++) {
    if (read(lines[i]!, i + 1)) ok++;
    else if (ok === 0) leading++;
  }
  if (lines.length === 0 || ok === 0) return 0;
  const share = ok / lines.length;
  const after = ok / (lines.length - leading);
  return leading > 0 && leading <= MAX_LEADING_ODD && after >= 0.8 ? Math.max(share, 0.55 + 0.4 * after) : share;
}

const readsDefault = (line: string, n: number) => parseAccessLine(line, n, noHash).ok;

function readsWith(parser: LineParser): (line: string, n: number) => boolean {
  return (line, n) => {
    const r = parser.line(line, n);
    return 'ok' in r && r.ok;
  };
}

/** The known layout that reads the lines best when the default parser reads fewer than half; else -1. */
function knownLayoutOf(lines: readonly string[]): { index: number; score: number } {
  const base = score(lines, readsDefault);
  if (base >= 0.5) return { index: -1, score: base };
  knownForDetection ??= KNOWN_LAYOUTS.map((l) => compileLogFormat(l.logFormat, detectOnly));
  let best = { index: -1, score: base };
  knownForDetection.forEach((p, index) => {
    const s = score(lines, readsWith(p));
    if (s > best.score) best = { index, score: s };
  });
  return best;
}

function defaultParser(ctx: ParseContext): LineParser {
  const ipHash = ctx.ipHash;
  return {
    line(text, lineNo) {
      if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return { skip: true };
      const r = parseAccessLine(text, lineNo, ipHash);
      if (!r.ok) return r;
      // Tokens in query strings are hidden as the collector hides them. Only URLs with a query
      // or fragment can hold one, so the rest (most lines) skip the redactor.
      const e = r.event;
      if (e.url && e.url.includes('?')) e.url = ctx.redactUrl(e.url);
      if (e.referrer && (e.referrer.includes('?') || e.referrer.includes('#'))) e.referrer = ctx.redactUrl(e.referrer);
      return r;
    },
    describe: () => ({
      notes: ['Common or combined access-log layout (with an optional virtual host first); give a log_format to read other fields.'],
    }),
  };
}

function sampleLines(sample: DetectSample): readonly string[] {
  // A first line longer than the sample (a 70 KB referrer) is judged by its start: the parser
  // reads a line cut short as far as it goes.
  return sample.lines.length > 0 ? sample.lines : [sample.text];
}

export const accessFormat: LineFormatDefinition = {
  name: 'access',
  title: 'Apache/nginx access log',
  shape: 'lines',

  detect(sample) {
    return knownLayoutOf(sampleLines(sample)).score;
  },

  create(ctx, head) {
    const logFormat = ctx.options.logFormat;
    if (logFormat !== undefined && logFormat.trim() !== '') return compileLogFormat(logFormat, ctx);
    const known = knownLayoutOf(sampleLines(head)).index;
    if (known < 0) return defaultParser(ctx);
    const layout = KNOWN_LAYOUTS[known]!;
    const parser = compileLogFormat(layout.logFormat, ctx);
    return {
      ...parser,
      line: parser.line.bind(parser),
      describe: () => {
        const d = parser.describe?.() ?? {};
        return { ...d, notes: [`Read as ${layout.name} (${layout.logFormat}), found from the lines themselves.`, ...(d.notes ?? [])] };
      },
    };
  },

  samples: [
    {
      title: 'combined (Apache and nginx default)',
      input:
        '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"\n',
      events: [
        {
          time: T0, kind: 'api', line: 1, method: 'GET', url: '/presentations/logstash-monitorama-2013/images/kibana-search.png',
          route: '/presentations/logstash-monitorama-2013/images/kibana-search.png', status: 200, resp_bytes: 203023,
          referrer: 'http://semicomplete.com/presentations/logstash-monitorama-2013/',
          user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36',
          attrs: { protocol: 'HTTP/1.1' },
        },
      ],
    },
    {
      title: 'common: no referrer or agent; "-" bytes is an empty body; a user name',
      input: '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /users/42/orders HTTP/1.0" 304 -\n',
      events: [{ time: Date.UTC(2000, 9, 10, 20, 55, 36), method: 'GET', route: '/users/:id/orders', status: 304, resp_bytes: 0, user_agent: null, attrs: { remote_user: 'frank' } }],
    },
    {
      title: 'vhost_combined: the virtual host first',
      input: 'www.example.com:443 1.2.3.4 - - [17/May/2015:10:05:03 +0000] "POST /api/cart HTTP/2.0" 201 12 "-" "curl/8.0"\n',
      events: [{ time: T0, method: 'POST', url: '/api/cart', status: 201, referrer: null, user_agent: 'curl/8.0', attrs: { vhost: 'www.example.com:443', protocol: 'HTTP/2.0' } }],
    },
    {
      title: "nginx's main format: forwarded-for and timings after the agent stay in raw only",
      input: '10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 612 "-" "Wget/1.21" "203.0.113.9, 10.0.0.8" 0.005 0.004\n',
      events: [{ time: T0, status: 200, resp_bytes: 612, user_agent: 'Wget/1.21', attrs: { protocol: 'HTTP/1.1' } }],
    },
    {
      title: 'fractional seconds, and offsets west and east of UTC',
      input:
        '1.2.3.4 - - [17/May/2015:10:05:03.250 +0000] "GET / HTTP/1.1" 200 1\n' +
        '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1\n' +
        '1.2.3.4 - - [01/Jan/2016:01:00:00 +0530] "GET / HTTP/1.1" 200 1\n',
      events: [{ time: T0 + 250 }, { time: Date.UTC(2000, 9, 10, 20, 55, 36) }, { time: Date.UTC(2015, 11, 31, 19, 30) }],
    },
    {
      title: 'HTTP/0.9 request (no protocol) and a "-" request from a timed-out connection',
      input: '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /index.html" 200 10\n1.2.3.4 - - [17/May/2015:10:05:03 +0000] "-" 408 -\n',
      events: [
        { method: 'GET', url: '/index.html', status: 200, attrs: {} },
        { method: null, url: null, route: null, status: 408, attrs: { request: '-' } },
      ],
    },
    {
      title: 'a client field holding an X-Forwarded-For list: the first address is the client',
      input:
        '10.0.0.2, 10.0.0.1, 127.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /api/items/7 HTTP/1.1" 200 51 "-" "curl/8.0"\n' +
        '10.0.0.3, 127.0.0.1 - - [17/May/2015:10:05:04 +0000] "POST /api/cart HTTP/1.1" 201 2 "-" "curl/8.0"\n',
      events: [
        { time: T0, method: 'GET', route: '/api/items/:id', status: 200, resp_bytes: 51, user_agent: 'curl/8.0', attrs: { protocol: 'HTTP/1.1' } },
        { time: T0 + 1000, method: 'POST', status: 201, attrs: { protocol: 'HTTP/1.1' } },
      ],
    },
    {
      title: "Apache mod_ssl's ssl_request_log, found without a log_format",
      input:
        '[17/May/2015:10:05:03 +0000] 10.0.0.1 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 "GET /index.html HTTP/1.1" 1234\n' +
        '[17/May/2015:10:05:04 +0000] 10.0.0.2 TLSv1.3 TLS_AES_256_GCM_SHA384 "POST /login HTTP/1.1" -\n',
      events: [
        { time: T0, kind: 'api', method: 'GET', url: '/index.html', resp_bytes: 1234, attrs: { SSL_PROTOCOL: 'TLSv1.2', SSL_CIPHER: 'ECDHE-RSA-AES128-GCM-SHA256', protocol: 'HTTP/1.1' } },
        { time: T0 + 1000, method: 'POST', url: '/login', attrs: { SSL_PROTOCOL: 'TLSv1.3' } },
      ],
    },
    {
      title: 'bad lines say why; blank lines are skipped',
      input: '{"level":"info","msg":"hi"}\n\n1.2.3.4 - - [31/Apr/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5\n1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5\n',
      events: [{ line: 4, status: 200 }],
      bad: [/^not an access-log line: expected client, ident and user fields/, /^invalid time "31\/Apr\/2015:10:05:03 \+0000"$/],
    },
    {
      title: 'log_format: nginx main with timings, upstream and forwarded-for (hashed, never kept)',
      options: {
        logFormat:
          `log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" '\n` +
          `  '"$http_user_agent" "$http_x_forwarded_for" rt=$request_time uct="$upstream_connect_time" urt="$upstream_response_time"';`,
      },
      input: '10.0.0.1 - alice [17/May/2015:10:05:03 +0200] "GET /api/items/7?full=1 HTTP/1.1" 200 1532 "-" "okhttp/4.9" "203.0.113.9, 10.0.0.8" rt=0.120 uct="0.001" urt="0.110, 0.004"\n',
      events: [
        {
          time: T0 - 7_200_000, method: 'GET', url: '/api/items/7?full=1', route: '/api/items/:id', status: 200, resp_bytes: 1532,
          duration_ms: 120, referrer: null, user_agent: 'okhttp/4.9',
          attrs: { remote_user: 'alice', protocol: 'HTTP/1.1', upstream_connect_time: '0.001', upstream_response_time: '0.110, 0.004' },
        },
      ],
    },
    {
      title: 'log_format: nginx escape=json with ISO 8601 times, a session header and W3C traceparent',
      options: {
        logFormat:
          `log_format json escape=json '{"time":"$time_iso8601","client":"$remote_addr","method":"$request_method",'\n` +
          `  '"uri":"$request_uri","status":$status,"bytes":$bytes_sent,"rt":$request_time,"sid":"$http_x_session_id",'\n` +
          `  '"uid":"$http_x_user_id","tp":"$http_traceparent","ua":"$http_user_agent"}';`,
      },
      input:
        '{"time":"2015-05-17T12:05:03+02:00","client":"10.1.2.3","method":"PUT","uri":"/v1/carts/9f8e7d6c5b4a39281706f5e4d3c2b1a0","status":204,"bytes":310,"rt":0.042,"sid":"s-81","uid":"u-7","tp":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","ua":"Mozilla/5.0 \\"quoted\\""}\n',
      events: [
        {
          time: T0, method: 'PUT', url: '/v1/carts/9f8e7d6c5b4a39281706f5e4d3c2b1a0', route: '/v1/carts/:id', status: 204,
          resp_bytes: 310, duration_ms: 42, session_id: 's-81', user_id: 'u-7', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
          span_id: '00f067aa0ba902b7', user_agent: 'Mozilla/5.0 "quoted"',
        },
      ],
    },
    {
      title: 'log_format: $msec, $uri$is_args$args and plain variables kept in attrs',
      options: { logFormat: '$msec $host $remote_addr "$request_method $uri$is_args$args $server_protocol" $status $request_length $connection_requests $upstream_addr' },
      input:
        '1431857103.512 shop.example.com 10.0.0.2 "GET /search?q=shoes HTTP/2.0" 200 512 3 10.0.0.7:8080\n' +
        '1431857104.000 shop.example.com 10.0.0.2 "GET /search HTTP/2.0" 200 498 4 -\n',
      events: [
        { time: T0 + 512, url: '/search?q=shoes', route: '/search', req_bytes: 512, attrs: { host: 'shop.example.com', protocol: 'HTTP/2.0', connection_requests: 3, upstream_addr: '10.0.0.7:8080' } },
        { time: T0 + 1000, url: '/search', attrs: { connection_requests: 4 } },
      ],
    },
    {
      title: 'LogFormat pasted from httpd.conf: combined',
      options: { logFormat: 'LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-agent}i\\"" combined' },
      input: '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"\n',
      events: [
        {
          time: Date.UTC(2000, 9, 10, 20, 55, 36), method: 'GET', url: '/apache_pb.gif', status: 200, resp_bytes: 2326,
          referrer: 'http://www.example.com/start.html', user_agent: 'Mozilla/4.08 [en] (Win98; I ;Nav)', attrs: { remote_user: 'frank', protocol: 'HTTP/1.0' },
        },
      ],
    },
    {
      title: 'LogFormat: %D microseconds, %v, %I/%O, session and user headers, %X, %{c}a',
      options: { logFormat: '%v %a %{c}a %t "%m %U%q %H" %>s %I %O %D %{X-Session-Id}i %{X-User-Id}i %X' },
      input: 'api.example.com 203.0.113.5 10.0.0.9 [17/May/2015:10:05:03 +0000] "GET /orders/123?page=2 HTTP/1.1" 500 420 1310 25130 sess-1 - -\n',
      events: [
        {
          time: T0, method: 'GET', url: '/orders/123?page=2', route: '/orders/:id', status: 500, req_bytes: 420, resp_bytes: 1310,
          duration_ms: 25.13, session_id: 'sess-1', user_id: null, attrs: { vhost: 'api.example.com', protocol: 'HTTP/1.1', connection_status: '-' },
        },
      ],
    },
    {
      title: "LogFormat: Apache's milliseconds time in three fields",
      options: { logFormat: '%h [%{%d/%b/%Y:%H:%M:%S}t.%{msec_frac}t %{%z}t] "%r" %>s %{ms}T' },
      input: '1.2.3.4 [17/May/2015:03:05:03.042 -0700] "GET / HTTP/1.1" 200 17\n',
      events: [{ time: T0 + 42, status: 200, duration_ms: 17 }],
    },
    {
      title: 'LogFormat: a strftime time with no zone is read as UTC; %T seconds',
      options: { logFormat: '%{%Y-%m-%d %H:%M:%S}t %h "%r" %>s %b %T' },
      input: '2015-05-17 10:05:03 1.2.3.4 "DELETE /sessions/abc HTTP/1.1" 204 - 2\n',
      events: [{ time: T0, method: 'DELETE', status: 204, resp_bytes: 0, duration_ms: 2000 }],
    },
    {
      title: 'log_format: a line that does not match says which field and column',
      options: { logFormat: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent' },
      input: '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" OK 5\n1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5\n',
      events: [{ line: 2, status: 200, resp_bytes: 5 }],
      bad: [/^expected a status \(3 digits\) at column 59 \(\$status\); found "OK 5"$/],
    },
  ],
};
