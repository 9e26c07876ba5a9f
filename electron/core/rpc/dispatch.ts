// The one dispatch every transport goes through: validate input with the contract's schema,
// run the handler, check the output against the contract, and turn failures into error codes.
import { z } from 'zod';
import { api, type Api, type CallError, type CallName, type CallOutput, type CallResult } from '../../../shared/api.js';
import { QuerySyntaxError } from '../query/ast.js';

export type Handlers = {
  [N in CallName]: (input: z.output<Api[N]['input']>) => CallOutput<N> | Promise<CallOutput<N>>;
};

/** Thrown by handlers for a request that names something that does not exist. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Thrown by handlers for input that passed the schema but cannot be honoured (bad file...). */
export class BadInputError extends Error {
  override name = 'BadInputError';
}

/** Typed by name when the name is a known call; any string is accepted (and answered UNKNOWN_CALL). */
export type Dispatch = <N extends string>(name: N, input: unknown) => Promise<CallResult<N extends CallName ? N : CallName>>;

export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function isCallName(name: string): name is CallName {
  return Object.hasOwn(api, name);
}

/**
 * `asStoreFault` recognises failures of the database itself (a damaged file, a full disk): they
 * are answered with their own sentence, and are not logged as bugs with a stack trace.
 */
export function createDispatch(
  handlers: Handlers,
  onInternalError: (err: unknown) => void,
  asStoreFault: (err: unknown) => Error | null = () => null,
): Dispatch {
  const dispatch = async (name: string, input: unknown): Promise<CallResult<CallName>> => {
    if (!isCallName(name)) return { ok: false, code: 'UNKNOWN_CALL', message: `Unknown call "${name}".` };
    const spec = api[name];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return { ok: false, code: 'BAD_INPUT', message: `Invalid input for ${name}: ${describeZodError(parsed.error)}.` };
    }
    try {
      const handler = handlers[name] as (i: unknown) => unknown;
      const value = spec.output.parse(await handler(parsed.data));
      return { ok: true, value } as CallResult<CallName>;
    } catch (err) {
      return toCallError(err, onInternalError, asStoreFault);
    }
  };
  return dispatch as Dispatch;
}

function toCallError(err: unknown, onInternalError: (err: unknown) => void, asStoreFault: (err: unknown) => Error | null): CallError {
  if (err instanceof QuerySyntaxError) return { ok: false, code: 'QUERY_SYNTAX', message: err.message, column: err.column };
  if (err instanceof NotFoundError) return { ok: false, code: 'NOT_FOUND', message: err.message };
  if (err instanceof BadInputError) return { ok: false, code: 'BAD_INPUT', message: err.message };
  // Not a bug of ours, yet nothing the request can fix: INTERNAL, with what the user can do.
  const fault = asStoreFault(err);
  if (fault) return { ok: false, code: 'INTERNAL', message: fault.message };
  onInternalError(err);
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, code: 'INTERNAL', message: `Internal error: ${message}` };
}
