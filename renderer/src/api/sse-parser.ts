// Server-sent events read from a fetch stream. The live stream is read with fetch, not
// EventSource, because EventSource cannot send an Authorization header and the only other
// ways to authenticate it were a cookie (sent to every port of the host) or a secret in its URL.
// Only `data` matters to us: ids, event names and `retry` are ignored.

export interface SseParser {
  /** Feeds decoded text as it arrives; calls back once per complete event. */
  push(chunk: string): void;
}

const LINE_END = /\r\n|\n|\r/;

export function createSseParser(onData: (data: string) => void): SseParser {
  let pending = '';
  let data: string[] = [];
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onData(data.join('\n'));
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    if (field !== 'data') return;
    const value = colon < 0 ? '' : text.slice(colon + 1);
    data.push(value.startsWith(' ') ? value.slice(1) : value);
  };
  return {
    push(chunk) {
      pending += chunk;
      for (;;) {
        const end = LINE_END.exec(pending);
        if (!end) return;
        // A chunk that ends in \r may be cut inside \r\n: wait for the next one.
        if (end[0] === '\r' && end.index === pending.length - 1) return;
        line(pending.slice(0, end.index));
        pending = pending.slice(end.index + end[0].length);
      }
    },
  };
}
