// The Node SDK's pure parts: header readers, the Express route template, and the rule that it
// needs nothing but Node at run time (frameworks are imported as types only).
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { contentLength, flattenHeaders, sessionFromHeaders, traceFromHeaders, userFromHeaders, MAX_ID_CHARS } from '../../sdk/node/headers.js';
import { expressRoute } from '../../sdk/node/express.js';

const SDK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'sdk', 'node');

describe('node middleware: headers', () => {
  it('takes the session from X-Session-Id, then baggage, then PostHog, cutting long ids', () => {
    expect(sessionFromHeaders({ 'x-session-id': 'a', baggage: 'session.id=b', 'x-posthog-session-id': 'c' })).toBe('a');
    expect(sessionFromHeaders({ baggage: 'k=v;p, session.id = b%2F1 ;prop', 'x-posthog-session-id': 'c' })).toBe('b/1');
    expect(sessionFromHeaders({ baggage: 'session.identity=x', 'x-posthog-session-id': 'c' })).toBe('c');
    expect(sessionFromHeaders({ 'x-session-id': ['first', 'second'] })).toBe('first');
    expect(sessionFromHeaders({ 'x-session-id': '   ' })).toBeUndefined();
    expect(sessionFromHeaders({ baggage: 'session.id=%E0%A4%A' })).toBeUndefined();
    expect(sessionFromHeaders({ 'x-session-id': 'x'.repeat(1000) })).toHaveLength(MAX_ID_CHARS);
    expect(userFromHeaders({ 'x-user-id': 'u-1' })).toBe('u-1');
    expect(userFromHeaders({})).toBeUndefined();
  });

  it('reads traceparent, refusing malformed and all-zero ids', () => {
    const trace = '4BF92F3577B34DA6A3CE929D0E0E4736';
    expect(traceFromHeaders({ traceparent: `00-${trace}-00f067aa0ba902b7-01` })).toEqual({ trace_id: trace.toLowerCase(), span_id: '00f067aa0ba902b7' });
    expect(traceFromHeaders({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` })).toBeUndefined();
    expect(traceFromHeaders({ traceparent: '00-abc-def-01' })).toBeUndefined();
    expect(traceFromHeaders({})).toBeUndefined();
  });

  it('reads sizes only from sane Content-Length values', () => {
    expect(contentLength('42')).toBe(42);
    expect(contentLength(7)).toBe(7);
    expect(contentLength('-1')).toBeUndefined();
    expect(contentLength('1e3')).toBeUndefined();
    expect(contentLength(undefined)).toBeUndefined();
  });

  it('flattens headers to strings, blanking secrets and cutting long values', () => {
    const flat = flattenHeaders({ Authorization: 'Bearer x', 'set-cookie': ['a=1', 'b=2'], 'content-length': 12, accept: ['a', 'b'], long: 'y'.repeat(5000), gone: undefined });
    expect(flat).toEqual({ authorization: '[redacted]', 'set-cookie': '[redacted]', 'content-length': '12', accept: 'a, b', long: 'y'.repeat(2048) });
  });
});

describe('node middleware: Express route template', () => {
  const req = (baseUrl: string, route: unknown) => ({ baseUrl, route }) as unknown as Request;
  it('joins the router mount and the route path, and knows none without a string path', () => {
    expect(expressRoute(req('', { path: '/users/:id' }))).toBe('/users/:id');
    expect(expressRoute(req('/api', { path: '/items/:id' }))).toBe('/api/items/:id');
    expect(expressRoute(req('/api', { path: '/' }))).toBe('/api');
    expect(expressRoute(req('', { path: '/' }))).toBe('/');
    expect(expressRoute(req('', undefined))).toBeUndefined();
    expect(expressRoute(req('', { path: /^\/re/ }))).toBeUndefined();
  });
});

describe('node middleware: run-time dependencies', () => {
  it('imports only Node built-ins and its own files; frameworks as types only', () => {
    const builtins = new Set(builtinModules);
    const files = fs.readdirSync(SDK).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('index.ts');
    for (const file of files) {
      const src = fs.readFileSync(path.join(SDK, file), 'utf8');
      for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
        const [, , typeOnly, spec] = m;
        const ok = spec!.startsWith('./') || (spec!.startsWith('node:') && builtins.has(spec!.slice(5))) || typeOnly !== undefined;
        expect(ok, `${file} imports ${spec} at run time`).toBe(true);
        if (spec!.startsWith('./')) expect(spec, `${file}: relative imports end in .js`).toMatch(/\.js$/);
      }
      expect(src, `${file} uses require or dynamic import`).not.toMatch(/\brequire\(|\bimport\(/);
    }
  });
});
