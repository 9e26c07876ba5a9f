import { describe, expect, it } from 'vitest';
import { createSseParser } from '../../renderer/src/api/sse-parser.js';

function parse(chunks: string[]): string[] {
  const out: string[] = [];
  const parser = createSseParser((data) => out.push(data));
  for (const c of chunks) parser.push(c);
  return out;
}

describe('server-sent events parser (the live stream read through fetch)', () => {
  it('yields the data of each complete event and skips comments, retry and other fields', () => {
    expect(parse(['retry: 2000\n\n: keep-alive\n\ndata: {"count":1}\n\nevent: x\nid: 3\ndata: {"count":2}\n\n'])).toEqual(['{"count":1}', '{"count":2}']);
  });

  it('names each event by its last `event:` line, as "message" without one, and forgets the name after the event', () => {
    const out: [string, string][] = [];
    const parser = createSseParser((data, event) => out.push([event, data]));
    parser.push('event: events.added\ndata: 1\n\nevent: a\nevent:import.progress\ndata: 2\n\ndata: 3\n\nevent\ndata: 4\n\n');
    expect(out).toEqual([
      ['events.added', '1'],
      ['import.progress', '2'],
      ['message', '3'],
      ['message', '4'],
    ]);
  });

  it('joins an event cut anywhere across chunks, CRLF included', () => {
    const text = 'data: {"a":\r\ndata: 1}\r\n\r\ndata: {"b":2}\r\n\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(['{"a":\n1}', '{"b":2}']);
    }
  });

  it('joins multi-line data with newlines and waits for the blank line that ends an event', () => {
    expect(parse(['data: one\ndata:two\rdata\n\r\n'])).toEqual(['one\ntwo\n']);
    expect(parse(['data: unfinished\n'])).toEqual([]);
  });
});
