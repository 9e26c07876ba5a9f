// Amazon CloudFront standard (access) logs: W3C extended, tab-separated, times in UTC, the user
// agent URL-encoded, and time-taken in seconds. Files whose headers were stripped (as Athena
// and some copy tools leave them) are read with the documented columns.
import { SECOND } from '../time-value.js';
import { describedFormat } from './engine.js';
import type { FormatDescription } from './types.js';
import { W3C_FIELDS } from './w3c.js';

const COLUMNS = [
  'date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'sc-status', 'cs(Referer)',
  'cs(User-Agent)', 'cs-uri-query', 'cs(Cookie)', 'x-edge-result-type', 'x-edge-request-id', 'x-host-header', 'cs-protocol',
  'cs-bytes', 'time-taken', 'x-forwarded-for', 'ssl-protocol', 'ssl-cipher', 'x-edge-response-result-type', 'cs-protocol-version',
  'fle-status', 'fle-encrypted-fields', 'c-port', 'time-to-first-byte', 'x-edge-detailed-result-type', 'sc-content-type',
  'sc-content-len', 'sc-range-start', 'sc-range-end',
];

const HEADER = `#Version: 1.0\n#Fields: ${COLUMNS.join(' ')}\n`;
const row = (...v: string[]) => v.join('\t');
const UA = 'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)';
const LINE1 = row('2019-12-04', '21:02:31', 'LAX1-C3', '392', '192.0.2.100', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html', '200', '-', UA,
  '-', '-', 'Hit', 'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==', 'www.example.com', 'https', '23', '0.001', '-', 'TLSv1.2',
  'ECDHE-RSA-AES128-GCM-SHA256', 'Hit', 'HTTP/2.0', '-', '-', '11040', '0.001', 'Hit', 'text/html', '78', '-', '-');
const LINE2 = row('2019-12-04', '21:02:32', 'LAX1-C3', '1157', '192.0.2.200', 'POST', 'd111111abcdef8.cloudfront.net', '/api/carts/8812', '502', 'https://www.example.com/cart', 'okhttp/4.9',
  'a=1&token=abc123xyz', 'session=s3cr3tvalue', 'Error', 'k6WGMNkEzR5BEM_SaF47gjtX9zBDO2m349OY2an0QPEaUum1ZOLrow==', 'www.example.com', 'https', '1380', '2.345', '198.51.100.7, 10.0.0.1', 'TLSv1.3',
  'TLS_AES_128_GCM_SHA256', 'Error', 'HTTP/1.1', '-', '-', '50012', '2.001', 'OriginCommError', 'application/json', '-', '-', '-');
const T0 = Date.UTC(2019, 11, 4, 21, 2, 31);

export const cloudfrontDescription: FormatDescription = {
  name: 'cloudfront',
  title: 'Amazon CloudFront access log',
  layout: { kind: 'w3c', separator: '\t', defaultFields: COLUMNS },
  fields: {
    ...W3C_FIELDS,
    'cs(user-agent)': { to: 'user_agent', decode: 'percent' },
    'time-taken': { to: 'duration', unit: SECOND, unitWhy: 'CloudFront writes time-taken in seconds' },
    'time-to-first-byte': { to: 'attr_ms', unit: SECOND },
  },
  must: { date: /^\d{4}-\d{2}-\d{2}$/, time: /^\d{2}:\d{2}:\d{2}/ },
  headerHas: ['x-edge-location', 'x-edge-request-id'],
  confidence: 0.96,
  notes: ['CloudFront access log: times are UTC; time-taken and time-to-first-byte are seconds, shown in milliseconds.'],
  samples: [
    {
      title: 'standard log with its header: URL-encoded agent, seconds to milliseconds',
      input: HEADER + LINE1 + '\n',
      events: [
        {
          time: T0, kind: 'api', line: 3, method: 'GET', url: '/index.html', route: '/index.html', status: 200, duration_ms: 1,
          resp_bytes: 392, req_bytes: 23, user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', referrer: null,
          attrs: { x_edge_location: 'LAX1-C3', cs_host: 'd111111abcdef8.cloudfront.net', x_edge_result_type: 'Hit', cs_protocol: 'https', time_to_first_byte: 1, c_port: 11040, sc_content_type: 'text/html' },
        },
      ],
    },
    {
      title: 'headers stripped: the documented columns; a query token redacted, forwarded-for hashed',
      input: LINE1 + '\n' + LINE2 + '\n',
      events: [
        { time: T0, status: 200 },
        { time: T0 + 1000, method: 'POST', route: '/api/carts/:id', status: 502, duration_ms: 2345, referrer: 'https://www.example.com/cart', attrs: { time_to_first_byte: 2001, x_edge_detailed_result_type: 'OriginCommError' } },
      ],
    },
    {
      title: 'a line cut short says how many columns it has',
      input: HEADER + row('2019-12-04', '21:02:31', 'LAX1-C3', '392') + '\n' + LINE1 + '\n',
      events: [{ line: 4, status: 200 }],
      bad: [/^4 fields where the #Fields: header names 33$/],
    },
  ],
};

export const cloudfrontFormat = describedFormat(cloudfrontDescription);
