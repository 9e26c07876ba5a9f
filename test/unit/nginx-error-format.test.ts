import { describe, expect, it } from 'vitest';
import { nginxErrorFormat } from '../../electron/core/importers/formats/described/nginx-error.js';
import { checkSamples, parseWith } from '../helpers/parse-format.js';

describe('nginx-error samples', () => checkSamples(nginxErrorFormat));

describe('nginx error logs', () => {
  it('maps nginx levels to ours', () => {
    const levels = ['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg'];
    const r = parseWith(nginxErrorFormat, levels.map((l) => `2024/01/02 03:04:05 [${l}] 1#1: m`).join('\n'));
    expect(r.events.map((e) => e.level)).toEqual(['debug', 'info', 'info', 'warn', 'error', 'fatal', 'fatal', 'fatal']);
  });

  it('a request named in an error is a log event, never an API call', () => {
    const [e] = parseWith(nginxErrorFormat, '2024/01/02 03:04:05 [error] 1#1: *3 x, client: 1.2.3.4, server: s, request: "GET /a HTTP/1.1"\n').events;
    expect(e).toMatchObject({ kind: 'log', method: 'GET', url: '/a', message: 'x' });
  });
});
