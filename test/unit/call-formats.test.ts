import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { curlOf, harEntryOf, REDACTED } from '../../shared/call-formats.js';

const call: LogEvent = {
  id: '7', time: Date.UTC(2026, 11, 7, 10), kind: 'api', method: 'POST', url: '/api/cart?x=1&y=it%27s', status: 201, duration_ms: 42,
  attrs: {
    request_headers: { Host: 'shop.local:8080', Authorization: 'Bearer s3cret', 'Content-Type': 'application/json' },
    response_headers: { 'Content-Type': 'application/json' },
    request_body: { sku: "it's", qty: 2 },
    response_body: '{"ok":true}',
    resp_bytes: 11,
  },
};

describe('copy as cURL', () => {
  it('writes a command a shell runs as the request was made, credentials left out by default', () => {
    expect(curlOf(call)).toBe(
      `curl -X POST 'http://shop.local:8080/api/cart?x=1&y=it%27s' -H 'Authorization: ${REDACTED}' -H 'Content-Type: application/json' --data-raw '{"sku":"it'\\''s","qty":2}'`,
    );
    expect(curlOf(call, { secrets: true })).toContain(`-H 'Authorization: Bearer s3cret'`);
  });

  it('keeps a URL that is already absolute, and a call with no headers is a plain GET', () => {
    expect(curlOf({ id: '1', time: 0, kind: 'api', method: 'GET', url: 'https://api.example/v1/x' })).toBe(`curl -X GET 'https://api.example/v1/x'`);
  });
});

describe('copy as HAR entry', () => {
  it('is a HAR 1.2 entry with the request, the response and the timing', () => {
    const entry = harEntryOf(call);
    expect(entry).toMatchObject({
      startedDateTime: '2026-12-07T10:00:00.000Z',
      time: 42,
      request: {
        method: 'POST',
        url: 'http://shop.local:8080/api/cart?x=1&y=it%27s',
        queryString: [{ name: 'x', value: '1' }, { name: 'y', value: "it's" }],
        postData: { mimeType: 'application/json', text: JSON.stringify({ sku: "it's", qty: 2 }) },
      },
      response: { status: 201, content: { size: 11, mimeType: 'application/json', text: '{"ok":true}' } },
      timings: { send: 0, wait: 42, receive: 0 },
    });
    // What a HAR reader needs is there, in the shapes it expects.
    expect(JSON.parse(JSON.stringify(entry))).toEqual(entry);
  });
});
