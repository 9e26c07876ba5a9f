// The one error a format string can cause. The message is a single sentence meant for the person
// who typed the format (in the import dialog or on the command line), so it names the position.

export class LogFormatError extends Error {
  override name = 'LogFormatError';
  /** 1-based position in the format string the message is about, when there is one. */
  readonly position: number | undefined;

  constructor(message: string, position?: number) {
    super(message);
    this.position = position;
  }
}

/** `"…"` around a piece of the format, cut so a long format does not flood the message. */
export function quoted(s: string, max = 30): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}
