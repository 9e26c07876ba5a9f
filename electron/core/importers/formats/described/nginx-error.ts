// nginx's error log: `yyyy/mm/dd hh:mm:ss [level] pid#tid: *connection message`, the message
// ending with `, client: ..., server: ..., request: "..."` when a request caused it. The time has
// no zone (the server's local time, read as UTC). A request named in an error is not an API call
// of its own (the access log has it), so these are log events with the request's method and URL.
import { describedFormat } from './engine.js';
import type { FormatDescription } from './types.js';

const LINE = /^(?<time>\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}) \[(?<level>[a-z]+)\] (?<pid>\d+)#(?<tid>\d+): (?:\*(?<connection>\d+) )?(?<message>.*)$/s;

const T0 = Date.UTC(2024, 0, 2, 3, 4, 5);

export const nginxErrorDescription: FormatDescription = {
  name: 'nginx-error',
  title: 'nginx error log',
  layout: { kind: 'pattern', patterns: [LINE] },
  fields: { time: 'time', level: 'level', message: 'message', client: 'client', request: 'request', referrer: 'referrer' },
  trailer: ', client: ',
  kind: 'log',
  confidence: 0.95,
  notes: ['nginx error log: times carry no zone (the server\'s local time) and are read as UTC.'],
  samples: [
    {
      title: 'a file not found, with the request, host and referrer after the message',
      input:
        '2024/01/02 03:04:05 [error] 123#0: *5 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 1.2.3.4, server: localhost, request: "GET /favicon.ico HTTP/1.1", host: "localhost", referrer: "http://localhost/"\n',
      events: [
        {
          time: T0, kind: 'log', level: 'error', method: 'GET', url: '/favicon.ico', route: '/favicon.ico', status: null,
          message: 'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)', referrer: 'http://localhost/',
          attrs: { pid: 123, tid: 0, connection: 5, server: 'localhost', host: 'localhost', protocol: 'HTTP/1.1' },
        },
      ],
    },
    {
      title: 'an upstream timeout, and a notice with no connection',
      input:
        '2024/01/02 03:04:06 [error] 7#7: *1021 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.1, server: api.example.com, request: "POST /v1/orders/99 HTTP/2.0", upstream: "http://orders.internal:8080/v1/orders/99", host: "api.example.com"\n' +
        '2024/01/02 03:04:07 [notice] 1#1: start worker processes\n',
      events: [
        { time: T0 + 1000, level: 'error', method: 'POST', route: '/v1/orders/:id', message: 'upstream timed out (110: Connection timed out) while reading response header from upstream', attrs: { upstream: 'http://orders.internal:8080/v1/orders/99' } },
        { time: T0 + 2000, level: 'info', message: 'start worker processes', method: null, attrs: { pid: 1, tid: 1 } },
      ],
    },
    {
      title: 'a continuation line without a time is reported',
      input: '2024/01/02 03:04:05 [emerg] 1#1: unknown directive "foo" in /etc/nginx/nginx.conf:12\nnginx: configuration file /etc/nginx/nginx.conf test failed\n',
      events: [{ level: 'fatal', message: 'unknown directive "foo" in /etc/nginx/nginx.conf:12' }],
      bad: [/^not an nginx error log line: /],
    },
  ],
};

export const nginxErrorFormat = describedFormat(nginxErrorDescription);
