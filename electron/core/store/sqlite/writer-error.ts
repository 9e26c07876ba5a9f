// The failure of a store writer thread, the collector's (writer.ts) and an import's
// (bulk-writer.ts) alike: what went wrong, and SQLite's result code when there is one, so the
// main thread can tell a full disk from a bug (faults.ts).
export class WriterError extends Error {
  override name = 'WriterError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A writer thread's reply to a request that failed; `code`: SQLite's result code. */
export interface FailedReply {
  type: 'failed';
  seq: number;
  message: string;
  code?: string;
}

/** The reply a writer thread sends when request `seq` failed with `err`. */
export function failedReply(seq: number, err: unknown): FailedReply {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  return { type: 'failed', seq, message: err instanceof Error ? err.message : String(err), code };
}
