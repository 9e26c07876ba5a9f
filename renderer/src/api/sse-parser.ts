// Server-sent events read from a fetch stream. The live stream is read with fetch, not
// EventSource, because EventSource cannot send an Authorization header and the only other
// ways to authenticate it were a cookie (sent to every port of the host) or a secret in its URL.
// The stream carries every live topic, each message named by `event:`; ids and `retry` are
// ignored.

export interface SseParser {
  /** Feeds decoded text as it arrives; calls back once per complete event, with its name. */
  push(chunk: string): void;
}

const LINE_END = /\r\n|\n|\r/;

/** The name of an event without an `event:` line, as the SSE standard has it. */
const UNNAMED_EVENT = 'message';

export function createSseParser(onEvent: (data: string, event: string) => void): SseParser {
  let pending = '';
  let data: string[] = [];
  let event = UNNAMED_EVENT;
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onEvent(data.join('\n'), event);
      data = [];
      event = UNNAMED_EVENT;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const raw = colon < 0 ? '' : text.slice(colon + 1);
    const value = raw.startsWith(' ') ? raw.slice(1) : raw;
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value || UNNAMED_EVENT;
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
