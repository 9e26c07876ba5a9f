// W3C extended log files as IIS writes them: `#Fields:` names the space-separated columns,
// other `#` lines (#Software, #Version, #Date) are skipped, times are UTC, spaces inside values
// are written as +, and IIS's time-taken is in milliseconds.
import { MS } from '../time-value.js';
import { describedFormat } from './engine.js';
import type { FormatDescription, Rule } from './types.js';

/** W3C field names every W3C writer shares (IIS, CloudFront, Azure); lower case. */
export const W3C_FIELDS: Readonly<Record<string, Rule>> = {
  date: 'date',
  time: 'clock',
  'cs-method': 'method',
  'cs-uri-stem': 'path',
  'cs-uri-query': 'query',
  'cs-uri': 'url',
  'sc-status': 'status',
  'c-ip': 'client',
  'cs(user-agent)': { to: 'user_agent', decode: 'plus' },
  'cs(referer)': 'referrer',
  'cs-username': 'user_id',
  'sc-bytes': 'resp_bytes',
  'cs-bytes': 'req_bytes',
  'time-taken': { to: 'duration', unit: MS, unitWhy: 'IIS writes time-taken in milliseconds' },
  'cs(cookie)': 'secret',
  'x-forwarded-for': 'hashed',
  'cs(x-forwarded-for)': 'hashed',
};

const HEAD =
  '#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2024-01-02 03:04:05\n' +
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n';
const T0 = Date.UTC(2024, 0, 2, 3, 4, 5);

export const w3cDescription: FormatDescription = {
  name: 'w3c',
  title: 'IIS / W3C extended log',
  layout: { kind: 'w3c', separator: ' ' },
  fields: W3C_FIELDS,
  headerLacks: ['x-edge-location', 'x-edge-request-id'],
  confidence: 0.93,
  notes: ['W3C extended log: columns named by its #Fields: header; times are UTC, as W3C logs write them.'],
  samples: [
    {
      title: 'IIS 10 default fields: query joined to the path, + read as a space, time-taken in ms',
      input:
        HEAD +
        '2024-01-02 03:04:05 10.0.0.5 GET /api/orders/12345 page=2 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) https://shop.example.com/ 200 0 0 125\n' +
        '2024-01-02 03:04:06 10.0.0.5 POST /login - 443 alice 203.0.113.9 curl/8.0 - 302 0 0 15\n',
      events: [
        {
          time: T0, kind: 'api', line: 5, method: 'GET', url: '/api/orders/12345?page=2', route: '/api/orders/:id', status: 200,
          duration_ms: 125, user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', referrer: 'https://shop.example.com/',
          user_id: null, attrs: { s_port: 443, sc_substatus: 0, sc_win32_status: 0 },
        },
        { time: T0 + 1000, method: 'POST', url: '/login', status: 302, duration_ms: 15, user_id: 'alice', referrer: null },
      ],
    },
    {
      title: 'a second header after a restart renames the columns; fractions of a second are kept',
      input:
        '#Fields: date time cs-method cs-uri-stem sc-status\n2024-01-02 03:04:05.250 GET / 200\n' +
        '#Software: Microsoft Internet Information Services 10.0\n#Fields: date time cs-method cs-uri-stem sc-status sc-bytes cs-bytes time-taken\n' +
        '2024-01-02 03:04:07 GET /a 404 1200 310 2\n',
      events: [
        { time: T0 + 250, url: '/', status: 200, duration_ms: null },
        { time: T0 + 2000, url: '/a', status: 404, resp_bytes: 1200, req_bytes: 310, duration_ms: 2 },
      ],
    },
    {
      title: 'a line with the wrong number of columns, and one with an impossible date',
      input: '#Fields: date time cs-method cs-uri-stem sc-status\n2024-01-02 03:04:05 GET /\n2024-02-30 03:04:05 GET / 200\n2024-01-02 03:04:05 GET / 200\n',
      events: [{ line: 4, status: 200 }],
      bad: [/^4 fields where the #Fields: header names 5$/, /^"date and time" is not a time we can read: "2024-02-30 03:04:05"$/],
    },
  ],
};

export const w3cFormat = describedFormat(w3cDescription);
