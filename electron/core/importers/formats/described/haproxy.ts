// HAProxy's HTTP log (`option httplog`), with or without the syslog prefix HAProxy sends it
// under. The accept date has milliseconds and no zone (the proxy's local time, read as UTC);
// the timers TR/Tw/Tc/Tr/Ta are milliseconds, Ta (Tt before 1.5) being the whole request.
import { MS } from '../time-value.js';
import { describedFormat } from './engine.js';
import type { FormatDescription } from './types.js';

// One pattern; the syslog prefix is anything up to `name[pid]: `. Groups are the field names.
const HTTPLOG =
  /^(?:[^[\]]*\[\d+\]: )?(?<client>[^ ]+):(?<client_port>\d+) \[(?<accept_date>\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)\] (?<frontend>[^ ]+) (?<backend>[^ /]+)\/(?<server>[^ ]+) (?<t_request>-?\d+)\/(?<t_wait>-?\d+)\/(?<t_connect>-?\d+)\/(?<t_response>-?\d+)\/\+?(?<t_active>-?\d+) (?<status>-?\d+) \+?(?<bytes_read>\d+) (?<captured_request_cookie>[^ ]+) (?<captured_response_cookie>[^ ]+) (?<termination_state>[^ ]+) (?<actconn>\d+)\/(?<feconn>\d+)\/(?<beconn>\d+)\/(?<srv_conn>\d+)\/\+?(?<retries>\d+) (?<srv_queue>\d+)\/(?<backend_queue>\d+) (?:\{(?<captured_request_headers>[^}]*)\} )?(?:\{(?<captured_response_headers>[^}]*)\} )?"(?<request>[^"]*)"?$/;

const T0 = Date.UTC(2009, 1, 6, 12, 14, 14, 655);

export const haproxyDescription: FormatDescription = {
  name: 'haproxy',
  title: 'HAProxy HTTP log',
  layout: { kind: 'pattern', patterns: [HTTPLOG] },
  fields: {
    client: 'client',
    client_port: 'drop',
    accept_date: 'time',
    t_active: { to: 'duration', unit: MS, unitWhy: 'HAProxy writes its timers in milliseconds' },
    status: 'status',
    bytes_read: 'resp_bytes',
    request: 'request',
    captured_request_cookie: 'secret',
    captured_response_cookie: 'secret',
  },
  confidence: 0.95,
  notes: ['HAProxy HTTP log: the accept date carries no zone and is read as UTC; the duration is Ta (Tt before 1.5), in milliseconds; the other timers stay in attrs.'],
  samples: [
    {
      title: "the documentation's example, under a syslog prefix",
      input:
        'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"\n',
      events: [
        {
          time: T0, kind: 'api', method: 'GET', url: '/index.html', route: '/index.html', status: 200, duration_ms: 109, resp_bytes: 2750,
          attrs: {
            frontend: 'http-in', backend: 'static', server: 'srv1', t_request: 10, t_wait: 0, t_connect: 30, t_response: 69, termination_state: '----',
            actconn: 1, feconn: 1, beconn: 1, srv_conn: 1, retries: 0, srv_queue: 0, backend_queue: 0, captured_request_headers: '1wt.eu', protocol: 'HTTP/1.1',
          },
        },
      ],
    },
    {
      title: 'no prefix, no captures; an aborted request (-1 timers) and a truncated request line',
      input:
        '192.168.1.9:5123 [06/Feb/2009:12:14:15.000] fe~ be/<NOSRV> 0/-1/-1/-1/3 503 212 - - SC-- 2/2/0/0/0 0/0 "POST /api/orders/55 HTTP/1.1"\n' +
        '192.168.1.9:5124 [06/Feb/2009:12:14:16.100] fe~ be/app2 5/0/1/20/+26 200 +512 - - ---- 2/2/1/1/0 0/0 "GET /very/long/url/cut\n',
      events: [
        { time: T0 + 345, method: 'POST', route: '/api/orders/:id', status: 503, duration_ms: 3, attrs: { server: '<NOSRV>', t_wait: -1, termination_state: 'SC--' } },
        { time: T0 + 1445, method: 'GET', url: '/very/long/url/cut', status: 200, duration_ms: 26, resp_bytes: 512 },
      ],
    },
    {
      title: 'a TCP-mode line is not an HTTP log line',
      input:
        '10.0.1.2:33317 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0\n' +
        '10.0.1.2:33318 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"\n',
      events: [{ line: 2, status: 200 }],
      bad: [/^not a HAProxy HTTP log line: ".*" does not match its layout$/],
    },
  ],
};

export const haproxyFormat = describedFormat(haproxyDescription);
