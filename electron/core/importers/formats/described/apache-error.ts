// Apache httpd's error log, in 2.4's default ErrorLogFormat and 2.2's fixed layout. The time is
// asctime with microseconds in 2.4 and no zone (the server's local time, read as UTC); 2.4 writes
// the client with its port (an IPv6 one sometimes in brackets), 2.2 without; an OS error
// (`(70007)The timeout specified has expired:`) comes before the client.
import { describedFormat } from './engine.js';
import type { FormatDescription } from './types.js';

const V24 =
  /^\[(?<time>[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d{1,6})? \d{4})\] \[(?:(?<module>[\w-]*):)?(?<level>[a-z]+\d?)\] \[pid (?<pid>\d+)(?::tid (?<tid>\d+))?\](?: \((?<errno>-?\d+)\)(?<errno_text>[^:[\]]*):)?(?: \[client (?:\[(?<client6>[^\][]*)\](?::\d+)?|(?<client>[^\][]+))\])? (?:(?<code>AH\d{5}): )?(?<message>.*)$/s;
const V22 =
  /^\[(?<time>[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})\] \[(?<level>[a-z]+)\](?: \[client (?<remote>[^\]]+)\])? (?<message>.*)$/s;

const T24 = Date.UTC(2011, 8, 9, 10, 42, 29, 902);
const T22 = Date.UTC(2000, 9, 11, 14, 32, 52);

export const apacheErrorDescription: FormatDescription = {
  name: 'apache-error',
  title: 'Apache error log',
  layout: { kind: 'pattern', patterns: [V24, V22] },
  fields: {
    time: 'time',
    level: 'level',
    client: { to: 'client', port: true },
    client6: 'client',
    remote: 'client',
    message: 'message',
    referer: 'referrer',
  },
  trailer: ', referer: ',
  kind: 'log',
  confidence: 0.95,
  notes: ['Apache error log: times carry no zone (the server\'s local time) and are read as UTC.'],
  samples: [
    {
      title: '2.4: microseconds, module, pid and tid, client with its port, AH code, referer',
      input:
        '[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:54321] AH00128: File does not exist: /usr/local/apache2/htdocs/favicon.ico, referer: http://example.com/page?id=1\n' +
        '[Fri Sep 09 10:42:30.000001 2011] [mpm_event:notice] [pid 1:tid 2] AH00489: Apache/2.4.58 (Unix) configured -- resuming normal operations\n',
      events: [
        {
          time: T24, kind: 'log', level: 'error', message: 'File does not exist: /usr/local/apache2/htdocs/favicon.ico',
          referrer: 'http://example.com/page?id=1', attrs: { module: 'core', pid: 35708, tid: 4328636416, code: 'AH00128' },
        },
        { time: T24 + 98, level: 'info', message: 'Apache/2.4.58 (Unix) configured -- resuming normal operations', attrs: { module: 'mpm_event', code: 'AH00489' } },
      ],
    },
    {
      title: '2.2: no fraction, bare level, client without a port',
      input:
        '[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server configuration: /export/home/live/ap/htdocs/test\n' +
        '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties\n',
      events: [
        { time: T22, level: 'error', message: 'client denied by server configuration: /export/home/live/ap/htdocs/test', attrs: null },
        { time: Date.UTC(2005, 11, 4, 4, 47, 44), level: 'info', message: 'workerEnv.init() ok /etc/httpd/conf/workers2.properties' },
      ],
    },
    {
      title: 'a line of another log, and a date that does not exist',
      input: '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326\n[Wed Feb 30 14:32:52 2000] [error] x\n[Wed Oct 11 14:32:52 2000] [warn] ok\n',
      events: [{ line: 3, level: 'warn', message: 'ok' }],
      bad: [/^not an Apache error log line: /, /^"time" is not a time we can read: "Wed Feb 30 14:32:52 2000"$/],
    },
  ],
};

export const apacheErrorFormat = describedFormat(apacheErrorDescription);
