import type { ErrorCode } from '../../../shared/api.js';

/**
 * Codes the core returns, plus the ones only a client can observe: the UI secret is
 * missing (browser mode opened without the printed URL), the other side is unreachable, or it
 * answered something that is not the contract.
 */
export type ClientErrorCode = ErrorCode | 'SESSION_MISSING' | 'TRANSPORT' | 'BAD_OUTPUT';

export class CallFailed extends Error {
  override readonly name = 'CallFailed';

  constructor(
    readonly call: string,
    readonly code: ClientErrorCode,
    message: string,
    /** For QUERY_SYNTAX: the 1-based column of the query the message points at. */
    readonly column?: number,
  ) {
    super(message);
  }
}

export function isCallFailed(err: unknown, code?: ClientErrorCode): err is CallFailed {
  return err instanceof CallFailed && (code === undefined || err.code === code);
}
