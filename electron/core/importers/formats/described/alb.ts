// AWS Application Load Balancer access logs: space-separated, quoted where a value holds spaces,
// named by position as AWS documents them. The three *_processing_time fields are seconds (-1
// when the target was never reached) and add up to the request's duration; each is kept too.
import { SECOND } from '../time-value.js';
import { describedFormat } from './engine.js';
import type { FieldRule, FormatDescription } from './types.js';

const NAMES = [
  'type', 'time', 'elb', 'client:port', 'target:port', 'request_processing_time', 'target_processing_time',
  'response_processing_time', 'elb_status_code', 'target_status_code', 'received_bytes', 'sent_bytes', 'request',
  'user_agent', 'ssl_cipher', 'ssl_protocol', 'target_group_arn', 'trace_id', 'domain_name', 'chosen_cert_arn',
  'matched_rule_priority', 'request_creation_time', 'actions_executed', 'redirect_url', 'error_reason',
  'target:port_list', 'target_status_code_list', 'classification', 'classification_reason', 'conn_trace_id',
];

const timer: FieldRule = { to: 'duration', unit: SECOND, keep: true, unitWhy: 'AWS writes processing times in seconds' };
const T0 = Date.UTC(2018, 6, 2, 22, 23, 0, 186);

export const albDescription: FormatDescription = {
  name: 'alb',
  title: 'AWS ALB access log',
  layout: { kind: 'words', names: NAMES, min: 13 },
  fields: {
    time: 'time',
    'client:port': { to: 'client', port: true },
    request_processing_time: timer,
    target_processing_time: timer,
    response_processing_time: timer,
    elb_status_code: 'status',
    received_bytes: 'req_bytes',
    sent_bytes: 'resp_bytes',
    request: 'request',
    user_agent: 'user_agent',
    trace_id: 'trace_id',
  },
  must: { type: /^(?:https?|h2|grpcs|wss?)$/, time: /^\d{4}-\d{2}-\d{2}T/ },
  confidence: 0.95,
  notes: ['AWS ALB access log: the time is when the response was sent (UTC); the duration adds the three processing times, which AWS writes in seconds.'],
  samples: [
    {
      title: 'an HTTP request as AWS documents it: seconds to milliseconds, absolute URL, X-Ray trace id',
      input:
        'http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 ' +
        '"GET http://www.example.com:80/users/42 HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 ' +
        '"Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"\n',
      events: [
        {
          time: T0, kind: 'api', method: 'GET', url: 'http://www.example.com:80/users/42', route: '/users/:id', status: 200, duration_ms: 1,
          req_bytes: 34, resp_bytes: 366, user_agent: 'curl/7.46.0', trace_id: 'Root=1-58337262-36d228ad5d99923122bbe354',
          attrs: {
            type: 'http', elb: 'app/my-loadbalancer/50dc6c495c0c9188', target_status_code: 200,
            request_processing_time: 0, target_processing_time: 0.001, protocol: 'HTTP/1.1', matched_rule_priority: 0,
            request_creation_time: '2018-07-02T22:22:48.364000Z', actions_executed: 'forward',
          },
        },
      ],
    },
    {
      title: 'a target that never answered (-1 timers, 502), and an older line with fewer fields',
      input:
        'https 2018-07-02T22:23:00.186641Z app/lb/50dc 192.168.131.39:2817 - -1 -1 -1 502 - 112 277 "POST https://api.example.com:443/v1/pay HTTP/2.0" "okhttp/4.9" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elb "Root=1-5833-36d2" "api.example.com" "arn:aws:acm" 1\n' +
        'h2 2018-07-02T22:23:01.186641Z app/lb/50dc [2001:db8::7]:443 10.0.0.2:80 0.001 0.250 0.000 201 201 90 12 "PUT https://api.example.com:443/v1/items/7 HTTP/2.0"\n',
      events: [
        { time: T0, method: 'POST', status: 502, duration_ms: null, attrs: { request_processing_time: -1, target_processing_time: -1 } },
        { time: T0 + 1000, method: 'PUT', route: '/v1/items/:id', status: 201, duration_ms: 251, user_agent: null },
      ],
    },
    {
      title: 'a quote left open, and a Classic ELB line (no type first), say why',
      input:
        'http 2018-07-02T22:23:00.186641Z app/lb/50dc 192.168.131.39:2817 - 0 0 0 200 200 1 2 "GET / HTTP/1.1\n' +
        '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1"\n',
      bad: [/^not an AWS ALB access log line: a quote opened at column 86 is not closed$/, /^not an AWS ALB access log line: 12 fields where it has at least 13$/],
    },
  ],
};

export const albFormat = describedFormat(albDescription);
